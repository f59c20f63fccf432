package org.htmlrewriter.selectors.internal;

/**
 * How an open element was closed, as reported to a {@link ClosedElementListener}.
 *
 * <p>Immutable; thread-safe.
 */
public enum Closing {
    /** By its own end tag ({@code </p>} closing {@code <p>}). */
    EXPLICIT,
    /**
     * By a tag that implies its end: a start tag such as {@code <li>} closing an open {@code <li>}, or an end tag
     * closing an ancestor (the elements above it are popped implicitly).
     */
    IMPLICIT,
    /** By the end of the input, while still open. */
    END_OF_INPUT
}
