package org.htmlrewriter;

import org.htmlrewriter.content.Element;

/**
 * Called for each element whose start tag matched the handler's selector. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface ElementHandler {
    /**
     * Called for the element.
     *
     * @param el the element, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(Element el) throws Exception;
}
