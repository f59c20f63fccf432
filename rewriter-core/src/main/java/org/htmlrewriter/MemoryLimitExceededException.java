package org.htmlrewriter;

/**
 * The rewriter would have had to keep more than its memory limit allows (see
 * {@link HtmlRewriter.Builder#memoryLimit}), or more than is left of a {@link MemoryBudget} shared with other
 * rewriters: a token longer than the limit that something needs whole, too many open elements, content waiting for
 * an end tag, or what a handler asked for. Nothing is lost: all output emitted before the exception is a correct
 * prefix of the result. Immutable.
 */
public class MemoryLimitExceededException extends RewritingException {
    private static final long serialVersionUID = 1L;
    /** The configured limit in bytes. */
    private final long limit;
    /** How many bytes would have been held. */
    private final long requested;

    /**
     * The document's limit was exceeded.
     *
     * @param limit     the configured limit in bytes
     * @param requested how many bytes would have been held
     * @param what      what needed them (for the message)
     */
    public MemoryLimitExceededException(long limit, long requested, String what) {
        this("memory limit of " + limit + " bytes exceeded: " + what + " needs " + requested + " bytes", limit,
                requested);
    }

    /**
     * A limit was exceeded, described by {@code message}.
     *
     * @param message   the whole message
     * @param limit     the limit in bytes (a document's, or a shared {@link MemoryBudget}'s)
     * @param requested what would have been held against that limit, in bytes
     */
    public MemoryLimitExceededException(String message, long limit, long requested) {
        super(message);
        this.limit = limit;
        this.requested = requested;
    }

    /** {@return the limit in bytes that would have been exceeded: the document's, or the shared budget's} */
    public long limit() {
        return limit;
    }

    /** {@return how many bytes would have been held} */
    public long requested() {
        return requested;
    }
}
