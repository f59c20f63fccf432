package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.htmlrewriter.netty.LeakChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timeouts and limits: connections that send their request head too slowly, sit idle, stall their body or stop
 * reading are closed; an origin that cannot be reached in time is a {@code 504}, one that refuses a {@code 502};
 * connections over the limit get {@code 503}. The proxy runs with timeouts of about a second; the tests wait many
 * times that before they call anything a failure.
 */
class ProxyLimitsTest {
    static ScriptedOrigin origin;
    static final AtomicBoolean bigBodyWriteFailed = new AtomicBoolean();
    static final CountDownLatch bigBodyDone = new CountDownLatch(1);

    static ProxyOptions fast() {
        return ProxyOptions.defaults().withHeaderTimeout(Duration.ofMillis(800))
                .withIdleTimeout(Duration.ofMillis(800)).withUpstreamConnectTimeout(Duration.ofMillis(800));
    }

    @BeforeAll
    static void start() throws Exception {
        origin = new ScriptedOrigin();
        origin.on("/small", x -> x.respond(200, "text/plain", "small".getBytes(StandardCharsets.US_ASCII)))
                .on("/slowish", x -> {
                    Thread.sleep(1200);
                    x.respond(200, "text/plain", "slowish".getBytes(StandardCharsets.US_ASCII));
                })
                .on("/upload", x -> x.respond(200, "text/plain", x.body()))
                .on("/big", x -> {
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    x.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + (512L << 20)
                            + "\r\n\r\n");
                    try {
                        for (int i = 0; i < 8192; i++) {
                            x.send(chunk);
                        }
                    } catch (IOException e) {
                        bigBodyWriteFailed.set(true);
                    } finally {
                        bigBodyDone.countDown();
                    }
                });
    }

    @AfterAll
    static void stop() throws Exception {
        origin.close();
        LeakChecks.assertNoDetectedLeaks();
    }

    @AfterEach
    void noLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    private static RewritingProxy proxy(ProxyOptions options) throws InterruptedException {
        return RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), origin.uri(), null, options);
    }

    @Test
    void aRequestHeadSentTooSlowlyIsCutShort() throws Exception {
        try (RewritingProxy p = proxy(fast()); RawHttp c = new RawHttp(p.address())) {
            c.send("GET /small HTTP/1.1\r\nHost: x\r\n");
            long start = System.nanoTime();
            boolean closed = false;
            // A slowloris: one more header byte every 100 ms, never the blank line.
            for (int i = 0; i < 300 && !closed; i++) {
                try {
                    c.send("X-Slow-" + i + ": y\r\n");
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
                closed = closed || !c.socket().isConnected() || p.openConnections() == 0;
            }
            assertTrue(closed, "the connection was still open after 30 s of dribbling");
            System.out.printf("ProxyLimitsTest: slow head closed after %d ms%n",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        try (RewritingProxy p = proxy(fast()); RawHttp c = new RawHttp(p.address())) {
            assertEquals(200, c.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read().status);
            assertTrue(c.closedByPeer(), "closed while idle");
        }
    }

    @Test
    void aStalledRequestBodyIsA408() throws Exception {
        try (RewritingProxy p = proxy(fast()); RawHttp c = new RawHttp(p.address())) {
            RawHttp.Reply r = c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
                    .read();
            assertEquals(408, r.status, r.toString());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndReleasesTheOrigin() throws Exception {
        try (RewritingProxy p = proxy(fast()); Socket s = new Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(p.address(), 5000);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // Never read: the proxy's writes stop making progress, and after the idle timeout it gives up.
            assertTrue(bigBodyDone.await(60, TimeUnit.SECONDS), "the origin was never released");
            assertTrue(bigBodyWriteFailed.get(), "the origin's connection was closed before its body ended");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(0, p.openConnections(), "the stuck client connection was closed");
        }
    }

    @Test
    void theOriginsTimeToAnswerCountsFromTheRequestNotFromItsLastResponse() throws Exception {
        ProxyOptions options = ProxyOptions.defaults().withUpstreamTimeout(Duration.ofSeconds(2))
                .withHeaderTimeout(Duration.ofSeconds(30));
        try (RewritingProxy p = proxy(options); RawHttp c = new RawHttp(p.address())) {
            for (int round = 0; round < 2; round++) {
                assertEquals(200, c.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read().status);
                Thread.sleep(3000); // the upstream connection sits idle longer than the timeout
                RawHttp.Reply r = c.send("GET /slowish HTTP/1.1\r\nHost: x\r\n\r\n").read();
                assertEquals(200, r.status, "an origin answering within the timeout: " + r);
            }
        }
    }

    @Test
    void connectionsOverTheLimitGet503() throws Exception {
        try (RewritingProxy p = proxy(ProxyOptions.defaults().withMaxConnections(3))) {
            List<RawHttp> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RawHttp c = new RawHttp(p.address());
                    held.add(c);
                    assertEquals(200, c.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read().status);
                }
                try (RawHttp over = new RawHttp(p.address())) {
                    RawHttp.Reply r = over.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertEquals(503, r.status, r.toString());
                    assertEquals("1", r.header("retry-after"));
                    assertTrue(over.closedByPeer());
                }
                for (RawHttp c : held) {
                    assertEquals(200, c.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read().status,
                            "connections within the limit are still served");
                }
            } finally {
                for (RawHttp c : held) {
                    c.close();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (RawHttp again = new RawHttp(p.address())) {
                assertEquals(200, again.send("GET /small HTTP/1.1\r\nHost: x\r\n\r\n").read().status,
                        "below the limit again");
            }
        }
    }

    @Test
    void anOriginThatCannotBeReachedInTimeIsA504AndOneThatRefusesA502() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further connection attempts.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                while (fillers.size() < 16) {
                    Socket f = new Socket();
                    try {
                        f.connect(full.getLocalSocketAddress(), 300);
                        fillers.add(f);
                    } catch (SocketTimeoutException e) {
                        f.close();
                        break;
                    }
                }
                URI blackhole = URI.create("http://127.0.0.1:" + full.getLocalPort());
                try (RewritingProxy p = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0), blackhole, null,
                        fast()); RawHttp c = new RawHttp(p.address())) {
                    RawHttp.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertEquals(504, r.status, r.toString());
                }
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RewritingProxy p = RewritingProxy.start(new InetSocketAddress("127.0.0.1", 0),
                URI.create("http://127.0.0.1:" + closedPort), null, fast()); RawHttp c = new RawHttp(p.address())) {
            RawHttp.Reply r = c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(502, r.status, r.toString());
            assertNotEquals(RawHttp.Ending.RESET, r.ending);
        }
    }
}
