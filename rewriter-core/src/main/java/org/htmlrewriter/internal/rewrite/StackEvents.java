package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.selectors.internal.Closing;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * What one stack operation reported (elements closed, implied elements with the selectors they matched), in order:
 * in asynchronous mode the engine handles them one by one after the operation, and may stop between two of them
 * while a handler's result is pending. Arrays grow as needed, charged to the document's account.
 *
 * <p>Not thread-safe: one per engine, driven by its thread.
 */
final class StackEvents {
    private static final byte CLOSE = 0;
    private static final byte IMPLIED = 1;

    private final MemoryAccount account;
    private byte[] kind = new byte[8];
    private int[] depth = new int[8];
    private Closing[] how = new Closing[8];
    private String[] name = new String[8];
    private int[] matchFrom = new int[8];
    private int[] matchTo = new int[8];
    private int count;
    private int index;
    /** The selectors the implied elements matched, each event's in {@code [matchFrom, matchTo)}. */
    private int[] matches = new int[8];
    private int matchCount;

    StackEvents(MemoryAccount account) {
        this.account = account;
    }

    /** Forgets the last operation's events: a new token starts. */
    void clear() {
        count = 0;
        index = 0;
        matchCount = 0;
    }

    /** Whether the operation reported anything. */
    boolean any() {
        return count > 0;
    }

    void queueClose(int depth, Closing how) {
        int i = next(CLOSE, depth);
        this.how[i] = how;
    }

    /** An implied element at {@code depth}, which matched the selectors {@code ids[0, n)} (copied). */
    void queueImplied(int depth, String name, int[] ids, int n) {
        int i = next(IMPLIED, depth);
        this.name[i] = name;
        if (matchCount + n > matches.length) {
            int capacity = Math.max(matches.length * 2, matchCount + n);
            account.charge(MemoryMeter.arrayBytes(4, capacity) - MemoryMeter.arrayBytes(4, matches.length),
                    "the selectors matched by implied elements");
            matches = java.util.Arrays.copyOf(matches, capacity);
        }
        System.arraycopy(ids, 0, matches, matchCount, n);
        matchFrom[i] = matchCount;
        matchCount += n;
        matchTo[i] = matchCount;
    }

    private int next(byte k, int d) {
        if (count == kind.length) {
            int capacity = count * 2;
            account.charge(7L * (MemoryMeter.arrayBytes(4, capacity) - MemoryMeter.arrayBytes(4, count)),
                    "the elements one tag opens and closes");
            kind = java.util.Arrays.copyOf(kind, capacity);
            depth = java.util.Arrays.copyOf(depth, capacity);
            how = java.util.Arrays.copyOf(how, capacity);
            name = java.util.Arrays.copyOf(name, capacity);
            matchFrom = java.util.Arrays.copyOf(matchFrom, capacity);
            matchTo = java.util.Arrays.copyOf(matchTo, capacity);
        }
        kind[count] = k;
        depth[count] = d;
        return count++;
    }

    // The event to handle next (see hasNext), read until advance().

    boolean hasNext() {
        return index < count;
    }

    boolean isClose() {
        return kind[index] == CLOSE;
    }

    int depth() {
        return depth[index];
    }

    /** How a closed element closed. */
    Closing how() {
        return how[index];
    }

    /** An implied element's name. */
    String name() {
        return name[index];
    }

    /** An implied element's selectors: {@code matches()[matchFrom(), matchTo())}. */
    int[] matches() {
        return matches;
    }

    int matchFrom() {
        return matchFrom[index];
    }

    int matchTo() {
        return matchTo[index];
    }

    /** The event was handled: on to the next. */
    void advance() {
        name[index] = null;
        index++;
    }
}
