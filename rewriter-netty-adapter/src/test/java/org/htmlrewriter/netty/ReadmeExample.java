package org.htmlrewriter.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.htmlrewriter.MemoryBudget;
import org.htmlrewriter.content.ContentType;

/**
 * The examples of {@code rewriter-netty-adapter/README.md}, compiled and run by {@link ReadmeExampleTest} (which
 * also checks that the README shows exactly this code between each {@code README-BEGIN} and {@code README-END}
 * marker).
 */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static Channel start(EventLoopGroup group, InetSocketAddress address) throws InterruptedException {
        // README-BEGIN
        // One config for the whole server: the rules are compiled once per charset; thread-safe.
        HtmlRewritingConfig config = HtmlRewritingConfig.builder()
                .rules(b -> b
                        .onElement("a[href^='http://']", el -> el.setAttribute("rel", "noopener"))
                        .onElement("head", el -> el.append("<script src=\"/inject.js\"></script>", ContentType.HTML)))
                .memoryLimit(4 << 20)                                   // per document
                .sharedMemoryBudget(MemoryBudget.of(Runtime.getRuntime().maxMemory() / 4)) // all documents
                .failureMode(FailureMode.FAIL)                          // 502, or a cut-off response
                .listener(new RewritingListener() {
                    @Override
                    public void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
                        System.err.println(request + ": " + outcome + ": " + cause);
                    }
                })
                .build();

        ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // One handler per channel: it is not sharable.
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpContentCompressor(), new HtmlRewritingHandler(config), new PageHandler());
                    }
                });
        // README-END
        return bootstrap.bind(address).sync().channel();
    }

    /** The README's example of rules that depend on the request. */
    static HtmlRewritingConfig requestDependentConfig() {
        // README-BEGIN
        // Each rewriter has the request its response answers in its context: rules can depend on it.
        HtmlRewritingConfig config = HtmlRewritingConfig.builder()
                .rules(b -> b.onElement("head", el -> {
                    RequestInfo request = RequestInfo.of(el.context());   // method, URI, headers
                    if (request.headers().get(HttpHeaderNames.HOST, "").startsWith("staging.")) {
                        el.prepend("<meta name=\"robots\" content=\"noindex\">", ContentType.HTML);
                    }
                    if ("beta".equals(request.cookie("channel"))) {
                        el.append("<script src=\"/beta.js\"></script>", ContentType.HTML);
                    }
                }))
                .build();
        // README-END
        return config;
    }

    /** The application: answers every request with a page in two chunks, as a proxy would forward an origin's. */
    static final class PageHandler extends SimpleChannelInboundHandler<HttpObject> {
        static final String PAGE = "<html><head><title>t</title></head><body><a href=\"http://example.com/\">x</a>"
                + "</body></html>";

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set("content-type", "text/html; charset=utf-8");
                HttpUtil.setTransferEncodingChunked(head, true);
                byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
                ctx.write(head);
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(page, 0, 40)));
                ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(page, 40, page.length - 40)));
            }
        }
    }
}
