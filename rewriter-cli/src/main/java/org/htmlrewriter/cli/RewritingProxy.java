package org.htmlrewriter.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.HtmlRewritingHandler;

/**
 * A small HTTP/1.1 reverse proxy that rewrites HTML responses with {@link HtmlRewritingHandler}. Each client
 * connection gets its own upstream connection; requests are forwarded in order and responses streamed back chunk
 * by chunk. Client pipeline: {@code HttpServerCodec → HttpServerKeepAliveHandler → HttpContentCompressor →
 * HtmlRewritingHandler → frontend}. Backpressure: while the client channel is not writable the upstream channel
 * stops reading, so a slow client never makes the proxy buffer a fast origin's body. If the origin closes in the
 * middle of a response, the client connection is closed without completing it.
 *
 * <p>Thread-safe to start and close; all I/O runs on its own event loops. Buffers: every message read from one
 * side is written to the other (which releases it) or released.
 */
public final class RewritingProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong peakClientBacklog;

    private RewritingProxy(EventLoopGroup group, Channel server, AtomicLong peakClientBacklog) {
        this.group = group;
        this.server = server;
        this.peakClientBacklog = peakClientBacklog;
    }

    /**
     * Starts a proxy listening on {@code listen} (port 0 picks a free one) forwarding to {@code upstream}
     * ({@code http://host:port}); with {@code config == null} nothing is rewritten (a plain pass-through proxy).
     */
    public static RewritingProxy start(InetSocketAddress listen, URI upstream, HtmlRewritingConfig config)
            throws InterruptedException {
        Objects.requireNonNull(upstream, "upstream");
        if (!"http".equalsIgnoreCase(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http://host[:port] URL: " + upstream);
        }
        String host = upstream.getHost();
        int port = upstream.getPort() < 0 ? 80 : upstream.getPort();
        String authority = upstream.getPort() < 0 ? host : host + ":" + port;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        AtomicLong peakClientBacklog = new AtomicLong();
        try {
            ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HttpContentCompressor());
                            if (config != null) {
                                ch.pipeline().addLast(new HtmlRewritingHandler(config));
                            }
                            ch.pipeline().addLast(new Frontend(host, port, authority, peakClientBacklog));
                        }
                    });
            Channel server = b.bind(listen).sync().channel();
            return new RewritingProxy(group, server, peakClientBacklog);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The address the proxy listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * The most bytes ever queued in one client connection's outbound buffer (written by the proxy, not yet taken by
     * the socket), sampled after each message forwarded from the origin: what backpressure keeps bounded.
     */
    long peakClientBacklog() {
        return peakClientBacklog.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Headers that describe one connection, never forwarded (RFC 9110 section 7.6.1). */
    static void removeHopByHop(HttpHeaders h) {
        String connection = h.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            for (String name : connection.split(",")) {
                if (!name.isBlank()) {
                    h.remove(name.trim());
                }
            }
        }
        for (CharSequence name : List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
                HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
                HttpHeaderNames.UPGRADE, "proxy-connection")) {
            h.remove(name);
        }
    }

    /** Client side of one connection: forwards requests to its upstream connection. */
    private static final class Frontend extends ChannelInboundHandlerAdapter {
        private final String host;
        private final int port;
        private final String authority;
        private final AtomicLong peakClientBacklog;
        private Channel upstream;
        private boolean connected;
        private final List<Object> queued = new ArrayList<>();

        Frontend(String host, int port, String authority, AtomicLong peakClientBacklog) {
            this.host = host;
            this.port = port;
            this.authority = authority;
            this.peakClientBacklog = peakClientBacklog;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            client.config().setAutoRead(false);
            Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Backend(client, peakClientBacklog));
                        }
                    });
            upstream = b.connect(host, port).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    connected = true;
                    for (Object m : queued) {
                        f.channel().write(m);
                    }
                    queued.clear();
                    f.channel().flush();
                    client.config().setAutoRead(true);
                } else {
                    for (Object m : queued) {
                        ReferenceCountUtil.release(m);
                    }
                    queued.clear();
                    byte[] text = ("502 Bad Gateway: cannot reach the upstream " + authority + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.BAD_GATEWAY, Unpooled.wrappedBuffer(text));
                    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                            .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                            .set(HttpHeaderNames.CONNECTION, "close");
                    client.config().setAutoRead(true);
                    client.read();
                    client.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                }
            }).channel();
            client.read();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req) {
                removeHopByHop(req.headers());
                req.headers().set(HttpHeaderNames.HOST, authority);
            }
            if (connected) {
                upstream.write(msg);
            } else if (upstream != null && !upstream.isOpen()) {
                ReferenceCountUtil.release(msg);
            } else {
                queued.add(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (connected) {
                upstream.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // Backpressure: read from the origin only as fast as the client takes the bytes.
            if (upstream != null) {
                upstream.config().setAutoRead(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            for (Object m : queued) {
                ReferenceCountUtil.release(m);
            }
            queued.clear();
            if (upstream != null) {
                upstream.close();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Upstream side: streams responses back to the client. */
    private static final class Backend extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final AtomicLong peakClientBacklog;
        private boolean inResponse;
        private io.netty.channel.ChannelFuture lastWrite;

        Backend(Channel client, AtomicLong peakClientBacklog) {
            this.client = client;
            this.peakClientBacklog = peakClientBacklog;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse res) {
                if (res.status().code() >= 200 || res.status().code() == 101) {
                    inResponse = true;
                }
                removeHopByHop(res.headers());
            }
            if (msg instanceof LastHttpContent) {
                inResponse = false;
            }
            if (msg instanceof HttpMessage m && m.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            lastWrite = client.write(msg);
            ChannelOutboundBuffer backlog = client.unsafe().outboundBuffer();
            if (backlog != null && backlog.totalPendingWriteBytes() > peakClientBacklog.get()) {
                peakClientBacklog.accumulateAndGet(backlog.totalPendingWriteBytes(), Math::max);
            }
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (inResponse) {
                // The origin stopped mid-response: close without completing it, so the client sees the truncation.
                client.flush();
                client.close();
            } else if (lastWrite != null && !lastWrite.isDone()) {
                client.flush();
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                client.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
