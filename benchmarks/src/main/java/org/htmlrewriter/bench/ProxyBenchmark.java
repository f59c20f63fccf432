package org.htmlrewriter.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.cli.RewritingProxy;
import org.htmlrewriter.cli.RuleSet;
import org.htmlrewriter.netty.HtmlRewritingConfig;

/**
 * A load benchmark (not a test) for {@link RewritingProxy} on loopback: requests per second and latency
 * percentiles of one HTML page fetched (1) directly from the origin, (2) through the proxy without rewriting and
 * (3) through the proxy with rewriting rules, by a closed-loop Netty client keeping {@code --connections}
 * keep-alive connections busy. Prints a Markdown table to standard output.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.htmlrewriter.bench.ProxyBenchmark
 *     [--connections N] [--seconds S] [--warmup S] [--rounds R] [--page-kb K] [--max-requests N]
 * </pre>
 *
 * Everything runs in this process on 127.0.0.1 (origin: 1 event loop thread, proxy: 2, client: 1), so on a small
 * machine the client and origin compete with the proxy for the cores: compare the rows of one run (the ratios),
 * not absolute numbers across machines. Each round measures every target once, in turn, so that drift (other
 * processes, JIT, GC) spreads over all of them; a target's numbers pool its rounds. Each measurement stops at
 * {@code --seconds} or at {@code --max-requests} responses, whichever comes first, so the run always ends by
 * itself. Every response is checked (status 200, the expected body length); the rewritten page is checked once
 * against the library's own output.
 *
 * <p>Not thread-safe; a command-line entry point. The page is one shared heap array that the origin wraps (never
 * copies) for each response.
 */
public final class ProxyBenchmark {
    /** The rules the rewriting proxy applies: a typical mix of removals, attribute changes and insertions. */
    static final String RULES = """
            .ad                 remove
            a[href^="http://"]  set-attribute  rel  noopener
            img                 set-attribute  loading  lazy
            head                append-html    <script src="/inject.js"></script>
            body                prepend-html   <p class="rewritten-banner">Rewritten in flight.</p>
            title               prepend-text   "[proxy] "
            @document           comment-remove
            """;

    private int connections = 8;
    private double seconds = 4;
    private double warmupSeconds = 1.5;
    private int rounds = 2;
    private int pageKb = 50;
    private long maxRequests = 2_000_000;

    private ProxyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ProxyBenchmark bench = new ProxyBenchmark();
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ProxyBenchmark: " + e.getMessage());
            System.err.println("usage: ProxyBenchmark [--connections N] [--seconds S] [--warmup S] [--rounds R]"
                    + " [--page-kb K] [--max-requests N]");
            System.exit(2);
        }
        bench.run(System.out);
        // The event loop groups are shut down; nothing keeps the JVM alive, but exit promptly anyway.
        System.exit(0);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + name);
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--connections" -> connections = positive(Integer.parseInt(value), name);
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--warmup" -> warmupSeconds = Double.parseDouble(value);
                    case "--rounds" -> rounds = positive(Integer.parseInt(value), name);
                    case "--page-kb" -> pageKb = positive(Integer.parseInt(value), name);
                    case "--max-requests" -> maxRequests = positive(Integer.parseInt(value), name);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number after " + name + ": " + value);
            }
        }
        if (!(seconds > 0 && seconds <= 600 && warmupSeconds >= 0 && warmupSeconds <= 600)) {
            throw new IllegalArgumentException("--seconds must be in (0, 600] and --warmup in [0, 600]");
        }
    }

    private static int positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return v;
    }

    private void run(PrintStream out) throws Exception {
        byte[] page = page(pageKb * 1024, 42);
        RuleSet rules = RuleSet.parse(RULES, "ProxyBenchmark.RULES");
        HtmlRewriter.Builder lib = HtmlRewriter.builder();
        rules.applyTo(lib, null);
        byte[] rewrittenPage = HtmlRewriter.rewrite(new String(page, StandardCharsets.UTF_8), lib.settings())
                .getBytes(StandardCharsets.UTF_8);
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();

        EventLoopGroup originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel origin = startOrigin(originGroup, page);
            URI originUri = URI.create("http://127.0.0.1:" + ((InetSocketAddress) origin.localAddress()).getPort());
            InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
            try (RewritingProxy plain = RewritingProxy.start(loopback, originUri, null);
                 RewritingProxy rewriting = RewritingProxy.start(loopback, originUri, config)) {
                List<Target> targets = List.of(
                        new Target("origin, direct (baseline)", (InetSocketAddress) origin.localAddress(), page),
                        new Target("proxy, pass-through", plain.address(), page),
                        new Target("proxy, rewriting (" + rules.size() + " rules)", rewriting.address(),
                                rewrittenPage));
                for (Target t : targets) {
                    verify(t);
                }
                out.printf(Locale.ROOT, "page %,d bytes (rewritten %,d), %d connections, %d round(s) of %.1f s"
                                + " (+%.1f s warm-up) per target, %d cores, Java %s%n%n",
                        page.length, rewrittenPage.length, connections, rounds, seconds, warmupSeconds,
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
                for (int round = 0; round < rounds; round++) {
                    for (Target t : targets) {
                        measure(clientGroup, t, warmupSeconds, null);
                        measure(clientGroup, t, seconds, t.result);
                    }
                }
                printTable(out, targets);
                double libraryMBps = libraryThroughput(page, lib.settings(), Math.max(1, seconds / 2));
                out.printf(Locale.ROOT, "the library alone, same page and rules, one thread, whole page per write:"
                        + " %,.0f pages/s (%,.1f MB/s)%n", libraryMBps * 1e6 / page.length, libraryMBps);
            } finally {
                origin.close().syncUninterruptibly();
            }
        } finally {
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            originGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One server to fetch the page from, and the pooled results of its measurements. */
    private static final class Target {
        final String name;
        final InetSocketAddress address;
        final byte[] expectedBody;
        final Result result = new Result();

        Target(String name, InetSocketAddress address, byte[] expectedBody) {
            this.name = name;
            this.address = address;
            this.expectedBody = expectedBody;
        }
    }

    /** Pooled over rounds: responses, errors, time and every latency. */
    private static final class Result {
        long responses;
        long errors;
        long nanos;
        long bodyBytes;
        long[] latencies = new long[0];

        void add(long responses, long errors, long nanos, long bodyBytes, long[] more) {
            this.responses += responses;
            this.errors += errors;
            this.nanos += nanos;
            this.bodyBytes += bodyBytes;
            long[] joined = Arrays.copyOf(latencies, latencies.length + more.length);
            System.arraycopy(more, 0, joined, latencies.length, more.length);
            latencies = joined;
        }
    }

    /** One fetch with {@link HttpClient}, independent of the benchmark's own client: the body must be as expected. */
    private static void verify(Target t) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpResponse<byte[]> res = client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + t.address.getPort() + "/page.html"))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200 || !Arrays.equals(res.body(), t.expectedBody)) {
            throw new IllegalStateException(t.name + ": unexpected response " + res.statusCode() + ", "
                    + res.body().length + " bytes (expected " + t.expectedBody.length + ")");
        }
    }

    /**
     * Keeps {@link #connections} connections busy for {@code durationSeconds} (or until {@link #maxRequests}
     * responses); adds to {@code into} unless it is null (warm-up).
     */
    private void measure(EventLoopGroup group, Target t, double durationSeconds, Result into) throws Exception {
        if (durationSeconds <= 0) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + (long) (durationSeconds * 1e9);
        AtomicLong permits = new AtomicLong(maxRequests);
        CountDownLatch done = new CountDownLatch(connections);
        List<LoadConnection> handlers = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            LoadConnection h = new LoadConnection(t, deadline, permits, done);
            handlers.add(h);
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), h);
                        }
                    });
            channels.add(b.connect(t.address).sync().channel());
        }
        // Every connection stops at the deadline; a response can take at most a little longer.
        if (!done.await((long) (durationSeconds * 1000) + 30_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(t.name + ": connections did not finish (a response hung)");
        }
        long elapsed = System.nanoTime() - start;
        for (Channel ch : channels) {
            ch.close().syncUninterruptibly();
        }
        if (into == null) {
            return;
        }
        long responses = 0, errors = 0, bytes = 0;
        int count = 0;
        for (LoadConnection h : handlers) {
            responses += h.responses;
            errors += h.errors;
            bytes += h.bodyBytes;
            count += h.latencyCount;
        }
        long[] latencies = new long[count];
        int at = 0;
        for (LoadConnection h : handlers) {
            System.arraycopy(h.latencies, 0, latencies, at, h.latencyCount);
            at += h.latencyCount;
        }
        into.add(responses, errors, elapsed, bytes, latencies);
    }

    /**
     * One client connection: sends a request, reads the whole response, records its latency, sends the next one,
     * until the deadline or the shared request budget runs out. Confined to its event loop.
     */
    private static final class LoadConnection extends SimpleChannelInboundHandler<HttpObject> {
        private final Target target;
        private final long deadline;
        private final AtomicLong permits;
        private final CountDownLatch done;
        long responses;
        long errors;
        long bodyBytes;
        long[] latencies = new long[1024];
        int latencyCount;
        private long sentAt;
        private long currentBytes;
        private boolean currentOk;
        private boolean finished;

        LoadConnection(Target target, long deadline, AtomicLong permits, CountDownLatch done) {
            this.target = target;
            this.deadline = deadline;
            this.permits = permits;
            this.done = done;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sendNext(ctx);
            ctx.fireChannelActive();
        }

        private void sendNext(ChannelHandlerContext ctx) {
            if (System.nanoTime() >= deadline || permits.decrementAndGet() < 0) {
                finish();
                return;
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/page.html",
                    Unpooled.EMPTY_BUFFER);
            req.headers().set(HttpHeaderNames.HOST, "127.0.0.1");
            currentBytes = 0;
            currentOk = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(req);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse res && res.status().code() != HttpResponseStatus.OK.code()) {
                currentOk = false;
            }
            if (msg instanceof HttpContent content) {
                currentBytes += content.content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                long latency = System.nanoTime() - sentAt;
                if (!currentOk || currentBytes != target.expectedBody.length || msg.decoderResult().isFailure()) {
                    errors++;
                } else {
                    responses++;
                    bodyBytes += currentBytes;
                    if (latencyCount == latencies.length) {
                        latencies = Arrays.copyOf(latencies, latencies.length * 2);
                    }
                    latencies[latencyCount++] = latency;
                }
                sendNext(ctx);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors++;
            ctx.close();
        }

        private void finish() {
            if (!finished) {
                finished = true;
                done.countDown();
            }
        }
    }

    private static Channel startOrigin(EventLoopGroup group, byte[] page) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new PageOrigin(page));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** The origin: every GET gets the page, with a Content-Length, on a keep-alive connection. */
    private static final class PageOrigin extends SimpleChannelInboundHandler<HttpObject> {
        private final byte[] page;

        PageOrigin(byte[] page) {
            this.page = page;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest req) {
                FullHttpResponse res = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(page));
                res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, page.length)
                        .set(HttpHeaderNames.CACHE_CONTROL, "max-age=60")
                        .set(HttpHeaderNames.ETAG, "\"bench-1\"");
                ctx.writeAndFlush(res);
            }
        }
    }

    private void printTable(PrintStream out, List<Target> targets) {
        double baseline = targets.get(0).result.responses / (targets.get(0).result.nanos / 1e9);
        out.println("| target | responses | errors | requests/s | MB/s (body) | p50 ms | p99 ms | max ms"
                + " | requests/s vs direct |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Target t : targets) {
            Result r = t.result;
            double secs = r.nanos / 1e9;
            double rps = r.responses / secs;
            long[] lat = r.latencies.clone();
            Arrays.sort(lat);
            out.printf(Locale.ROOT, "| %s | %,d | %d | %,.0f | %,.1f | %.2f | %.2f | %.2f | %.2f |%n",
                    t.name, r.responses, r.errors, rps, r.bodyBytes / secs / 1e6, percentile(lat, 50),
                    percentile(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, rps / baseline);
        }
        Result plain = targets.get(1).result, rewriting = targets.get(2).result;
        double plainRps = plain.responses / (plain.nanos / 1e9);
        double rewritingRps = rewriting.responses / (rewriting.nanos / 1e9);
        long[] plainLat = plain.latencies.clone(), rewritingLat = rewriting.latencies.clone();
        Arrays.sort(plainLat);
        Arrays.sort(rewritingLat);
        out.printf(Locale.ROOT, "%nrewriting vs pass-through proxy: %.2fx requests/s, %.2fx p99 latency%n",
                rewritingRps / plainRps, percentile(rewritingLat, 99) / percentile(plainLat, 99));
    }

    /** MB/s of rewriting {@code page} in a loop on this thread for about {@code seconds} (after as long a warm-up). */
    private static double libraryThroughput(byte[] page, org.htmlrewriter.RewriterSettings settings,
            double seconds) {
        long[] sink = {0};
        org.htmlrewriter.OutputSink count = (b, off, len) -> sink[0] += len;
        for (int phase = 0; phase < 2; phase++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long pages = 0;
            while (System.nanoTime() < end) {
                HtmlRewriter r = settings.newRewriter(count);
                r.write(page, 0, page.length);
                r.end();
                pages++;
            }
            if (phase == 1) {
                return pages * (double) page.length / ((System.nanoTime() - start) / 1e9) / 1e6;
            }
        }
        throw new AssertionError();
    }

    /** The {@code p}-th percentile of sorted nanosecond values, in milliseconds (nearest rank). */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /**
     * A realistic article page of about {@code targetBytes} bytes (seeded, so every run serves the same page):
     * head with metadata, styles and scripts; navigation; articles with inline markup, links (some
     * {@code http://}), images, comments, ads; a table; a form; a footer.
     */
    static byte[] page(int targetBytes, long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder(targetBytes + 4096);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Benchmark article page</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/assets/site.css?v=3\">\n")
                .append("<link rel=\"preload\" href=\"/fonts/body.woff2\" as=\"font\" crossorigin>\n")
                .append("<style>body{font:16px/1.5 sans-serif}.ad{border:1px solid #ccc}"
                        + " a[href^='http']::after{content:'\\2197'}</style>\n")
                .append("<script>window.dataLayer=window.dataLayer||[];function track(e){if(e.a<3&&e.b>1)"
                        + "dataLayer.push(e)}</script>\n")
                .append("<script src=\"/assets/app.js\" defer></script>\n</head>\n<body class=\"article\">\n")
                .append("<!-- navigation -->\n<header><nav><ul>\n");
        for (int i = 0; i < 24; i++) {
            sb.append("<li><a href=\"").append(i % 3 == 0 ? "http://example.com" : "").append("/section/")
                    .append(i).append("\" class=\"nav-link\">Section ").append(i).append("</a></li>\n");
        }
        sb.append("</ul></nav></header>\n<main>\n");
        String[] words = {"stream", "rewrite", "token", "element", "selector", "buffer", "chunk", "proxy",
            "latency", "handler", "attribute", "document", "byte", "parser", "netty", "origin", "client",
            "&amp;", "caf\u00e9", "na\u00efve", "\u2014"};
        int article = 0;
        while (sb.length() < targetBytes - 2048) {
            article++;
            sb.append("<article id=\"a").append(article).append("\" data-index=\"").append(article)
                    .append("\">\n<h2>Article ").append(article).append(": ").append(words[rnd.nextInt(17)])
                    .append("</h2>\n<!-- article ").append(article).append(" -->\n");
            int paragraphs = 3 + rnd.nextInt(4);
            for (int p = 0; p < paragraphs; p++) {
                sb.append("<p>");
                int n = 30 + rnd.nextInt(50);
                for (int w = 0; w < n; w++) {
                    int kind = rnd.nextInt(40);
                    String word = words[rnd.nextInt(words.length)];
                    if (kind == 0) {
                        sb.append("<a href=\"http://example.org/").append(word).append('/').append(w)
                                .append("\" title=\"").append(word).append("\">").append(word).append("</a>");
                    } else if (kind == 1) {
                        sb.append("<a href=\"/local/").append(w).append("\">").append(word).append("</a>");
                    } else if (kind == 2) {
                        sb.append("<em>").append(word).append("</em>");
                    } else if (kind == 3) {
                        sb.append("<strong class=\"k\">").append(word).append("</strong>");
                    } else if (kind == 4) {
                        sb.append("<code>").append(word).append("()</code>");
                    } else {
                        sb.append(word);
                    }
                    sb.append(' ');
                }
                sb.append("</p>\n");
            }
            if (article % 2 == 0) {
                sb.append("<figure><img src=\"/img/").append(article).append(".jpg\" srcset=\"/img/")
                        .append(article).append("@2x.jpg 2x\" alt=\"Figure ").append(article)
                        .append("\" width=\"640\" height=\"360\"><figcaption>Figure ").append(article)
                        .append("</figcaption></figure>\n");
            }
            if (article % 3 == 0) {
                sb.append("<div class=\"ad sponsored\" data-slot=\"").append(article)
                        .append("\"><a href=\"http://ads.example.net/click?id=").append(article)
                        .append("\"><img src=\"http://ads.example.net/b.gif\" alt=\"\"></a>"
                                + "<script>track({a:1,b:2})</script></div>\n");
            }
            if (article % 5 == 0) {
                sb.append("<table class=\"data\"><thead><tr><th>key</th><th>value</th></tr></thead><tbody>");
                for (int r = 0; r < 6; r++) {
                    sb.append("<tr><td>").append(words[rnd.nextInt(17)]).append("</td><td>")
                            .append(rnd.nextInt(10_000)).append("</td></tr>");
                }
                sb.append("</tbody></table>\n");
            }
            sb.append("</article>\n");
        }
        sb.append("</main>\n<form action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\""
                        + " placeholder=\"Search\"><button type=\"submit\">Go</button></form>\n")
                .append("<footer><p>&copy; 2024 Example. <a href=\"http://example.com/privacy\">Privacy</a></p>"
                        + "</footer>\n</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
