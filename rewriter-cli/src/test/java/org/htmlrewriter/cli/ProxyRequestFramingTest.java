package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.LeakChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose framing is ambiguous or that the proxy's parser cannot read are answered {@code 400} (or
 * {@code 501} for a transfer coding it does not implement, {@code 505} for a version it does not speak) and the
 * connection is closed; nothing of them reaches the origin (request smuggling needs two readers that disagree).
 * What is forwarded is normalized. Each request is sent whole, one byte per write, and in 7-byte writes.
 */
class ProxyRequestFramingTest {
    static ScriptedOrigin origin;
    static RewritingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = new ScriptedOrigin();
        ScriptedOrigin.Script echo = x -> {
            byte[] body = x.body();
            StringBuilder seen = new StringBuilder(x.head.get(0)).append('\n');
            for (String h : x.head.subList(1, x.head.size())) {
                seen.append(h.toLowerCase(Locale.ROOT)).append('\n');
            }
            seen.append("body=").append(new String(body, StandardCharsets.ISO_8859_1));
            x.respond(200, "text/plain", seen.toString().getBytes(StandardCharsets.ISO_8859_1));
        };
        origin.on("/echo", echo).on("/smuggled", echo);
        RuleSet rules = RuleSet.parse(ProxyEndToEndTest.RULES, "test");
        proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), origin.uri(),
                HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build(),
                ProxyOptions.defaults().withMaxHeaderBytes(8192));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        origin.close();
        LeakChecks.assertNoDetectedLeaks();
    }

    @BeforeEach
    void clearOrigin() {
        origin.requests.clear();
    }

    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    static Stream<Arguments> refused() {
        String host = "Host: x\r\n";
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding and Content-Length", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("an unknown transfer coding before chunked", 501, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a transfer coding without chunked", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Transfer-Encoding: gzip\r\n\r\nhello"),
                Arguments.of("chunked twice", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunked not last", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Transfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding in HTTP/1.0", 400, "POST /smuggled HTTP/1.0\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("two different lengths", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: 3\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("the same length twice", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("a length list", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: 5, 5\r\n\r\nhello"),
                Arguments.of("a signed length", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: +5\r\n\r\nhello"),
                Arguments.of("a length with junk", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length: 5x\r\n\r\nhello"),
                Arguments.of("space before the colon", 400, "POST /smuggled HTTP/1.1\r\n" + host
                        + "Content-Length : 5\r\n\r\nhello"),
                Arguments.of("headers over the limit", 400, "GET /smuggled HTTP/1.1\r\n" + host
                        + "X-Big: " + "a".repeat(9000) + "\r\n\r\n"),
                Arguments.of("many headers over the limit", 400, "GET /smuggled HTTP/1.1\r\n" + host
                        + "X-A: aaaaaaaaaa\r\n".repeat(800) + "\r\n"),
                Arguments.of("a request line over the limit", 400, "GET /smuggled?" + "a".repeat(9000)
                        + " HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of("lines ending in bare LF", 400, "GET /smuggled HTTP/1.1\nHost: x\n\n"),
                Arguments.of("no Host", 400, "GET /smuggled HTTP/1.1\r\n\r\n"),
                Arguments.of("two Hosts", 400, "GET /smuggled HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                Arguments.of("a Host with a path", 400, "GET /smuggled HTTP/1.1\r\nHost: a/b\r\n\r\n"),
                Arguments.of("a NUL in a header", 400, "GET /smuggled HTTP/1.1\r\n" + host + "X: a\0b\r\n\r\n"),
                Arguments.of("garbage", 400, "HELLO\r\n\r\n"),
                Arguments.of("CONNECT", 400, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                Arguments.of("a target that is not a path", 400, "GET smuggled HTTP/1.1\r\n" + host + "\r\n"),
                Arguments.of("an absolute URL that does not parse", 400, "GET http://x/smuggled{a} HTTP/1.1\r\n"
                        + host + "\r\n"),
                Arguments.of("HTTP/2.0", 505, "GET /smuggled HTTP/2.0\r\n" + host + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedAndNeverForwarded(String what, int status, String request) throws Exception {
        for (int piece : new int[] {Integer.MAX_VALUE, 1, 7}) {
            origin.requests.clear();
            try (RawHttp c = new RawHttp(proxy.address())) {
                c.send(request.getBytes(StandardCharsets.ISO_8859_1), piece);
                RawHttp.Reply r = c.read();
                assertEquals(status, r.status, what + " in " + piece + "-byte writes: " + r);
                assertEquals("close", r.header("connection"), what);
                assertEquals(RawHttp.Ending.COMPLETE, r.ending, what);
                assertTrue(c.closedByPeer(), what + ": the connection is closed after the answer");
            }
            assertEquals(List.of(), origin.requestsFor("/smuggled"), what + ": nothing reached the origin");
        }
    }

    @Test
    void aRefusedRequestIsAnsweredAfterTheResponsesToEarlierPipelinedRequests() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /smuggled HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Reply first = c.read();
            assertEquals(200, first.status);
            assertTrue(first.text().startsWith("GET /echo HTTP/1.1"), first.text());
            RawHttp.Reply second = c.read();
            assertEquals(400, second.status);
            assertTrue(c.closedByPeer());
        }
        assertEquals(1, origin.requestsFor("/echo").size(), "only the request before the bad one was forwarded");
        assertEquals(List.of(), origin.requestsFor("/smuggled"));
    }

    @Test
    void aRequestBodyWhoseChunkingBreaksNeverReachesTheOriginComplete() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n");
            RawHttp.Reply r = c.read();
            assertEquals(400, r.status, r.toString());
            assertTrue(c.closedByPeer());
        }
        // The origin may have seen the head, but never a complete body: it did not answer with an echo.
        for (List<String> head : origin.requestsFor("/echo")) {
            assertEquals("POST /echo HTTP/1.1", head.get(0));
        }
    }

    @Test
    void whatIsForwardedIsNormalized() throws Exception {
        String request = "POST http://ignored.example/echo?q=1 HTTP/1.1\r\nHost: client.example\r\n"
                + "Connection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Upgrade: h2c\r\nProxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\n"
                + "Trailer: X-T\r\nX-End-To-End: kept\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        for (int piece : new int[] {Integer.MAX_VALUE, 1, 7}) {
            try (RawHttp c = new RawHttp(proxy.address())) {
                c.send(request.getBytes(StandardCharsets.ISO_8859_1), piece);
                RawHttp.Reply r = c.read();
                assertEquals(200, r.status, r.toString());
                List<String> seen = List.of(r.text().split("\n"));
                assertEquals("POST /echo?q=1 HTTP/1.1", seen.get(0), "origin-form target, HTTP/1.1");
                assertTrue(seen.contains("host: " + origin.uri().getAuthority()), seen.toString());
                assertTrue(seen.contains("x-end-to-end: kept"), seen.toString());
                assertTrue(seen.contains("transfer-encoding: chunked"), seen.toString());
                assertEquals("body=hello world", seen.get(seen.size() - 1));
                for (String line : seen) {
                    for (String hop : List.of("connection", "x-hop", "keep-alive", "te:", "upgrade", "proxy-",
                            "trailer", "content-length")) {
                        assertFalse(line.startsWith(hop), hop + " forwarded: " + seen);
                    }
                }
            }
        }
    }

    @Test
    void aLengthDelimitedBodyGoesWithExactlyOneLength() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("PUT /echo HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello");
            RawHttp.Reply r = c.read();
            assertEquals(200, r.status);
            assertEquals("HTTP/1.0", r.version, "an HTTP/1.0 client gets an HTTP/1.0 response");
            List<String> seen = List.of(r.text().split("\n"));
            assertEquals("PUT /echo HTTP/1.1", seen.get(0));
            assertEquals(1, seen.stream().filter(l -> l.startsWith("content-length:")).count(), seen.toString());
            assertNull(seen.stream().filter(l -> l.startsWith("transfer-encoding")).findAny().orElse(null));
            assertEquals("body=hello", seen.get(seen.size() - 1));
        }
    }
}
