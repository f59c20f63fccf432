package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README's pipeline example is this module's {@link ReadmeExample}, and it works over real HTTP. */
class ReadmeExampleTest {
    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        Path module = Path.of(System.getProperty("user.dir"));
        String source = Files.readString(module.resolve("src/test/java/org/htmlrewriter/netty/ReadmeExample.java"));
        String readme = Files.readString(module.resolve("README.md"));
        String code = source.substring(source.indexOf("// README-BEGIN"), source.indexOf("// README-END"));
        List<String> lines = code.lines().skip(1).collect(Collectors.toList());
        int indent = lines.get(0).length() - lines.get(0).stripLeading().length();
        String unindented = lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(Collectors.joining("\n"));
        assertTrue(readme.contains(unindented), "README.md must show ReadmeExample's code as is:\n" + unindented);
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
}
