package org.htmlrewriter.internal.tokenizer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bulk scans for the tokenizer's delimiter sets, eight bytes per step (SWAR over {@code long}s read with a
 * {@link VarHandle}), so that text and attribute values cost close to a plain byte scan.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {
    }

    /** High bit set in each byte of the result where {@code word} has a zero byte (exact for the lowest one). */
    private static long zeroBytes(long word) {
        return (word - ONES) & ~word & HIGHS;
    }

    /** First index in {@code [from, to)} holding {@code target}, or {@code to}. */
    public static int indexOf(byte[] b, int from, int to, int target) {
        long pattern = (target & 0xffL) * ONES;
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long found = zeroBytes((long) LONGS.get(b, i) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == target) {
                return i;
            }
        }
        return to;
    }

    /** First index in {@code [from, to)} holding {@code t1} or {@code t2}, or {@code to}. */
    static int indexOfEither(byte[] b, int from, int to, int t1, int t2) {
        long p1 = (t1 & 0xffL) * ONES;
        long p2 = (t2 & 0xffL) * ONES;
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long word = (long) LONGS.get(b, i);
            long found = zeroBytes(word ^ p1) | zeroBytes(word ^ p2);
            if (found != 0) {
                // Either mask's lowest hit is exact; the lower of the two exact hits is the first match.
                long f1 = zeroBytes(word ^ p1);
                long f2 = zeroBytes(word ^ p2);
                int i1 = f1 == 0 ? 8 : Long.numberOfTrailingZeros(f1) >>> 3;
                int i2 = f2 == 0 ? 8 : Long.numberOfTrailingZeros(f2) >>> 3;
                return i + Math.min(i1, i2);
            }
        }
        for (; i < to; i++) {
            if (b[i] == t1 || b[i] == t2) {
                return i;
            }
        }
        return to;
    }

    private static final long BELOW_SPACE = 0x2121212121212121L;
    private static final long SLASHES = '/' * ONES;
    private static final long EQUALS = '=' * ONES;
    private static final long GREATER = '>' * ONES;

    /** High bit set where a byte of {@code word} is below 0x21 (exact for the lowest one; bytes >= 0x80 never). */
    private static long controlOrSpace(long word) {
        return (word - BELOW_SPACE) & ~word & HIGHS;
    }

    /**
     * First index in {@code [from, to)} that ends an attribute name (whitespace, {@code /}, {@code >}, {@code =}),
     * or {@code to}: eight bytes per step, since most names fit in one step.
     */
    static int attributeNameEnd(byte[] b, int from, int to, boolean[] set) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long w = (long) LONGS.get(b, i);
            long m = controlOrSpace(w) | zeroBytes(w ^ SLASHES) | zeroBytes(w ^ EQUALS) | zeroBytes(w ^ GREATER);
            if (m != 0) {
                int j = i + (Long.numberOfTrailingZeros(m) >>> 3);
                if (set[b[j] & 0xff]) {
                    return j;
                }
                return indexOfAny(b, j + 1, to, set); // a control byte other than whitespace: rare, go bytewise
            }
        }
        return indexOfAny(b, i, to, set);
    }

    /** First index in {@code [from, to)} that ends an unquoted attribute value (whitespace or {@code >}). */
    static int unquotedValueEnd(byte[] b, int from, int to, boolean[] set) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            long w = (long) LONGS.get(b, i);
            long m = controlOrSpace(w) | zeroBytes(w ^ GREATER);
            if (m != 0) {
                int j = i + (Long.numberOfTrailingZeros(m) >>> 3);
                if (set[b[j] & 0xff]) {
                    return j;
                }
                return indexOfAny(b, j + 1, to, set);
            }
        }
        return indexOfAny(b, i, to, set);
    }

    /** First index in {@code [from, to)} whose byte is in {@code set} (a 256-entry table), or {@code to}. */
    static int indexOfAny(byte[] b, int from, int to, boolean[] set) {
        int i = from;
        while (i < to && !set[b[i] & 0xff]) {
            i++;
        }
        return i;
    }

    /** A 256-entry membership table for the given bytes. */
    static boolean[] set(String bytes) {
        boolean[] t = new boolean[256];
        for (int i = 0; i < bytes.length(); i++) {
            t[bytes.charAt(i) & 0xff] = true;
        }
        return t;
    }
}
