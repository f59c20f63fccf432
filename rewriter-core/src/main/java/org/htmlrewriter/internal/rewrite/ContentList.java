package org.htmlrewriter.internal.rewrite;

import java.util.ArrayDeque;

/** Encoded content pieces inserted at one place, in output order. Small and short-lived; not thread-safe. */
final class ContentList {
    private ArrayDeque<Content> pieces;

    void addLast(Content b) {
        deque().addLast(b);
    }

    void addFirst(Content b) {
        deque().addFirst(b);
    }

    void clear() {
        if (pieces != null) {
            pieces.clear();
        }
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
