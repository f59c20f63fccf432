package org.htmlrewriter;

/**
 * A handler threw; {@link #getCause()} is what it threw. One policy covers every kind of handler (element, end tag,
 * text, comment, doctype, document end): checked and unchecked exceptions and {@link Error}s such as
 * {@link AssertionError} or {@link StackOverflowError} all become a {@code HandlerException}, which poisons the rewriter
 * or, with graceful bail-out, makes it pass the rest of the document through unchanged. Exceptions: a
 * {@link RewritingException} a handler's own request caused (such as {@link MemoryLimitExceededException} when it
 * lists too many attributes) passes unchanged, and the JVM's own failures ({@link OutOfMemoryError} and other
 * {@link VirtualMachineError}s but {@link StackOverflowError}) propagate unchanged after the output decided before
 * them was written; the rewriter is poisoned then too. Immutable.
 */
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
