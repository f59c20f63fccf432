package org.htmlrewriter;

import java.util.concurrent.CompletionStage;
import org.htmlrewriter.content.DocumentEnd;

/**
 * A document-end handler that may wait without blocking a thread (say, to append content fetched elsewhere):
 * registered with {@link HtmlRewriter.Builder#onDocumentEndAsync}, it runs only in an {@link AsyncHtmlRewriter}. The
 * {@code end} view stays valid (from any thread) until the returned stage completes. Failures are as for
 * {@link AsyncElementHandler}.
 */
@FunctionalInterface
public interface AsyncDocumentEndHandler {
    /**
     * Called once, at the end of the document.
     *
     * @param end the end of the document, a view valid until the returned stage completes
     * @return a stage that completes when the handler is done (never null)
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    CompletionStage<Void> handle(DocumentEnd end) throws Exception;
}
