package org.htmlrewriter.cli;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.HtmlRewritingHandler;
import org.htmlrewriter.netty.RequestInfo;

/**
 * A small HTTP/1.1 reverse proxy that rewrites HTML responses with {@link HtmlRewritingHandler}, built to face
 * hostile clients, origins and pages. Each client connection gets its own upstream connection, made when its first
 * request arrives (and again if the origin closed it between requests); requests are forwarded in order and
 * responses streamed back chunk by chunk.
 *
 * <p>Client pipeline: {@code IdleStateHandler → HttpServerCodec → ClientGuard → HttpServerKeepAliveHandler →
 * HttpContentCompressor → HtmlRewritingHandler → Frontend}; upstream pipeline: {@code IdleStateHandler →
 * HttpClientCodec → Backend}. {@link ClientGuard} answers what must not be forwarded ({@code 400}, {@code 501},
 * {@code 505}), enforces the client timeouts and the pipelining depth, and ends responses the origin could not
 * complete ({@code 502}/{@code 504}, or cut off); see its documentation.
 *
 * <p><b>What goes upstream.</b> HTTP/1.1 always; hop-by-hop headers removed ({@code Connection} and the headers it
 * names, {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer}, {@code Upgrade},
 * {@code Proxy-Authorization}, {@code Proxy-Authenticate}); a body framed by exactly one {@code Content-Length} or
 * by {@code Transfer-Encoding: chunked}; an absolute-form target turned into a path; {@code Host} set to the
 * upstream's authority.
 *
 * <p><b>What comes back.</b> A response head the proxy cannot read (over the header size limit, ambiguous or
 * malformed framing, a transfer coding other than {@code chunked}, an unrequested {@code 101}) is a {@code 502}; a
 * body whose framing breaks or that the origin cuts off (early close, reset) is never completed. Responses go to
 * HTTP/1.1 clients as HTTP/1.1 whatever version the origin speaks, a close-delimited body re-framed as chunked (so
 * compression and keep-alive still work); to HTTP/1.0 clients as HTTP/1.0 without chunking (the body ends with the
 * connection unless it has a length) and without interim {@code 1xx} responses.
 *
 * <p><b>Limits</b> ({@link ProxyOptions}): connections over the limit get {@code 503}; header, idle, upstream
 * connect and upstream timeouts; header size. Backpressure: while the client channel is not writable the upstream
 * channel stops reading, so a slow client never makes the proxy buffer a fast origin's body, and while the
 * upstream channel is not writable the client channel stops reading (request bodies).
 *
 * <p>Thread-safe to start and close; all I/O runs on its own event loops. Buffers: every message read from one
 * side is written to the other (which releases it) or released.
 */
public final class RewritingProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong peakClientBacklog;
    private final AtomicInteger openConnections;

    private RewritingProxy(EventLoopGroup group, Channel server, AtomicLong peakClientBacklog,
            AtomicInteger openConnections) {
        this.group = group;
        this.server = server;
        this.peakClientBacklog = peakClientBacklog;
        this.openConnections = openConnections;
    }

    /** {@link #start(InetSocketAddress, URI, HtmlRewritingConfig, ProxyOptions)} with the default options. */
    public static RewritingProxy start(InetSocketAddress listen, URI upstream, HtmlRewritingConfig config)
            throws InterruptedException {
        return start(listen, upstream, config, ProxyOptions.defaults());
    }

    /**
     * Starts a proxy listening on {@code listen} (port 0 picks a free one) forwarding to {@code upstream}
     * ({@code http://host:port}); with {@code config == null} nothing is rewritten (a plain pass-through proxy).
     * The memory options apply through {@code config}: build it with them (as the {@code proxy} command does).
     */
    public static RewritingProxy start(InetSocketAddress listen, URI upstream, HtmlRewritingConfig config,
            ProxyOptions options) throws InterruptedException {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(options, "options");
        if (!"http".equalsIgnoreCase(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http://host[:port] URL: " + upstream);
        }
        String host = upstream.getHost();
        int port = upstream.getPort() < 0 ? 80 : upstream.getPort();
        Target target = new Target(host, port, upstream.getPort() < 0 ? host : host + ":" + port);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        AtomicLong peakClientBacklog = new AtomicLong();
        AtomicInteger open = new AtomicInteger();
        try {
            ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            int n = open.incrementAndGet();
                            ch.closeFuture().addListener(f -> open.decrementAndGet());
                            if (n > 2L * options.maxConnections()) {
                                // Far over the limit: not even a 503.
                                ch.config().setOption(ChannelOption.SO_LINGER, 0);
                                ch.close();
                                return;
                            }
                            boolean overloaded = n > options.maxConnections();
                            ClientGuard guard = new ClientGuard(options, overloaded);
                            HttpServerCodec codec = new HttpServerCodec(decoderConfig(options));
                            if (overloaded) {
                                ch.pipeline().addLast(codec, guard);
                                return;
                            }
                            ch.pipeline().addLast(new IdleStateHandler(true, 0, 0,
                                    options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS), codec, guard,
                                    new HttpServerKeepAliveHandler(), new HttpContentCompressor());
                            if (config != null) {
                                ch.pipeline().addLast(new HtmlRewritingHandler(config));
                            }
                            ch.pipeline().addLast(new Frontend(target, options, guard, peakClientBacklog));
                        }
                    });
            Channel server = b.bind(listen).sync().channel();
            return new RewritingProxy(group, server, peakClientBacklog, open);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static HttpDecoderConfig decoderConfig(ProxyOptions options) {
        return new HttpDecoderConfig().setMaxInitialLineLength(options.maxHeaderBytes())
                .setMaxHeaderSize(options.maxHeaderBytes());
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

    /** Client connections open now. */
    int openConnections() {
        return openConnections.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Where requests go. */
    private record Target(String host, int port, String authority) {
    }

    /** Headers that describe one connection, never forwarded (RFC 9110 section 7.6.1). */
    static void removeHopByHop(HttpHeaders h) {
        for (String connection : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String name : connection.split(",")) {
                if (!name.isBlank()) {
                    h.remove(name.trim());
                }
            }
        }
        for (CharSequence name : List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
                HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE,
                HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE, "proxy-connection")) {
            h.remove(name);
        }
    }

    /** The request as it goes upstream: HTTP/1.1, one framing, a path as target, the upstream's Host. */
    static void normalizeRequest(HttpRequest req, String authority) {
        HttpHeaders h = req.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        removeHopByHop(h);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        if (chunked) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        String uri = req.uri();
        if (!uri.startsWith("/") && !uri.equals("*")) {
            URI absolute = URI.create(uri);
            String path = absolute.getRawPath();
            if (path == null || path.isEmpty()) {
                path = "/";
            }
            req.setUri(absolute.getRawQuery() == null ? path : path + "?" + absolute.getRawQuery());
        }
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
        h.set(HttpHeaderNames.HOST, authority);
    }

    /**
     * The response as it goes to the client: its version, and a framing that client can read (chunked for HTTP/1.1
     * when the origin gave no length, none for HTTP/1.0).
     */
    static void frameResponse(HttpResponse res, RequestInfo request) {
        boolean chunked = HttpUtil.isTransferEncodingChunked(res);
        res.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        int code = res.status().code();
        if (request.version().minorVersion() == 0) {
            res.setProtocolVersion(HttpVersion.HTTP_1_0);
            return;
        }
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean mayHaveBody = code >= 200 && code != 204 && code != 304;
        if (!HttpUtil.isContentLengthSet(res) && (chunked || mayHaveBody)) {
            HttpUtil.setTransferEncodingChunked(res, true);
        }
    }

    /** Client side of one connection: forwards requests to its upstream connection. */
    private static final class Frontend extends ChannelInboundHandlerAdapter {
        private final Target target;
        private final ProxyOptions options;
        private final ClientGuard guard;
        private final AtomicLong peakClientBacklog;
        /** Requests forwarded whose final response has not arrived, oldest first (shared with the Backend). */
        private final ArrayDeque<RequestInfo> forwarded = new ArrayDeque<>();
        private final List<Object> queued = new ArrayList<>();
        private Channel client;
        private Channel upstream;
        private boolean connected;

        Frontend(Target target, ProxyOptions options, ClientGuard guard, AtomicLong peakClientBacklog) {
            this.target = target;
            this.options = options;
            this.guard = guard;
            this.peakClientBacklog = peakClientBacklog;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            client = ctx.channel();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest req) {
                forwarded.add(new RequestInfo(req.method(), req.protocolVersion(), req.uri()));
                normalizeRequest(req, target.authority());
                if (upstream == null) {
                    connect();
                }
            }
            if (upstream == null) {
                ReferenceCountUtil.release(msg);
            } else if (connected) {
                if (msg instanceof HttpRequest) {
                    // The origin's time to answer starts now, not at its last byte of a previous response.
                    resetUpstreamTimeout();
                }
                upstream.write(msg);
                if (!upstream.isWritable()) {
                    guard.block(ClientGuard.UPSTREAM_UNWRITABLE);
                }
            } else {
                queued.add(msg);
            }
        }

        private void connect() {
            guard.block(ClientGuard.CONNECTING);
            Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                            (int) Math.min(Integer.MAX_VALUE, options.upstreamConnectTimeout().toMillis()))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new IdleStateHandler(options.upstreamTimeout().toMillis(), 0, 0,
                                    TimeUnit.MILLISECONDS), new HttpClientCodec(decoderConfig(options), false, false),
                                    new Backend(client, guard, Frontend.this, peakClientBacklog));
                        }
                    });
            ChannelFuture connecting = b.connect(target.host(), target.port());
            upstream = connecting.channel();
            connecting.addListener((ChannelFutureListener) f -> {
                if (upstream != f.channel()) {
                    return;
                }
                if (f.isSuccess()) {
                    connected = true;
                    for (Object m : queued) {
                        upstream.write(m);
                    }
                    queued.clear();
                    upstream.flush();
                    guard.unblock(ClientGuard.CONNECTING);
                } else {
                    releaseQueued();
                    upstream = null;
                    boolean timedOut = f.cause() instanceof ConnectTimeoutException;
                    guard.upstreamFailed(timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT
                            : HttpResponseStatus.BAD_GATEWAY, "cannot reach the upstream " + target.authority()
                            + (timedOut ? " within " + options.upstreamConnectTimeout().toMillis() + " ms" : ""));
                }
            });
        }

        private void resetUpstreamTimeout() {
            IdleStateHandler idle = upstream.pipeline().get(IdleStateHandler.class);
            if (idle != null) {
                idle.resetReadTimeout();
            }
        }

        /** The upstream connection ended; the next request makes a new one. */
        void upstreamClosed(Channel ch) {
            if (upstream == ch) {
                upstream = null;
                connected = false;
                releaseQueued();
                forwarded.clear();
                guard.unblock(ClientGuard.UPSTREAM_UNWRITABLE);
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
                boolean writable = ctx.channel().isWritable();
                upstream.config().setAutoRead(writable);
                if (writable) {
                    // The origin was not read while the client was stuck: that time is not the origin's.
                    resetUpstreamTimeout();
                }
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ClientGuard.REQUEST_BODY_BROKEN && upstream != null) {
                // Without its terminating chunk, the origin sees the request as cut off.
                upstream.close();
            }
            ReferenceCountUtil.release(evt);
        }

        private void releaseQueued() {
            for (Object m : queued) {
                ReferenceCountUtil.release(m);
            }
            queued.clear();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releaseQueued();
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

    /** Upstream side: checks and re-frames responses, streams them back to the client. */
    private static final class Backend extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final ClientGuard guard;
        private final Frontend frontend;
        private final AtomicLong peakClientBacklog;
        /** A final response head was forwarded, its last chunk not yet. */
        private boolean inResponse;
        /** An interim response to an HTTP/1.0 client is being dropped, up to its last chunk. */
        private boolean droppingInterim;
        /** The connection failed (a reset): what the codec makes of its end is not a complete body. */
        private boolean originFailed;

        Backend(Channel client, ClientGuard guard, Frontend frontend, AtomicLong peakClientBacklog) {
            this.client = client;
            this.guard = guard;
            this.frontend = frontend;
            this.peakClientBacklog = peakClientBacklog;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse res) {
                String problem = problem(res);
                if (problem != null) {
                    ReferenceCountUtil.release(msg);
                    fail(ctx, HttpResponseStatus.BAD_GATEWAY, problem);
                    return;
                }
                boolean interim = res.status().code() < 200;
                RequestInfo request = interim ? frontend.forwarded.peek() : frontend.forwarded.poll();
                if (request == null) {
                    ReferenceCountUtil.release(msg);
                    fail(ctx, HttpResponseStatus.BAD_GATEWAY, "the origin sent a response nobody asked for");
                    return;
                }
                if (interim && request.version().minorVersion() == 0) {
                    droppingInterim = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg);
                    return;
                }
                removeHopByHop(res.headers());
                frameResponse(res, request);
                inResponse = !interim && !(msg instanceof LastHttpContent);
            } else if (msg instanceof HttpContent content) {
                if (droppingInterim) {
                    droppingInterim = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (content.decoderResult().isFailure() || (originFailed && msg instanceof LastHttpContent)) {
                    String why = content.decoderResult().isFailure()
                            ? "the origin's response body could not be read: " + content.decoderResult().cause()
                            : "the origin connection failed before the body was complete";
                    ReferenceCountUtil.release(msg);
                    fail(ctx, HttpResponseStatus.BAD_GATEWAY, why);
                    return;
                }
                if (msg instanceof LastHttpContent) {
                    inResponse = false;
                }
            }
            client.write(msg);
            ChannelOutboundBuffer backlog = client.unsafe().outboundBuffer();
            if (backlog != null && backlog.totalPendingWriteBytes() > peakClientBacklog.get()) {
                peakClientBacklog.accumulateAndGet(backlog.totalPendingWriteBytes(), Math::max);
            }
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        /** Why a response head cannot be forwarded, or {@code null}. */
        private static String problem(HttpResponse res) {
            if (res.decoderResult().isFailure()) {
                return "the origin's response head could not be read: " + res.decoderResult().cause().getMessage();
            }
            if (res.status().code() == 101) {
                return "the origin switched protocols, which the proxy never asks for";
            }
            List<String> te = res.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (!te.isEmpty() && (te.size() > 1 || !te.get(0).trim().equalsIgnoreCase("chunked"))) {
                return "the origin used Transfer-Encoding " + String.join(", ", te);
            }
            return null;
        }

        /** The origin's response cannot be completed: the client gets {@code status} or a cut-off response. */
        private void fail(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
            inResponse = false;
            guard.upstreamFailed(status, reason);
            ctx.close();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                guard.unblock(ClientGuard.UPSTREAM_UNWRITABLE);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && (inResponse || !frontend.forwarded.isEmpty())
                    && ctx.channel().config().isAutoRead()) {
                fail(ctx, HttpResponseStatus.GATEWAY_TIMEOUT, "the origin sent nothing for "
                        + ctx.pipeline().get(IdleStateHandler.class).getReaderIdleTimeInMillis() + " ms");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (inResponse || !frontend.forwarded.isEmpty()) {
                // The origin stopped before the response was complete: cut off, so the client sees the truncation.
                fail(ctx, HttpResponseStatus.BAD_GATEWAY, "the origin closed the connection before the response"
                        + " was complete");
            }
            client.flush();
            frontend.upstreamClosed(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            originFailed = true;
            ctx.close();
        }
    }
}
