package org.htmlrewriter;

/** A handler threw; {@link #getCause()} is what it threw. The rewriter is poisoned afterwards. */
public class HandlerException extends RewritingException {
    private static final long serialVersionUID = 1L;

    public HandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}
