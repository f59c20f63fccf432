package org.htmlrewriter.selectors.internal;

/**
 * Receives each element a {@link MatchingStack} pops, innermost first, so the caller can fire end-tag handlers.
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
}
