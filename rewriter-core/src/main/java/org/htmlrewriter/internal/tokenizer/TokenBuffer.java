package org.htmlrewriter.internal.tokenizer;

import java.util.Arrays;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * The {@link Tokenizer}'s memory between chunks (its arena, in lol-html's terms): the tail, which keeps the bytes of
 * an unfinished token from its start, and where the buffer being scanned sits in the stream.
 *
 * <p>The tokenizer scans either the caller's chunk in place or the tail; indexes are into that buffer, and
 * {@link #streamOffset} turns one into a stream offset. When the buffer ends, {@link #keep} copies what must be held
 * to the start of the tail; when the next chunk comes, it is {@link #append appended} block by block until the held
 * token no longer reaches back into the tail, and the scan moves onto the chunk ({@link #leave}). A pause gives the
 * chunk's unread bytes back ({@link #giveBack}); a failure hands every byte not yet output to
 * {@link #drain}.
 *
 * <p>The tail's capacity is charged to the {@link MemoryAccount}: it grows by doubling within what the account has
 * left, and a large tail is given back once what it holds is small. Not thread-safe.
 */
final class TokenBuffer {
    /** The smallest capacity of a tail, and of a block of a chunk appended to it. */
    static final int MIN_BLOCK = 256;

    private MemoryAccount account;
    /** The tail: the held bytes are {@code bytes[0, length)}. */
    private byte[] bytes = new byte[0];
    private int length;
    /** Stream offset of index 0 of the buffer being scanned (the caller's chunk or the tail). */
    private long base;
    /** While the tail is being extended block by block: the part of the caller's chunk not appended yet. */
    private byte[] unappendedChunk;
    private int unappendedFrom;
    private int unappendedTo;

    TokenBuffer(MemoryAccount account) {
        this.account = account;
    }

    /** Charges later growth to {@code account} (before the first chunk). */
    void setAccount(MemoryAccount account) {
        this.account = account;
    }

    /** The tail's array; its held bytes are {@code [0, length())}. It changes when the tail grows or shrinks. */
    byte[] bytes() {
        return bytes;
    }

    /** Bytes held in the tail. */
    int length() {
        return length;
    }

    /** Capacity of the tail (what the held bytes cost in heap). */
    int capacity() {
        return bytes.length;
    }

    /** Stream offset of index {@code index} of the buffer being scanned. */
    long streamOffset(int index) {
        return base + index;
    }

    /**
     * The caller's chunk becomes the buffer: its index {@code from} is the stream offset just after the previous
     * buffer's end, {@code previousLimit}.
     */
    void startChunk(int previousLimit, int from) {
        long streamPos = base + previousLimit; // stream offset just after the previous buffer's end
        base = streamPos - from;
    }

    /** The bytes of the buffer being scanned moved by {@code delta} indexes (into the tail, or out onto the chunk). */
    void moved(int delta) {
        base -= delta;
    }

    /**
     * The buffer being scanned ends: keeps {@code buf[hold, limit)} at the start of the tail ({@code buf} may be the
     * tail itself) and gives back a large tail once what it holds is small. The caller moves its indexes by
     * {@code -hold} ({@link #moved}).
     *
     * @param tokenStart index of the token in progress in {@code buf}, for a memory-limit message
     */
    void keep(byte[] buf, int hold, int limit, int tokenStart) {
        int held = limit - hold;
        if (held > 0) {
            ensureCapacity(held, tokenStart);
            System.arraycopy(buf, hold, bytes, 0, held);
        }
        length = held;
        if (bytes.length > 4 * MIN_BLOCK && held < bytes.length / 4) {
            int capacity = Math.max(MIN_BLOCK, held * 2); // give back a large tail once done
            account.release(MemoryMeter.arrayBytes(1, bytes.length) - MemoryMeter.arrayBytes(1, capacity));
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }

    /** How much of the {@code remaining} bytes of a chunk to append next: at least a block, and doubling the tail. */
    int blockSize(int remaining) {
        return Math.min(remaining, Math.max(MIN_BLOCK, length));
    }

    /**
     * Appends {@code chunk[from, from + n)} to the tail; {@code chunk[from + n, to)} is remembered as not appended
     * yet (for {@link #drain}, until {@link #leave} or {@link #giveBack}). The tail then is the buffer being scanned.
     *
     * @param tokenStart index of the token in progress in the tail, for a memory-limit message
     * @return the index in the tail where the appended bytes start
     */
    int append(byte[] chunk, int from, int n, int to, int tokenStart) {
        // Until the chunk itself becomes the buffer, chunk[from, to) is only here: a failure from now on (growing
        // the tail, the scan after) bails out through drain, which must write it.
        unappendedChunk = chunk;
        unappendedFrom = from;
        unappendedTo = to;
        ensureCapacity(length + n, tokenStart);
        System.arraycopy(chunk, from, bytes, length, n);
        int appendedAt = length;
        length += n;
        unappendedFrom = from + n;
        return appendedAt;
    }

    /**
     * Paused while scanning the tail: keeps {@code [0, kept)} and gives back the appended bytes after it (they are
     * written again later, with the rest of the chunk).
     *
     * @return how many appended bytes were given back
     */
    int giveBack(int kept) {
        int givenBack = length - kept;
        length = kept;
        unappendedChunk = null;
        return givenBack;
    }

    /** The scan moves onto the caller's chunk: the tail holds nothing any more (its capacity stays for reuse). */
    void leave() {
        length = 0;
        unappendedChunk = null;
    }

    /** The whole chunk was appended: nothing of it is left to append. */
    void appendedAll() {
        unappendedChunk = null;
    }

    /** The input ended: nothing is held. */
    void clear() {
        length = 0;
    }

    /**
     * After a failure: hands {@code out} every input byte from stream offset {@code from}: the rest of the buffer
     * being scanned, {@code buf[.., limit)}, then the part of the chunk not appended to the tail yet.
     *
     * @return the index in {@code buf} where the bytes handed out start (the buffer now ends there)
     * @throws IllegalStateException if {@code from} precedes the buffer
     */
    int drain(long from, byte[] buf, int limit, Tokenizer.RawBytes out) {
        int start = (int) Math.max(0, Math.min(limit, from - base));
        if (from < base) {
            throw new IllegalStateException("bytes before stream offset " + base + " are no longer held");
        }
        if (limit > start) {
            out.write(buf, start, limit - start);
        }
        if (unappendedChunk != null && unappendedTo > unappendedFrom) {
            out.write(unappendedChunk, unappendedFrom, unappendedTo - unappendedFrom);
        }
        unappendedChunk = null;
        return start;
    }

    /** Lets go of the tail and the chunk, and gives their memory back. */
    void release() {
        account.release(MemoryMeter.arrayBytes(1, bytes.length));
        bytes = new byte[0];
        length = 0;
        unappendedChunk = null;
    }

    /** What the held bytes are, for a memory-limit message. */
    private String heldToken(int tokenStart) {
        return "a token in progress at byte " + streamOffset(tokenStart);
    }

    /**
     * Grows the tail to hold at least {@code n} bytes: doubling, but never reserving more than the account has left,
     * so its capacity (what it costs) stays within the limit.
     */
    private void ensureCapacity(int n, int tokenStart) {
        if (bytes.length < n) {
            long old = MemoryMeter.arrayBytes(1, bytes.length);
            long wanted = Math.max(n, Math.max(MIN_BLOCK, 2L * bytes.length));
            long affordable = Math.max(n, Math.min(wanted, bytes.length + account.available() - 16));
            int capacity = (int) Math.min(Integer.MAX_VALUE - 16, affordable);
            if (capacity < n) {
                throw new MemoryLimitExceededException(account.limit(), (long) n + account.used(),
                        heldToken(tokenStart));
            }
            long charge = MemoryMeter.arrayBytes(1, capacity) - old;
            if (!account.tryCharge(charge)) {
                account.charge(charge, heldToken(tokenStart)); // throws, with the message built only now
            }
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }
}
