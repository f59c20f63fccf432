package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * Asynchronous mode: input reported while a handler is pending.
 *
 * <p>The tokenizer stops after the token during which a handler suspended the engine, but text that makes the tree
 * builder imply an element (a body before the first words) comes in the middle of a tokenizer step: what the
 * tokenizer reports after it in that step (the rest of the text, a tag, pass-through bytes) waits here, in order,
 * until the handler's stage completes. Text and raw bytes are copied (the tokenizer may have moved on in its
 * buffer); a token is kept as it is (the tokenizer stopped just after it, so its buffer and state are unchanged).
 * The copies are charged to the document's account until the replay is done.
 *
 * <p>Not thread-safe: one per engine, driven by its thread.
 */
final class DeferredInput {
    /** Text waiting: {@code afterImplied} if its implied element was handled already (it goes on as text). */
    record Text(byte[] bytes, TextMode mode, long offset, int startState, int endState, boolean afterImplied) {
    }

    /** Pass-through bytes waiting. */
    record Raw(byte[] bytes, long offset, int stateBefore) {
    }

    private final MemoryAccount account;
    /** What the tokenizer reports is deferred: text whose implied element's handler is pending came before it. */
    boolean deferring;
    /** Going through the deferred items: callbacks act instead of deferring. */
    boolean replaying;
    private final java.util.ArrayList<Object> deferred = new java.util.ArrayList<>();
    private int deferredIndex;
    private long deferredBytes;
    /** The item being replayed, until it is done: if it fails, its bytes not yet output are still to be written. */
    private Object replayedItem;

    DeferredInput(MemoryAccount account) {
        this.account = account;
    }

    /** Whether a tokenizer callback is to be deferred rather than handled now. */
    boolean defers() {
        return deferring && !replaying;
    }

    /** Keeps {@code item} to be handled, after what is already waiting, once the pending stage completes. */
    void defer(Object item) {
        if (item instanceof Text t) {
            charge(t.bytes.length);
        } else if (item instanceof Raw r) {
            charge(r.bytes.length);
        }
        // During replay, an item that suspends again defers its own rest just after itself.
        deferred.add(replaying ? deferredIndex : deferred.size(), item);
    }

    private void charge(int n) {
        long bytes = MemoryMeter.arrayBytes(1, n);
        account.charge(bytes, "input waiting for an asynchronous handler");
        deferredBytes += bytes;
    }

    /** During replay: the next item to handle (it stays the replayed item until {@link #replayed}), or null. */
    Object next() {
        if (deferredIndex >= deferred.size()) {
            return null;
        }
        Object item = deferred.get(deferredIndex);
        deferred.set(deferredIndex, null);
        deferredIndex++;
        replayedItem = item;
        return item;
    }

    /** The item {@link #next} returned was handled whole. */
    void replayed() {
        replayedItem = null;
    }

    /** Every item was handled: nothing waits any more, and the copies' memory is given back. */
    void replayDone() {
        deferred.clear();
        deferredIndex = 0;
        deferring = false;
        account.release(deferredBytes);
        deferredBytes = 0;
    }

    /**
     * After a failure: writes the input that waited, as it came (it is no longer in the tokenizer's buffer), from
     * stream offset {@code from} on; returns where the rest of the input goes on.
     */
    long writeAfterFailure(long from, OutputEmitter emitter) {
        for (int i = deferredIndex - 1; i < deferred.size(); i++) {
            Object item = i < deferredIndex ? replayedItem : deferred.get(i);
            byte[] b = null;
            long at = -1;
            if (item instanceof Text t) {
                b = t.bytes;
                at = t.offset;
            } else if (item instanceof Raw r) {
                b = r.bytes;
                at = r.offset;
            } else if (item instanceof TagToken t && t.captured) {
                b = java.util.Arrays.copyOfRange(t.buf, t.start, t.end);
                at = t.streamOffset;
            } else if (item instanceof CommentToken c) {
                b = java.util.Arrays.copyOfRange(c.buf, c.start, c.end);
                at = c.streamOffset;
            } else if (item instanceof DoctypeToken d) {
                b = java.util.Arrays.copyOfRange(d.buf, d.start, d.end);
                at = d.streamOffset;
            }
            if (b != null && at + b.length > from) {
                int skip = (int) Math.max(0, from - at);
                emitter.writeRaw(b, skip, b.length - skip);
                from = at + b.length;
            }
        }
        deferred.clear();
        return from;
    }
}
