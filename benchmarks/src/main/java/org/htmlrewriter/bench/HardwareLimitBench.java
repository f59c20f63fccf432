package org.htmlrewriter.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The hardware limit on the same bytes: no parser can beat reading every byte once. {@link #swarScan} looks at
 * every byte for {@code <} eight at a time (SWAR over {@code long}s, the kernel of a fast tag scanner);
 * {@link #arraycopy} copies every byte once (what a pass-through that must copy costs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HardwareLimitBench {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LT = 0x3c3c3c3c3c3c3c3cL;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

    private byte[] copyTarget = new byte[0];

    @Benchmark
    public long swarScan(InputState in) {
        long count = 0;
        for (byte[] doc : in.docs) {
            count += countLessThan(doc);
        }
        return count;
    }

    @Benchmark
    public long arraycopy(InputState in) {
        long checksum = 0;
        for (byte[] doc : in.docs) {
            if (copyTarget.length < doc.length) {
                copyTarget = new byte[doc.length];
            }
            System.arraycopy(doc, 0, copyTarget, 0, doc.length);
            checksum += copyTarget[doc.length - 1];
        }
        return checksum;
    }

    /** Number of {@code <} bytes: 8 bytes per step, an exact zero-byte test on {@code word ^ "<<<<<<<<"}. */
    static long countLessThan(byte[] b) {
        long count = 0;
        int i = 0;
        int n = b.length;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(b, i) ^ LT;
            // High bit of each byte set exactly where that byte of x is zero (no false positives, unlike the
            // borrow-based trick): (low 7 bits + 0x7f) carries into bit 7 unless they are all zero.
            long zeroBytes = ~(((x & LOW7) + LOW7) | x | LOW7);
            count += Long.bitCount(zeroBytes);
        }
        for (; i < n; i++) {
            if (b[i] == '<') {
                count++;
            }
        }
        return count;
    }
}
