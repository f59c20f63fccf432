package org.htmlrewriter.servlet;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The child-JVM half of {@link BigBodyTest}: Jetty with {@link HtmlRewritingFilter} serving a generated page of at
 * least {@code args[0]} bytes, read by an {@link HttpClient} as a stream, all in this process, which
 * {@link BigBodyTest} starts with a small heap. Prints one line {@code status=S bytes=N crc=C maxHeapMb=M
 * peakHeapMb=P} and exits 0; exits 1 on any failure (an {@link OutOfMemoryError} included).
 */
public final class BigBodyTrial {
    private BigBodyTrial() {
    }

    /**
     * Runs the trial.
     *
     * @param args the page's minimum size in bytes
     */
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
        try (JettyServer server = new JettyServer(Map.of("/big", HtmlRewritingFilterTest.servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            ServletOutputStream out = res.getOutputStream();
            GeneratedPage.forEachPiece(minBytes, piece -> {
                try {
                    out.write(piece);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        })), false, new HtmlRewritingFilter(HtmlRewritingFilterTest.RULES))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(server.uri("/big"))
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
            System.out.printf(Locale.ROOT, "status=%d bytes=%d crc=%d maxHeapMb=%d peakHeapMb=%d%n", res.statusCode(),
                    bytes, crc.getValue(), Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        }
    }
}
