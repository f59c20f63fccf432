package org.htmlrewriter.internal.rewrite;

import java.util.ArrayDeque;

/** Encoded content pieces inserted at one place, in output order. Small and short-lived; not thread-safe. */
final class ContentList {
    private ArrayDeque<byte[]> pieces;

    void addLast(byte[] b) {
        deque().addLast(b);
    }

    void addFirst(byte[] b) {
        deque().addFirst(b);
    }

    void clear() {
        if (pieces != null) {
            pieces.clear();
        }
    }

    void set(byte[] b) {
        clear();
        addLast(b);
    }

    boolean isEmpty() {
        return pieces == null || pieces.isEmpty();
    }

    Iterable<byte[]> pieces() {
        return deque();
    }

    private ArrayDeque<byte[]> deque() {
        if (pieces == null) {
            pieces = new ArrayDeque<>(2);
        }
        return pieces;
    }
}
