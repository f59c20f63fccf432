package org.htmlrewriter.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link ChunkedInput} over pieces from a supplier ({@code null} ends them), for origins that write a body only as
 * fast as their socket drains; counts the bytes handed over in {@code produced}. Confined to one event loop.
 */
final class PieceInput implements ChunkedInput<ByteBuf> {
    private final Supplier<byte[]> pieces;
    private final AtomicLong produced;
    private byte[] next;

    PieceInput(Supplier<byte[]> pieces, AtomicLong produced) {
        this.pieces = pieces;
        this.produced = produced;
        this.next = pieces.get();
    }

    @Override
    public boolean isEndOfInput() {
        return next == null;
    }

    @Override
    public void close() {
    }

    @Override
    @Deprecated
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (next == null) {
            return null;
        }
        ByteBuf chunk = Unpooled.wrappedBuffer(next);
        produced.addAndGet(next.length);
        next = pieces.get();
        return chunk;
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return produced.get();
    }
}
