package org.htmlrewriter;

import org.htmlrewriter.content.DocumentEnd;

/**
 * Called for each end of the document. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface DocumentEndHandler {
    /**
     * Called for the end of the document.
     *
     * @param end the end of the document, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(DocumentEnd end) throws Exception;
}
