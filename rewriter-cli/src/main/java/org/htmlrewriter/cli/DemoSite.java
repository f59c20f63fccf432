package org.htmlrewriter.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built-in demo origin: a few static pages served from the jar on a loopback port, for {@code proxy} without
 * {@code --upstream}. Thread-safe to start and close.
 */
public final class DemoSite implements AutoCloseable {
    static final String RESOURCES = "/org/htmlrewriter/cli/demo/";
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/about.html", "about.html", "/style.css", "style.css");

    private final EventLoopGroup group;
    private final Channel server;

    private DemoSite(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Starts the demo origin on 127.0.0.1 at a free port. */
    public static DemoSite start() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new Pages());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new DemoSite(group, server);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static byte[] resource(String name) {
        try (InputStream in = DemoSite.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing demo resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Pages extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = req.uri().split("\\?", 2)[0];
            String name = PAGES.get(path);
            FullHttpResponse res;
            if (name == null) {
                res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.NOT_FOUND,
                        Unpooled.copiedBuffer("not found\n", java.nio.charset.StandardCharsets.US_ASCII));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
            } else {
                byte[] body = resource(name);
                res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK,
                        req.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE,
                        name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
                res.headers().set(HttpHeaderNames.ETAG, "\"" + Integer.toHexString(java.util.Arrays.hashCode(body))
                        + "\"");
                HttpUtil.setContentLength(res, body.length);
            }
            if (name == null) {
                HttpUtil.setContentLength(res, res.content().readableBytes());
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            if (keepAlive) {
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
