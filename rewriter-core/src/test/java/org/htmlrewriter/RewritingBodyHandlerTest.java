package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RewritingBodyHandler} with the JDK's {@link HttpClient} against a real {@link HttpServer} on 127.0.0.1. */
class RewritingBodyHandlerTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final RewritingRules RULES = RewritingRules.of(b -> b
            .onElement("a[href^='http://']", el -> el.setAttribute("href",
                    "https://" + el.getAttribute("href").substring("http://".length())))
            .onElement("h1", el -> el.append(" \u00e9t\u00e9", TEXT))
            .onElement("b.fail", el -> {
                throw new IllegalStateException("handler failed");
            })
            .onDocumentEnd(e -> e.append("<!--end-->", HTML)));

    private static HttpServer server;
    private static ExecutorService serverThreads;
    private static HttpClient client;
    /** Released by the streaming test once the client has read the first part. */
    private static volatile CountDownLatch firstPartSeen = new CountDownLatch(1);

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/page", ex -> respond(ex, "text/html; charset=utf-8",
                "<h1>Title</h1><a href=\"http://example.org/x\">x</a>".getBytes(StandardCharsets.UTF_8), false));
        server.createContext("/latin", ex -> respond(ex, "text/html;charset=\"windows-1252\"",
                "<h1>caf\u00e9</h1>".getBytes(WINDOWS_1252), false));
        server.createContext("/plain", ex -> respond(ex, "text/plain",
                "<a href=\"http://example.org/x\">".getBytes(StandardCharsets.UTF_8), false));
        server.createContext("/gzip", ex -> respond(ex, "text/html", gzip("<a href=\"http://e.org/\">"), true));
        server.createContext("/utf16", ex -> respond(ex, "text/html; charset=utf-16",
                "<a href=\"http://e.org/\">".getBytes(StandardCharsets.UTF_16), false));
        server.createContext("/utf32", ex -> respond(ex, "text/html; charset=utf-32",
                "<a href=\"http://e.org/\">".getBytes(Charset.forName("UTF-32")), false));
        server.createContext("/empty", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.createContext("/fail", ex -> respond(ex, "text/html",
                ("<p>fine</p>" + "x".repeat(50_000) + "<b class=fail>no</b>").getBytes(StandardCharsets.UTF_8),
                false));
        server.createContext("/slow", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                out.write("<p><a href=\"http://example.org/first\">first</a></p>".getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!firstPartSeen.await(20, TimeUnit.SECONDS)) {
                    return; // the client never saw the first part: the test fails on its side
                }
                out.write("<p><a href=\"http://example.org/second\">second</a></p>".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private static void respond(HttpExchange ex, String contentType, byte[] body, boolean gzip) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(200, "HEAD".equals(ex.getRequestMethod()) ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!"HEAD".equals(ex.getRequestMethod())) {
                out.write(body);
            }
        }
    }

    private static byte[] gzip(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> downstream) throws Exception {
        return client.send(get(path), RewritingBodyHandler.of(RULES, downstream));
    }

    @Test
    void anHtmlBodyIsRewrittenAsItArrives() throws Exception {
        HttpResponse<String> res = send("/page", HttpResponse.BodyHandlers.ofString());
        assertEquals("<h1>Title \u00e9t\u00e9</h1><a href=\"https://example.org/x\">x</a><!--end-->", res.body());
    }

    @Test
    void theCharsetComesFromTheContentTypeHeader() throws Exception {
        HttpResponse<byte[]> res = send("/latin", HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals("<h1>caf\u00e9 \u00e9t\u00e9</h1><!--end-->".getBytes(WINDOWS_1252), res.body(),
                "read and written in windows-1252, one byte per \u00e9");
    }

    @Test
    void otherMediaTypesCompressedBodiesAndUnusableCharsetsPassThroughUntouched() throws Exception {
        assertEquals("<a href=\"http://example.org/x\">", send("/plain", HttpResponse.BodyHandlers.ofString()).body());
        assertArrayEquals(gzip("<a href=\"http://e.org/\">"),
                send("/gzip", HttpResponse.BodyHandlers.ofByteArray()).body());
        assertArrayEquals("<a href=\"http://e.org/\">".getBytes(Charset.forName("UTF-32")),
                send("/utf32", HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    @Test
    void aUtf16BodyIsRewrittenInUtf16() throws Exception {
        // The JDK's UTF-16 encoder wrote a big-endian byte order mark: it decides the byte order, and stays.
        assertArrayEquals("<a href=\"https://e.org/\"><!--end-->".getBytes(StandardCharsets.UTF_16),
                send("/utf16", HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    @Test
    void responsesWithoutABodyStayEmpty() throws Exception {
        assertEquals("", send("/empty", HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(get("/page").uri())
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                RewritingBodyHandler.of(RULES, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body(), "no document-end content on a HEAD response");
    }

    @Test
    void theClientReadsTheFirstRewrittenBytesBeforeTheServerHasSentTheRest() throws Exception {
        firstPartSeen = new CountDownLatch(1);
        HttpResponse<InputStream> res = send("/slow", HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = res.body()) {
            String first = "<p><a href=\"https://example.org/first\">first</a></p>";
            while (!got.toString(StandardCharsets.UTF_8).contains(first)) {
                int b = in.read();
                assertTrue(b >= 0, "the body ended before its first part was read: " + got);
                got.write(b);
            }
            firstPartSeen.countDown(); // only now does the server send the rest
            in.transferTo(got);
        }
        assertEquals("<p><a href=\"https://example.org/first\">first</a></p>"
                + "<p><a href=\"https://example.org/second\">second</a></p><!--end-->",
                got.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRewritingFailureMidBodyFailsTheResponseWithThatCause() {
        IOException e = assertThrows(IOException.class, () -> send("/fail", HttpResponse.BodyHandlers.ofString()));
        Throwable cause = e;
        while (cause != null && !(cause instanceof HandlerException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof HandlerException, "caused by the handler's failure: " + e);
        assertEquals("handler failed", cause.getCause().getMessage());
    }

    @Test
    void aStreamingBodyGetsTheOutputBeforeTheFailureThenAnIOException() throws Exception {
        HttpResponse<InputStream> res = send("/fail", HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = res.body()) {
            assertThrows(IOException.class, () -> in.transferTo(got));
        }
        assertTrue(got.toString(StandardCharsets.UTF_8).startsWith("<p>fine</p>xxx"), "a correct prefix came first");
        assertTrue(!got.toString(StandardCharsets.UTF_8).contains("<b"), "nothing after the failure");
    }
}
