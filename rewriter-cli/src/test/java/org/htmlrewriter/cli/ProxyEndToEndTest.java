package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.LeakChecks;
import org.htmlrewriter.netty.RequestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real origin, the real proxy and {@link HttpClient}, all on 127.0.0.1. */
class ProxyEndToEndTest {
    static final String RULES = ".ad  remove\na[href^=\"http://\"]  set-attribute  rel  noopener\n";
    static final String PAGE = "<!doctype html><html><head><title>t</title></head><body><div class=ad>ad</div>"
            + "<a href=\"http://example.com/\">x</a><p>" + "text ".repeat(2000) + "</p></body></html>";
    static final byte[] CSS = "body { color: red } /* <div class=ad> is not HTML here */".getBytes(StandardCharsets.UTF_8);

    static EventLoopGroup originGroup;
    static Channel origin;
    static final AtomicInteger originConnections = new AtomicInteger();
    static RewritingProxy proxy;
    static HttpClient client;
    static String base;
    static byte[] expectedPage;

    @BeforeAll
    static void start() throws Exception {
        originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        origin = new ServerBootstrap().group(originGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        originConnections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec(), new Origin());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        RuleSet rules = RuleSet.parse(RULES, "test");
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();
        int port = ((InetSocketAddress) origin.localAddress()).getPort();
        proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), URI.create("http://127.0.0.1:" + port),
                config);
        base = "http://127.0.0.1:" + proxy.address().getPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        rules.applyTo(b, null);
        expectedPage = HtmlRewriter.rewrite(PAGE, b.settings()).getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close().syncUninterruptibly();
        originGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        LeakChecks.assertNoDetectedLeaks();
    }

    @AfterEach
    void noLeaksSoFar() {
        LeakChecks.assertNoDetectedLeaks();
    }

    /** The test origin: what it sends depends on the path. */
    static final class Origin extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
            if (!(msg instanceof HttpRequest req)) {
                return;
            }
            byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
            switch (req.uri()) {
                case "/length" -> full(ctx, "text/html; charset=utf-8", page, null);
                case "/gzip" -> full(ctx, "text/html", gzip(page), "gzip");
                case "/style.css" -> full(ctx, "text/css", CSS, null);
                case "/chunked", "/big" -> {
                    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    head.headers().set("content-type", "text/html");
                    HttpUtil.setTransferEncodingChunked(head, true);
                    ctx.write(head);
                    int repeats = req.uri().equals("/big") ? 400 : 1;
                    for (int r = 0; r < repeats; r++) {
                        for (int i = 0; i < page.length; i += 1000) {
                            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(page, i,
                                    Math.min(1000, page.length - i))));
                        }
                        if (r % 20 == 0) {
                            ctx.flush();
                        }
                    }
                    ctx.writeAndFlush(new DefaultLastHttpContent());
                }
                case "/etag" -> {
                    if (req.headers().contains("if-none-match")) {
                        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                HttpResponseStatus.NOT_MODIFIED);
                        res.headers().set("etag", "\"v1\"");
                        ctx.writeAndFlush(res);
                    } else {
                        FullHttpResponse res = response("text/html", page, null);
                        res.headers().set("etag", "\"v1\"");
                        ctx.writeAndFlush(res);
                    }
                }
                case "/cut", "/cut.css" -> {
                    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    head.headers().set("content-type", req.uri().endsWith(".css") ? "text/css" : "text/html")
                            .setInt("content-length", page.length);
                    ctx.write(head);
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(page, 0, page.length / 2)))
                            .addListener(ChannelFutureListener.CLOSE);
                }
                default -> ctx.writeAndFlush(response("text/plain", new byte[0], null));
            }
        }

        private static void full(ChannelHandlerContext ctx, String type, byte[] body, String encoding) {
            ctx.writeAndFlush(response(type, body, encoding));
        }

        private static FullHttpResponse response(String type, byte[] body, String encoding) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(body));
            res.headers().set("content-type", type).setInt("content-length", body.length);
            if (encoding != null) {
                res.headers().set("content-encoding", encoding);
            }
            return res;
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static java.net.http.HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofByteArray());
    }

    @Test
    void htmlIsRewrittenWhetherTheOriginSendsALengthOrChunks() throws Exception {
        for (String path : new String[] {"/length", "/chunked", "/gzip"}) {
            java.net.http.HttpResponse<byte[]> res = get(path);
            assertEquals(200, res.statusCode(), path);
            assertArrayEquals(expectedPage, res.body(), path);
            assertFalse(res.headers().firstValue("content-encoding").isPresent(), path);
        }
    }

    @Test
    void nonHtmlIsByteIdentical() throws Exception {
        java.net.http.HttpResponse<byte[]> res = get("/style.css");
        assertArrayEquals(CSS, res.body());
        assertEquals(String.valueOf(CSS.length), res.headers().firstValue("content-length").orElse(null));
    }

    @Test
    void keepAliveServesSeveralRequestsOverOneConnection() throws Exception {
        HttpClient own = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int before = originConnections.get();
        for (int i = 0; i < 5; i++) {
            java.net.http.HttpResponse<byte[]> res = own.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(base + (i % 2 == 0 ? "/chunked" : "/style.css"))).build(), BodyHandlers.ofByteArray());
            assertEquals(200, res.statusCode());
        }
        assertEquals(before + 1, originConnections.get(), "one client connection, one upstream connection");
    }

    @Test
    void headAgreesWithTheRewrittenGetAnd304PassesThrough() throws Exception {
        java.net.http.HttpResponse<byte[]> head = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create(base + "/length")).method("HEAD", BodyPublishers.noBody()).build(),
                BodyHandlers.ofByteArray());
        java.net.http.HttpResponse<byte[]> get = get("/length");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertFalse(head.headers().firstValue("content-length").isPresent(), "the GET is rewritten: no length");
        assertFalse(get.headers().firstValue("content-length").isPresent());
        assertEquals(get.headers().firstValue("transfer-encoding"), head.headers().firstValue("transfer-encoding"));
        java.net.http.HttpResponse<byte[]> css = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create(base + "/style.css")).method("HEAD", BodyPublishers.noBody()).build(),
                BodyHandlers.ofByteArray());
        assertEquals(String.valueOf(CSS.length), css.headers().firstValue("content-length").orElse(null));

        java.net.http.HttpResponse<byte[]> full = get("/etag");
        assertEquals("W/\"v1\"", full.headers().firstValue("etag").orElse(null));
        java.net.http.HttpResponse<byte[]> notModified = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create(base + "/etag")).header("If-None-Match", "W/\"v1\"").build(), BodyHandlers.ofByteArray());
        assertEquals(304, notModified.statusCode());
        assertEquals(0, notModified.body().length);
    }

    @Test
    void originClosingMidBodyIsAnAbortedResponseNotAShort200() {
        for (String path : new String[] {"/cut", "/cut.css"}) {
            assertThrows(IOException.class, () -> get(path), path);
        }
    }

    @Test
    void clientDisconnectingMidBodyLeavesTheProxyHealthy() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Socket s = new Socket("127.0.0.1", proxy.address().getPort())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int total = 0;
                while (total < 64 * 1024) {
                    int n = in.read(buf);
                    assertTrue(n > 0);
                    total += n;
                }
            }
        }
        Thread.sleep(200);
        assertArrayEquals(expectedPage, get("/chunked").body());
    }

    @Test
    void demoSiteThroughTheProxy() throws Exception {
        try (DemoSite demo = DemoSite.start()) {
            RuleSet rules = RuleSet.parse(new String(DemoSite.resource("rules.txt"), StandardCharsets.UTF_8), "demo");
            HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();
            try (RewritingProxy demoProxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0),
                    URI.create("http://127.0.0.1:" + demo.address().getPort()), config)) {
                java.net.http.HttpResponse<String> res = client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + demoProxy.address().getPort() + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, res.statusCode());
                assertTrue(res.body().contains("rewritten-banner") && !res.body().contains("BUY NOW"), res.body());
            }
        }
    }

    @Test
    void rulesSeeTheRequestTheClientSentEachPipelinedOneItsOwn() throws Exception {
        // The title tells what the rules saw; ads go only for premium visitors. The proxy sends the origin its own
        // Host, so the rules must see the client's request, not the one forwarded.
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> b
                .onElement("title", el -> {
                    RequestInfo request = RequestInfo.of(el.context());
                    el.setInnerContent(request.uri() + " for " + request.headers().get(HttpHeaderNames.HOST)
                            + " in " + request.cookie("lang"), ContentType.TEXT);
                })
                .onElement(".ad", el -> {
                    if ("1".equals(RequestInfo.of(el.context()).cookie("premium"))) {
                        el.remove();
                    }
                })).build();
        int port = ((InetSocketAddress) origin.localAddress()).getPort();
        try (RewritingProxy requestProxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0),
                URI.create("http://127.0.0.1:" + port), config);
                RawHttp http = new RawHttp(requestProxy.address())) {
            http.send("GET /length HTTP/1.1\r\nHost: a.example\r\n\r\n"
                    + "GET /chunked HTTP/1.1\r\nHost: b.example\r\nCookie: premium=1; lang=fr\r\n\r\n"
                    + "GET /gzip HTTP/1.1\r\nHost: a.example\r\nCookie: lang=de\r\n\r\n");
            String[] titles = {"/length for a.example in null", "/chunked for b.example in fr", "/gzip for a.example in de"};
            boolean[] ads = {true, false, true};
            for (int i = 0; i < 3; i++) {
                RawHttp.Reply reply = http.read();
                assertEquals(200, reply.status, reply.toString());
                String body = reply.text();
                assertTrue(body.startsWith("<!doctype html><html><head><title>" + titles[i] + "</title>"),
                        "response " + i + ": " + body.substring(0, Math.min(200, body.length())));
                assertEquals(ads[i], body.contains("<div class=ad>"), "response " + i);
            }
        }
    }
}
