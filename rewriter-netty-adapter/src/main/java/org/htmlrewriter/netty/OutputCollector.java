package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.OutputSink;

/**
 * The rewriter's {@link OutputSink} inside the handler: gathers what one input chunk produced into one
 * {@link ByteBuf}. Bytes that are a slice of the current <em>source</em> (the input chunk's backing array, or the
 * array a direct input buffer was copied into) become retained slices of the input buffer, so unchanged HTML is
 * never copied; other bytes (inserted content, changed tags, inflated bytes) are copied into small buffers.
 *
 * <p>Ownership: the buffer {@link #take()} returns is the caller's (one reference). {@link #release()} drops what
 * was gathered but not taken. Confined to the channel's event loop; package-private.
 */
final class OutputCollector implements OutputSink {
    private static final int MAX_COMPONENTS = 1024;
    private static final int COPY_BUFFER = 1024;

    private final ByteBufAllocator alloc;
    private final List<ByteBuf> parts = new ArrayList<>();
    private ByteBuf copying;
    private byte[] sourceArray;
    private int sourceArrayStart;
    private int sourceLength;
    private ByteBuf sourceBuffer;
    private int sourceBufferStart;
    private long bytesOut;
    private long gathered;

    OutputCollector(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /**
     * From now on, bytes of {@code array[arrayStart, arrayStart + length)} are the bytes of {@code buffer} at
     * {@code bufferStart} onwards; the buffer must stay alive until {@link #clearSource()}.
     */
    void source(byte[] array, int arrayStart, int length, ByteBuf buffer, int bufferStart) {
        this.sourceArray = array;
        this.sourceArrayStart = arrayStart;
        this.sourceLength = length;
        this.sourceBuffer = buffer;
        this.sourceBufferStart = bufferStart;
    }

    void clearSource() {
        sourceArray = null;
        sourceBuffer = null;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytesOut += len;
        gathered += len;
        if (b == sourceArray && off >= sourceArrayStart && off + len <= sourceArrayStart + sourceLength) {
            endCopying();
            parts.add(sourceBuffer.retainedSlice(sourceBufferStart + (off - sourceArrayStart), len));
            return;
        }
        if (copying != null && copying.writableBytes() < len) {
            endCopying();
        }
        if (copying == null) {
            copying = alloc.buffer(Math.max(len, COPY_BUFFER));
        }
        copying.writeBytes(b, off, len);
    }

    private void endCopying() {
        if (copying != null) {
            parts.add(copying);
            copying = null;
        }
    }

    /** What was gathered since the last call, as one buffer (possibly empty); the caller owns it. */
    ByteBuf take() {
        gathered = 0;
        endCopying();
        if (parts.isEmpty()) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (parts.size() == 1) {
            ByteBuf only = parts.get(0);
            parts.clear();
            return only;
        }
        CompositeByteBuf composite = alloc.compositeBuffer(Math.min(MAX_COMPONENTS, parts.size()));
        try {
            composite.addComponents(true, parts);
        } catch (Throwable t) {
            composite.release();
            throw t;
        } finally {
            parts.clear();
        }
        return composite;
    }

    /** Bytes gathered since the last {@link #take()}. */
    long gathered() {
        return gathered;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** Releases everything gathered and not taken. */
    void release() {
        gathered = 0;
        endCopying();
        for (ByteBuf b : parts) {
            b.release();
        }
        parts.clear();
        clearSource();
    }
}
