package org.htmlrewriter.cli;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.MemoryBudget;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.LeakChecks;
import org.htmlrewriter.netty.RecordingLeakDetector;

/**
 * The child-JVM half of {@link ProxyLoadTest}: in one process with a small heap, a {@link HostileOrigin} and the
 * rewriting proxy (default memory settings for that heap, timeouts of a few seconds), then for
 * {@code args[0]} seconds at once: well-behaved clients fetching a page (plain and gzip) and checking every byte;
 * a hundred slowloris connections; clients that never read a decompression bomb; slow readers of a large page;
 * and clients fetching hostile responses (stalled deeply nested pages, a huge tag, broken chunking, a reset, a
 * stalled origin, huge headers) and checking they never come back as complete pages. Then everything is closed and
 * the proxy must be back to nothing held. Prints one {@code result ...} line (and {@code bad: ...} lines for
 * anything wrong) and exits 0; exits 1 on an unexpected failure, an {@link OutOfMemoryError} included.
 */
public final class ProxyLoadTrial {
    static final int GOOD_CLIENTS = 4;
    static final int SLOWLORIS = 100;
    static final int NON_READERS = 12;
    static final int SLOW_READERS = 8;
    static final int HOSTILE_CLIENTS = 3;
    static final int STALLED_DEEP = 6;

    private final long deadline;
    private final InetSocketAddress proxyAddress;
    private final byte[] expectedGood;
    private final long[] expectedBomb;
    private final AtomicLong good = new AtomicLong();
    private final AtomicLong hostile = new AtomicLong();
    private final AtomicLong slowlorisCut = new AtomicLong();
    /** The slowloris threads whose connections were cut at least once. */
    private final java.util.Set<Long> slowlorisThreadsCut = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong nonReaders = new AtomicLong();
    private final AtomicLong slowReadBytes = new AtomicLong();
    private final ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    /** Sockets the clients opened and may still hold (closed ones are forgotten with their garbage). */
    private final java.util.Set<Socket> open = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    private ProxyLoadTrial(long deadline, InetSocketAddress proxyAddress, byte[] expectedGood, long[] expectedBomb) {
        this.deadline = deadline;
        this.proxyAddress = proxyAddress;
        this.expectedGood = expectedGood;
        this.expectedBomb = expectedBomb;
    }

    public static void main(String[] args) {
        try {
            run(Double.parseDouble(args[0]));
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static byte[] gzip(Supplier<byte[]> pieces) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            for (byte[] p = pieces.get(); p != null; p = pieces.get()) {
                gz.write(p);
            }
        }
        return out.toByteArray();
    }

    /** Body pieces framed as chunks; with {@code end}, the terminating chunk after them. */
    private static Supplier<Supplier<byte[]>> chunked(Supplier<Supplier<byte[]>> body, boolean end) {
        return () -> {
            Supplier<byte[]> s = body.get();
            boolean[] done = {false};
            return () -> {
                if (done[0]) {
                    return null;
                }
                byte[] p = s.get();
                if (p == null) {
                    done[0] = true;
                    return end ? "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII) : null;
                }
                ByteArrayOutputStream framed = new ByteArrayOutputStream(p.length + 16);
                framed.writeBytes((Integer.toHexString(p.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                framed.writeBytes(p);
                framed.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                return framed.toByteArray();
            };
        };
    }

    private static Supplier<Supplier<byte[]>> generated(long bytes) {
        return () -> {
            GeneratedHtml.Pieces p = new GeneratedHtml.Pieces(bytes);
            return p::next;
        };
    }

    private static void run(double seconds) throws Exception {
        long start = System.nanoTime();
        RuleSet rules = RuleSet.parse(TypicalRules.RULES, "rules");
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        rules.applyTo(b, null);
        RewriterSettings settings = b.settings();
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        GeneratedHtml.forEachPiece(24_000, page::writeBytes);
        byte[] goodPage = page.toByteArray();
        byte[] expectedGood = HtmlRewriter.rewrite(new String(goodPage, StandardCharsets.UTF_8), settings)
                .getBytes(StandardCharsets.UTF_8);
        byte[] goodGzip = gzip(HostileOrigin.once(goodPage).get());
        byte[] para = "<p>bomb</p>\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] bomb = gzip(HostileOrigin.repeat(para, (64L << 20) / para.length).get());
        long smallBombParas = (4L << 20) / para.length;
        byte[] smallBomb = gzip(HostileOrigin.repeat(para, smallBombParas).get());
        long[] expectedBomb = digest(settings, para, smallBombParas);

        String html = "Content-Type: text/html; charset=utf-8\r\n";
        String chunkedHtml = "HTTP/1.1 200 OK\r\n" + html + "Transfer-Encoding: chunked\r\n\r\n";
        HostileOrigin origin = new HostileOrigin()
                .on("/good", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html + "Content-Length: "
                        + goodPage.length + "\r\n\r\n", HostileOrigin.once(goodPage), HostileOrigin.End.KEEP_ALIVE))
                .on("/good.gz", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html + "Content-Encoding: gzip\r\n"
                        + "Content-Length: " + goodGzip.length + "\r\n\r\n", HostileOrigin.once(goodGzip),
                        HostileOrigin.End.KEEP_ALIVE))
                .on("/big", HostileOrigin.Behaviour.of(chunkedHtml, chunked(generated(4L << 20), true),
                        HostileOrigin.End.KEEP_ALIVE))
                .on("/deep-stall", HostileOrigin.Behaviour.of(chunkedHtml, chunked(HostileOrigin.repeat(
                        "<div><span>".repeat(100).getBytes(StandardCharsets.US_ASCII), 20), false),
                        HostileOrigin.End.STALL))
                .on("/huge-tag", HostileOrigin.Behaviour.of(chunkedHtml + "3\r\n<p \r\n", chunked(HostileOrigin.repeat(
                        "a=1 ".repeat(4096).getBytes(StandardCharsets.US_ASCII), 256), false), HostileOrigin.End.STALL))
                .on("/bad-chunk", HostileOrigin.Behaviour.of(chunkedHtml, () -> {
                    Supplier<byte[]> s = chunked(HostileOrigin.once(goodPage), false).get();
                    boolean[] broke = {false};
                    return () -> {
                        byte[] p = s.get();
                        if (p != null) {
                            return p;
                        }
                        if (broke[0]) {
                            return null;
                        }
                        broke[0] = true;
                        return "zz\r\nnot a size\r\n".getBytes(StandardCharsets.US_ASCII);
                    };
                }, HostileOrigin.End.KEEP_ALIVE))
                .on("/reset", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html + "Content-Length: "
                        + goodPage.length * 2 + "\r\n\r\n", HostileOrigin.once(goodPage), HostileOrigin.End.RESET))
                .on("/stall", new HostileOrigin.Behaviour(new byte[0], HostileOrigin.once(new byte[0]),
                        HostileOrigin.End.STALL))
                .on("/huge-headers", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html + "X-Big: "
                        + "b".repeat(40_000) + "\r\nContent-Length: 2\r\n\r\n", HostileOrigin.once(
                        "hi".getBytes(StandardCharsets.US_ASCII)), HostileOrigin.End.KEEP_ALIVE))
                .on("/bomb", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html + "Content-Encoding: gzip\r\n"
                        + "Content-Length: " + bomb.length + "\r\n\r\n", HostileOrigin.once(bomb),
                        HostileOrigin.End.KEEP_ALIVE))
                .on("/small-bomb", HostileOrigin.Behaviour.of("HTTP/1.1 200 OK\r\n" + html
                        + "Content-Encoding: gzip\r\nContent-Length: " + smallBomb.length + "\r\n\r\n",
                        HostileOrigin.once(smallBomb), HostileOrigin.End.KEEP_ALIVE));

        EventLoopGroup originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel originChannel = origin.start(originGroup);
        ProxyOptions options = ProxyOptions.defaults().withHeaderTimeout(Duration.ofSeconds(5))
                .withIdleTimeout(Duration.ofSeconds(3)).withUpstreamTimeout(Duration.ofSeconds(5))
                .withUpstreamConnectTimeout(Duration.ofSeconds(5));
        MemoryBudget budget = MemoryBudget.of(options.memoryBudget());
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(r -> rules.applyTo(r, null))
                .memoryLimit(options.memoryLimit()).sharedMemoryBudget(budget).build();
        URI upstream = URI.create("http://127.0.0.1:" + ((InetSocketAddress) originChannel.localAddress()).getPort());
        RewritingProxy proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), upstream, config, options);
        try {
            long loadStart = System.nanoTime();
            ProxyLoadTrial t = new ProxyLoadTrial(loadStart + (long) (seconds * 1e9), proxy.address(), expectedGood,
                    expectedBomb);
            long heapStart = heapAfterGc();
            t.load();
            long openAtEnd = waitFor(() -> proxy.openConnections() == 0, 30) ? 0 : proxy.openConnections();
            waitFor(() -> budget.used() == 0 && config.bufferedBytes() == 0, 10);
            long heapEnd = heapAfterGc();
            int leaks = 0;
            try {
                LeakChecks.assertNoDetectedLeaks();
            } catch (AssertionError e) {
                leaks = RecordingLeakDetector.LEAKS.size() + 1;
                t.bad.add("leak: " + e.getMessage());
            }
            for (String line : t.bad.stream().limit(20).toList()) {
                System.out.println("bad: " + line);
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long gcMs = 0;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcMs += Math.max(0, gc.getCollectionTime());
            }
            System.out.printf(Locale.ROOT, "result good=%d hostile=%d bad=%d slowlorisCut=%d slowlorisThreadsCut=%d"
                    + " nonReaders=%d slowReadBytes=%d heapStartMb=%d heapEndMb=%d peakHeapMb=%d maxHeapMb=%d"
                    + " memoryLimit=%d budget=%d budgetUsed=%d buffered=%d open=%d leaks=%d gcMs=%d ms=%d%n",
                    t.good.get(), t.hostile.get(), t.bad.size(), t.slowlorisCut.get(), t.slowlorisThreadsCut.size(),
                    t.nonReaders.get(), t.slowReadBytes.get(), heapStart >> 20, heapEnd >> 20, peak >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, options.memoryLimit(), budget.limit(), budget.used(),
                    config.bufferedBytes(), openAtEnd, leaks, gcMs,
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            proxy.close();
            originChannel.close().syncUninterruptibly();
            originGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static long[] digest(RewriterSettings settings, byte[] para, long times) {
        CRC32 crc = new CRC32();
        long[] length = {0};
        HtmlRewriter r = settings.newRewriter((b, off, len) -> {
            crc.update(b, off, len);
            length[0] += len;
        });
        for (long i = 0; i < times; i++) {
            r.write(para, 0, para.length);
        }
        r.end();
        return new long[] {length[0], crc.getValue()};
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, int seconds)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private boolean running() {
        return System.nanoTime() < deadline;
    }

    /** Runs every kind of client until the deadline, then closes whatever they still hold. */
    private void load() throws InterruptedException {
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "load-client");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < GOOD_CLIENTS; i++) {
            int n = i;
            threads.execute(() -> loop("good", () -> goodClient(n)));
        }
        for (int i = 0; i < SLOWLORIS; i++) {
            threads.execute(() -> loop("slowloris", this::slowloris));
        }
        for (int i = 0; i < NON_READERS; i++) {
            threads.execute(() -> loop("non-reader", this::nonReader));
        }
        for (int i = 0; i < SLOW_READERS; i++) {
            threads.execute(() -> loop("slow reader", this::slowReader));
        }
        for (int i = 0; i < STALLED_DEEP; i++) {
            threads.execute(() -> loop("stalled deep page", () -> hostileGet("/deep-stall")));
        }
        for (int i = 0; i < HOSTILE_CLIENTS; i++) {
            threads.execute(() -> loop("hostile", this::hostileRound));
        }
        threads.shutdown();
        if (!threads.awaitTermination((deadline - System.nanoTime()) / 1_000_000 + 60_000, TimeUnit.MILLISECONDS)) {
            bad.add("clients did not finish");
        }
        synchronized (open) {
            for (Socket s : new ArrayList<>(open)) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    @FunctionalInterface
    private interface Round {
        void run() throws Exception;
    }

    private void loop(String kind, Round round) {
        while (running()) {
            try {
                round.run();
            } catch (Exception e) {
                if (running()) {
                    bad.add(kind + ": " + e);
                }
            }
        }
    }

    private RawHttp connect() throws IOException {
        RawHttp c = new RawHttp(proxyAddress);
        open.add(c.socket());
        return c;
    }

    private void goodClient(int n) throws IOException {
        try (RawHttp c = connect()) {
            for (int i = 0; i < 20 && running(); i++) {
                boolean gz = (i + n) % 2 == 1;
                RawHttp.Reply r = c.send("GET /good" + (gz ? ".gz" : "") + " HTTP/1.1\r\nHost: x\r\n"
                        + ((i + n) % 4 == 3 ? "Accept-Encoding: gzip\r\n" : "") + "\r\n").read();
                byte[] body = r.body.toByteArray();
                if ("gzip".equals(r.header("content-encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                if (r.status != 200 || r.ending != RawHttp.Ending.COMPLETE || !Arrays.equals(expectedGood, body)) {
                    bad.add("good page: " + r);
                    return;
                }
                good.incrementAndGet();
            }
        }
    }

    /** Sends a request head a line at a time, never the blank line, until the proxy closes the connection. */
    private void slowloris() throws IOException, InterruptedException {
        try (RawHttp c = connect()) {
            c.send("GET /good HTTP/1.1\r\nHost: x\r\n");
            for (int i = 0; running(); i++) {
                Thread.sleep(300);
                try {
                    c.send("X-Slow-" + i + ": y\r\n");
                } catch (IOException e) {
                    slowlorisCut.incrementAndGet();
                    slowlorisThreadsCut.add(Thread.currentThread().getId());
                    return;
                }
            }
        }
    }

    /** Asks for a decompression bomb and never reads. */
    private void nonReader() throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            open.add(s);
            s.setReceiveBufferSize(8 * 1024);
            s.connect(proxyAddress, 10_000);
            s.getOutputStream().write("GET /bomb HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long until = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            while (System.nanoTime() < until) {
                Thread.sleep(100);
            }
            nonReaders.incrementAndGet();
        }
    }

    /** Reads a large page at about 80 KB/s. */
    private void slowReader() throws IOException, InterruptedException {
        try (Socket s = new Socket()) {
            open.add(s);
            s.setReceiveBufferSize(16 * 1024);
            s.setSoTimeout(30_000);
            s.connect(proxyAddress, 10_000);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8 * 1024];
            while (running()) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                slowReadBytes.addAndGet(n);
                Thread.sleep(100);
            }
        }
    }

    private void hostileRound() throws IOException {
        for (String path : List.of("/huge-tag", "/bad-chunk", "/reset", "/stall", "/huge-headers", "/small-bomb")) {
            if (running()) {
                hostileGet(path);
            }
        }
    }

    /** Fetches a hostile response and checks it did not come back as a complete page. */
    private void hostileGet(String path) throws IOException {
        try (RawHttp c = connect().measureOnly()) {
            RawHttp.Reply r = c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            boolean ok = switch (path) {
                case "/stall" -> r.status == 504;
                // Stalled mid-body: 504 if nothing of the body had been sent yet, else cut off.
                case "/deep-stall" -> r.status == 504 || r.status == 502 || (r.status == 200
                        && (r.ending == RawHttp.Ending.CUT_OFF || r.ending == RawHttp.Ending.RESET));
                case "/huge-headers" -> r.status == 502;
                case "/small-bomb" -> r.status == 200 && r.ending == RawHttp.Ending.COMPLETE
                        && r.length == expectedBomb[0] && r.crc.getValue() == expectedBomb[1];
                default -> r.status == 502 || (r.status == 200 && (r.ending == RawHttp.Ending.CUT_OFF
                        || r.ending == RawHttp.Ending.RESET));
            };
            if (!ok && running()) {
                bad.add(path + ": " + r);
            }
            hostile.incrementAndGet();
        }
    }
}
