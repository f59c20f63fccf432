package org.htmlrewriter.internal.memory;

import org.htmlrewriter.MemoryLimitExceededException;

/**
 * What a configured memory limit decides, derived in one place: the smallest limit accepted (by a rewriter, by a
 * tokenizer used alone), the account the limit is counted in, and the most elements that may be open at once (each
 * costs at least {@value #MIN_BYTES_PER_OPEN_ELEMENT} bytes, so the limit bounds the depth before the matching stack
 * is charged for it). Immutable.
 */
public final class MemoryPlan {
    /** Default limit: {@value} bytes (16 MiB). */
    public static final long DEFAULT_LIMIT = 16L << 20;
    /** The smallest limit of a rewriter: {@value} bytes. */
    public static final long MIN_REWRITER_LIMIT = 1024;
    /**
     * The smallest limit of a tokenizer used alone: room for the look-ahead of the longest markers
     * ({@code <![CDATA[}, ...).
     */
    public static final long MIN_TOKENIZER_LIMIT = 64;
    /** The least an open element costs (its matching-stack entry): bounds the stack depth the limit allows. */
    public static final int MIN_BYTES_PER_OPEN_ELEMENT = 160;
    /** The depth allowed however small the limit. */
    static final int MIN_MAX_OPEN_ELEMENTS = 16;

    private final long limit;

    private MemoryPlan(long limit) {
        this.limit = limit;
    }

    /**
     * The plan of a rewriter's limit.
     *
     * @throws IllegalArgumentException if {@code limit} is below {@link #MIN_REWRITER_LIMIT}
     */
    public static MemoryPlan forRewriter(long limit) {
        return new MemoryPlan(checked(limit, MIN_REWRITER_LIMIT));
    }

    /**
     * The plan of a tokenizer's limit (a tokenizer used without a rewriter).
     *
     * @throws IllegalArgumentException if {@code limit} is below {@link #MIN_TOKENIZER_LIMIT}
     */
    public static MemoryPlan forTokenizer(long limit) {
        return new MemoryPlan(checked(limit, MIN_TOKENIZER_LIMIT));
    }

    private static long checked(long limit, long minimum) {
        if (limit < minimum) {
            throw new IllegalArgumentException("memory limit must be at least " + minimum + " bytes: " + limit);
        }
        return limit;
    }

    /** {@return the configured limit in bytes} */
    public long limit() {
        return limit;
    }

    /**
     * A fresh account counting against this limit.
     *
     * @param pool a budget shared with other accounts, or null
     * @return the account
     */
    public MemoryAccount newAccount(SharedMemoryPool pool) {
        return new MemoryAccount(limit, pool);
    }

    /** {@return the most elements that may be open at once: what the limit pays for, at least a few} */
    public int maxOpenElements() {
        return (int) Math.min(Integer.MAX_VALUE - 8,
                Math.max(MIN_MAX_OPEN_ELEMENTS, limit / MIN_BYTES_PER_OPEN_ELEMENT));
    }

    /**
     * The error for a start tag that would open one element more than {@code maxOpenElements} allows.
     *
     * @param maxOpenElements the depth that was reached
     * @param message         what the matching stack said
     * @return the exception, requesting what one more open element would cost at least
     */
    public MemoryLimitExceededException tooManyOpenElements(int maxOpenElements, String message) {
        return new MemoryLimitExceededException(limit, (long) (maxOpenElements + 1) * MIN_BYTES_PER_OPEN_ELEMENT,
                message);
    }
}
