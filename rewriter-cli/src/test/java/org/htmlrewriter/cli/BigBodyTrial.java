package org.htmlrewriter.cli;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.htmlrewriter.netty.HtmlRewritingConfig;

/**
 * The child-JVM half of {@link BigBodyTest}: a generated document of at least {@code args[0]} bytes from a real
 * origin, through the real rewriting proxy (rules: {@link TypicalRules#RULES}), to an {@link HttpClient} that
 * reads it as a stream, all in this process, which {@link BigBodyTest} starts with a small heap. Prints one line,
 * {@code status=S bytes=N crc=C maxHeapMb=M peakHeapMb=P ms=T}, and exits 0; exits 1 on any failure (an
 * {@link OutOfMemoryError} included).
 */
public final class BigBodyTrial {
    private BigBodyTrial() {
    }

    public static void main(String[] args) {
        try {
            run(Long.parseLong(args[0]));
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(long minBytes) throws Exception {
        long start = System.nanoTime();
        EventLoopGroup originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel origin = GeneratedHtml.startOrigin(originGroup, minBytes, new AtomicLong());
            RuleSet rules = RuleSet.parse(TypicalRules.RULES, "rules");
            HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();
            URI upstream = URI.create("http://127.0.0.1:" + ((InetSocketAddress) origin.localAddress()).getPort());
            try (RewritingProxy proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), upstream, config)) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/big.html"))
                        .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofInputStream());
                CRC32 crc = new CRC32();
                long bytes = 0;
                byte[] buf = new byte[64 * 1024];
                try (InputStream in = res.body()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, n);
                        bytes += n;
                    }
                }
                long peak = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP) {
                        peak += pool.getPeakUsage().getUsed();
                    }
                }
                System.out.printf(Locale.ROOT, "status=%d bytes=%d crc=%d maxHeapMb=%d peakHeapMb=%d ms=%d%n",
                        res.statusCode(), bytes, crc.getValue(), Runtime.getRuntime().maxMemory() >> 20,
                        peak >> 20, (System.nanoTime() - start) / 1_000_000);
            } finally {
                origin.close().syncUninterruptibly();
            }
        } finally {
            originGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
