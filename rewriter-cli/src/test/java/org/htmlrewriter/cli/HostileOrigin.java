package org.htmlrewriter.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A Netty origin that writes raw response bytes, so that it can misbehave at full speed and in any number of
 * connections: each path maps to a {@link Behaviour} (a head, a body streamed as the socket drains, and how the
 * exchange ends: keep the connection, close it, reset it, or stall forever). Thread-safe to configure before start.
 */
final class HostileOrigin {
    /** How an exchange ends once the body is written. */
    enum End { KEEP_ALIVE, CLOSE, RESET, STALL }

    /** One path's answer: raw head bytes, then body pieces from a fresh supplier per request, then the end. */
    record Behaviour(byte[] head, Supplier<Supplier<byte[]>> body, End end) {
        static Behaviour of(String head, Supplier<Supplier<byte[]>> body, End end) {
            return new Behaviour(head.getBytes(StandardCharsets.ISO_8859_1), body, end);
        }
    }

    private final Map<String, Behaviour> paths = new ConcurrentHashMap<>();

    HostileOrigin on(String path, Behaviour behaviour) {
        paths.put(path, behaviour);
        return this;
    }

    /** Pieces of {@code piece}, {@code times} times over, then the end. */
    static Supplier<Supplier<byte[]>> repeat(byte[] piece, long times) {
        return () -> {
            long[] left = {times};
            return () -> left[0]-- > 0 ? piece : null;
        };
    }

    /** {@code bytes} in pieces of at most 16 KB. */
    static Supplier<Supplier<byte[]>> once(byte[] bytes) {
        return () -> {
            int[] at = {0};
            return () -> {
                if (at[0] >= bytes.length) {
                    return null;
                }
                int n = Math.min(16 * 1024, bytes.length - at[0]);
                byte[] piece = java.util.Arrays.copyOfRange(bytes, at[0], at[0] + n);
                at[0] += n;
                return piece;
            };
        };
    }

    Channel start(EventLoopGroup group) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpRequestDecoder(), new ChunkedWriteHandler(),
                                new SimpleChannelInboundHandler<HttpObject>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                        if (msg instanceof HttpRequest req) {
                                            answer(ctx, req);
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest req) {
        Behaviour b = paths.get(java.net.URI.create(req.uri()).getPath());
        if (b == null) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
                    StandardCharsets.ISO_8859_1));
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(b.head()));
        var written = ctx.writeAndFlush(new PieceInput(b.body().get(), new java.util.concurrent.atomic.AtomicLong()));
        switch (b.end()) {
            case CLOSE -> written.addListener(ChannelFutureListener.CLOSE);
            case RESET -> written.addListener((ChannelFutureListener) f -> {
                f.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                f.channel().close();
            });
            default -> {
                // KEEP_ALIVE: the next request; STALL: nothing more, ever (the proxy's timeout ends it).
            }
        }
    }
}
