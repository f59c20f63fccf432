package org.htmlrewriter;

import org.htmlrewriter.content.EndTag;

/**
 * Called for each end of an element (explicit, implied, or at end of input). The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface EndTagHandler {
    /**
     * Called for the end tag.
     *
     * @param endTag the end tag, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(EndTag endTag) throws Exception;
}
