package org.htmlrewriter;

/**
 * Base of every error the rewriter raises about its input, its limits or its handlers. Unchecked. After one is
 * thrown from {@code write} or {@code end}, the rewriter that threw it is poisoned: further use throws
 * {@link IllegalStateException} (unless graceful bail-out was configured).
 */
public class RewritingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure described by {@code message}.
     *
     * @param message what failed
     */
    public RewritingException(String message) {
        super(message);
    }

    /**
     * A failure described by {@code message}, caused by {@code cause}.
     *
     * @param message what failed
     * @param cause   what caused it
     */
    public RewritingException(String message, Throwable cause) {
        super(message, cause);
    }
}
