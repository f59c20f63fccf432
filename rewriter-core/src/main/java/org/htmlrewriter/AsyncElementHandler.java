package org.htmlrewriter;

import java.util.concurrent.CompletionStage;
import org.htmlrewriter.content.Element;

/**
 * An element handler that may wait for something (a cache, a fragment, a flag service) without blocking a thread:
 * registered with {@link HtmlRewriter.Builder#onElementAsync}, it runs only in an {@link AsyncHtmlRewriter}.
 *
 * <p>The rewriter processes nothing after the element until the returned stage completes. Until then the
 * {@code element} view stays valid and may be used from any thread; mutations made before the stage completes
 * apply, exactly as if a synchronous handler had made them. Using the view after the stage completed throws
 * {@link IllegalStateException}. A stage that completes exceptionally (or a handler that throws) fails the rewriter
 * with a {@link HandlerException}, as a throwing {@link ElementHandler} does. A stage that is already complete costs
 * about as much as a synchronous handler.
 */
@FunctionalInterface
public interface AsyncElementHandler {
    /**
     * Called for the element, when its start tag streams past.
     *
     * @param element the element, a view valid until the returned stage completes
     * @return a stage that completes when the handler is done with the element (never null)
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    CompletionStage<Void> handle(Element element) throws Exception;
}
