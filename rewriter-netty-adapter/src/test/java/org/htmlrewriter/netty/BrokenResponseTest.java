package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.htmlrewriter.netty.Fixtures.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An origin's response that is cut off or unreadable (a message whose decoder result is a failure) is never
 * delivered as complete, rewritten or passed through: before any body byte it becomes a {@code 502}, after that
 * the connection is closed without the terminating chunk.
 */
class BrokenResponseTest {
    private static final String PAGE = "<!doctype html><html><head><title>t</title></head><body>"
            + "<a href=\"http://example.com/\">x</a>" + "<p>filler text</p>".repeat(200) + "</body></html>";

    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);
    private final RecordingListener recorder = new RecordingListener();

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    private HtmlRewritingConfig config() {
        return HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).listener(recorder).build();
    }

    /** The response ended with {@code outcome}, and was never reported complete. */
    private void assertOutcome(String outcome, String what) {
        assertEquals(outcome, recorder.last(), what + " " + recorder.events);
        assertFalse(recorder.events.contains("done"), what + " " + recorder.events);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The page, chunked correctly up to a point, then framing that no reader can trust: what follows the page on
     * the wire, and the body bytes a reader may still take from it before the framing breaks.
     */
    static Stream<Arguments> brokenChunkings() {
        List<Arguments> cases = new ArrayList<>();
        String[][] breaks = {
            {"bad size line", "zz\r\nmore\r\n0\r\n\r\n", ""},
            {"size with junk after it", "5 x\r\nhello\r\n0\r\n\r\n", ""},
            {"negative size", "-5\r\nhello\r\n0\r\n\r\n", ""},
            {"data longer than its size", "5\r\nhello, and then some\r\n0\r\n\r\n", "hello"},
            {"data longer than its size, hex-looking", "5\r\nhelloabc\r\n0\r\n\r\n", "hello"},
            {"size overflowing an int", "80000000\r\nabc", ""},
            {"size overflowing a long", "fffffffffffffffffffff\r\nabc", ""},
            {"size line that never ends", "5" + "0".repeat(10_000), ""},
        };
        for (String[] b : breaks) {
            cases.add(Arguments.of(b[0], b[1], b[2]));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenChunkings")
    void invalidChunkFramingNeverCompletesTheResponse(String what, String broken, String readable) {
        // What counts as broken is what the decoder says: Netty 4.1 still reads some of these as valid.
        Assumptions.assumeTrue(decoderRejects(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + broken)), "this Netty's decoder reads it as valid framing");
        for (String type : List.of("text/html; charset=utf-8", "text/html", "text/css")) {
            for (int piece : new int[] {1, 7, 1 << 20}) {
                HttpVersion version = piece == 7 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
                recorder.events.clear();
                brokenChunking(broken, readable, type, piece, version, type + ", " + piece + "-byte pieces");
            }
        }
    }

    /** Whether Netty's response decoder reports a failure for these bytes. */
    private static boolean decoderRejects(byte[] wire) {
        EmbeddedChannel decoder = new EmbeddedChannel(new io.netty.handler.codec.http.HttpResponseDecoder());
        try {
            decoder.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(wire));
            decoder.finish();
            boolean failed = false;
            for (Object m; (m = decoder.readInbound()) != null; ) {
                failed |= ((io.netty.handler.codec.http.HttpObject) m).decoderResult().isFailure();
                ReferenceCountUtil.release(m);
            }
            return failed;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    private void brokenChunking(String broken, String readable, String type, int piece, HttpVersion version,
            String what) {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(ascii("HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int i = 0; i < page.length; i += 500) {
            int n = Math.min(500, page.length - i);
            wire.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            wire.write(page, i, n);
            wire.writeBytes(ascii("\r\n"));
        }
        wire.writeBytes(ascii(broken));
        EmbeddedChannel client = fx.channel(config());
        try {
            client.writeInbound(Fixtures.request(HttpMethod.GET, version));
            ReferenceCountUtil.release(client.readInbound());
            Result r = fx.throughDecoder(client, wire.toByteArray(), piece, true);
            assertFalse(r.channelOpen, what + ": the connection must be closed");
            assertAllDone(r);
            if (r.head.status().code() == 502) {
                assertTrue(type.startsWith("text/html"), what + ": only a rewritten response can still become a 502");
                assertOutcome("fail BAD_GATEWAY", what);
                return;
            }
            assertEquals(200, r.head.status().code(), what);
            assertFalse(r.complete, what + ": a cut-off body must not end with the terminating chunk");
            byte[] read = (PAGE + readable).getBytes(StandardCharsets.UTF_8);
            byte[] whole = type.startsWith("text/html")
                    ? Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, read) : read;
            assertTrue(r.body.length <= whole.length && Arrays.equals(whole, 0, r.body.length, r.body, 0,
                    r.body.length), what + ": what was sent is a prefix of the whole body");
            assertOutcome(type.startsWith("text/html") ? "fail ABORTED" : "broken ABORTED", what);
        } finally {
            client.finishAndReleaseAll();
        }
    }

    private static void assertAllDone(Result r) {
        for (ChannelPromise p : r.promises) {
            assertTrue(p.isDone(), "a write promise was left incomplete");
        }
    }

    /** Writes the head and {@code chunks}, then a last chunk that says the origin connection ended too early. */
    private Result cutOff(String type, HttpVersion version, byte[]... chunks) {
        EmbeddedChannel client = fx.channel(config());
        try {
            client.writeInbound(Fixtures.request(HttpMethod.GET, version));
            ReferenceCountUtil.release(client.readInbound());
            Result r = new Result();
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set("content-type", type).set("content-length", 1_000_000);
            Fixtures.write(client, head, r);
            for (byte[] c : chunks) {
                Fixtures.write(client, new DefaultHttpContent(fx.heap(c, 0, c.length)), r);
            }
            LastHttpContent end = new DefaultLastHttpContent();
            end.setDecoderResult(DecoderResult.failure(new PrematureChannelClosureException("origin closed")));
            Fixtures.write(client, end, r);
            Fixtures.collect(client, r);
            assertAllDone(r);
            assertFalse(r.channelOpen);
            return r;
        } finally {
            client.finishAndReleaseAll();
        }
    }

    @Test
    void aBodyCutOffAfterRewrittenBytesWereSentIsAborted() {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        Result r = cutOff("text/html; charset=utf-8", HttpVersion.HTTP_1_1, page);
        assertEquals(200, r.head.status().code());
        assertFalse(r.complete);
        assertTrue(r.body.length > 0);
        assertOutcome("fail ABORTED", "");
    }

    @Test
    void aBodyCutOffWhileTheCharsetIsStillBeingSniffedIsA502() {
        Result r = cutOff("text/html", HttpVersion.HTTP_1_1, ascii("<html><head>"));
        assertEquals(502, r.head.status().code());
        assertOutcome("fail BAD_GATEWAY", "");
    }

    @Test
    void aPassedThroughBodyCutOffIsAborted() {
        byte[] css = ascii("body { color: red }".repeat(100));
        Result r = cutOff("text/css", HttpVersion.HTTP_1_0, css);
        assertEquals(200, r.head.status().code());
        assertEquals("1000000", r.head.headers().get("content-length"), "passed through untouched");
        assertFalse(r.complete);
        assertArrayEquals(css, r.body);
        assertOutcome("broken ABORTED", "");
    }

    @Test
    void aResponseHeadThatCouldNotBeReadIsA502() {
        for (String wire : List.of(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/css\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3x\r\n\r\nabc")) {
            recorder.events.clear();
            EmbeddedChannel client = fx.channel(config());
            try {
                client.writeInbound(Fixtures.get("/"));
                ReferenceCountUtil.release(client.readInbound());
                Result r = fx.throughDecoder(client, ascii(wire), 64, true);
                assertEquals(502, r.head.status().code(), wire);
                assertTrue(r.complete);
                assertFalse(r.channelOpen);
                assertAllDone(r);
                assertOutcome("broken BAD_GATEWAY", "");
            } finally {
                client.finishAndReleaseAll();
            }
        }
    }

    @Test
    void aCompleteResponseThroughTheSameDecoderStillCompletes() {
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + page.length + "\r\n\r\n";
        byte[] wire = Arrays.copyOf(ascii(head), head.length() + page.length);
        System.arraycopy(page, 0, wire, head.length(), page.length);
        EmbeddedChannel client = fx.channel(config());
        try {
            client.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(client.readInbound());
            Result r = fx.throughDecoder(client, wire, 13, false);
            assertTrue(r.complete && r.channelOpen);
            assertArrayEquals(Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, page), r.body);
            assertEquals(List.of("start UTF-8", "done"), recorder.events);
        } finally {
            client.finishAndReleaseAll();
        }
    }
}
