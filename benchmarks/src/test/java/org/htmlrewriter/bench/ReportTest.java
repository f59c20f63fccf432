package org.htmlrewriter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.htmlrewriter.bench.Report.Engines;
import org.htmlrewriter.bench.Report.Row;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final List<Row> ROWS = List.of(
            new Row(Engines.HTMLREWRITER, "P0", "corpus", "1024", 1200, 10, 0.01),
            new Row(Engines.HTMLREWRITER, "P0", "corpus", "whole", 1500, 10, 0.01),
            new Row(Engines.HTMLREWRITER, "S2", "corpus", "1024", 600, 10, 0.02),
            new Row(Engines.LOLHTML, "P0", "corpus", "", 400, Double.NaN, Double.NaN),
            new Row(Engines.JSOUP_DOM, "P0", "corpus", "", 40, 1, 9.5),
            new Row(Engines.SWAR, "P0", "corpus", "", 9000, 100, 0),
            new Row(Engines.HTMLREWRITER, "n=100", "generated", "", 550, 5, 0.02));

    @Test
    void markdownHasRatiosChunksAndSelectorCounts() {
        String md = Report.markdown(ROWS, Map.of("corpus", 1_224_708L), List.of("a note"), false);
        assertTrue(md.startsWith("# htmlrewriter benchmark results\n"), md);
        assertTrue(md.contains("| P0 no handlers | 1,200 | 400 | 40.0 | 9,000 | 3.00× | 30.00× |"), md);
        assertTrue(md.contains("> a note"));
        assertTrue(md.contains("| htmlrewriter | corpus | P0 | 1,200 | 1,500 |"), md);
        assertTrue(md.contains("| generated | 100 | 550 |"), md);
        assertTrue(md.contains("| P0 | 0.010 | 9.500 | 0.000 |"), md);
    }

    @Test
    void svgIsWellFormedXmlWithABarPerCell() throws Exception {
        String svg = Report.svg(ROWS, "corpus");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        // background + 5 bars (P0 x4, S2 x1) + 4 legend swatches
        assertEquals(1 + 5 + 4, doc.getElementsByTagName("rect").getLength());
        assertTrue(svg.contains("SWAR &#39;&lt;&#39; scan"));
    }

    private static final List<String> LOLHTML_TSV = List.of("# lol-html via Bun",
            "impl\tmode\tworkload\tfile\tin_bytes\tout_bytes\tMB/s_med\tMB/s_min",
            "lol-html/bun\tab\tP0\ta.html\t1000000\t1000000\t100.0\t90",
            "lol-html/bun\tab\tP0\tb.html\t3000000\t3000000\t300.0\t290",
            "lol-html/bun\tresp\tP0\tb.html\t3000000\t3000000\t10.0\t9",
            "lol-html/bun\tab\tS1n\ta.html\t1000000\t1000000\t50.0\t40");

    @Test
    void lolHtmlRowsCombineFilesAsTotalBytesOverTotalTime() {
        List<Row> rows = Report.parseLolHtml(LOLHTML_TSV, "corpus");
        assertEquals(1, rows.size());
        // 4 MB in 0.01 s + 0.01 s
        assertEquals(200.0, rows.get(0).mbPerSec(), 1e-9);
    }

    @Test
    void lolHtmlRowsPerFileAreInTheFilesPageSets() {
        List<Row> rows = Report.parseLolHtmlPerFile(LOLHTML_TSV);
        assertEquals(List.of("a", "b"), rows.stream().map(Row::input).toList());
        assertEquals(List.of(100.0, 300.0), rows.stream().map(Row::mbPerSec).toList());
        assertTrue(rows.stream().allMatch(r -> r.engine().equals(Engines.LOLHTML) && r.workload().equals("P0")));
    }

    /** Pages of 1, 2 and 3 MB: htmlrewriter takes 10 ms for each; lol-html 20 ms for each, and has no S2 on one. */
    private static final Map<String, Long> PAGE_BYTES = Map.of(
            "cloudflare.com", 1_000_000L, "ecma402-spec", 2_000_000L, "html-parsing-spec", 3_000_000L);
    private static final List<Row> PAGE_ROWS = List.of(
            new Row(Engines.HTMLREWRITER, "P0", "cloudflare.com", "1024", 100, 1, 0.01),
            new Row(Engines.HTMLREWRITER, "P0", "ecma402-spec", "1024", 200, 1, 0.02),
            new Row(Engines.HTMLREWRITER, "P0", "html-parsing-spec", "1024", 300, 1, 0.03),
            new Row(Engines.HTMLREWRITER, "S2", "cloudflare.com", "1024", 80, 1, 0.01),
            new Row(Engines.HTMLREWRITER, "S2", "html-parsing-spec", "1024", 90, 1, 0.01),
            new Row(Engines.LOLHTML, "P0", "cloudflare.com", "", 50, Double.NaN, Double.NaN),
            new Row(Engines.LOLHTML, "P0", "ecma402-spec", "", 100, Double.NaN, Double.NaN),
            new Row(Engines.LOLHTML, "P0", "html-parsing-spec", "", 150, Double.NaN, Double.NaN),
            new Row(Engines.LOLHTML, "S2", "cloudflare.com", "", 160, Double.NaN, Double.NaN));

    @Test
    void theReportOpensWithTheRatioToLolHtmlPerWorkloadAndPage() {
        String md = Report.markdown(PAGE_ROWS, PAGE_BYTES, List.of("a note"), false);
        int table = md.indexOf("## htmlrewriter ÷ lol-html, per page");
        assertTrue(table > 0 && table < md.indexOf("> a note"), md);
        assertTrue(md.contains("| workload | cloudflare.com | ecma402-spec | html-parsing-spec |\n|---|---:|---:|---:|\n"
                + "| P0 no handlers | 2.00 | 2.00 | 2.00 |\n"
                + "| S1 `*` | — | — | — |\n"
                + "| S2 `div` | 0.50 | — | — |\n"), md);
        assertTrue(md.contains("| T1 text handler on `p` | — | — | — |\n\n"), "T1 is the last row: " + md);
        assertTrue(md.contains("| P0 | 100 | 50.0 | 200 | 100 | 300 | 150 |"), "the MB/s behind the ratios: " + md);
        assertFalse(md.contains("## Input: cloudflare.com"), "pages get no table of their own: " + md);
        assertFalse(md.contains("lol-html was not measured"), md);
    }

    @Test
    void withoutLolHtmlTheRatiosAreEmptyAndTheReportSaysWhy() {
        List<Row> ours = PAGE_ROWS.stream().filter(r -> r.engine().equals(Engines.HTMLREWRITER)).toList();
        String md = Report.markdown(ours, PAGE_BYTES, List.of(), false);
        assertTrue(md.contains("| P0 no handlers | — | — | — |"), md);
        assertTrue(md.contains("> lol-html was not measured in this run"), md);
        assertTrue(md.contains("| P0 | 100 | — | 200 | — | 300 | — |"), md);
    }

    @Test
    void withoutTheCorpusThereIsNoRatioTableAndTheReportSaysWhy() {
        String md = Report.markdown(ROWS, Map.of(), List.of(), false);
        assertTrue(md.contains("## htmlrewriter ÷ lol-html, per page\n\nNot measured in this run: lol-html's pages"), md);
        assertFalse(md.contains("| workload | cloudflare.com |"), md);
    }

    @Test
    void aSmokeTestReportSaysSoBeforeAnyNumber() {
        String md = Report.markdown(PAGE_ROWS, PAGE_BYTES, List.of(), true);
        assertTrue(md.startsWith("# htmlrewriter benchmark results: SMOKE TEST (`run.sh --quick`)\n\n"
                + "> **Smoke-test numbers, not comparable with a full run.**"), md);
        assertTrue(md.indexOf("SMOKE TEST") < md.indexOf("| P0 no handlers |"));
    }

    @Test
    void pagesCombineIntoTheCorpusAsTotalBytesOverTotalTime() {
        List<Row> corpus = Report.combinePages(PAGE_ROWS, PAGE_BYTES, "corpus");
        // S2 was not measured on every page: only P0, for each engine.
        assertEquals(List.of(Engines.HTMLREWRITER, Engines.LOLHTML), corpus.stream().map(Row::engine).toList());
        Row ours = corpus.get(0);
        assertEquals("corpus", ours.input());
        assertEquals("1024", ours.chunk());
        assertEquals(6_000_000 / 0.03 / 1e6, ours.mbPerSec(), 1e-9); // 6 MB in 3 x 10 ms
        assertEquals((0.01 * 1 + 0.02 * 2 + 0.03 * 3) / 6, ours.allocPerInputByte(), 1e-12);
        assertEquals(100.0, corpus.get(1).mbPerSec(), 1e-9);
        assertTrue(Double.isNaN(corpus.get(1).allocPerInputByte()));
    }
}
