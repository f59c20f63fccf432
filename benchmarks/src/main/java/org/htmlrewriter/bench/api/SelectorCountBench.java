package org.htmlrewriter.bench.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.bench.InputState;
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
 * Matching cost against the number of registered selectors (issue 3): 1, 10, 100 and 1,000 selectors with no-op
 * element handlers, on the same input, 1 KiB chunks. The first selector ({@code div.note span}) matches; the
 * others are realistic rules (classes, ids, attributes, child and descendant combinators) that almost never
 * match, so a matcher whose per-tag cost is independent of selectors that cannot match keeps a flat line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectorCountBench {
    @Param({"1", "10", "100", "1000"})
    public int selectors;

    private RewriterSettings settings;
    private final CountingOutputSink sink = new CountingOutputSink();
    private long matched;

    @Setup(Level.Trial)
    public void setup() {
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        for (String selector : selectorList(selectors)) {
            b = b.onElement(selector, el -> matched++);
        }
        settings = b.settings();
    }

    @Benchmark
    public long manySelectors(InputState in) {
        sink.bytes = 0;
        for (byte[] doc : in.docs) {
            RewriterBench.rewrite(settings, doc, 1024, sink);
        }
        return sink.bytes + matched;
    }

    /** {@code count} distinct selectors, deterministic: one that matches, then rules that almost never do. */
    public static List<String> selectorList(int count) {
        List<String> list = new ArrayList<>(count);
        list.add("div.note span");
        for (int i = 1; i < count; i++) {
            list.add(switch (i % 8) {
                case 0 -> "div.c" + i;
                case 1 -> "#id" + i;
                case 2 -> "ul.c" + i + " > li";
                case 3 -> "[data-k" + i + "]";
                case 4 -> "a[href^=\"/p" + i + "/\"]";
                case 5 -> "table.t" + i + " td";
                case 6 -> "span.c" + i;
                default -> ".section .c" + i + " p";
            });
        }
        return list;
    }
}
