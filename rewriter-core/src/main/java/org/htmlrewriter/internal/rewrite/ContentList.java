package org.htmlrewriter.internal.rewrite;

import java.util.ArrayDeque;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/** Encoded content pieces inserted at one place, in output order. Small and short-lived; not thread-safe. */
final class ContentList {
    /** Heap of an empty list (the object). */
    static final long EMPTY_BYTES = MemoryMeter.objectBytes(12);
    private ArrayDeque<Content> pieces;
    /** Heap of the pieces (their arrays and objects) and the deque. */
    private long pieceBytes;

    void addLast(Content b) {
        deque().addLast(b);
        pieceBytes += b.heapBytes();
    }

    void addFirst(Content b) {
        deque().addFirst(b);
        pieceBytes += b.heapBytes();
    }

    void clear() {
        if (pieces != null) {
            pieces.clear();
        }
        pieceBytes = 0;
    }

    /** Heap kept by the list beyond the list object itself. */
    long heapBytes() {
        return pieces == null ? 0 : MemoryMeter.objectBytes(16) + MemoryMeter.arrayBytes(4, 2L * pieces.size() + 2)
                + pieceBytes;
    }

    void set(Content b) {
        clear();
        addLast(b);
    }

    boolean isEmpty() {
        return pieces == null || pieces.isEmpty();
    }

    Iterable<Content> pieces() {
        return deque();
    }

    private ArrayDeque<Content> deque() {
        if (pieces == null) {
            pieces = new ArrayDeque<>(2);
        }
        return pieces;
    }
}
