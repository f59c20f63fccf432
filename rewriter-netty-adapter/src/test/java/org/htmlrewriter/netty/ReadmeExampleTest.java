package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's examples are this module's {@link ReadmeExample}, and they work over real HTTP. */
class ReadmeExampleTest {
    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    @Test
    void theReadmeShowsTheCompiledExamples() throws Exception {
        Path module = Path.of(System.getProperty("user.dir"));
        String source = Files.readString(module.resolve("src/test/java/org/htmlrewriter/netty/ReadmeExample.java"));
        String readme = Files.readString(module.resolve("README.md"));
        int examples = 0;
        for (int begin = source.indexOf("// README-BEGIN"); begin >= 0;
                begin = source.indexOf("// README-BEGIN", begin + 1)) {
            String code = source.substring(begin, source.indexOf("// README-END", begin));
            List<String> lines = code.lines().skip(1).collect(Collectors.toList());
            int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
            String unindented = lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                    .collect(Collectors.joining("\n"));
            assertTrue(readme.contains(unindented), "README.md must show ReadmeExample's code as is:\n" + unindented);
            examples++;
        }
        assertEquals(2, examples);
    }

    @Test
    @SuppressWarnings("deprecation") // NioEventLoopGroup: deprecated in Netty 4.2, and the one that 4.1 has too
    void theExampleRewritesPagesOverHttp() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = ReadmeExample.start(group, new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            HttpResponse<String> res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            assertEquals("<html><head><title>t</title><script src=\"/inject.js\"></script></head><body>"
                    + "<a href=\"http://example.com/\" rel=\"noopener\">x</a></body></html>", res.body());
            server.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    @SuppressWarnings("deprecation") // NioEventLoopGroup: deprecated in Netty 4.2, and the one that 4.1 has too
    void theRequestDependentExampleRewritesEachPipelinedRequestByItsHostAndCookie() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                    new HtmlRewritingHandler(ReadmeExample.requestDependentConfig()),
                                    new ReadmeExample.PageHandler());
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            List<String> bodies;
            try (Socket socket = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort())) {
                socket.setSoTimeout(20_000);
                // Three requests in one write (pipelined); the last one asks the server to close after answering.
                socket.getOutputStream().write(("GET /a HTTP/1.1\r\nHost: staging.example\r\n\r\n"
                        + "GET /b HTTP/1.1\r\nHost: www.example\r\nCookie: channel=beta\r\n\r\n"
                        + "GET /c HTTP/1.1\r\nHost: www.example\r\nCookie: channel=stable\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                bodies = responseBodies(socket.getInputStream().readAllBytes());
            }
            String page = "<html><head><title>t</title>%s</head><body><a href=\"http://example.com/\">x</a></body></html>";
            assertEquals(List.of(
                    "<html><head><meta name=\"robots\" content=\"noindex\"><title>t</title></head><body>"
                            + "<a href=\"http://example.com/\">x</a></body></html>",
                    String.format(page, "<script src=\"/beta.js\"></script>"),
                    String.format(page, "")), bodies);
            server.close().syncUninterruptibly();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The bodies of the HTTP responses in {@code wire}, decoded by Netty's own client-side decoder. */
    private static List<String> responseBodies(byte[] wire) {
        EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        try {
            decoder.writeInbound(Unpooled.wrappedBuffer(wire));
            List<String> bodies = new ArrayList<>();
            for (FullHttpResponse res; (res = decoder.readInbound()) != null; ) {
                try {
                    assertEquals(200, res.status().code());
                    bodies.add(res.content().toString(StandardCharsets.UTF_8));
                } finally {
                    res.release();
                }
            }
            return bodies;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }
}
