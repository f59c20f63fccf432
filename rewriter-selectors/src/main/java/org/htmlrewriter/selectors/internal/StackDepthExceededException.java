package org.htmlrewriter.selectors.internal;

/**
 * Thrown by {@link MatchingStack#startTag} when the stack of open elements would grow beyond its maximum depth,
 * or when the per-parent bookkeeping it keeps would grow beyond its bound (at most
 * {@value MatchingStack#MAX_TYPES_PER_PARENT} distinct element names counted per parent for {@code :nth-of-type}).
 * The stack is left as it was before the offending start tag (implied end tags it caused may have been applied);
 * the document should be abandoned.
 *
 * <p>Immutable; thread-safe.
 */
public final class StackDepthExceededException extends RuntimeException {
    /** The bound that would have been exceeded. */
    private final int limit;

    StackDepthExceededException(String message, int limit) {
        super(message);
        this.limit = limit;
    }

    /** {@return the bound that would have been exceeded (the maximum depth, or the per-parent name bound)} */
    public int limit() {
        return limit;
    }
}
