package org.htmlrewriter;

import org.htmlrewriter.content.Comment;

/**
 * Called for each comment. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface CommentHandler {
    /**
     * Called for the comment.
     *
     * @param comment the comment, a view valid during this call only
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    void handle(Comment comment) throws Exception;
}
