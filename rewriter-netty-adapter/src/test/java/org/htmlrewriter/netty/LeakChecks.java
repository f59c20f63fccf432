package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Leak checks for tests: an allocator that remembers every buffer it made (all must be released, refCnt 0, at the
 * end of a test), and a check of what {@link RecordingLeakDetector} found after a garbage collection. Not
 * thread-safe (one per test); the detector's record is global.
 */
public final class LeakChecks {
    private final List<ByteBuf> allocated = new ArrayList<>();
    private final TrackingAllocator allocator = new TrackingAllocator();

    /** Every buffer this allocator makes is checked by {@link #assertAllReleased()}. Heap buffers by default. */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** Remembers a buffer made elsewhere (a test's input). */
    public <B extends ByteBuf> B track(B buf) {
        synchronized (allocated) {
            allocated.add(buf);
        }
        return buf;
    }

    public void assertAllReleased() {
        synchronized (allocated) {
            for (ByteBuf b : allocated) {
                assertEquals(0, b.refCnt(), () -> "buffer not released: " + b);
            }
            allocated.clear();
        }
    }

    /** Fails if Netty's paranoid detector has reported any leak so far (runs a GC to let it look). */
    public static void assertNoDetectedLeaks() {
        assertTrue(ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.PARANOID,
                "tests must run with -Dio.netty.leakDetection.level=paranoid");
        assertTrue(detectorInstalled(), "tests must run with -Dio.netty.customResourceLeakDetector=" 
                + RecordingLeakDetector.class.getName());
        for (int i = 0; i < 3; i++) {
            System.gc();
            // The detector looks at collected buffers when the next one is tracked.
            for (int j = 0; j < 8; j++) {
                PooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
                UnpooledByteBufAllocator.DEFAULT.directBuffer(16).release();
            }
        }
        if (!RecordingLeakDetector.LEAKS.isEmpty()) {
            List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
            RecordingLeakDetector.LEAKS.clear();
            fail("Netty reported " + leaks.size() + " leak(s):\n" + String.join("\n", leaks));
        }
    }

    private static boolean detectorInstalled() {
        try {
            java.lang.reflect.Field f = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            f.setAccessible(true);
            return f.get(null) instanceof RecordingLeakDetector;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private final class TrackingAllocator extends AbstractByteBufAllocator {
        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return track(super.compositeHeapBuffer(maxNumComponents));
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return track(super.compositeDirectBuffer(maxNumComponents));
        }
    }
}
