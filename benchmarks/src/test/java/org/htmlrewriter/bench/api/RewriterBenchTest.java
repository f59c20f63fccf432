package org.htmlrewriter.bench.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.htmlrewriter.bench.PageGenerator;
import org.htmlrewriter.bench.Workloads;
import org.junit.jupiter.api.Test;

/** The API workloads do what they say on a generated page (a benchmark of a no-op measures nothing). */
class RewriterBenchTest {
    private static final byte[] PAGE = PageGenerator.generate(PageGenerator.DEFAULT_SEED + 1, 100_000);

    @Test
    void passThroughAndObserveOnlyWorkloadsReproduceTheInput() {
        for (String workload : new String[] {"P0", "S1", "S2", "S3", "S4", "S5", "T1", "T2"}) {
            for (int chunk : new int[] {1024, Integer.MAX_VALUE}) {
                assertArrayEquals(PAGE, RewriterBench.rewriteToBytes(workload, PAGE, chunk), workload + " chunk " + chunk);
            }
        }
    }

    @Test
    void handlersObserveSomething() {
        for (String workload : new String[] {"S1", "S2", "S3", "S4", "S5", "T1", "T2"}) {
            RewriterBench bench = new RewriterBench();
            var settings = RewriterBench.settingsFor(workload, bench);
            CountingOutputSink sink = new CountingOutputSink();
            RewriterBench.rewrite(settings, PAGE, 1024, sink);
            assertEquals(PAGE.length, sink.bytes);
            assertTrue(bench.observedForTest() > 0, workload + " observed nothing");
        }
    }

    @Test
    void rewritingWorkloadsChangeWhatTheySay() {
        String r1 = new String(RewriterBench.rewriteToBytes("R1", PAGE, 1024), StandardCharsets.UTF_8);
        assertTrue(r1.contains("<body1 class=\"page home\">") && r1.contains("</body1>test"), "R1");
        String r2 = new String(RewriterBench.rewriteToBytes("R2", PAGE, 1024), StandardCharsets.UTF_8);
        assertTrue(r2.contains("<ul class=\"menu\"></ul>"), "R2");
        String r3 = new String(RewriterBench.rewriteToBytes("R3", PAGE, 1024), StandardCharsets.UTF_8);
        assertTrue(r3.contains("href=\"" + Workloads.PROXY_PREFIX), "R3 href");
        assertTrue(r3.contains(Workloads.HEAD_SCRIPT + "</head>"), "R3 head script");
        assertArrayEquals(RewriterBench.rewriteToBytes("R3", PAGE, Integer.MAX_VALUE),
                RewriterBench.rewriteToBytes("R3", PAGE, 1024), "R3 chunking");
    }

    @Test
    void selectorListsAreDistinctAndStartWithTheMatchingOne() {
        for (int n : new int[] {1, 10, 100, 1000}) {
            var list = SelectorCountBench.selectorList(n);
            assertEquals(n, list.size());
            assertEquals(n, new HashSet<>(list).size());
            assertEquals("div.note span", list.get(0));
        }
        assertNotEquals(SelectorCountBench.selectorList(10), SelectorCountBench.selectorList(10).subList(0, 9));
    }
}
