package org.htmlrewriter;

import org.htmlrewriter.content.Doctype;

/**
 * Called for each DOCTYPE. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface DoctypeHandler {
    /**
     * Called for the DOCTYPE.
     *
     * @param doctype the DOCTYPE, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(Doctype doctype) throws Exception;
}
