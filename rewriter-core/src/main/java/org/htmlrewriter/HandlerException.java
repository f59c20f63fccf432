package org.htmlrewriter;

/** A handler threw; {@link #getCause()} is what it threw. The rewriter is poisoned afterwards. */
public class HandlerException extends RewritingException {
    private static final long serialVersionUID = 1L;

    /**
     * A handler failure.
     *
     * @param message what was being handled
     * @param cause   what the handler threw
     */
    public HandlerException(String message, Throwable cause) {
        super(message, cause);
    }
}
