package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.RewriterSettings;
import org.junit.jupiter.api.Test;

class RequestInfoTest {
    private static final OutputSink DISCARD = OutputSink.of(java.io.OutputStream.nullOutputStream());

    private static HttpRequest request(String... headerNamesAndValues) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/cart?x=1");
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            req.headers().add(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        return req;
    }

    @Test
    void holdsTheRequestLineAndACopyOfTheHeadersAsTheyWereWhenRead() {
        HttpRequest req = request("Host", "shop.example", "X-Twice", "a", "X-Twice", "b");
        RequestInfo info = RequestInfo.of(req);
        req.headers().set(HttpHeaderNames.HOST, "origin.internal").remove("X-Twice");
        req.setUri("/changed");
        assertEquals(HttpMethod.POST, info.method());
        assertEquals(HttpVersion.HTTP_1_1, info.version());
        assertEquals("/cart?x=1", info.uri());
        assertEquals("shop.example", info.headers().get("host"), "names are case-insensitive");
        assertEquals(List.of("a", "b"), info.headers().getAll("x-twice"));
        assertEquals(3, info.headers().size());
    }

    @Test
    void theHeadersCannotBeChanged() {
        RequestInfo info = RequestInfo.of(request("Host", "shop.example"));
        assertThrows(UnsupportedOperationException.class, () -> info.headers().set("Host", "other"));
        assertThrows(UnsupportedOperationException.class, () -> info.headers().remove("Host"));
        assertTrue(new RequestInfo(HttpMethod.GET, HttpVersion.HTTP_1_0, "/").headers().isEmpty());
    }

    @Test
    void aFullRequestsContentIsNeitherCopiedNorRetained() {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/form",
                Unpooled.copiedBuffer("a=1", StandardCharsets.US_ASCII));
        req.headers().set(HttpHeaderNames.HOST, "shop.example");
        RequestInfo info = RequestInfo.of(req);
        assertEquals(1, req.refCnt());
        assertTrue(req.release());
        assertEquals("shop.example", info.headers().get(HttpHeaderNames.HOST));
    }

    @Test
    void cookiesAreFoundByNameInEveryCookieHeader() {
        RequestInfo info = RequestInfo.of(request("Cookie", "session=abc; channel=\"beta\"; empty=",
                "Cookie", "late=1; session=second"));
        assertEquals("abc", info.cookie("session"), "the first of two with the same name");
        assertEquals("beta", info.cookie("channel"), "quotes are not part of the value");
        assertEquals("", info.cookie("empty"));
        assertEquals("1", info.cookie("late"));
        assertNull(info.cookie("Session"), "names are case-sensitive");
        assertNull(RequestInfo.of(request()).cookie("session"));
    }

    @Test
    void aRewriterMadeByTheAdapterFindsItsRequestInItsContext() {
        RequestInfo info = RequestInfo.of(request("Host", "shop.example"));
        RewriterSettings settings = HtmlRewriter.builder().settings();
        assertSame(info, RequestInfo.of(settings.newRewriter(DISCARD, info).context()));
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
                () -> RequestInfo.of(settings.newRewriter(DISCARD, "a string").context()));
        assertTrue(notOurs.getMessage().contains("not created by HtmlRewritingHandler"), notOurs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestInfo.of(settings.newRewriter(DISCARD).context()));
    }

    @Test
    void toStringShowsTheRequestLineButNoHeaders() {
        RequestInfo info = RequestInfo.of(request("Cookie", "session=secret"));
        assertEquals("POST /cart?x=1 HTTP/1.1", info.toString());
        assertFalse(info.toString().contains("secret"));
    }
}
