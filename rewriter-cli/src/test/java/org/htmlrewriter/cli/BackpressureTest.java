package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.htmlrewriter.netty.HtmlRewritingConfig;
import org.htmlrewriter.netty.LeakChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that stops reading must make the proxy stop reading a fast origin: the origin (which writes only as
 * fast as its socket drains) stalls far before the end of the body, the bytes queued in the proxy for the client
 * stay under a small bound, and once the client reads again the proxy reads the origin again.
 */
class BackpressureTest {
    /** Large enough that all the kernel's socket buffers between origin and client together hold a fraction. */
    private static final long BODY_BYTES = 128L << 20;
    /** Netty's default high water mark is 64 KiB; one read from the origin adds at most a few tens of KiB. */
    private static final long BACKLOG_BOUND = 1 << 20;

    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    @ParameterizedTest(name = "rewriting={0}")
    @ValueSource(booleans = {true, false})
    void aClientThatStopsReadingStopsTheProxyReadingTheOrigin(boolean rewriting) throws Exception {
        EventLoopGroup originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AtomicLong produced = new AtomicLong();
        Channel origin = GeneratedHtml.startOrigin(originGroup, BODY_BYTES, produced);
        HtmlRewritingConfig config = null;
        if (rewriting) {
            RuleSet rules = RuleSet.parse(TypicalRules.RULES, "rules");
            config = HtmlRewritingConfig.builder().rules(b -> rules.applyTo(b, null)).build();
        }
        URI upstream = URI.create("http://127.0.0.1:" + ((InetSocketAddress) origin.localAddress()).getPort());
        try (RewritingProxy proxy = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), upstream, config);
             Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024);
            client.connect(proxy.address(), 5000);
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            out.write("GET /big.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long received = 0;
            while (received < 256 * 1024) {
                int n = in.read(buf);
                assertTrue(n > 0, "the response ended early");
                received += n;
            }

            // Stop reading; wait until the origin has made no progress for a second.
            long stalledAt = waitForStall(produced, 1000, 30_000);
            long backlog = proxy.peakClientBacklog();
            System.out.printf("BackpressureTest rewriting=%s: origin stalled after %,d of %,d bytes"
                    + " (client read %,d); peak proxy backlog %,d bytes%n", rewriting, stalledAt, BODY_BYTES,
                    received, backlog);
            assertTrue(stalledAt < BODY_BYTES / 2, "the origin stalled after " + stalledAt + " bytes");
            assertTrue(backlog < BACKLOG_BOUND, "the proxy queued " + backlog + " bytes for the client");

            // Read again: the proxy resumes reading the origin, again and again (16 MB more is plenty to show it;
            // the whole-body check is BigBodyTest's). Closing mid-body is the client-disconnect path.
            long resumeTarget = stalledAt + (16L << 20);
            long deadline = System.currentTimeMillis() + 30_000;
            while (produced.get() < resumeTarget && System.currentTimeMillis() < deadline) {
                int n = in.read(buf);
                assertTrue(n > 0, "the response ended early, after " + received + " bytes");
                received += n;
            }
            assertTrue(produced.get() >= resumeTarget, "the origin was read again: " + produced.get());
            assertTrue(received > stalledAt, "received " + received);
            assertTrue(proxy.peakClientBacklog() < BACKLOG_BOUND, "backlog " + proxy.peakClientBacklog());
        } finally {
            origin.close().syncUninterruptibly();
            originGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Polls {@code counter} until it stays unchanged for {@code quietMillis}; returns its value then. */
    private static long waitForStall(AtomicLong counter, long quietMillis, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long last = counter.get();
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            long now = counter.get();
            if (now != last) {
                last = now;
                lastChange = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastChange >= quietMillis) {
                return now;
            }
        }
        return fail("the origin never stalled: " + last + " bytes so far");
    }
}
