package org.htmlrewriter;

import org.htmlrewriter.content.TextNode;

/**
 * Called once for each whole text node, when the node ends (at the next tag, comment, doctype, change of text mode,
 * or the end of input). The argument is a view valid only during the call. A handler that throws makes the rewriter
 * fail with a {@link HandlerException} wrapping what it threw. Implementations are called on the thread running the
 * rewriter; a handler shared by settings used for several documents at once must be thread-safe itself.
 */
@FunctionalInterface
public interface TextNodeHandler {
    /**
     * Called for the text node.
     *
     * @param node the whole text node, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(TextNode node) throws Exception;
}
