package org.htmlrewriter.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * jsoup's {@link StreamParser} where it applies: P0 (iterate every element as it completes) and the selector
 * workloads S1..S5 ({@code selectNext} with the workload's selectors as one selector list). It has no output
 * side (it cannot write the document back out as it streams), so these rows measure parsing and matching only;
 * the rewriting and text workloads have no StreamParser equivalent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsoupStreamBench {
    @Param({"P0", "S1", "S2", "S3", "S4", "S5"})
    public String workload;

    @Benchmark
    public long jsoupStream(InputState in) throws IOException {
        long n = 0;
        for (byte[] doc : in.docs) {
            n += stream(doc, workload);
        }
        return n;
    }

    /** Elements seen (P0) or matched (S*) in one document. */
    static long stream(byte[] input, String workload) throws IOException {
        long n = 0;
        try (StreamParser parser = new StreamParser(Parser.htmlParser())) {
            parser.parse(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8), "");
            if (workload.equals(Workloads.P0)) {
                for (Iterator<Element> it = parser.iterator(); it.hasNext(); it.next()) {
                    n++;
                }
            } else {
                String selectorList = String.join(", ", Workloads.selectorsOf(workload));
                if (selectorList.isEmpty()) {
                    throw new IllegalArgumentException("no StreamParser equivalent for " + workload);
                }
                while (parser.selectNext(selectorList) != null) {
                    n++;
                }
            }
        }
        return n;
    }
}
