package org.htmlrewriter;

/**
 * The rewriter would have had to hold more bytes between chunks than its memory limit allows: a token longer
 * than the limit that something needs whole, an element stack deeper than allowed, or buffers a handler asked
 * for. Nothing is lost: all output emitted before the exception is a correct prefix of the result.
 */
public class MemoryLimitExceededException extends RewritingException {
    private static final long serialVersionUID = 1L;
    /** The configured limit in bytes. */
    private final long limit;
    /** How many bytes would have been held. */
    private final long requested;

    /**
     * The limit was exceeded.
     *
     * @param limit     the configured limit in bytes
     * @param requested how many bytes would have been held
     * @param what      what needed them
     */
    public MemoryLimitExceededException(long limit, long requested, String what) {
        super("memory limit of " + limit + " bytes exceeded: " + what + " needs " + requested + " bytes");
        this.limit = limit;
        this.requested = requested;
    }

    /** {@return the configured limit in bytes} */
    public long limit() {
        return limit;
    }

    /** {@return how many bytes would have been held} */
    public long requested() {
        return requested;
    }
}
