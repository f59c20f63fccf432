package org.htmlrewriter.servlet;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.htmlrewriter.HandlerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.htmlrewriter.RewritingRules;

/** {@link HtmlRewritingFilter} in a real Jetty 12 (Servlet 6) server, over real HTTP on 127.0.0.1. */
class HtmlRewritingFilterTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final RewritingRules RULES = RewritingRules.of(b -> b
            .onElement("a[href^='http://']", el -> el.setAttribute("href",
                    "https://" + el.getAttribute("href").substring("http://".length())))
            .onElement("h1", el -> el.append(" \u00e9t\u00e9", TEXT))
            .onElement("b.fail", el -> {
                throw new IllegalStateException("handler failed");
            })
            .onDocumentEnd(e -> e.append("<!--end-->", HTML)));
    private static final String PAGE = "<h1>Caf\u00e9</h1><a href=\"http://example.org/x\">x</a>";
    private static final String REWRITTEN = "<h1>Caf\u00e9 \u00e9t\u00e9</h1><a href=\"https://example.org/x\">x</a>"
            + "<!--end-->";

    @FunctionalInterface
    interface Body {
        void handle(HttpServletRequest req, HttpServletResponse res) throws Exception;
    }

    static HttpServlet servlet(Body body) {
        return new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                try {
                    body.handle(req, res);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        };
    }

    private static final CompletableFuture<Throwable> SEEN_BY_FAILING_SERVLET = new CompletableFuture<>();
    private static volatile CountDownLatch firstPartSeen = new CountDownLatch(1);
    private static JettyServer server;
    private static JettyServer gzipServer;
    private static JettyServer committingServer;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Map<String, HttpServlet> s = new LinkedHashMap<>();
        s.put("/stream", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            res.setContentLength(body.length); // wrong once rewritten: the filter drops it
            res.getOutputStream().write(body);
        }));
        s.put("/writer", servlet((req, res) -> {
            res.setContentType("text/html");
            res.setCharacterEncoding("utf-8");
            res.getWriter().print(PAGE); // not closed: the filter ends the document when the request returns
        }));
        s.put("/flush-first", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            res.setContentLength(PAGE.length()); // wrong once rewritten
            res.flushBuffer(); // headers leave before any body byte
            res.getWriter().print(PAGE);
        }));
        s.put("/latin-writer", servlet((req, res) -> {
            res.setContentType("text/html");
            res.setCharacterEncoding("windows-1252");
            try (PrintWriter w = res.getWriter()) {
                w.print(PAGE);
            }
        }));
        s.put("/utf16-writer", servlet((req, res) -> {
            res.setContentType("text/html");
            res.setCharacterEncoding("UTF-16"); // the writer starts with a big-endian byte order mark
            try (PrintWriter w = res.getWriter()) {
                w.print(PAGE + "\ud83d\ude00");
            }
        }));
        s.put("/utf16le-stream", servlet((req, res) -> {
            res.setContentType("text/html; charset=UTF-16LE");
            try (OutputStream out = res.getOutputStream()) {
                byte[] body = (PAGE + "\ud83d\ude00").getBytes(StandardCharsets.UTF_16LE);
                for (int i = 0; i < body.length; i += 3) { // odd pieces: code units split between writes
                    out.write(body, i, Math.min(3, body.length - i));
                }
            }
        }));
        s.put("/latin-stream", servlet((req, res) -> {
            res.setContentType("text/html; charset=windows-1252");
            try (OutputStream out = res.getOutputStream()) {
                out.write(PAGE.getBytes(WINDOWS_1252));
            }
        }));
        s.put("/plain", servlet((req, res) -> {
            res.setContentType("text/plain");
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
        }));
        s.put("/not-found", servlet((req, res) -> {
            res.setStatus(404);
            res.setContentType("text/html; charset=utf-8");
            res.getWriter().print(PAGE);
        }));
        s.put("/send-error", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            res.sendError(503, "busy");
        }));
        s.put("/no-content", servlet((req, res) -> {
            res.setContentType("text/html");
            res.setStatus(204);
        }));
        s.put("/not-modified", servlet((req, res) -> {
            res.setContentType("text/html");
            res.setStatus(304);
        }));
        s.put("/compressed", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            res.setHeader("Content-Encoding", "gzip");
            res.getOutputStream().write(gzip(PAGE.getBytes(StandardCharsets.UTF_8)));
        }));
        s.put("/async", servlet((req, res) -> {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    res.setContentType("text/html; charset=utf-8");
                    PrintWriter w = async.getResponse().getWriter();
                    w.print(PAGE.substring(0, 10));
                    w.flush();
                    w.print(PAGE.substring(10));
                } catch (IOException e) {
                    throw new AssertionError(e);
                } finally {
                    async.complete(); // the document ends here, the writer never closed
                }
            });
        }));
        s.put("/non-blocking", servlet((req, res) -> {
            AsyncContext async = req.startAsync();
            res.setContentType("text/html; charset=utf-8");
            ServletOutputStream out = res.getOutputStream();
            byte[][] parts = {"<h1>Caf\u00e9</h1>".getBytes(StandardCharsets.UTF_8),
                    "<a href=\"http://example.org/x\">".getBytes(StandardCharsets.UTF_8),
                    "x</a>".getBytes(StandardCharsets.UTF_8)};
            out.setWriteListener(new WriteListener() {
                private int next;

                @Override
                public void onWritePossible() throws IOException {
                    while (out.isReady()) {
                        if (next == parts.length) {
                            async.complete();
                            return;
                        }
                        out.write(parts[next++]);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    async.complete();
                }
            });
        }));
        s.put("/slow", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            ServletOutputStream out = res.getOutputStream();
            out.write("<p><a href=\"http://example.org/first\">first</a></p>".getBytes(StandardCharsets.UTF_8));
            res.flushBuffer();
            if (!firstPartSeen.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the client never saw the first part");
            }
            out.write("<p><a href=\"http://example.org/second\">second</a></p>".getBytes(StandardCharsets.UTF_8));
        }));
        s.put("/handler-fails", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            ServletOutputStream out = res.getOutputStream();
            out.write(("<p>fine</p>" + "x".repeat(40_000)).getBytes(StandardCharsets.UTF_8));
            res.flushBuffer();
            try {
                out.write("<b class=fail>no</b><p>more</p>".getBytes(StandardCharsets.UTF_8));
                SEEN_BY_FAILING_SERVLET.complete(null);
            } catch (IOException e) {
                SEEN_BY_FAILING_SERVLET.complete(e);
                throw e;
            }
        }));
        s.put("/servlet-fails", servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            ServletOutputStream out = res.getOutputStream();
            out.write(("<p>fine</p>" + "x".repeat(40_000)).getBytes(StandardCharsets.UTF_8));
            res.flushBuffer();
            throw new IllegalStateException("servlet failed mid-body");
        }));
        server = new JettyServer(s, false, new HtmlRewritingFilter(RULES));
        gzipServer = new JettyServer(Map.of("/stream", s.get("/stream"), "/compressed", s.get("/compressed")), true,
                new HtmlRewritingFilter(RULES));
        Filter committing = (req, res, chain) -> {
            res.setContentType("text/html; charset=utf-8");
            res.flushBuffer(); // commits the response before the rewriting filter runs
            chain.doFilter(req, res);
        };
        committingServer = new JettyServer(Map.of("/writer", s.get("/writer")), false, committing,
                new HtmlRewritingFilter(RULES));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        gzipServer.close();
        committingServer.close();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<byte[]> get(JettyServer on, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(on.uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String utf8(HttpResponse<byte[]> res) {
        return new String(res.body(), StandardCharsets.UTF_8);
    }

    @Test
    void rewritesWhatTheServletWritesToItsOutputStreamAndDropsTheContentLength() throws Exception {
        HttpResponse<byte[]> res = get(server, "/stream");
        assertEquals(200, res.statusCode());
        assertEquals(REWRITTEN, utf8(res));
        assertFalse(res.headers().firstValue("Content-Length").isPresent(), res.headers().toString());
    }

    @Test
    void rewritesWhatTheServletWritesToItsWriterAndEndsTheDocumentWhenTheRequestReturns() throws Exception {
        assertEquals(REWRITTEN, utf8(get(server, "/writer")));
    }

    @Test
    void aServletThatFlushesItsHeadersBeforeWritingIsRewrittenToo() throws Exception {
        HttpResponse<byte[]> res = get(server, "/flush-first");
        assertEquals(REWRITTEN, utf8(res));
        assertFalse(res.headers().firstValue("Content-Length").isPresent(), res.headers().toString());
    }

    @Test
    void honoursTheResponseCharsetOfTheWriterAndOfTheStream() throws Exception {
        for (String path : new String[] {"/latin-writer", "/latin-stream"}) {
            HttpResponse<byte[]> res = get(server, path);
            assertArrayEquals(REWRITTEN.getBytes(WINDOWS_1252), res.body(), path);
            assertTrue(res.headers().firstValue("Content-Type").orElseThrow().toLowerCase().contains("windows-1252"),
                    path + " declares its charset");
        }
    }

    @Test
    void rewritesUtf16ResponsesInUtf16() throws Exception {
        HttpResponse<byte[]> writer = get(server, "/utf16-writer");
        byte[] bom = {(byte) 0xFE, (byte) 0xFF};
        assertArrayEquals(bom, java.util.Arrays.copyOf(writer.body(), 2), "the writer's byte order mark stays");
        assertEquals("\ufeff" + REWRITTEN.replace("<!--end-->", "\ud83d\ude00<!--end-->"),
                new String(writer.body(), StandardCharsets.UTF_16BE));
        HttpResponse<byte[]> stream = get(server, "/utf16le-stream");
        assertArrayEquals(REWRITTEN.replace("<!--end-->", "\ud83d\ude00<!--end-->").getBytes(StandardCharsets.UTF_16LE),
                stream.body());
    }

    @Test
    void leavesOtherTypesErrorsBodilessStatusesAndHeadRequestsAlone() throws Exception {
        HttpResponse<byte[]> plain = get(server, "/plain");
        assertEquals(PAGE, utf8(plain));
        assertEquals(String.valueOf(PAGE.getBytes(StandardCharsets.UTF_8).length),
                plain.headers().firstValue("Content-Length").orElseThrow(), "a length that stays right is kept");
        HttpResponse<byte[]> notFound = get(server, "/not-found");
        assertEquals(404, notFound.statusCode());
        assertEquals(PAGE, utf8(notFound));
        HttpResponse<byte[]> error = get(server, "/send-error");
        assertEquals(503, error.statusCode());
        assertFalse(utf8(error).contains("<!--end-->"), "the container's error page is not rewritten");
        assertEquals(204, get(server, "/no-content").statusCode());
        assertEquals("", utf8(get(server, "/no-content")));
        assertEquals(304, get(server, "/not-modified").statusCode());
        assertEquals("", utf8(get(server, "/not-modified")));
        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(server.uri("/stream"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(PAGE.getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("Content-Length").orElseThrow(), "HEAD passes through untouched");
    }

    @Test
    void leavesAResponseCommittedBeforeTheFilterAlone() throws Exception {
        assertEquals(PAGE, utf8(get(committingServer, "/writer")));
    }

    @Test
    void rewritesAnAsyncServletsResponseAndEndsTheDocumentAtComplete() throws Exception {
        assertEquals(REWRITTEN, utf8(get(server, "/async")));
    }

    @Test
    void rewritesANonBlockingServletsResponse() throws Exception {
        assertEquals(REWRITTEN, utf8(get(server, "/non-blocking")));
    }

    @Test
    void theFirstRewrittenBytesReachTheClientBeforeTheServletFinishes() throws Exception {
        firstPartSeen = new CountDownLatch(1);
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(server.uri("/slow"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = res.body()) {
            String first = "<p><a href=\"https://example.org/first\">first</a></p>";
            while (!got.toString(StandardCharsets.UTF_8).contains(first)) {
                int b = in.read();
                assertTrue(b >= 0, "the body ended before its first part: " + got);
                got.write(b);
            }
            firstPartSeen.countDown(); // the servlet is still waiting: only now does it write the rest
            in.transferTo(got);
        }
        assertEquals("<p><a href=\"https://example.org/first\">first</a></p>"
                + "<p><a href=\"https://example.org/second\">second</a></p><!--end-->",
                got.toString(StandardCharsets.UTF_8));
    }

    /** Reads a body that may break off; returns what arrived. */
    private static String readUntilBroken(JettyServer on, String path) throws Exception {
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(on.uri(path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (InputStream in = res.body()) {
            in.transferTo(got);
        } catch (IOException expected) {
            // the container aborts the response: the client sees a body cut short
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHandlerFailingMidBodyFailsTheServletsWriteAndTheClientGetsOnlyACorrectPrefix() throws Exception {
        String got = readUntilBroken(server, "/handler-fails");
        Throwable seen = SEEN_BY_FAILING_SERVLET.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IOException.class, seen, "the servlet's write threw");
        assertInstanceOf(HandlerException.class, seen.getCause());
        assertTrue(got.startsWith("<p>fine</p>xxx"), got.length() > 20 ? got.substring(0, 20) : got);
        assertFalse(got.contains("<b") || got.contains("more") || got.contains("<!--end-->"), "nothing after it");
    }

    @Test
    void aServletFailingMidBodyGetsNoDocumentEnd() throws Exception {
        String got = readUntilBroken(server, "/servlet-fails");
        assertTrue(got.startsWith("<p>fine</p>xxx"));
        assertFalse(got.contains("<!--end-->"), "the filter does not end a document its servlet abandoned");
    }

    @Test
    void theContainersGzipRunsAfterTheFilterAndAnAlreadyCompressedBodyPassesThrough() throws Exception {
        HttpResponse<byte[]> res = get(gzipServer, "/stream", "Accept-Encoding", "gzip");
        assertEquals("gzip", res.headers().firstValue("Content-Encoding").orElse("none"));
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(res.body()))) {
            assertEquals(REWRITTEN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> compressed = get(server, "/compressed", "Accept-Encoding", "gzip");
        assertArrayEquals(gzip(PAGE.getBytes(StandardCharsets.UTF_8)), compressed.body());
    }

}
