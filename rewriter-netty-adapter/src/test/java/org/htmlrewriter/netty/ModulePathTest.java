package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.modules.ConsumerModule;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter as a user's module sees it on the module path, with the Netty jars the tests run with: with Netty
 * 4.2 a module that requires {@code org.htmlrewriter.netty} rewrites a response through the handler, and a corrupt
 * gzip body fails with Netty's {@code DecompressionException} (so {@code io.netty.codec.compression} is resolved);
 * with Netty 4.1 (the {@code netty-4.1} profile), whose jars are automatic modules without
 * {@code io.netty.codec.compression}, such a module compiles but does not start: as the README says, 4.1 is for
 * the class path.
 */
class ModulePathTest {
    private static final String MAIN = """
            package consumer;

            import io.netty.buffer.Unpooled;
            import io.netty.channel.embedded.EmbeddedChannel;
            import io.netty.handler.codec.http.DefaultFullHttpRequest;
            import io.netty.handler.codec.http.DefaultFullHttpResponse;
            import io.netty.handler.codec.http.FullHttpResponse;
            import io.netty.handler.codec.http.HttpContent;
            import io.netty.handler.codec.http.HttpHeaderNames;
            import io.netty.handler.codec.http.HttpMethod;
            import io.netty.handler.codec.http.HttpResponse;
            import io.netty.handler.codec.http.HttpResponseStatus;
            import io.netty.handler.codec.http.HttpVersion;
            import io.netty.util.ReferenceCountUtil;
            import java.nio.charset.StandardCharsets;
            import java.util.Base64;
            import org.htmlrewriter.netty.HtmlRewritingConfig;
            import org.htmlrewriter.netty.HtmlRewritingHandler;

            public final class Main {
                public static void main(String[] args) {
                    HtmlRewritingConfig config = HtmlRewritingConfig.builder()
                            .rules(b -> b.onElement("a[href]", el -> el.setAttribute("rel", "noopener")))
                            .build();
                    byte[] page = "<a href=x>a</a>".getBytes(StandardCharsets.UTF_8);
                    System.out.println(exchange(config, "identity", page));
                    System.out.println(exchange(config, "gzip", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0,
                            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
                    String brotli = exchange(config, "br", Base64.getDecoder().decode("%s"));
                    System.out.println(brotli.contains("rel=\\"noopener\\"") ? "br rewritten" : "br untouched");
                }

                /** One GET and its response through the handler: the failure, status and body that came out. */
                private static String exchange(HtmlRewritingConfig config, String encoding, byte[] body) {
                    EmbeddedChannel channel = new EmbeddedChannel(new HtmlRewritingHandler(config));
                    channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
                    ReferenceCountUtil.release(channel.readInbound());
                    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                            .set(HttpHeaderNames.CONTENT_ENCODING, encoding);
                    StringBuilder out = new StringBuilder();
                    try {
                        channel.writeOutbound(response);
                    } catch (RuntimeException e) {
                        Class<?> failure = e.getClass();
                        out.append(failure.getSimpleName()).append(" from ").append(failure.getModule().getName())
                                .append(": ");
                    }
                    for (Object message; (message = channel.readOutbound()) != null; ) {
                        if (message instanceof HttpResponse head) {
                            out.append(head.status().code()).append(' ');
                        }
                        if (message instanceof HttpContent content) {
                            out.append(content.content().toString(StandardCharsets.UTF_8));
                        }
                        ReferenceCountUtil.release(message);
                    }
                    channel.finishAndReleaseAll();
                    return out.toString().strip(); // one line each (the 502's text ends with a line break)
                }
            }
            """.formatted(Base64.getEncoder().encodeToString(BrotliTest.PAGE_BR));

    private static final Map<String, String> SOURCES = Map.of(
            "module-info.java", """
                    module consumer {
                        requires org.htmlrewriter.netty;
                        requires io.netty.buffer;
                        requires io.netty.common;
                    }
                    """,
            "consumer/Main.java", MAIN);

    @Test
    void theAdapterExportsItsPackageOnly() {
        ConsumerModule.assertExportsExactly(ConsumerModule.locationOf(HtmlRewritingHandler.class),
                "org.htmlrewriter.netty", Set.of("org.htmlrewriter.netty"));
    }

    @Test
    void aModuleRequiringTheAdapterRewritesWithNetty42Only(@TempDir Path dir) throws Exception {
        List<Path> modulePath = new ArrayList<>(List.of(ConsumerModule.locationOf(HtmlRewritingHandler.class),
                ConsumerModule.locationOf(HtmlRewriter.class),
                ConsumerModule.locationOf(SelectorSyntaxException.class)));
        // Netty, and the optional brotli decoder (dec-0.1.2.jar, automatic module "dec").
        modulePath.addAll(ConsumerModule.classPathEntries(
                name -> name.startsWith("netty-") || name.startsWith("dec-")));
        ConsumerModule consumer = new ConsumerModule(dir, modulePath);
        ConsumerModule.Compilation compiled = consumer.compile(SOURCES);
        assertTrue(compiled.succeeded(), compiled.errors().toString());
        ConsumerModule.Run run = consumer.run("consumer/consumer.Main");

        String netty = Version.identify(HtmlRewritingHandler.class.getClassLoader()).get("netty-common")
                .artifactVersion();
        if (netty.startsWith("4.1.")) {
            assertTrue(run.exitCode() != 0, "ran with Netty " + netty + ": " + run.output());
            assertTrue(run.output().contains(
                    "Module io.netty.codec.compression not found, required by org.htmlrewriter.netty"), run.output());
            return;
        }
        assertEquals(0, run.exitCode(), run.output());
        String[] lines = run.stdout().split("\\R");
        assertEquals("200 <a href=x rel=\"noopener\">a</a>", lines[0], run.output());
        // The decoding failure (a Netty class, from the compression module), then the 502 the handler answered.
        assertTrue(lines[1].startsWith("DecompressionException from io.netty.codec.compression: 502 "), run.output());
        // The brotli decoder has no module name: unless added by its file name, nothing resolves it.
        assertEquals("br untouched", lines[2], run.output());
        ConsumerModule.Run withBrotli = consumer.run("consumer/consumer.Main", "--add-modules", "dec");
        assertEquals(0, withBrotli.exitCode(), withBrotli.output());
        assertEquals("br rewritten", withBrotli.stdout().split("\\R")[2], withBrotli.output());
    }
}
