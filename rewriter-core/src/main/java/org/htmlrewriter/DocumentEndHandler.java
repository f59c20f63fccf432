package org.htmlrewriter;

import org.htmlrewriter.content.DocumentEnd;

/**
 * Called for each end of the document. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface DocumentEndHandler {
    void handle(DocumentEnd end) throws Exception;
}
