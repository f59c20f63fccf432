package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.netty.Fixtures.Result;
import org.htmlrewriter.netty.Fixtures.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlRewritingHandlerTest {
    static final Consumer<HtmlRewriter.Builder> RULES = b -> b
            .onElement("a[href^='http://']", el -> el.setAttribute("href",
                    "https://" + el.getAttribute("href").substring(7)))
            .onElement("p.greeting", el -> el.append(" – é", ContentType.TEXT))
            .onElement(".ad", el -> el.remove());

    static final String PAGE = "<!doctype html><html><head><title>t</title></head><body>"
            + "<p class=greeting>Hello</p><div class=ad>buy</div>"
            + "<a href=\"http://example.com/\">x</a>" + "<p>" + "filler text ".repeat(30) + "</p></body></html>";

    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);
    private final RecordingListener recorder = new RecordingListener();
    private final List<String> events = recorder.events;

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    private HtmlRewritingConfig config() {
        return HtmlRewritingConfig.builder().rules(RULES).listener(recorder).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertAllPromisesSucceeded(Result r) {
        for (ChannelPromise p : r.promises) {
            assertTrue(p.isDone(), "a write promise was left incomplete");
            assertTrue(p.isSuccess(), () -> "write failed: " + p.cause());
        }
    }

    private static void assertAllPromisesDone(Result r) {
        for (ChannelPromise p : r.promises) {
            assertTrue(p.isDone(), "a write promise was left incomplete");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void rewritesHtmlAndAdjustsHeaders(Split split) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        head.headers().set("content-length", utf8(PAGE).length).set("etag", "\"v1\"")
                .set("accept-ranges", "bytes").set("x-custom", "kept").set("cache-control", "max-age=60");
        Result r = fx.exchange(config(), Fixtures.get("/"), head, utf8(PAGE), split);
        assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE)), r.body);
        assertTrue(r.text().contains("https://example.com/") && !r.text().contains("buy"), r.text());
        assertTrue(r.complete);
        assertFalse(r.head.headers().contains("content-length"));
        assertEquals("chunked", r.head.headers().get("transfer-encoding"));
        assertEquals("W/\"v1\"", r.head.headers().get("etag"));
        assertFalse(r.head.headers().contains("accept-ranges"));
        assertEquals("kept", r.head.headers().get("x-custom"));
        assertEquals("max-age=60", r.head.headers().get("cache-control"));
        assertAllPromisesSucceeded(r);
        assertEquals(List.of("start UTF-8", "done"), events);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void weakEtagStaysWeak(Split split) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html");
        head.headers().set("etag", "W/\"v1\"");
        Result r = fx.exchange(config(), Fixtures.get("/"), head, utf8(PAGE), split);
        assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE)), r.body);
        assertEquals("W/\"v1\"", r.head.headers().get("etag"));
    }

    /** Responses that must go through untouched: same bytes, same headers. */
    @ParameterizedTest
    @ValueSource(strings = {"css", "xhtml", "svg", "304", "204", "205", "206", "404", "500", "nocontenttype", "zstd",
            "stacked", "iso2022jp", "iso2022jpmeta", "connect", "transfergzip"})
    void ineligibleResponsesPassThroughUntouched(String kind) {
        for (Split split : Split.values()) {
            events.clear();
            HttpRequest req = Fixtures.get("/");
            HttpResponseStatus status = HttpResponseStatus.OK;
            String type = "text/html";
            byte[] body = utf8(PAGE);
            HttpResponse head;
            switch (kind) {
                case "css" -> type = "text/css";
                case "xhtml" -> type = "application/xhtml+xml";
                case "svg" -> type = "image/svg+xml";
                case "connect" -> req = Fixtures.request(HttpMethod.CONNECT, HttpVersion.HTTP_1_1);
                case "304" -> status = HttpResponseStatus.NOT_MODIFIED;
                case "204" -> status = HttpResponseStatus.NO_CONTENT;
                case "205" -> status = HttpResponseStatus.RESET_CONTENT;
                case "206" -> status = HttpResponseStatus.PARTIAL_CONTENT;
                case "404" -> status = HttpResponseStatus.NOT_FOUND;
                case "500" -> status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                case "nocontenttype" -> type = null;
                case "iso2022jp" -> type = "text/html; charset=\"ISO-2022-JP\"";
                case "iso2022jpmeta" -> body = utf8("<meta charset=iso-2022-jp>" + PAGE);
                default -> {
                }
            }
            head = Fixtures.html(status, type);
            head.headers().set("content-length", body.length).set("etag", "\"e\"");
            switch (kind) {
                case "zstd" -> head.headers().set("content-encoding", "zstd");
                case "stacked" -> head.headers().set("content-encoding", "gzip, gzip");
                case "transfergzip" -> head.headers().set("transfer-encoding", "gzip, chunked");
                default -> {
                }
            }
            HttpResponse sent = head;
            String before = head.headers().toString();
            Result r = fx.exchange(config(), req, head, body, split);
            assertArrayEquals(body, r.body, kind + " " + split);
            assertEquals(before, r.head.headers().toString(), kind + " " + split);
            assertEquals(String.valueOf(body.length), r.head.headers().get("content-length"));
            assertEquals("\"e\"", r.head.headers().get("etag"));
            if (split != Split.FULL) {
                assertSame(sent, r.head, "the same header object is passed on");
            }
            assertTrue(r.complete);
            assertAllPromisesSucceeded(r);
            assertTrue(events.size() == 1 && events.get(0).startsWith("pass "), kind + " " + events);
        }
    }

    /**
     * UTF-16 bodies are rewritten in UTF-16, whichever way the charset is found (header, byte order mark, which wins
     * over the header); a header charset that is no WHATWG label is ignored, as browsers ignore it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"utf16le-header", "utf16-header", "utf16lebom", "utf16bebom-utf8header",
        "utf16lebom-latin1header", "utf16bebom-unknownheader", "unknowncharset"})
    void utf16BodiesAndUnknownHeaderCharsetsAreRewritten(String kind) {
        for (Split split : Split.values()) {
            events.clear();
            String type = "text/html";
            Charset charset = StandardCharsets.UTF_16LE;
            String page = PAGE.replace("Hello", "Gr\u00fc\u00dfe \ud83d\ude00");
            byte[] body;
            switch (kind) {
                case "utf16le-header", "utf16-header" -> {
                    type = kind.startsWith("utf16le") ? "text/html; charset=UTF-16LE" : "text/html; charset=utf-16";
                    body = page.getBytes(StandardCharsets.UTF_16LE);
                }
                case "utf16lebom", "utf16lebom-latin1header" -> {
                    type = kind.endsWith("header") ? "text/html; charset=iso-8859-1" : type;
                    body = ("\uFEFF" + page).getBytes(StandardCharsets.UTF_16LE);
                }
                case "utf16bebom-utf8header", "utf16bebom-unknownheader" -> {
                    type = kind.endsWith("utf8header") ? "text/html; charset=utf-8" : "text/html; charset=nonesuch";
                    charset = StandardCharsets.UTF_16BE;
                    body = ("\uFEFF" + page).getBytes(StandardCharsets.UTF_16BE);
                }
                default -> {
                    type = "text/html; charset=no-such-charset";
                    charset = StandardCharsets.UTF_8;
                    body = utf8(page);
                }
            }
            Result r = fx.exchange(config(), Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, type), body,
                    split);
            assertArrayEquals(Fixtures.expected(RULES, charset, body), r.body, kind + " " + split);
            String text = new String(r.body, charset);
            assertTrue(text.contains("Gr\u00fc\u00dfe \ud83d\ude00 \u2013 \u00e9") && !text.contains("buy"), text);
            if (body[0] == (byte) 0xFF || body[0] == (byte) 0xFE) {
                assertTrue(r.body[0] == body[0] && r.body[1] == body[1], "the byte order mark stays");
            }
            assertEquals(List.of("start " + charset.name(), "done"), events, kind + " " + split);
            assertTrue(r.complete);
            assertAllPromisesSucceeded(r);
        }
    }

    @Test
    void theContentTypeCharsetParameter() {
        assertEquals("utf-8", HtmlRewritingHandler.charsetParameter("text/html; charset=utf-8"));
        assertEquals("ISO-8859-1", HtmlRewritingHandler.charsetParameter("text/html;Charset=\"ISO-8859-1\""));
        assertNull(HtmlRewritingHandler.charsetParameter("text/html"));
        assertNull(HtmlRewritingHandler.charsetParameter("text/html; charset="));
    }

    @Test
    void interimResponsesDoNotConsumeTheRequest() {
        EmbeddedChannel ch = fx.channel(config());
        try {
            ch.writeInbound(Fixtures.request(HttpMethod.HEAD, HttpVersion.HTTP_1_1));
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            ReferenceCountUtil.release(ch.readInbound());
            ch.writeOutbound(Fixtures.html(HttpResponseStatus.CONTINUE, null));
            ch.writeOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html"), new DefaultLastHttpContent());
            Result headResult = new Result();
            Fixtures.collect(ch, headResult);
            assertEquals(List.of("pass HEAD request (headers as for a rewritten GET)"), events);
            ch.writeOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html"),
                    new DefaultLastHttpContent(fx.heap(utf8(PAGE), 0, PAGE.length())));
            Result getResult = new Result();
            Fixtures.collect(ch, getResult);
            assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE)), getResult.body);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void afterAnUpgradeEverythingPassesThrough() {
        EmbeddedChannel ch = fx.channel(config());
        try {
            ch.writeInbound(Fixtures.get("/ws"));
            ReferenceCountUtil.release(ch.readInbound());
            HttpResponse switching = Fixtures.html(HttpResponseStatus.SWITCHING_PROTOCOLS, null);
            ByteBuf frame = fx.heap(utf8("<a href=http://x>"), 0, 17);
            ch.writeOutbound(switching, frame);
            assertSame(switching, ch.readOutbound());
            ByteBuf out = ch.readOutbound();
            assertSame(frame, out);
            out.release();
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void keepAliveRewritesEachResponseOfTheConnection(Split split) {
        EmbeddedChannel ch = fx.channel(config());
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse head = Fixtures.html(HttpResponseStatus.OK, i == 1 ? "text/plain" : "text/html");
                Result r = fx.exchange(ch, Fixtures.get("/" + i), head, utf8(PAGE), split);
                byte[] want = i == 1 ? utf8(PAGE) : Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE));
                assertArrayEquals(want, r.body, "response " + i);
                assertTrue(r.complete && r.channelOpen);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** Writes into the body what the rules saw of the request, which the adapter attaches to each rewriter. */
    static final Consumer<HtmlRewriter.Builder> REQUEST_RULES = b -> b.onElement("body", el -> {
        RequestInfo request = RequestInfo.of(el.context());
        el.prepend(request.method() + " " + request.uri() + " host=" + request.headers().get(HttpHeaderNames.HOST)
                + " channel=" + request.cookie("channel") + " ", ContentType.TEXT);
    });

    @ParameterizedTest
    @EnumSource(Split.class)
    void eachPipelinedResponseIsRewrittenWithTheRequestItAnswers(Split split) {
        EmbeddedChannel ch = fx.channel(HtmlRewritingConfig.builder().rules(REQUEST_RULES).build());
        String[] hosts = {"a.example", "b.example", "a.example"};
        String[] cookies = {"channel=beta", "", "other=1; channel=stable"};
        try {
            // All requests are read before the first response is written, as a proxy reads pipelined requests.
            for (int i = 0; i < 3; i++) {
                FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                        i == 1 ? HttpMethod.POST : HttpMethod.GET, "/page/" + i, fx.heap(utf8("q=" + i), 0, 3));
                req.headers().set(HttpHeaderNames.HOST, hosts[i]).set(HttpHeaderNames.COOKIE, cookies[i]);
                ch.writeInbound(req);
                FullHttpRequest seen = ch.readInbound();
                // The application changes the request on its way to the origin, and releases it (and its content).
                seen.headers().set(HttpHeaderNames.HOST, "origin.internal").remove(HttpHeaderNames.COOKIE);
                seen.release();
            }
            String[] expected = {"GET /page/0 host=a.example channel=beta ", "POST /page/1 host=b.example channel=null ",
                "GET /page/2 host=a.example channel=stable "};
            for (int i = 0; i < 3; i++) {
                Result r = new Result();
                for (Object msg : fx.responseMessages(Fixtures.html(HttpResponseStatus.OK, "text/html"), utf8(PAGE),
                        split)) {
                    Fixtures.write(ch, msg, r);
                }
                Fixtures.collect(ch, r);
                assertTrue(r.complete && r.channelOpen, "response " + i);
                assertTrue(r.text().contains("<body>" + expected[i] + "<p class=greeting>"), r.text());
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theFactoryCanChooseByTheRequestHeaders() {
        HtmlRewritingConfig config = HtmlRewritingConfig.builder()
                .rewriterFactory((req, res, cs) -> "1".equals(req.cookie("raw")) ? null
                        : HtmlRewriter.builder().charset(cs).onElement(".ad", el -> el.remove()).settings())
                .build();
        HttpRequest raw = Fixtures.get("/");
        raw.headers().set(HttpHeaderNames.COOKIE, "raw=1");
        Result untouched = fx.exchange(config, raw, Fixtures.html(HttpResponseStatus.OK, "text/html"), utf8(PAGE),
                Split.WHOLE);
        assertArrayEquals(utf8(PAGE), untouched.body);
        Result rewritten = fx.exchange(config, Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                utf8(PAGE), Split.WHOLE);
        assertFalse(rewritten.text().contains("class=ad"), rewritten.text());
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void charsetFromContentTypeHeader(Split split) {
        Charset cp1252 = Charset.forName("windows-1252");
        byte[] body = PAGE.replace("Hello", "Grüße").getBytes(cp1252);
        Result r = fx.exchange(config(), Fixtures.get("/"),
                Fixtures.html(HttpResponseStatus.OK, "text/html; charset=\"windows-1252\""), body, split);
        assertArrayEquals(Fixtures.expected(RULES, cp1252, body), r.body);
        assertTrue(new String(r.body, cp1252).contains("Grüße – é"), new String(r.body, cp1252));
        assertEquals("start windows-1252", events.get(0));
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void charsetFromMetaPrescan(Split split) {
        Charset cp1252 = Charset.forName("windows-1252");
        String page = "<!-- <meta charset=koi8-r> --><html><head><meta http-equiv=\"Content-Type\" "
                + "content=\"text/html; charset=windows-1252\">" + PAGE.substring(PAGE.indexOf("<title>"));
        byte[] body = page.getBytes(cp1252);
        Result r = fx.exchange(config(), Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                body, split);
        assertArrayEquals(Fixtures.expected(RULES, cp1252, body), r.body);
        assertEquals("start windows-1252", events.get(0));
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void charsetFromByteOrderMarkAndDefault(Split split) {
        byte[] bom = utf8("\uFEFF" + PAGE);
        Result r = fx.exchange(config(), Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                bom, split);
        assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, bom), r.body);
        assertEquals("start UTF-8", events.get(0));
        events.clear();
        byte[] small = utf8("<p class=greeting>hi</p>");
        r = fx.exchange(config(), Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"), small,
                split);
        assertEquals("<p class=greeting>hi – é</p>", r.text());
        assertEquals("start UTF-8", events.get(0));
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void aByteOrderMarkWinsOverTheContentTypeCharset(Split split) {
        byte[] body = utf8("\uFEFF" + PAGE.replace("Hello", "Grüße"));
        Result r = fx.exchange(config(), Fixtures.get("/"),
                Fixtures.html(HttpResponseStatus.OK, "text/html; charset=windows-1252"), body, split);
        assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, body), r.body);
        assertTrue(r.text().contains("Grüße – é"), r.text());
        assertEquals(List.of("start UTF-8", "done"), events);
    }

    /** What the handler makes of a response's headers, for a request with this method and version. */
    private HttpHeaders headersFor(HttpMethod method, HttpVersion version, String type, String encoding) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, type);
        byte[] body = method.equals(HttpMethod.HEAD) ? new byte[0] : utf8(PAGE);
        head.headers().set("content-length", utf8(PAGE).length).set("etag", "\"v1\"").set("accept-ranges", "bytes");
        if (encoding != null) {
            head.headers().set("content-encoding", encoding);
            if (!method.equals(HttpMethod.HEAD)) {
                try {
                    body = gzip(body);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        Result r = fx.exchange(config(), Fixtures.request(method, version), head, body, Split.WHOLE);
        assertTrue(r.complete);
        return r.head.headers();
    }

    @Test
    void headResponsesGetTheHeadersTheRewrittenGetGets() {
        for (HttpVersion version : List.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_0)) {
            for (String encoding : java.util.Arrays.asList(null, "gzip")) {
                events.clear();
                HttpHeaders head = headersFor(HttpMethod.HEAD, version, "text/html", encoding);
                HttpHeaders get = headersFor(HttpMethod.GET, version, "text/html", encoding);
                String what = version + " " + encoding;
                assertEquals(get.toString(), head.toString(), what);
                assertFalse(head.contains("content-length"), what);
                assertFalse(head.contains("accept-ranges"), what);
                assertFalse(head.contains("content-encoding"), what);
                assertEquals("W/\"v1\"", head.get("etag"), what);
                assertEquals(version.equals(HttpVersion.HTTP_1_0) ? "close" : null, head.get("connection"), what);
                assertEquals("pass HEAD request (headers as for a rewritten GET)", events.get(0), what);
            }
        }
    }

    @Test
    void headResponsesWhoseGetIsNotRewrittenKeepTheirHeaders() {
        for (String type : List.of("text/css", "text/html; charset=iso-2022-jp", "application/xhtml+xml")) {
            events.clear();
            HttpHeaders head = headersFor(HttpMethod.HEAD, HttpVersion.HTTP_1_1, type, null);
            assertEquals(String.valueOf(utf8(PAGE).length), head.get("content-length"), type);
            assertEquals("\"v1\"", head.get("etag"), type);
            assertTrue(events.size() == 1 && events.get(0).startsWith("pass ") && !events.get(0).contains("GET"),
                    type + " " + events);
        }
        HtmlRewritingConfig declining = HtmlRewritingConfig.builder().rewriterFactory((req, res, cs) -> null).build();
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html");
        head.headers().set("content-length", 10);
        Result r = fx.exchange(declining, Fixtures.request(HttpMethod.HEAD, HttpVersion.HTTP_1_1), head, new byte[0],
                Split.WHOLE);
        assertEquals("10", r.head.headers().get("content-length"), "the factory declines: so does HEAD");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean zlibWrapped) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(6, !zlibWrapped))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "x-gzip", "deflate", "raw-deflate", "gzip-concatenated"})
    void compressedBodiesAreDecodedAndRewritten(String kind) throws IOException {
        byte[] page = utf8(PAGE);
        byte[] body = switch (kind) {
            case "gzip", "x-gzip" -> gzip(page);
            case "deflate" -> deflate(page, true);
            case "raw-deflate" -> deflate(page, false);
            default -> {
                byte[] a = gzip(java.util.Arrays.copyOf(page, 100));
                byte[] b = gzip(java.util.Arrays.copyOfRange(page, 100, page.length));
                byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, both, a.length, b.length);
                yield both;
            }
        };
        String encoding = kind.equals("raw-deflate") ? "deflate" : kind.equals("gzip-concatenated") ? "gzip" : kind;
        for (Split split : Split.values()) {
            HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html");
            head.headers().set("content-encoding", encoding).set("content-length", body.length);
            Result r = fx.exchange(config(), Fixtures.get("/"), head, body, split);
            assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, page), r.body, kind + " " + split);
            assertFalse(r.head.headers().contains("content-encoding"));
            assertFalse(r.head.headers().contains("content-length"));
            assertTrue(r.complete);
            assertAllPromisesSucceeded(r);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void decompressionBombBeforeAnyOutputIsA502(Split split) throws IOException {
        byte[] bomb = gzip(new byte[200_000]);
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html");
        head.headers().set("content-encoding", "gzip");
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(RULES).listener(recorder)
                .maxDecodedBytes(1000).build();
        Result r = fx.exchange(config, Fixtures.get("/"), head, bomb, split);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertEquals("close", r.head.headers().get("connection"));
        assertFalse(r.channelOpen);
        assertAllPromisesDone(r);
        assertEquals("fail BAD_GATEWAY", events.get(events.size() - 1));
    }

    @Test
    void truncatedGzipAfterOutputAbortsTheResponse() throws IOException {
        byte[] big = utf8(PAGE.repeat(50));
        byte[] gz = gzip(big);
        byte[] truncated = java.util.Arrays.copyOf(gz, gz.length - 30);
        for (Split split : List.of(Split.ONE_BYTE, Split.SEVEN_OFFSET, Split.DIRECT_13)) {
            events.clear();
            HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
            head.headers().set("content-encoding", "gzip");
            Result r = fx.exchange(config(), Fixtures.get("/"), head, truncated, split);
            assertEquals(HttpResponseStatus.OK, r.head.status());
            assertFalse(r.complete, "a truncated body must not end with the terminating chunk");
            assertFalse(r.channelOpen);
            assertTrue(r.body.length > 0);
            assertAllPromisesDone(r);
            assertEquals(List.of("start UTF-8", "fail ABORTED"), events);
        }
    }

    @Test
    void corruptGzipIsA502() {
        byte[] junk = utf8("\u001f\u008b not really gzip at all");
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        head.headers().set("content-encoding", "gzip");
        Result r = fx.exchange(config(), Fixtures.get("/"), head, junk, Split.WHOLE);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
    }

    private HtmlRewritingConfig throwingAt(String selector, FailureMode mode) {
        return HtmlRewritingConfig.builder().listener(recorder).failureMode(mode)
                .rules(RULES.andThen(b -> b.onElement(selector, el -> {
                    throw new IllegalStateException("boom");
                }))).build();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void handlerFailureBeforeAnyBodyByteIsA502(Split split) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html");
        Result r = fx.exchange(throwingAt("html", FailureMode.FAIL), Fixtures.get("/"), head, utf8(PAGE), split);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertTrue(r.text().startsWith("502"));
        assertFalse(r.channelOpen);
        assertAllPromisesDone(r);
        assertEquals("fail BAD_GATEWAY", events.get(events.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(value = Split.class, names = {"ONE_BYTE", "SEVEN_OFFSET", "DIRECT_13"})
    void handlerFailureAfterBodyBytesAbortsTheResponse(Split split) {
        String page = PAGE + "<p>" + "x".repeat(3000) + "</p><span class=late>late</span>" + "y".repeat(500);
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        Result r = fx.exchange(throwingAt("span.late", FailureMode.FAIL), Fixtures.get("/"), head, utf8(page),
                split);
        assertEquals(HttpResponseStatus.OK, r.head.status());
        assertFalse(r.complete);
        assertFalse(r.channelOpen);
        assertTrue(r.text().contains("xxx") && !r.text().contains("late"), r.text());
        assertAllPromisesDone(r);
        assertEquals("fail ABORTED", events.get(events.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void gracefulBailOutPassesTheRestThrough(Split split) {
        String page = PAGE + "<span class=late>late</span><a href=\"http://after/\">a</a>";
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        Result r = fx.exchange(throwingAt("span.late", FailureMode.PASS_THROUGH), Fixtures.get("/"), head,
                utf8(page), split);
        assertEquals(HttpResponseStatus.OK, r.head.status());
        assertTrue(r.complete && r.channelOpen);
        assertTrue(r.text().contains("https://example.com/"), r.text());
        assertTrue(r.text().endsWith("<span class=late>late</span><a href=\"http://after/\">a</a>"), r.text());
        assertAllPromisesSucceeded(r);
        assertTrue(events.contains("fail PASSED_THROUGH"), events.toString());
    }

    @Test
    void memoryLimitFailureIsReported() {
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(RULES).listener(recorder)
                .memoryLimit(1024).build();
        String page = "<a href=\"http://x/" + "z".repeat(5000) + "\">x</a>";
        Result r = fx.exchange(config, Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                utf8(page), Split.SEVEN_OFFSET);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertAllPromisesDone(r);
    }

    @Test
    void unchangedHeapBytesLeaveAsSlicesOfTheInput() {
        byte[] page = utf8("<html><body><p>" + "same bytes ".repeat(100) + "</p><div class=ad>x</div>tail</body>");
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        EmbeddedChannel ch = fx.channel(config());
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            ByteBuf in = fx.offsetHeap(page, 0, page.length);
            ch.writeOutbound(head, new DefaultLastHttpContent(in));
            assertSame(head, ch.readOutbound());
            LastHttpContent out = ch.readOutbound();
            try {
                ByteBuf content = out.content();
                assertTrue(content instanceof CompositeByteBuf, content.getClass().toString());
                CompositeByteBuf composite = (CompositeByteBuf) content;
                ByteBuf first = composite.component(0);
                assertTrue(first.hasArray());
                assertSame(in.array(), first.array(), "unchanged bytes must share the input's array");
                assertTrue(in.refCnt() >= 1, "the output slices hold the input");
            } finally {
                out.release();
            }
            assertEquals(0, in.refCnt());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void clientDisconnectingMidBodyReleasesEverything() {
        EmbeddedChannel ch = fx.channel(config());
        ch.writeInbound(Fixtures.get("/"));
        ReferenceCountUtil.release(ch.readInbound());
        byte[] page = utf8(PAGE);
        List<ChannelPromise> promises = new ArrayList<>();
        ChannelPromise p = ch.newPromise();
        promises.add(p);
        ch.writeOneOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html"), p);
        for (int i = 0; i < 40; i++) {
            p = ch.newPromise();
            promises.add(p);
            ch.writeOneOutbound(new DefaultHttpContent(fx.heap(page, i, 1)), p);
        }
        ch.flushOutbound();
        ch.close(); // the client went away while still sniffing / holding content
        ByteBuf late = fx.heap(page, 40, 10);
        ChannelPromise latePromise = ch.newPromise();
        ch.pipeline().write(new DefaultLastHttpContent(late), latePromise);
        ch.runPendingTasks();
        ch.finishAndReleaseAll();
        assertEquals(0, late.refCnt());
        for (ChannelPromise each : promises) {
            assertTrue(each.isDone());
        }
        assertTrue(latePromise.isDone() && !latePromise.isSuccess());
        assertEquals(List.of("fail ABORTED"), events);
    }

    @Test
    void http10ClientsGetConnectionCloseInsteadOfChunked() {
        Result r = fx.exchange(config(), Fixtures.request(HttpMethod.GET, HttpVersion.HTTP_1_0),
                Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8"), utf8(PAGE), Split.SEVEN_OFFSET);
        assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE)), r.body);
        assertNull(r.head.headers().get("transfer-encoding"));
        assertEquals("close", r.head.headers().get("connection"));
        assertFalse(r.channelOpen);
    }

    @Test
    void trailersAreKept() {
        EmbeddedChannel ch = fx.channel(config());
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            DefaultLastHttpContent last = new DefaultLastHttpContent(fx.heap(utf8(PAGE), 0, PAGE.length()));
            last.trailingHeaders().set("x-trailer", "t");
            ch.writeOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8"), last);
            Result r = new Result();
            Fixtures.collect(ch, r);
            assertEquals("t", r.trailers.get("x-trailer"));
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void factoryMayDeclineAResponse() {
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().listener(recorder)
                .rewriterFactory((req, res, cs) -> req.uri().startsWith("/raw") ? null : null).build();
        Result r = fx.exchange(config, Fixtures.get("/raw"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                utf8(PAGE), Split.ONE_BYTE);
        assertArrayEquals(utf8(PAGE), r.body);
        assertAllPromisesSucceeded(r);
    }

    @Test
    void acceptEncodingIsNarrowedWhenAsked() {
        EmbeddedChannel ch = fx.channel(HtmlRewritingConfig.builder().rules(RULES).narrowAcceptEncoding(true)
                .build());
        try {
            HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "br;q=1.0, gzip;q=0.8, zstd, deflate");
            ch.writeInbound(req);
            HttpRequest seen = ch.readInbound();
            assertEquals("br;q=1.0, gzip;q=0.8, deflate", seen.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
            HttpRequest onlyZstd = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            onlyZstd.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "zstd");
            ch.writeInbound(onlyZstd);
            assertFalse(((HttpRequest) ch.readInbound()).headers().contains(HttpHeaderNames.ACCEPT_ENCODING));
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalStateException.class, () -> HtmlRewritingConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> HtmlRewritingConfig.builder().memoryLimit(10));
        assertThrows(IllegalArgumentException.class, () -> HtmlRewritingConfig.builder().maxDecodedBytes(0));
        assertThrows(IllegalArgumentException.class, () -> HtmlRewritingConfig.builder().mediaTypes(Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> HtmlRewritingConfig.builder().mediaTypes(Set.of("text/html; charset=x")));
        for (String xml : List.of("application/xhtml+xml", "APPLICATION/XHTML+XML", "image/svg+xml", "text/xml",
                "application/xml", "application/atom+xml")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HtmlRewritingConfig.builder().mediaTypes(Set.of("text/html", xml)), xml);
            assertTrue(e.getMessage().contains("XML"), e.getMessage());
        }
        assertEquals(Set.of("text/html"), HtmlRewritingConfig.builder().rules(RULES).build().mediaTypes());
        assertThrows(NullPointerException.class, () -> HtmlRewritingConfig.builder().listener(null));
        assertThrows(IllegalArgumentException.class,
                () -> HtmlRewritingConfig.builder().rules(b -> b.onElement("a[", el -> { })).build());
        HtmlRewritingConfig c = HtmlRewritingConfig.builder().rules(RULES).mediaTypes(Set.of("Text/Plain")).build();
        assertEquals(Set.of("text/plain"), c.mediaTypes());
        assertEquals(FailureMode.FAIL, c.failureMode());
    }

    @Test
    void voidPromisesAreAccepted() {
        EmbeddedChannel ch = fx.channel(config());
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            ch.write(Fixtures.html(HttpResponseStatus.OK, "text/html"), ch.voidPromise());
            for (int i = 0; i < PAGE.length(); i += 100) {
                HttpContent c = new DefaultHttpContent(fx.heap(utf8(PAGE), i, Math.min(100, PAGE.length() - i)));
                ch.write(c, ch.voidPromise());
            }
            ch.writeAndFlush(new DefaultLastHttpContent(), ch.voidPromise());
            Result r = new Result();
            Fixtures.collect(ch, r);
            assertArrayEquals(Fixtures.expected(RULES, StandardCharsets.UTF_8, utf8(PAGE)), r.body);
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
