package org.htmlrewriter.internal.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes shared by many rewriters (the engine side of {@code org.htmlrewriter.MemoryBudget}): each reserves what it
 * keeps and gives it back when it lets go of it or ends. Thread-safe, lock-free.
 */
public final class SharedMemoryPool {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public SharedMemoryPool(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    /** Takes {@code bytes} if they fit under the limit; otherwise takes nothing and returns false. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
