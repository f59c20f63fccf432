package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.selectors.Namespaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code snippets of the README (sections "Using the library" and "Integrations") and of the core's javadoc, as
 * written there, compiled and run. When a snippet changes, change it here too (and the other way round).
 */
class ReadmeSnippetsTest {
    private static final String PAGE = "<html><head></head><body><a href=\"http://example.org/\">x</a>"
            + "<div class=\"ad\">ad</div></body></html>";
    private static final String REWRITTEN = "<html><head><script src=\"/inject.js\"></script></head><body>"
            + "<a href=\"https://proxy.example/?u=https://example.org/\">x</a></body></html>";

    /** README, "Using the library". */
    private static RewriterSettings usingTheLibrary(byte[] chunk, OutputStream out) {
        // Compile once (selectors parsed and compiled into one matching program); thread-safe, share it.
        RewriterSettings settings = HtmlRewriter.builder()
            .onElement("a[href^='http://']", el ->
                el.setAttribute("href", "https://" + el.getAttribute("href").substring("http://".length())))
            .onElement("a[href]", el -> el.setAttribute("href", "https://proxy.example/?u=" + el.getAttribute("href")))
            .onElement("head", el -> el.append("<script src=\"/inject.js\"></script>", HTML))
            .onElement(".ad, iframe[src*='tracker']", el -> el.remove())
            .settings();

        // One rewriter per document (cheap), fed chunks of any size; out is any OutputStream.
        HtmlRewriter rewriter = settings.newRewriter(OutputSink.of(out));
        rewriter.write(chunk, 0, chunk.length);   // as often as needed; output is written before write returns
        rewriter.end();                           // flushes what the end of input decides
        return settings;
    }

    @Test
    void usingTheLibrary() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriterSettings settings = usingTheLibrary(PAGE.getBytes(StandardCharsets.UTF_8), out);
        assertEquals(REWRITTEN, out.toString(StandardCharsets.UTF_8));
        assertEquals(REWRITTEN, HtmlRewriter.rewrite(PAGE, settings));
    }

    /** README, "Reading and mutations": whole text nodes. */
    @Test
    void textNodes() {
        RewriterSettings settings = HtmlRewriter.builder()
            .onTextNode("h1, h2", node -> node.replace(node.text().toUpperCase(Locale.ROOT), ContentType.TEXT))
            .onDocumentTextNode(node -> {
                if (node.text().contains("TODO")) {
                    node.remove();
                }
            })
            .settings();
        String html = "<h1>Caf\u00e9 &amp; bar</h1><p>TODO: write</p><p>done</p>";
        String expected = "<h1>CAF\u00c9 &amp; BAR</h1><p></p><p>done</p>";
        assertEquals(expected, HtmlRewriter.rewrite(html, settings));
        assertEquals(expected, Rewrites.run(settings, html, 1));
    }

    /** README, "Charsets", and {@link EncodingSniffer}'s javadoc. */
    @Test
    void charsets() {
        RewritingRules rules = RewritingRules.of(b -> b.onElement("p", el -> el.append("\u00e9", ContentType.TEXT)));
        String contentType = "text/html";
        byte[] first = "<meta charset=windows-1251><p>x".getBytes(StandardCharsets.US_ASCII);
        int firstLength = first.length;
        EncodingSniffer.Result found = EncodingSniffer.withDefault(StandardCharsets.UTF_8)
            .sniff(first, 0, firstLength, RewritingRules.charsetParameter(contentType));   // first: the first 1024 bytes
        RewriterSettings forDocument = rules.settingsFor(found.charset());                  // or builder.charset(...)
        assertEquals("windows-1251", forDocument.charset().name());
        assertEquals(EncodingSniffer.Source.META, found.source());
    }

    @Test
    void integrationsOutputAndInputStreams() throws IOException {
        RewriterSettings settings = usingTheLibrary(new byte[0], new ByteArrayOutputStream());
        InputStream in = new ByteArrayInputStream(PAGE.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // OutputStream: a filter stream (close() ends the document and closes out).
        try (OutputStream rewriting = new RewritingOutputStream(out, settings)) {
            in.transferTo(rewriting);
        }
        assertEquals(REWRITTEN, out.toString(StandardCharsets.UTF_8));

        in = new ByteArrayInputStream(PAGE.getBytes(StandardCharsets.UTF_8));
        out = new ByteArrayOutputStream();
        // InputStream: read the rewritten document (pull); holds one chunk's output (16 KiB of input by default) at a time.
        try (InputStream rewritten = new RewritingInputStream(in, settings)) {
            rewritten.transferTo(out);
        }
        assertEquals(REWRITTEN, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void integrationsHttpClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = "<a href=\"http://example.org/\">x</a>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/")).build();
            // java.net.http: text/html responses rewritten as they arrive, in the charset of their Content-Type; other
            // responses (other types, compressed, no body) reach the downstream handler untouched.
            RewritingRules rules = RewritingRules.of(b -> b
                .onElement("a[href^='http://']", el -> el.setAttribute("href",
                    "https://" + el.getAttribute("href").substring("http://".length()))));
            HttpResponse<String> page = client.send(request, RewritingBodyHandler.of(rules, HttpResponse.BodyHandlers.ofString()));
            assertEquals("<a href=\"https://example.org/\">x</a>", page.body());

            // RewritingBodyHandler's javadoc
            HttpResponse<String> res = client.send(request,
                RewritingBodyHandler.of(rules, HttpResponse.BodyHandlers.ofString()));
            assertEquals(page.body(), res.body());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void integrationsFlow() throws Exception {
        RewriterSettings settings = usingTheLibrary(new byte[0], new ByteArrayOutputStream());
        SubmissionPublisher<List<ByteBuffer>> publisher = new SubmissionPublisher<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        Flow.Subscriber<List<ByteBuffer>> subscriber = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                item.forEach(b -> got.write(b.array(), b.arrayOffset() + b.position(), b.remaining()));
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(got.toString(StandardCharsets.UTF_8));
            }
        };
        // Flow / Reactive Streams: a Processor<List<ByteBuffer>, List<ByteBuffer>> for one document; demand passes through,
        // nothing is queued.
        RewritingProcessor processor = new RewritingProcessor(settings);
        publisher.subscribe(processor);
        processor.subscribe(subscriber);

        publisher.submit(List.of(ByteBuffer.wrap(PAGE.getBytes(StandardCharsets.UTF_8))));
        publisher.close();
        assertEquals(REWRITTEN, done.get(10, TimeUnit.SECONDS));
    }

    /** What the README's asynchronous snippet calls: a fragment service, a footer. */
    private interface Fragments {
        CompletableFuture<String> fetch(String src);
    }

    private static CompletableFuture<String> footer() {
        return CompletableFuture.supplyAsync(() -> "<footer>f</footer>");
    }

    /** README, "Asynchronous handlers". */
    @Test
    void asynchronousHandlers() throws Exception {
        Fragments fragments = src -> CompletableFuture.supplyAsync(() -> "<b>" + src + "</b>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputSink sink = OutputSink.of(out);
        byte[] chunk = "<p><a href=/x>x</a><esi:include src=/frag></esi:include>".getBytes(StandardCharsets.UTF_8);

        RewriterSettings settings = HtmlRewriter.builder()
            .onElementAsync("esi\\:include[src]", el -> fragments.fetch(el.getAttribute("src"))
                .thenAccept(html -> el.replace(html, ContentType.HTML)))
            .onElement("a[href]", el -> el.setAttribute("rel", "noopener"))
            .onDocumentEndAsync(end -> footer().thenAccept(html -> end.append(html, ContentType.HTML)))
            .settings();
        AsyncHtmlRewriter rewriter = settings.newAsyncRewriter(sink);   // or (sink, attachment, eventLoopExecutor)
        rewriter.write(chunk, 0, chunk.length)          // returns at once; the next write once this stage completes
            .thenCompose(done -> rewriter.end())
            .toCompletableFuture().get(10, TimeUnit.SECONDS);

        synchronized (out) {
            assertEquals("<p><a href=/x rel=\"noopener\">x</a><b>/frag</b><footer>f</footer>",
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void selectorsNamespaces() {
        // README, "Selectors"
        RewriterSettings svgLinks = HtmlRewriter.builder()
            .namespace("svg", Namespaces.SVG)
            .namespace("xlink", Namespaces.XLINK)
            .onElement("svg|a[xlink|href]", el -> el.setAttribute("target", "_blank"))   // links inside inline SVG only
            .onElement("svg|svg:not([viewBox])", el -> el.setAttribute("viewbox", "0 0 24 24"))   // written viewBox
            .settings();
        assertEquals("<a href=/h>h</a><svg viewBox=\"0 0 24 24\"><a xlink:href=#i target=\"_blank\">i</a></svg>",
                HtmlRewriter.rewrite("<a href=/h>h</a><svg><a xlink:href=#i>i</a></svg>", svgLinks));

        // HtmlRewriter.Builder.namespace's javadoc
        RewriterSettings settings = HtmlRewriter.builder()
            .namespace("svg", Namespaces.SVG)
            .namespace("xlink", Namespaces.XLINK)
            .onElement("svg|a[xlink|href]", el -> el.removeAttribute("xlink:href"))
            .settings();
        assertEquals("<a xlink:href=#h>h</a><svg><a>i</a></svg>",
                HtmlRewriter.rewrite("<a xlink:href=#h>h</a><svg><a xlink:href=#i>i</a></svg>", settings));
    }

    @Test
    void javadocOfHtmlRewriterAndOutputSink(@TempDir Path dir) throws IOException {
        byte[] chunk = "<head></head><a href=\"http://e.org/\">".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // HtmlRewriter's javadoc
        HtmlRewriter rewriter = HtmlRewriter.builder()
            .onElement("a[href^='http://']", el -> el.setAttribute("href", "https://" + el.getAttribute("href").substring(7)))
            .onElement("head", el -> el.append("<script src=/app.js></script>", ContentType.HTML))
            .build(out::write);
        rewriter.write(chunk, 0, chunk.length);   // as often as needed
        rewriter.end();
        assertEquals("<head><script src=/app.js></script></head><a href=\"https://e.org/\">",
                out.toString(StandardCharsets.UTF_8));

        RewriterSettings settings = usingTheLibrary(new byte[0], out);
        out.reset();
        // OutputSink.of's javadoc
        HtmlRewriter sinkRewriter = settings.newRewriter(OutputSink.of(out));
        sinkRewriter.end();
        // An empty document still has a head (implied): the rule appends to it.
        assertEquals("<script src=\"/inject.js\"></script>", out.toString(StandardCharsets.UTF_8));
        out.reset();

        // RewritingInputStream's javadoc
        Path page = Files.writeString(dir.resolve("page.html"), PAGE);
        try (InputStream in = new RewritingInputStream(Files.newInputStream(page), settings)) {
            in.transferTo(out);
        }
        assertEquals(REWRITTEN, out.toString(StandardCharsets.UTF_8));

        out.reset();
        InputStream in = new ByteArrayInputStream(PAGE.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream body = out;
        var response = new Object() {
            OutputStream getOutputStream() {
                return body;
            }
        };
        // RewritingOutputStream's javadoc
        try (OutputStream out2 = new RewritingOutputStream(response.getOutputStream(), settings)) {
            in.transferTo(out2);
        }
        assertEquals(REWRITTEN, body.toString(StandardCharsets.UTF_8));
    }
}
