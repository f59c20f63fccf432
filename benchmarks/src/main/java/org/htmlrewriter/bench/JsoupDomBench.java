package org.htmlrewriter.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Every workload done the DOM way with jsoup: parse the UTF-8 bytes into a {@link Document}, select, mutate,
 * serialize with {@code outerHtml()} (pretty printing off) and encode back to UTF-8. This is what a JVM user
 * would write without a streaming rewriter; output is not byte-identical to the input (jsoup normalizes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsoupDomBench {
    @Param({"P0", "S1", "S2", "S3", "S4", "S5", "R1", "R2", "R3", "T1", "T2"})
    public String workload;

    @Benchmark
    public long jsoupDom(InputState in) throws IOException {
        long n = 0;
        for (byte[] doc : in.docs) {
            n += roundTrip(doc, workload);
        }
        return n;
    }

    /** Parse, apply {@code workload}, serialize; returns output bytes plus handler-visible work. */
    static long roundTrip(byte[] input, String workload) throws IOException {
        Document doc = Jsoup.parse(new ByteArrayInputStream(input), "UTF-8", "");
        doc.outputSettings().prettyPrint(false);
        long seen = apply(doc, workload);
        return doc.outerHtml().getBytes(StandardCharsets.UTF_8).length + seen;
    }

    static long apply(Document doc, String workload) {
        long seen = 0;
        switch (workload) {
            case "P0" -> { }
            case "S1", "S2", "S3", "S4", "S5" -> {
                // One select per registered selector, as a DOM user with several rules would write it.
                for (String selector : Workloads.selectorsOf(workload)) {
                    seen += doc.select(selector).size();
                }
            }
            case "R1" -> {
                for (Element body : doc.select(Workloads.R1_SELECTOR)) {
                    body.tagName(Workloads.R1_TAG_NAME);
                    body.after(new TextNode(Workloads.R1_AFTER));
                }
            }
            case "R2" -> {
                for (Element ul : doc.select(Workloads.R2_SELECTOR)) {
                    ul.empty();
                }
            }
            case "R3" -> {
                for (Element a : doc.select("a[href]")) {
                    a.attr("href", Workloads.PROXY_PREFIX + a.attr("href"));
                }
                for (Element head : doc.select("head")) {
                    head.append(Workloads.HEAD_SCRIPT);
                }
            }
            case "T1" -> {
                for (Element p : doc.select(Workloads.T1_SELECTOR)) {
                    seen += textLength(p);
                }
            }
            case "T2" -> seen += textLength(doc);
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
        return seen;
    }

    /** Total length of the decoded text of every text node under {@code root}. */
    private static long textLength(Node root) {
        long[] total = {0};
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode text) {
                total[0] += text.getWholeText().length();
            }
        }, root);
        return total[0];
    }
}
