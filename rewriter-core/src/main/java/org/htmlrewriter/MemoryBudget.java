package org.htmlrewriter;

import org.htmlrewriter.internal.memory.SharedMemoryPool;

/**
 * A memory budget shared by many rewriters, such as every document a proxy rewrites at once: each rewriter made
 * from settings with {@link HtmlRewriter.Builder#sharedMemoryBudget} counts what it keeps against its own
 * {@linkplain HtmlRewriter.Builder#memoryLimit limit} and against this budget. A rewriter whose growth would take the
 * budget past its limit fails with {@link MemoryLimitExceededException} (or, with graceful bail-out, passes the rest
 * of its document through unchanged), while the others go on.
 *
 * <p>A rewriter gives its share back when it ends, fails, is {@linkplain HtmlRewriter#abort() aborted}, or, if it is
 * dropped without any of these, once it has been garbage collected.
 *
 * <p>Thread-safe: one instance is meant to be shared by rewriters running on many threads.
 */
public final class MemoryBudget {
    private final SharedMemoryPool pool;

    private MemoryBudget(long bytes) {
        this.pool = new SharedMemoryPool(bytes);
    }

    /**
     * A budget of {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public static MemoryBudget of(long bytes) {
        return new MemoryBudget(bytes);
    }

    /** The budget in bytes. */
    public long limit() {
        return pool.limit();
    }

    /** Bytes held right now by all rewriters counting against this budget. */
    public long used() {
        return pool.used();
    }

    SharedMemoryPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + used() + " of " + limit() + " bytes used]";
    }
}
