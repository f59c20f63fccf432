package org.htmlrewriter;

import org.htmlrewriter.content.TextChunk;

/**
 * Called for each chunk of text. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface TextHandler {
    /**
     * Called for the text chunk.
     *
     * @param chunk the text chunk, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(TextChunk chunk) throws Exception;
}
