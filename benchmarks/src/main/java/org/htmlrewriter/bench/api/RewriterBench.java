package org.htmlrewriter.bench.api;

import java.util.concurrent.TimeUnit;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.bench.Chunking;
import org.htmlrewriter.bench.InputState;
import org.htmlrewriter.bench.Workloads;
import org.htmlrewriter.content.ContentType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * htmlrewriter on every workload through its public API, as a proxy uses it: settings compiled once, one new
 * rewriter per document, the document written in chunks of {@link #chunk} bytes, output counted by a sink.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RewriterBench {
    @Param({"P0", "S1", "S2", "S3", "S4", "S5", "R1", "R2", "R3", "T1", "T2"})
    public String workload;

    /** Bytes per write: a number or {@value Chunking#WHOLE}. */
    @Param({"1024", "16384", Chunking.WHOLE})
    public String chunk;

    private RewriterSettings settings;
    private int chunkSize;
    private final CountingOutputSink sink = new CountingOutputSink();
    /** What the handlers observed (calls, text length): consumed so handler work is not dead code. */
    private long observed;

    @Setup(Level.Trial)
    public void setup() {
        settings = settingsFor(workload, this);
        chunkSize = Chunking.parse(chunk);
    }

    @Benchmark
    public long htmlrewriter(InputState in) {
        sink.bytes = 0;
        for (byte[] doc : in.docs) {
            rewrite(settings, doc, chunkSize, sink);
        }
        return sink.bytes + sink.checksum + observed;
    }

    /** Writes {@code doc} through a new rewriter from {@code settings} in chunks of {@code chunkSize}. */
    static void rewrite(RewriterSettings settings, byte[] doc, int chunkSize, CountingOutputSink sink) {
        HtmlRewriter rewriter = settings.newRewriter(sink);
        for (int off = 0; off < doc.length; off += chunkSize) {
            rewriter.write(doc, off, Math.min(chunkSize, doc.length - off));
        }
        rewriter.end();
    }

    /** The handlers of {@code workload}, counting what they observe into {@code counter.observed}. */
    static RewriterSettings settingsFor(String workload, RewriterBench counter) {
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        switch (workload) {
            case "P0" -> { }
            case "S1", "S2", "S3", "S4", "S5" -> {
                for (String selector : Workloads.selectorsOf(workload)) {
                    b = b.onElement(selector, el -> counter.observed++);
                }
            }
            case "R1" -> b = b.onElement(Workloads.R1_SELECTOR, el -> {
                el.setTagName(Workloads.R1_TAG_NAME);
                el.after(Workloads.R1_AFTER, ContentType.TEXT);
            });
            case "R2" -> b = b.onElement(Workloads.R2_SELECTOR, el -> el.setInnerContent("", ContentType.TEXT));
            case "R3" -> b = b
                    .onElement("a[href]", el -> el.setAttribute("href", Workloads.PROXY_PREFIX + el.getAttribute("href")))
                    .onElement("head", el -> el.append(Workloads.HEAD_SCRIPT, ContentType.HTML));
            case "T1" -> b = b.onText(Workloads.T1_SELECTOR, text -> counter.observed += text.text().length());
            case "T2" -> b = b.onDocumentText(text -> counter.observed += text.text().length());
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
        return b.settings();
    }

    long observedForTest() {
        return observed;
    }

    /** For tests: the output of {@code workload} on {@code doc}, fed in chunks of {@code chunkSize}. */
    public static byte[] rewriteToBytes(String workload, byte[] doc, int chunkSize) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(doc.length + 1024);
        RewriterSettings settings = settingsFor(workload, new RewriterBench());
        HtmlRewriter rewriter = settings.newRewriter(out::write);
        for (int off = 0; off < doc.length; off += chunkSize) {
            rewriter.write(doc, off, Math.min(chunkSize, doc.length - off));
        }
        rewriter.end();
        return out.toByteArray();
    }
}
