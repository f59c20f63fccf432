package org.htmlrewriter;

import java.util.Arrays;

/**
 * A rewriter's output kept until a reader takes it: a growable byte array with a read position. Used by the
 * pull-style and reactive integrations, which receive output during {@code write} but hand it on later. Holds what
 * one {@code write} or {@code end} produced (the integrations take it all before the next); when emptied, an array
 * grown past {@link #RETAINED} bytes is dropped so one large burst is not kept for the rest of the document.
 * Confined to one thread at a time.
 */
final class OutputBuffer implements OutputSink {
    /** Capacity kept between bursts. */
    static final int RETAINED = 64 * 1024;

    private byte[] buf;
    private int start;
    private int end;

    OutputBuffer(int initialCapacity) {
        this.buf = new byte[initialCapacity];
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (buf.length - end < len) {
            int size = end - start;
            if (start > 0 && buf.length - size >= len) {
                System.arraycopy(buf, start, buf, 0, size);
            } else {
                long wanted = Math.max((long) buf.length * 2, (long) size + len);
                if (wanted > Integer.MAX_VALUE - 8) {
                    throw new OutOfMemoryError("rewritten output of one chunk exceeds 2 GiB");
                }
                byte[] grown = new byte[(int) wanted];
                System.arraycopy(buf, start, grown, 0, size);
                buf = grown;
            }
            start = 0;
            end = size;
        }
        System.arraycopy(b, off, buf, end, len);
        end += len;
    }

    /** Bytes waiting to be taken. */
    int size() {
        return end - start;
    }

    /** Moves up to {@code len} waiting bytes into {@code dst}; returns how many. */
    int read(byte[] dst, int off, int len) {
        int n = Math.min(len, end - start);
        System.arraycopy(buf, start, dst, off, n);
        start += n;
        if (start == end) {
            clear();
        }
        return n;
    }

    /** Takes every waiting byte, as a new array the caller owns. */
    byte[] takeAll() {
        byte[] out = Arrays.copyOfRange(buf, start, end);
        clear();
        return out;
    }

    /** Drops what is waiting (and a large array). */
    void clear() {
        start = 0;
        end = 0;
        if (buf.length > RETAINED) {
            buf = new byte[RETAINED];
        }
    }
}
