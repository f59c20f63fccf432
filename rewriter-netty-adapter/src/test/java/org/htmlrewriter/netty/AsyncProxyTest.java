package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous handlers in a real proxy on loopback: a local origin, a proxy whose client pipeline has the handler
 * (and which, like the CLI's, reads its origin only while the client channel is writable), and clients. The
 * handler's stages complete on a {@link ScheduledExecutorService} after a delay. Checked: every response is the
 * synchronous rewrite; the proxy's event loops stay responsive (a probe task every {@value #PROBE_MS} ms records its
 * lateness); the origin is not read while a stage is pending; nothing leaks under Netty's paranoid detector.
 */
@SuppressWarnings("deprecation") // NioEventLoopGroup: deprecated in Netty 4.2, and the one that 4.1 has too
class AsyncProxyTest {
    static final int PROBE_MS = 5;
    static final long DELAY_MS = 1000;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ScheduledExecutorService fragments = Executors.newScheduledThreadPool(1);
    /** How long the fragments take: {@link #DELAY_MS}, shorter while warming up. */
    private volatile long delayMs = DELAY_MS;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        fragments.shutdownNow();
        LeakChecks.assertNoDetectedLeaks();
    }

    /** The include's fragment, after {@link #delayMs} on another thread; {@code started} is told of each call. */
    private Consumer<HtmlRewriter.Builder> asyncRules(Consumer<String> started) {
        return b -> b
                .onElementAsync("esi\\:include[src]", el -> {
                    started.accept(el.getAttribute("src"));
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    fragments.schedule(() -> {
                        el.replace("<b>" + el.getAttribute("src") + "</b>", ContentType.HTML);
                        done.complete(null);
                    }, delayMs, TimeUnit.MILLISECONDS);
                    return done;
                })
                .onElement("a[href^='http://']", el -> el.setAttribute("rel", "noopener"));
    }

    static final Consumer<HtmlRewriter.Builder> SYNC_RULES = b -> b
            .onElement("esi\\:include[src]", el -> el.replace("<b>" + el.getAttribute("src") + "</b>",
                    ContentType.HTML))
            .onElement("a[href^='http://']", el -> el.setAttribute("rel", "noopener"));

    /** A page with an include, then {@code fillerBytes} of paragraphs, {@code links} of them with a link. */
    static byte[] page(int fillerBytes, boolean links) {
        String filler = links ? "<p>filler <a href=\"http://x/\">x</a></p>\n" : "<p>filler text, unchanged</p>\n";
        StringBuilder s = new StringBuilder("<!doctype html><html><head><title>t</title></head><body>")
                .append("<esi:include src=\"/fragment\"></esi:include>");
        while (s.length() < fillerBytes) {
            s.append(filler);
        }
        return s.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An origin that answers every request with {@code body}, chunked in pieces of 16 KiB, as fast as it can. */
    private InetSocketAddress origin(EventLoopGroup group, byte[] body) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpObject>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                if (!(msg instanceof LastHttpContent)) {
                                    return;
                                }
                                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
                                HttpUtil.setTransferEncodingChunked(head, true);
                                ctx.write(head);
                                for (int i = 0; i < body.length; i += 16 * 1024) {
                                    int n = Math.min(16 * 1024, body.length - i);
                                    ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(body, i, n)));
                                }
                                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        closing.add(() -> server.close().syncUninterruptibly());
        return (InetSocketAddress) server.localAddress();
    }

    /** Bytes the proxy read from the origin, over all its upstream connections. */
    private final AtomicLong upstreamBytes = new AtomicLong();

    /**
     * A minimal proxy: one upstream connection per client connection, on the client's event loop; the origin is read
     * only while the client channel is writable.
     */
    private InetSocketAddress proxy(EventLoopGroup group, InetSocketAddress origin, HtmlRewritingConfig config)
            throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HtmlRewritingHandler(config),
                                new Frontend(origin));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        closing.add(() -> server.close().syncUninterruptibly());
        return (InetSocketAddress) server.localAddress();
    }

    private final class Frontend extends ChannelInboundHandlerAdapter {
        private final InetSocketAddress origin;
        private Channel upstream;
        private HttpRequest request;

        Frontend(InetSocketAddress origin) {
            this.origin = origin;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel client = ctx.channel();
            if (!(msg instanceof HttpRequest r)) {
                ReferenceCountUtil.release(msg); // a GET's empty last chunk: the request is sent whole
                return;
            }
            request = r;
            if (upstream == null) {
                upstream = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext c, Object m) {
                                        upstreamBytes.addAndGet(((ByteBuf) m).readableBytes());
                                        c.fireChannelRead(m);
                                    }
                                }, new HttpClientCodec(), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext c, Object m) {
                                        client.write(m);
                                        if (!client.isWritable()) {
                                            c.channel().config().setAutoRead(false);
                                        }
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext c) {
                                        client.flush();
                                    }
                                });
                            }
                        }).connect(origin).addListener((ChannelFutureListener) f -> {
                            if (f.isSuccess()) {
                                f.channel().writeAndFlush(request);
                            } else {
                                ReferenceCountUtil.release(request);
                                client.close();
                            }
                        }).channel();
                client.closeFuture().addListener(f -> upstream.close());
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (upstream != null) {
                upstream.config().setAutoRead(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    /** Records how late a task scheduled every {@link #PROBE_MS} ms runs on each event loop of {@code group}. */
    private static final class LoopProbe implements AutoCloseable {
        final AtomicLong maxLateNanos = new AtomicLong();
        /** Every lateness seen, in ms. */
        final List<Long> lateMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<ScheduledFuture<?>> tasks = new ArrayList<>();
        final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Samples of a loop's thread, and those that found it waiting (parked or sleeping) rather than running. */
        final AtomicLong samples = new AtomicLong();
        final AtomicLong waitingSamples = new AtomicLong();
        private final Thread sampler = new Thread(this::sample, "loop-sampler");
        final java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuAtStart;

        /**
         * Every 2 ms, the state of each loop's thread: an NIO event loop with nothing to do waits in its selector,
         * which the JVM shows as running; a loop that blocks (on a stage's result, say) shows as waiting.
         */
        private void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                for (Thread t : threads) {
                    Thread.State state = t.getState();
                    samples.incrementAndGet();
                    if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                        waitingSamples.incrementAndGet();
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        LoopProbe(EventLoopGroup group) {
            for (var executor : group) {
                EventLoop loop = (EventLoop) executor;
                long[] last = {System.nanoTime()};
                try {
                    loop.submit(() -> threads.add(Thread.currentThread())).sync();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                tasks.add(loop.scheduleWithFixedDelay(() -> {
                    long now = System.nanoTime();
                    long late = now - last[0] - TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
                    last[0] = now;
                    maxLateNanos.accumulateAndGet(late, Math::max);
                    lateMillis.add(TimeUnit.NANOSECONDS.toMillis(late));
                }, PROBE_MS, PROBE_MS, TimeUnit.MILLISECONDS));
            }
            sampler.setDaemon(true);
            sampler.start();
        }

        /** CPU time the loops used, in ms, since {@link #startCpu()}. */
        long cpuMillis() {
            long sum = 0;
            for (Thread t : threads) {
                sum += cpu.getThreadCpuTime(t.getId());
            }
            return TimeUnit.NANOSECONDS.toMillis(sum - cpuAtStart);
        }

        void startCpu() {
            cpuAtStart = 0;
            cpuAtStart = TimeUnit.MILLISECONDS.toNanos(cpuMillis());
        }

        /** The lateness that {@code fraction} of the probe's runs were within, in ms. */
        long percentileMillis(double fraction) {
            List<Long> sorted;
            synchronized (lateMillis) {
                sorted = new ArrayList<>(lateMillis);
            }
            sorted.sort(null);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * fraction));
        }

        long maxLateMillis() {
            return TimeUnit.NANOSECONDS.toMillis(maxLateNanos.get());
        }

        @Override
        public void close() {
            sampler.interrupt();
            tasks.forEach(t -> t.cancel(false));
        }
    }

    private static EventLoopGroup group(List<AutoCloseable> closing, int threads) {
        EventLoopGroup group = new NioEventLoopGroup(threads);
        closing.add(() -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly());
        return group;
    }

    /** Starts a GET through the proxy on its own connection; completes with the whole response. */
    private static CompletableFuture<String> get(EventLoopGroup group, InetSocketAddress proxy) {
        CompletableFuture<String> result = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                                        result.complete(msg.status().code() + " "
                                                + msg.content().toString(StandardCharsets.UTF_8));
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(new IllegalStateException("closed early"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.completeExceptionally(cause);
                                        ctx.close();
                                    }
                                });
                    }
                }).connect(proxy).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        result.completeExceptionally(f.cause());
                        return;
                    }
                    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/page");
                    req.headers().set(HttpHeaderNames.HOST, "origin").set(HttpHeaderNames.CONNECTION,
                            HttpHeaderValues.CLOSE);
                    f.channel().write(req);
                    f.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                });
        return result;
    }

    /** Sends {@code n} requests at once; returns their responses once all are complete. */
    private static List<String> getAll(EventLoopGroup group, InetSocketAddress proxy, int n, AtomicInteger started)
            throws Exception {
        List<CompletableFuture<String>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(get(group, proxy));
            if (i % 50 == 49) {
                // 50 connections every 20 ms: all of them still overlap (a stage takes a second), but the loops
                // are not handed a thousand connections in one go.
                Thread.sleep(20);
            }
        }
        try {
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            long done = responses.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
            long failed = responses.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            throw new AssertionError(done + " responses complete, " + failed + " failed, " + started.get()
                    + " stages started", e);
        }
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> r : responses) {
            out.add(r.get());
        }
        return out;
    }

    @Test
    void aThousandConcurrentResponsesWaitForTheirStagesWithoutBlockingTheEventLoops() throws Exception {
        // Little work per response besides the stage (no links to rewrite): the machine is small.
        byte[] body = page(2 * 1024, false);
        String expected = "200 " + new String(Fixtures.expected(SYNC_RULES, StandardCharsets.UTF_8, body),
                StandardCharsets.UTF_8);
        AtomicInteger started = new AtomicInteger();
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(asyncRules(src -> started.incrementAndGet()))
                .build();
        EventLoopGroup originGroup = group(closing, 1);
        EventLoopGroup proxyGroup = group(closing, 2);
        EventLoopGroup clientGroup = group(closing, 1);
        InetSocketAddress proxy = proxy(proxyGroup, origin(originGroup, body), config);
        // Warm-up (class loading, JIT), with short stages, so that the probe measures the steady state.
        delayMs = 5;
        for (String r : getAll(clientGroup, proxy, 200, started)) {
            assertEquals(expected, r);
        }
        delayMs = DELAY_MS;
        started.set(0);
        int n = 1000;
        try (LoopProbe probe = new LoopProbe(proxyGroup)) {
            probe.startCpu();
            long gcStart = gcMillis();
            long start = System.nanoTime();
            List<String> responses = getAll(clientGroup, proxy, n, started);
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("AsyncProxyTest: " + n + " responses with a " + DELAY_MS + " ms stage each in "
                    + wallMillis + " ms; the proxy's event loops were late by at most " + probe.maxLateMillis()
                    + " ms (99% of " + probe.lateMillis.size() + " probes within " + probe.percentileMillis(0.99)
                    + " ms, median " + probe.percentileMillis(0.5) + " ms); found waiting in " + probe.waitingSamples
                    + " of " + probe.samples + " samples; they used " + probe.cpuMillis() + " ms of CPU; GC " + (gcMillis() - gcStart) + " ms");
            for (String r : responses) {
                assertEquals(expected, r);
            }
            assertEquals(n, started.get());
            // One after another that would be n seconds: the stages overlapped.
            assertTrue(wallMillis < 30_000, "took " + wallMillis + " ms");
            // A loop that waited for stages would be late by about a stage's delay most of the time, and be found
            // waiting. The lateness's maximum is reported, not asserted: on a small machine shared with other
            // builds, the scheduler alone holds a runnable thread up for a second now and then.
            assertTrue(probe.percentileMillis(0.5) < 50, "the event loops were blocked: half of the probes were late"
                    + " by " + probe.percentileMillis(0.5) + " ms or more");
            // (A lock inside Netty's allocator parks a loop for a moment now and then.)
            assertTrue(probe.waitingSamples.get() * 20 < probe.samples.get(), "an event loop's thread was found"
                    + " waiting in " + probe.waitingSamples + " of " + probe.samples + " samples");
        }
        awaitNothingBuffered(config);
    }

    @Test
    void theOriginIsNotReadWhileAStageIsPending() throws Exception {
        byte[] body = page(2 << 20, true); // far more than socket buffers and one read hold
        String expected = "200 " + new String(Fixtures.expected(SYNC_RULES, StandardCharsets.UTF_8, body),
                StandardCharsets.UTF_8);
        AtomicLong readWhenStarted = new AtomicLong(-1);
        List<Long> readWhileWaiting = new ArrayList<>();
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(asyncRules(src -> {
            readWhenStarted.set(upstreamBytes.get());
            // Samples the bytes read from the origin just before the fragment's stage completes.
            fragments.schedule(() -> {
                synchronized (readWhileWaiting) {
                    readWhileWaiting.add(upstreamBytes.get());
                }
            }, DELAY_MS - 50, TimeUnit.MILLISECONDS);
        }))
                .build();
        EventLoopGroup originGroup = group(closing, 1);
        EventLoopGroup proxyGroup = group(closing, 1);
        EventLoopGroup clientGroup = group(closing, 1);
        InetSocketAddress proxy = proxy(proxyGroup, origin(originGroup, body), config);
        try (LoopProbe probe = new LoopProbe(proxyGroup)) {
            String response = get(clientGroup, proxy).get(30, TimeUnit.SECONDS);
            assertEquals(expected.length(), response.length());
            assertEquals(expected, response);
            long before = readWhenStarted.get();
            long during = readWhileWaiting.get(0);
            System.out.println("AsyncProxyTest: read from the origin when the stage started " + before
                    + " bytes, just before it completed " + during + " bytes, of " + body.length
                    + "; loop at most " + probe.maxLateMillis() + " ms late");
            assertTrue(before > 0);
            // At most what one socket read had brought in already (Netty reads 64 KiB at most at a time).
            assertTrue(during - before <= 64 * 1024, "read " + (during - before) + " bytes while pending");
            assertTrue(upstreamBytes.get() > body.length, "then the whole body was read");
        }
        awaitNothingBuffered(config);
    }

    static long gcMillis() {
        long sum = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    private static void awaitNothingBuffered(HtmlRewritingConfig config) throws InterruptedException {
        for (int i = 0; i < 100 && config.bufferedBytes() != 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, config.bufferedBytes(), "bytes still held by the handlers");
    }
}
