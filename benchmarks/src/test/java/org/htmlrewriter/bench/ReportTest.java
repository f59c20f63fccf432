package org.htmlrewriter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        String md = Report.markdown(ROWS, Map.of("corpus", 1_224_708L), List.of("a note"));
        assertTrue(md.contains("| P0 parse only, no handlers | 1,200 | 400 | 40.0 | 9,000 | 3.00× | 30.00× |"), md);
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

    @Test
    void lolHtmlRowsCombineFilesAsTotalBytesOverTotalTime() {
        List<String> tsv = List.of("# lol-html via Bun",
                "impl\tmode\tworkload\tfile\tin_bytes\tout_bytes\tMB/s_med\tMB/s_min",
                "lol-html/bun\tab\tP0\ta.html\t1000000\t1000000\t100.0\t90",
                "lol-html/bun\tab\tP0\tb.html\t3000000\t3000000\t300.0\t290",
                "lol-html/bun\tresp\tP0\tb.html\t3000000\t3000000\t10.0\t9",
                "lol-html/bun\tab\tS1n\ta.html\t1000000\t1000000\t50.0\t40");
        List<Row> rows = Report.parseLolHtml(tsv, "corpus");
        assertEquals(1, rows.size());
        // 4 MB in 0.01 s + 0.01 s
        assertEquals(200.0, rows.get(0).mbPerSec(), 1e-9);
    }
}
