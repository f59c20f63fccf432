package org.htmlrewriter.selectors.internal;

/**
 * Receives each element a {@link MatchingStack} pops, innermost first, so the caller can fire end-tag handlers; and
 * each element the tree builder creates without a tag of its own (implied {@code html}, {@code head}, {@code body},
 * {@code tbody}, ...), so the caller can run the handlers of the selectors it matched.
 *
 * <p>Called synchronously on the thread driving the stack, while the stack is in the middle of an operation: the
 * listener must not call back into the same stack.
 */
@FunctionalInterface
public interface ClosedElementListener {
    /**
     * An element was popped.
     *
     * @param depth the depth the element had (the value {@link MatchingStack#startTag} returned for it, 1 for a
     *              root element)
     * @param how   whether its own end tag, another tag, or the end of input closed it
     */
    void closed(int depth, Closing how);

    /**
     * An element with no tag of its own was inserted, before the token being processed: the selector ids it matched
     * were just given to the call's match consumer. The default does nothing.
     *
     * @param depth     its depth, or -1 if it was not pushed
     * @param localName its name ({@code html}, {@code head}, {@code body}, {@code tbody}, {@code tr},
     *                  {@code colgroup}, {@code p})
     */
    default void impliedOpened(int depth, String localName) {
    }
}
