package org.htmlrewriter.internal.memory;

import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.selectors.MemoryMeter;

/**
 * What one rewriter keeps on the heap beyond its fixed size, counted against the document's memory limit and,
 * when one is configured, a {@link SharedMemoryPool}: everything that grows with the input reserves its bytes here
 * before it is kept ({@link #charge}) and returns them when it lets go ({@link #release}). Sizes are estimates of the
 * retained heap made with {@link MemoryMeter#arrayBytes} and {@link MemoryMeter#objectBytes}, meant to be at least the
 * real size.
 *
 * <p>Confined to the rewriter's thread, except {@link #close}, which may also run from a cleaner thread once the
 * rewriter is unreachable (it only gives back what the shared pool holds for this account).
 */
public final class MemoryAccount {
    private final long limit;
    private final SharedMemoryPool pool;
    private long used;
    /** Bytes this account holds in {@link #pool}; given back by {@link #close}. */
    private final java.util.concurrent.atomic.AtomicLong pooled = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /**
     * @param limit bytes this account may hold
     * @param pool  a budget shared with other accounts, or null
     */
    public MemoryAccount(long limit, SharedMemoryPool pool) {
        this.limit = limit;
        this.pool = pool;
    }

    /** An account without a shared pool. */
    public MemoryAccount(long limit) {
        this(limit, null);
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now. */
    public long used() {
        return used;
    }

    /** Bytes that can still be charged (against the document's limit and the shared pool). */
    public long available() {
        long mine = limit - used;
        if (pool != null) {
            mine = Math.min(mine, pool.limit() - pool.used());
        }
        return Math.max(0, mine);
    }

    /**
     * Reserves {@code bytes} for {@code what}, or throws.
     *
     * @throws MemoryLimitExceededException if the document's limit or the shared budget would be exceeded (nothing is
     *         reserved then)
     */
    public void charge(long bytes, String what) {
        if (bytes <= 0) {
            if (bytes < 0) {
                release(-bytes);
            }
            return;
        }
        long next = used + bytes;
        if (next > limit || next < 0) {
            throw new MemoryLimitExceededException(limit, next, what);
        }
        if (pool != null && !closed) {
            if (!pool.tryReserve(bytes)) {
                throw new MemoryLimitExceededException("shared memory budget of " + pool.limit()
                        + " bytes exhausted (" + pool.used() + " in use by all rewriters): " + what + " needs "
                        + bytes + " more bytes", pool.limit(), pool.used() + bytes);
            }
            pooled.addAndGet(bytes);
        }
        used = next;
    }

    /**
     * Reserves {@code bytes} if they fit (the document's limit and the shared budget); otherwise reserves nothing.
     * For callers that build their failure message only when needed.
     *
     * @return whether the bytes were reserved
     */
    public boolean tryCharge(long bytes) {
        long next = used + bytes;
        if (bytes < 0 || next > limit || next < 0) {
            return false;
        }
        if (pool != null && !closed) {
            if (!pool.tryReserve(bytes)) {
                return false;
            }
            pooled.addAndGet(bytes);
        }
        used = next;
        return true;
    }

    /** A meter charging this account for {@code what} (how a failure's message names it). */
    public MemoryMeter meter(String what) {
        return new MemoryMeter() {
            @Override
            public void charge(long bytes) {
                MemoryAccount.this.charge(bytes, what);
            }

            @Override
            public void release(long bytes) {
                MemoryAccount.this.release(bytes);
            }
        };
    }

    public void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used -= bytes;
        if (pool != null) {
            giveBack(bytes);
        }
    }

    private void giveBack(long bytes) {
        while (true) {
            long now = pooled.get();
            long n = Math.min(now, bytes);
            if (n <= 0) {
                return;
            }
            if (pooled.compareAndSet(now, now - n)) {
                pool.release(n);
                return;
            }
        }
    }

    /** Gives back everything held in the shared pool; later charges count against the document's limit only. */
    public void close() {
        closed = true;
        if (pool != null) {
            giveBack(Long.MAX_VALUE);
        }
    }
}
