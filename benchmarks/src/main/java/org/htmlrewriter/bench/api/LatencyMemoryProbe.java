package org.htmlrewriter.bench.api;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.bench.BenchInputs;
import org.htmlrewriter.bench.PageGenerator;
import org.htmlrewriter.bench.Workloads;

/**
 * The latency and memory figures of issue 6, which JMH's throughput modes do not give:
 * <ul>
 *   <li>{@code latency DIR}: per workload, the time from the first 1 KiB input chunk to the first output byte
 *       (median over repetitions, after warm-up), how much input had been written by then, and the largest amount
 *       of input held back ({@link HtmlRewriter#heldBytes()} after each write) over every document; writes
 *       {@code DIR/latency-memory.md}, including the retained memory of idle rewriters.</li>
 *   <li>{@code stream BYTES}: rewrites (R3) one generated document of {@code BYTES} fed in 1 KiB chunks without
 *       holding it, printing the time and the largest held amount. Run it in a JVM with a small {@code -Xmx} to
 *       show the heap a gigabyte stream needs ({@code run.sh} does).</li>
 * </ul>
 * Single-threaded command-line tool.
 */
public final class LatencyMemoryProbe {
    private static final int CHUNK = 1024;

    private LatencyMemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("latency")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("latency-memory.md"), latencyReport());
        } else if (args.length == 2 && args[0].equals("stream")) {
            stream(Long.parseLong(args[1]));
        } else {
            System.err.println("usage: LatencyMemoryProbe latency DIR | stream BYTES");
            System.exit(2);
        }
    }

    static String latencyReport() {
        List<byte[]> docs = new ArrayList<>(BenchInputs.load(BenchInputs.GENERATED));
        String inputs = "generated";
        if (BenchInputs.corpusDirectory().isPresent()) {
            docs.addAll(BenchInputs.load(BenchInputs.CORPUS));
            inputs += " + corpus";
        }
        StringBuilder md = new StringBuilder();
        md.append("## Latency and held input\n\n")
          .append("Per workload, over every document (").append(inputs).append("), 1 KiB chunks: time from the ")
          .append("first `write` to the first output byte (median of the per-document medians), input written by ")
          .append("then, and the largest input held back between writes (`heldBytes()` after each write).\n\n")
          .append("| workload | first output after (µs) | input written by then (bytes) | max held (bytes) |\n")
          .append("|---|---:|---:|---:|\n");
        for (String workload : Workloads.ALL) {
            RewriterSettings settings = RewriterBench.settingsFor(workload, new RewriterBench());
            // Warm up the JIT on the whole pipeline before timing the first chunk.
            CountingOutputSink warmSink = new CountingOutputSink();
            long warmUntil = System.nanoTime() + 400_000_000L;
            while (System.nanoTime() < warmUntil) {
                for (byte[] doc : docs) {
                    RewriterBench.rewrite(settings, doc, CHUNK, warmSink);
                }
            }
            double[] latencies = new double[docs.size()];
            long firstInput = 0;
            long maxHeld = 0;
            for (int d = 0; d < docs.size(); d++) {
                byte[] doc = docs.get(d);
                double[] reps = new double[25];
                for (int rep = 0; rep < reps.length; rep++) {
                    Probe probe = measure(settings, doc);
                    reps[rep] = probe.firstOutputNanos / 1e3;
                    firstInput = Math.max(firstInput, probe.inputBeforeFirstOutput);
                    maxHeld = Math.max(maxHeld, probe.maxHeld);
                }
                latencies[d] = median(reps);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %,d | %,d |%n", workload, median(latencies),
                    firstInput, maxHeld));
        }
        md.append('\n').append(retainedReport()).append('\n');
        return md.toString();
    }

    private record Probe(long firstOutputNanos, long inputBeforeFirstOutput, long maxHeld) {
    }

    private static Probe measure(RewriterSettings settings, byte[] doc) {
        long[] firstOutputAt = {-1};
        HtmlRewriter rewriter = settings.newRewriter((b, off, len) -> {
            if (firstOutputAt[0] < 0 && len > 0) {
                firstOutputAt[0] = System.nanoTime();
            }
        });
        long maxHeld = 0;
        long inputAtFirstOutput = -1;
        long start = System.nanoTime();
        for (int off = 0; off < doc.length; off += CHUNK) {
            int len = Math.min(CHUNK, doc.length - off);
            rewriter.write(doc, off, len);
            maxHeld = Math.max(maxHeld, rewriter.heldBytes());
            if (inputAtFirstOutput < 0 && firstOutputAt[0] >= 0) {
                inputAtFirstOutput = off + len;
            }
        }
        rewriter.end();
        if (inputAtFirstOutput < 0) {
            inputAtFirstOutput = doc.length;
        }
        return new Probe(firstOutputAt[0] - start, inputAtFirstOutput, maxHeld);
    }

    /** Heap retained per rewriter: fresh ones, and ones stopped after the first 4 KiB of a page (mid-document). */
    static String retainedReport() {
        byte[] page = BenchInputs.load(BenchInputs.GENERATED).get(0);
        StringBuilder md = new StringBuilder("## Retained memory per rewriter\n\n| workload | fresh (bytes) | after 4 KiB "
                + "of input (bytes) |\n|---|---:|---:|\n");
        for (String workload : List.of("P0", "S5", "R3", "T2")) {
            RewriterSettings settings = RewriterBench.settingsFor(workload, new RewriterBench());
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |%n", workload,
                    retainedBytes(settings, page, 0), retainedBytes(settings, page, 4096)));
        }
        return md.toString();
    }

    private static double retainedBytes(RewriterSettings settings, byte[] page, int feed) {
        int count = 5_000;
        HtmlRewriter[] keep = new HtmlRewriter[count];
        CountingOutputSink sink = new CountingOutputSink();
        long before = usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            keep[i] = settings.newRewriter(sink);
            for (int off = 0; off < feed; off += CHUNK) {
                keep[i].write(page, off, CHUNK);
            }
        }
        long after = usedHeapAfterGc();
        if (keep[count - 1] == null) {
            throw new AssertionError();
        }
        return (after - before) / (double) count;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** R3 over a generated document of {@code totalBytes}, produced and rewritten in the same loop. */
    static void stream(long totalBytes) throws IOException {
        RewriterSettings settings = RewriterBench.settingsFor("R3", new RewriterBench());
        CountingOutputSink sink = new CountingOutputSink();
        HtmlRewriter rewriter = settings.newRewriter(sink);
        long[] maxHeld = {0};
        OutputStream feed = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                for (int o = off; o < off + len; o += CHUNK) {
                    rewriter.write(b, o, Math.min(CHUNK, off + len - o));
                    maxHeld[0] = Math.max(maxHeld[0], rewriter.heldBytes());
                }
            }
        };
        long start = System.nanoTime();
        long written = PageGenerator.stream(PageGenerator.DEFAULT_SEED, totalBytes, feed);
        rewriter.end();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "stream ok: R3 over %,d bytes (generated and rewritten) in %.1f s, output %,d "
                        + "bytes, max held %,d bytes, -Xmx %s%n", written, seconds, sink.bytes, maxHeld[0],
                Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
