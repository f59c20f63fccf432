package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.LeakChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An origin that misbehaves never makes the proxy deliver a response as complete when it is not: a response head
 * the proxy cannot read is a {@code 502}; a body whose framing breaks, or that ends early (close, reset, stall),
 * reaches the client cut off (no terminating chunk, or short of its length), and an HTTP/1.0 client, which could not
 * tell a close from the end, sees a reset. Rewritten ({@code text/html}) and passed-through ({@code text/css})
 * responses alike.
 */
class ProxyOriginFaultsTest {
    static final byte[] PAGE = ("<!doctype html><html><head><title>t</title></head><body>"
            + "<div class=ad>ad</div><p>some text</p>".repeat(600) + "</body></html>").getBytes(StandardCharsets.UTF_8);

    static ScriptedOrigin origin;
    static RewritingProxy proxy;
    static RewritingProxy impatientProxy;
    static byte[] rewrittenPage;

    @BeforeAll
    static void start() throws Exception {
        origin = new ScriptedOrigin();
        for (String type : List.of("html", "css")) {
            String contentType = type.equals("html") ? "text/html; charset=utf-8" : "text/css";
            String chunkedHead = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n";
            origin.on("/bad-size-line." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE)).send("zz\r\nmore\r\n0\r\n\r\n");
            }).on("/longer-than-size." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE)).send("5\r\nhello, and more than five\r\n0\r\n\r\n");
            }).on("/overflowing-size." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE)).send("ffffffffffffffffffff\r\nabc");
            }).on("/chunked-then-close." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE));
                x.close();
            }).on("/chunked-then-reset." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE));
                x.reset();
            }).on("/length-then-close." + type, x -> {
                x.send("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                        + (PAGE.length * 2) + "\r\n\r\n").send(PAGE);
                x.close();
            }).on("/close-delimited-then-reset." + type, x -> {
                x.send("HTTP/1.0 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n").send(PAGE);
                Thread.sleep(100);
                x.reset();
            }).on("/close-delimited." + type, x -> {
                x.send("HTTP/1.0 200 OK\r\nContent-Type: " + contentType + "\r\n\r\n").send(PAGE);
                x.close();
            }).on("/stall-mid-body." + type, x -> {
                x.send(chunkedHead).send(chunks(PAGE));
                Thread.sleep(60_000);
            });
        }
        origin.on("/stall-before-head", x -> Thread.sleep(60_000))
                .on("/huge-headers", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: "
                        + "a".repeat(40_000) + "\r\nContent-Length: 2\r\n\r\nhi"))
                .on("/length-and-chunked", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
                .on("/two-lengths", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n"
                        + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nhello"))
                .on("/gzip-transfer-coding", x -> x.send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"))
                .on("/unasked-upgrade", x -> x.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n"
                        + "Connection: upgrade\r\n\r\n<html>"))
                .on("/garbage-status-line", x -> x.send("HTTP/1.1 OK\r\n\r\nhello"))
                .on("/http10-origin.html", x -> {
                    x.send("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n").send(PAGE);
                    x.close();
                });
        RuleSet rules = RuleSet.parse(ProxyEndToEndTest.RULES, "test");
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();
        proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), origin.uri(), config);
        impatientProxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), origin.uri(), config,
                ProxyOptions.defaults().withUpstreamTimeout(Duration.ofSeconds(1)));
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        rules.applyTo(b, null);
        rewrittenPage = HtmlRewriter.rewrite(new String(PAGE, StandardCharsets.UTF_8), b.settings())
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        impatientProxy.close();
        origin.close();
        LeakChecks.assertNoDetectedLeaks();
    }

    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    /** {@code data} as chunks of 1000 bytes. */
    static byte[] chunks(byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < data.length; i += 1000) {
            int n = Math.min(1000, data.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    static RawHttp.Reply get(RewritingProxy through, String path, String version) throws IOException {
        try (RawHttp c = new RawHttp(through.address())) {
            return c.send("GET " + path + " " + version + "\r\nHost: x\r\n\r\n").read();
        }
    }

    static Stream<Arguments> cutOffBodies() {
        return Stream.of("bad-size-line", "longer-than-size", "overflowing-size", "chunked-then-close",
                "chunked-then-reset", "length-then-close", "close-delimited-then-reset")
                .flatMap(p -> Stream.of(Arguments.of(p + ".html"), Arguments.of(p + ".css")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutOffBodies")
    void aBodyTheOriginCutsOffIsNeverDeliveredComplete(String path) throws Exception {
        RawHttp.Reply http11 = get(proxy, "/" + path, "HTTP/1.1");
        if (http11.status == 502) {
            assertTrue(path.endsWith(".html"), "only a rewritten body can still become a 502: " + http11);
        } else {
            assertEquals(200, http11.status, http11.toString());
            assertTrue(http11.ending == RawHttp.Ending.CUT_OFF || http11.ending == RawHttp.Ending.RESET,
                    path + " to HTTP/1.1: " + http11);
            assertPrefix(path, http11);
        }
        RawHttp.Reply http10 = get(proxy, "/" + path, "HTTP/1.0");
        if (http10.status != 502) {
            // Nothing in the framing tells an HTTP/1.0 client that the body is short: only the reset does.
            assertEquals(RawHttp.Ending.RESET, http10.ending, path + " to HTTP/1.0: " + http10);
        }
    }

    /** What arrived is the start of what the whole page would have been. */
    private static void assertPrefix(String path, RawHttp.Reply r) {
        byte[] whole = path.endsWith(".html") ? rewrittenPage : PAGE;
        byte[] got = r.body.toByteArray();
        assertTrue(got.length <= whole.length + 5 && Arrays.equals(whole, 0, Math.min(got.length, whole.length),
                got, 0, Math.min(got.length, whole.length)), path + ": not a prefix of the page");
    }

    @Test
    void aCloseDelimitedBodyEndedCleanlyIsCompleteAndReframedForHttp11() throws Exception {
        for (String type : List.of("html", "css")) {
            RawHttp.Reply r = get(proxy, "/close-delimited." + type, "HTTP/1.1");
            assertEquals("HTTP/1.1", r.version);
            assertEquals("chunked", r.header("transfer-encoding"), r.toString());
            assertEquals(RawHttp.Ending.COMPLETE, r.ending);
            assertArrayEquals(type.equals("html") ? rewrittenPage : PAGE, r.body.toByteArray());
            RawHttp.Reply old = get(proxy, "/close-delimited." + type, "HTTP/1.0");
            assertEquals("HTTP/1.0", old.version);
            assertNull(old.header("transfer-encoding"));
            assertEquals(RawHttp.Ending.CLOSE_DELIMITED, old.ending);
            assertArrayEquals(type.equals("html") ? rewrittenPage : PAGE, old.body.toByteArray());
        }
    }

    @Test
    void anHttp10OriginIsServedAsHttp11WithCompression() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            RawHttp.Reply r = c.send("GET /http10-origin.html HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
                    .read();
            assertEquals("HTTP/1.1", r.version);
            assertEquals(200, r.status);
            assertEquals("gzip", r.header("content-encoding"), r.toString());
            assertEquals(RawHttp.Ending.COMPLETE, r.ending);
            byte[] body;
            try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(r.body.toByteArray()))) {
                body = gz.readAllBytes();
            }
            assertArrayEquals(rewrittenPage, body);
            // ... and the connection stays open for the next request.
            RawHttp.Reply again = c.send("GET /close-delimited.css HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(200, again.status);
            assertArrayEquals(PAGE, again.body.toByteArray());
        }
    }

    @ParameterizedTest
    @MethodSource("unreadableHeads")
    void aResponseHeadTheProxyCannotReadIsA502(String path) throws Exception {
        RawHttp.Reply r = get(proxy, path, "HTTP/1.1");
        assertEquals(502, r.status, path + ": " + r);
        assertEquals(RawHttp.Ending.COMPLETE, r.ending);
    }

    static Stream<String> unreadableHeads() {
        return Stream.of("/huge-headers", "/length-and-chunked", "/two-lengths", "/gzip-transfer-coding",
                "/unasked-upgrade", "/garbage-status-line");
    }

    @Test
    void anOriginThatSendsNothingIsA504() throws Exception {
        RawHttp.Reply r = get(impatientProxy, "/stall-before-head", "HTTP/1.1");
        assertEquals(504, r.status, r.toString());
    }

    @Test
    void anOriginThatStallsMidBodyIsCutOff() throws Exception {
        for (String type : List.of("html", "css")) {
            RawHttp.Reply r = get(impatientProxy, "/stall-mid-body." + type, "HTTP/1.1");
            assertEquals(200, r.status, r.toString());
            assertEquals(RawHttp.Ending.CUT_OFF, r.ending, type + ": " + r);
        }
    }
}
