package org.htmlrewriter.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns benchmark results (JMH's and lol-html's) into the Markdown tables and the SVG bar chart of
 * {@code benchmarks/results/}. Pure functions of the rows; no I/O. Throughput is in MB/s, 1 MB = 10^6 input bytes.
 */
public final class Report {

    /**
     * One measured cell.
     *
     * @param engine    display name, e.g. {@code "htmlrewriter"}, {@code "jsoup DOM"}
     * @param workload  P0, S1.. (or {@code "n=100"} for the selector-count rows)
     * @param input     input set name
     * @param chunk     chunk size label ({@code "1024"}, {@code "whole"}), or {@code ""} when not chunked
     * @param mbPerSec  median/mean throughput
     * @param error     ± error in MB/s (JMH 99.9 % CI), NaN if unknown
     * @param allocPerInputByte heap allocation per input byte, NaN if not measured
     */
    public record Row(String engine, String workload, String input, String chunk, double mbPerSec, double error,
                      double allocPerInputByte) {
    }

    /** Engines in the order of the table columns and chart bars; unknown engines follow in first-seen order. */
    static final List<String> ENGINE_ORDER = List.of(
            Engines.HTMLREWRITER, Engines.TOKENIZER_ONLY, Engines.LOLHTML, Engines.JSOUP_DOM, Engines.JSOUP_STREAM,
            Engines.ATTOPARSER, Engines.VALIDATOR_NU, Engines.SWAR, Engines.ARRAYCOPY);

    /** Engine display names. */
    public static final class Engines {
        public static final String HTMLREWRITER = "htmlrewriter";
        public static final String TOKENIZER_ONLY = "htmlrewriter tokenizer only";
        public static final String LOLHTML = "lol-html (Bun)";
        public static final String JSOUP_DOM = "jsoup DOM";
        public static final String JSOUP_STREAM = "jsoup StreamParser";
        public static final String ATTOPARSER = "attoparser";
        public static final String VALIDATOR_NU = "validator.nu tokenizer";
        public static final String SWAR = "SWAR '<' scan";
        public static final String ARRAYCOPY = "System.arraycopy";

        private Engines() {
        }
    }

    private static final String[] COLORS = {
        "#d6452c", "#f0a08f", "#f6821f", "#4a78c2", "#9bb7e6", "#5aa469", "#a3d39c", "#555555", "#aaaaaa",
        "#8e5cc2", "#c2a25c",
    };

    private Report() {
    }

    /**
     * The Markdown report: the per-page ratio to lol-html first, then one table per input set, chunk sizes,
     * selector counts, allocation.
     *
     * @param smokeTest the numbers come from a {@code --quick} run: the report says so at the top
     */
    public static String markdown(List<Row> rows, Map<String, Long> inputBytes, List<String> notes,
                                  boolean smokeTest) {
        StringBuilder md = new StringBuilder();
        if (smokeTest) {
            md.append("# htmlrewriter benchmark results: SMOKE TEST (`run.sh --quick`)\n\n")
              .append("> **Smoke-test numbers, not comparable with a full run.** A `--quick` run warms up and measures ")
              .append("for fractions of a second, on fewer workloads and inputs: it shows that the suite and the ")
              .append("report work, not how fast anything is. Do not quote these numbers; the committed results of a ")
              .append("full run are in `benchmarks/results/latest.md`.\n\n");
        } else {
            md.append("# htmlrewriter benchmark results\n\n");
        }
        appendPageRatioTable(md, rows);
        md.append("Throughput in MB/s (1 MB = 10^6 input bytes; higher is better), 1 KiB chunks unless noted. ")
          .append("Workloads: see `Workloads.java` and issue 6 (S1–S5 register no-op element handlers). ")
          .append("`—` = not measured / does not apply.\n\n");
        for (String note : notes) {
            md.append("> ").append(note).append("\n");
        }
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        for (String input : inputsOf(rows)) {
            List<Row> main = rows.stream().filter(r -> r.input.equals(input) && isDefaultChunk(r)
                    && Workloads.ALL.contains(r.workload)).toList();
            if (main.isEmpty() || BenchInputs.PAGE_SETS.contains(input)) {
                continue;
            }
            md.append("## Input: ").append(input);
            Long bytes = inputBytes.get(input);
            if (bytes != null) {
                md.append(String.format(Locale.ROOT, " (%,d bytes per operation)", bytes));
            }
            md.append("\n\n");
            List<String> engines = enginesOf(main);
            md.append("| workload | ");
            for (String engine : engines) {
                md.append(engine).append(" | ");
            }
            md.append("htmlrewriter ÷ lol-html | htmlrewriter ÷ jsoup DOM |\n|---|");
            md.append("---:|".repeat(engines.size() + 2)).append('\n');
            for (String workload : Workloads.ALL) {
                md.append("| ").append(workload).append(" ").append(Workloads.describe(workload)).append(" | ");
                for (String engine : engines) {
                    md.append(find(main, engine, workload).map(r -> fmt(r.mbPerSec)).orElse("—")).append(" | ");
                }
                md.append(ratio(main, workload, Engines.LOLHTML)).append(" | ")
                  .append(ratio(main, workload, Engines.JSOUP_DOM)).append(" |\n");
            }
            md.append('\n');
        }
        appendChunkTable(md, rows);
        appendSelectorCountTable(md, rows);
        appendAllocationTable(md, rows);
        return md.toString();
    }

    /**
     * The table of the benchmark issue: htmlrewriter MB/s ÷ lol-html MB/s per workload and corpus page, both
     * measured in the run the rows come from, then the MB/s behind the ratios.
     */
    private static void appendPageRatioTable(StringBuilder md, List<Row> rows) {
        md.append("## htmlrewriter ÷ lol-html, per page\n\n");
        List<Row> pages = rows.stream().filter(r -> BenchInputs.PAGE_SETS.contains(r.input) && isDefaultChunk(r))
                .toList();
        if (pages.stream().noneMatch(r -> r.engine.equals(Engines.HTMLREWRITER))) {
            md.append("Not measured in this run: lol-html's pages (`../shared/corpus`: ")
              .append(String.join(", ", BenchInputs.CORPUS_PAGES)).append(") were not found.\n\n");
            return;
        }
        md.append("htmlrewriter MB/s ÷ lol-html MB/s on each of lol-html's benchmark pages, measured in this run: ")
          .append("htmlrewriter through its public API in 1 KiB writes, lol-html through Bun's `HTMLRewriter` ")
          .append("(the whole document in one write, JavaScript handlers). Above 1: htmlrewriter is faster.\n\n");
        md.append("| workload |");
        for (String page : BenchInputs.PAGE_SETS) {
            md.append(' ').append(page).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(BenchInputs.PAGE_SETS.size())).append('\n');
        for (String workload : Workloads.LOLHTML) {
            md.append("| ").append(workload).append(' ').append(Workloads.describe(workload)).append(" |");
            for (String page : BenchInputs.PAGE_SETS) {
                md.append(' ').append(ratio(inputRows(pages, page), workload, Engines.LOLHTML).replace("×", ""))
                  .append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        if (pages.stream().noneMatch(r -> r.engine.equals(Engines.LOLHTML))) {
            md.append("> lol-html was not measured in this run (Bun or the oracle not found, or `--no-lolhtml`): ")
              .append("the ratios are empty.\n\n");
        }
        md.append("MB/s behind the ratios:\n\n| workload |");
        for (String page : BenchInputs.PAGE_SETS) {
            md.append(' ').append(page).append(" htmlrewriter | ").append(page).append(" lol-html |");
        }
        md.append("\n|---|").append("---:|".repeat(2 * BenchInputs.PAGE_SETS.size())).append('\n');
        for (String workload : Workloads.LOLHTML) {
            md.append("| ").append(workload).append(" |");
            for (String page : BenchInputs.PAGE_SETS) {
                for (String engine : List.of(Engines.HTMLREWRITER, Engines.LOLHTML)) {
                    md.append(' ').append(find(inputRows(pages, page), engine, workload).map(r -> fmt(r.mbPerSec))
                            .orElse("—")).append(" |");
                }
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void appendChunkTable(StringBuilder md, List<Row> rows) {
        List<Row> chunked = rows.stream().filter(r -> !r.chunk.isEmpty() && Workloads.ALL.contains(r.workload)).toList();
        Set<String> chunks = new LinkedHashSet<>();
        chunked.stream().map(Row::chunk).sorted(Report::compareChunks).forEach(chunks::add);
        if (chunks.size() < 2) {
            return;
        }
        md.append("## Chunk size\n\nMB/s by bytes per `write` call.\n\n| engine | input | workload | ");
        for (String c : chunks) {
            md.append(chunkLabel(c)).append(" | ");
        }
        md.append("\n|---|---|---|").append("---:|".repeat(chunks.size())).append('\n');
        Set<String> keys = new LinkedHashSet<>();
        for (Row r : chunked) {
            keys.add(r.engine + "\u0000" + r.input + "\u0000" + r.workload);
        }
        for (String key : keys) {
            String[] k = key.split("\u0000");
            List<Row> cells = chunked.stream()
                    .filter(r -> r.engine.equals(k[0]) && r.input.equals(k[1]) && r.workload.equals(k[2])).toList();
            if (cells.size() < 2) {
                continue;
            }
            md.append("| ").append(k[0]).append(" | ").append(k[1]).append(" | ").append(k[2]).append(" | ");
            for (String c : chunks) {
                md.append(cells.stream().filter(r -> r.chunk.equals(c)).findFirst().map(r -> fmt(r.mbPerSec))
                        .orElse("—")).append(" | ");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static void appendSelectorCountTable(StringBuilder md, List<Row> rows) {
        List<Row> counts = rows.stream().filter(r -> r.workload.startsWith("n=")).toList();
        if (counts.isEmpty()) {
            return;
        }
        md.append("## Selector count\n\nMB/s with n selectors registered (one matches, the rest almost never do), ")
          .append("no-op element handlers, 1 KiB chunks.\n\n| input | selectors | MB/s |\n|---|---:|---:|\n");
        for (Row r : counts) {
            md.append("| ").append(r.input).append(" | ").append(r.workload.substring(2)).append(" | ")
              .append(fmt(r.mbPerSec)).append(" |\n");
        }
        md.append('\n');
    }

    private static void appendAllocationTable(StringBuilder md, List<Row> rows) {
        List<Row> alloc = rows.stream().filter(r -> !Double.isNaN(r.allocPerInputByte) && isDefaultChunk(r)
                && Workloads.ALL.contains(r.workload) && !BenchInputs.PAGE_SETS.contains(r.input)).toList();
        if (alloc.isEmpty()) {
            return;
        }
        md.append("## Allocation\n\nHeap bytes allocated per input byte (JMH `-prof gc`, `gc.alloc.rate.norm` ÷ ")
          .append("input bytes; target ≤ 0.05 for htmlrewriter on P0 and S2).\n\n");
        for (String input : inputsOf(alloc)) {
            List<Row> in = alloc.stream().filter(r -> r.input.equals(input)).toList();
            List<String> engines = enginesOf(in);
            md.append("| ").append(input).append(" | ");
            for (String engine : engines) {
                md.append(engine).append(" | ");
            }
            md.append("\n|---|").append("---:|".repeat(engines.size())).append('\n');
            for (String workload : Workloads.ALL) {
                if (in.stream().noneMatch(r -> r.workload.equals(workload))) {
                    continue;
                }
                md.append("| ").append(workload).append(" | ");
                for (String engine : engines) {
                    md.append(find(in, engine, workload).map(r -> String.format(Locale.ROOT, "%.3f", r.allocPerInputByte))
                            .orElse("—")).append(" | ");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    /**
     * A horizontal grouped bar chart, log-scale MB/s: one group per workload, one bar per engine, for one input
     * set at the default chunk size.
     */
    public static String svg(List<Row> rows, String input) {
        List<Row> main = rows.stream().filter(r -> r.input.equals(input) && isDefaultChunk(r)
                && Workloads.ALL.contains(r.workload) && r.mbPerSec > 0).toList();
        List<String> engines = enginesOf(main);
        double max = main.stream().mapToDouble(Row::mbPerSec).max().orElse(1000);
        double min = main.stream().mapToDouble(Row::mbPerSec).min().orElse(1);
        int lowDecade = (int) Math.floor(Math.log10(Math.max(min, 1e-3)));
        int highDecade = (int) Math.ceil(Math.log10(max));
        if (highDecade <= lowDecade) {
            highDecade = lowDecade + 1;
        }
        int left = 70, top = 40, barHeight = 9, groupGap = 10, plotWidth = 620, legendWidth = 200;
        List<String> workloads = Workloads.ALL.stream()
                .filter(w -> main.stream().anyMatch(r -> r.workload.equals(w))).toList();
        int height = top + 30;
        for (String w : workloads) {
            height += barCount(main, w) * barHeight + groupGap;
        }
        height = Math.max(height, top + 30 + engines.size() * 16);
        int width = left + plotWidth + 60 + legendWidth;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">"
                + "Throughput, MB/s (log scale), input: %s, 1 KiB chunks</text>\n", left, escape(input)));
        int plotBottom = height - 25;
        for (int d = lowDecade; d <= highDecade; d++) {
            double x = left + xOf(Math.pow(10, d), lowDecade, highDecade, plotWidth);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n",
                    x, top - 5, x, plotBottom));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n",
                    x, plotBottom + 14, d >= 0 ? String.format(Locale.ROOT, "%,.0f", Math.pow(10, d))
                            : Double.toString(Math.pow(10, d))));
        }
        int y = top;
        for (String workload : workloads) {
            int groupTop = y;
            for (String engine : engines) {
                var row = find(main, engine, workload);
                if (row.isEmpty()) {
                    continue;
                }
                double w = Math.max(1, xOf(row.get().mbPerSec, lowDecade, highDecade, plotWidth));
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %s MB/s</title></rect>\n",
                        left, y, w, barHeight - 1, color(engine), escape(engine), workload, fmt(row.get().mbPerSec)));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"8\" fill=\"#333\">%s</text>\n",
                        left + w + 3, y + barHeight - 2, fmt(row.get().mbPerSec)));
                y += barHeight;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%s</text>\n",
                    left - 8, (groupTop + y) / 2 + 4, workload));
            y += groupGap;
        }
        int legendX = left + plotWidth + 60;
        int ly = top;
        for (String engine : engines) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>\n", legendX, ly, color(engine), legendX + 16, ly + 9, escape(engine)));
            ly += 16;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static int barCount(List<Row> rows, String workload) {
        return (int) rows.stream().filter(r -> r.workload.equals(workload)).map(Row::engine).distinct().count();
    }

    private static double xOf(double value, int lowDecade, int highDecade, int plotWidth) {
        double v = Math.log10(Math.max(value, Math.pow(10, lowDecade)));
        return (v - lowDecade) / (highDecade - lowDecade) * plotWidth;
    }

    private static String color(String engine) {
        int i = ENGINE_ORDER.indexOf(engine);
        if (i < 0) {
            i = ENGINE_ORDER.size() + Math.floorMod(engine.hashCode(), COLORS.length - ENGINE_ORDER.size());
        }
        return COLORS[i % COLORS.length];
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    static boolean isDefaultChunk(Row r) {
        return r.chunk.isEmpty() || r.chunk.equals("1024");
    }

    private static int compareChunks(String a, String b) {
        return Long.compare(chunkBytes(a), chunkBytes(b));
    }

    private static long chunkBytes(String chunk) {
        return chunk.equals(Chunking.WHOLE) ? Long.MAX_VALUE : Long.parseLong(chunk);
    }

    private static String chunkLabel(String chunk) {
        if (chunk.equals(Chunking.WHOLE)) {
            return "whole document";
        }
        long n = Long.parseLong(chunk);
        return n % 1024 == 0 ? (n / 1024) + " KiB" : n + " B";
    }

    private static List<String> inputsOf(List<Row> rows) {
        Set<String> inputs = new LinkedHashSet<>();
        rows.forEach(r -> inputs.add(r.input));
        return new ArrayList<>(inputs);
    }

    static List<String> enginesOf(List<Row> rows) {
        Set<String> present = new LinkedHashSet<>();
        rows.forEach(r -> present.add(r.engine));
        List<String> ordered = new ArrayList<>();
        for (String e : ENGINE_ORDER) {
            if (present.remove(e)) {
                ordered.add(e);
            }
        }
        ordered.addAll(present);
        return ordered;
    }

    private static List<Row> inputRows(List<Row> rows, String input) {
        return rows.stream().filter(r -> r.input.equals(input)).toList();
    }

    private static java.util.Optional<Row> find(List<Row> rows, String engine, String workload) {
        return rows.stream().filter(r -> r.engine.equals(engine) && r.workload.equals(workload)).findFirst();
    }

    private static String ratio(List<Row> rows, String workload, String against) {
        var ours = find(rows, Engines.HTMLREWRITER, workload);
        var theirs = find(rows, against, workload);
        if (ours.isEmpty() || theirs.isEmpty() || theirs.get().mbPerSec <= 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", ours.get().mbPerSec / theirs.get().mbPerSec);
    }

    static String fmt(double mbPerSec) {
        if (Double.isNaN(mbPerSec)) {
            return "—";
        }
        if (mbPerSec >= 100) {
            return String.format(Locale.ROOT, "%,.0f", mbPerSec);
        }
        if (mbPerSec >= 10) {
            return String.format(Locale.ROOT, "%.1f", mbPerSec);
        }
        return String.format(Locale.ROOT, "%.2f", mbPerSec);
    }

    /**
     * Parses the tab-separated output of {@code ../shared/oracle/bench-bun.js} (mode {@code ab}) into rows for
     * input set {@code input}: the files of one run are one input set, so their MB/s combine as total bytes over
     * total time (a time-weighted mean, like one JMH operation over every document).
     */
    public static List<Row> parseLolHtml(List<String> lines, String input) {
        Map<String, Sum> byWorkload = new LinkedHashMap<>();
        for (LolHtmlCell cell : lolHtmlCells(lines)) {
            byWorkload.computeIfAbsent(cell.workload, k -> new Sum()).add(cell.bytes, cell.mbPerSec, Double.NaN);
        }
        List<Row> rows = new ArrayList<>();
        byWorkload.forEach((workload, sum) -> rows.add(sum.row(Engines.LOLHTML, workload, input, "")));
        return rows;
    }

    /**
     * Parses the output of {@code bench-bun.js} like {@link #parseLolHtml(List, String)}, but into one row per file:
     * its input set is the file's {@linkplain BenchInputs#pageSet page set}.
     */
    public static List<Row> parseLolHtmlPerFile(List<String> lines) {
        return lolHtmlCells(lines).stream().map(c -> new Row(Engines.LOLHTML, c.workload, BenchInputs.pageSet(c.file),
                "", c.mbPerSec, Double.NaN, Double.NaN)).toList();
    }

    /**
     * The rows of the {@linkplain BenchInputs#PAGE_SETS one-page input sets} combined into rows for input set
     * {@code input} (the corpus), as if one operation had processed every page one after another: MB/s as total
     * bytes over total time, allocation per byte as total allocation over total bytes. One row per engine,
     * workload and chunk size measured on every page; the others are left out.
     *
     * @param inputBytes the bytes of each page set
     */
    public static List<Row> combinePages(List<Row> rows, Map<String, Long> inputBytes, String input) {
        Map<List<String>, Map<String, Row>> byKey = new LinkedHashMap<>();
        for (Row r : rows) {
            if (BenchInputs.PAGE_SETS.contains(r.input)) {
                byKey.computeIfAbsent(List.of(r.engine, r.workload, r.chunk), k -> new LinkedHashMap<>())
                        .put(r.input, r);
            }
        }
        List<Row> combined = new ArrayList<>();
        byKey.forEach((key, byPage) -> {
            if (byPage.size() == BenchInputs.PAGE_SETS.size()) {
                Sum sum = new Sum();
                byPage.forEach((page, r) -> sum.add(inputBytes.get(page), r.mbPerSec, r.allocPerInputByte));
                combined.add(sum.row(key.get(0), key.get(1), input, key.get(2)));
            }
        });
        return combined;
    }

    /** One line of {@code bench-bun.js} output. */
    private record LolHtmlCell(String workload, String file, double bytes, double mbPerSec) {
    }

    private static List<LolHtmlCell> lolHtmlCells(List<String> lines) {
        List<LolHtmlCell> cells = new ArrayList<>();
        int workloadCol = -1, fileCol = -1, bytesCol = -1, rateCol = -1, modeCol = -1;
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (workloadCol < 0) {
                List<String> header = List.of(f);
                workloadCol = header.indexOf("workload");
                fileCol = header.indexOf("file");
                bytesCol = header.indexOf("in_bytes");
                rateCol = header.indexOf("MB/s_med");
                modeCol = header.indexOf("mode");
                if (workloadCol < 0 || fileCol < 0 || bytesCol < 0 || rateCol < 0) {
                    throw new IllegalArgumentException("not a bench-bun.js table: " + line);
                }
                continue;
            }
            if ((modeCol >= 0 && !f[modeCol].equals("ab")) || !Workloads.ALL.contains(f[workloadCol])) {
                continue;
            }
            cells.add(new LolHtmlCell(f[workloadCol], f[fileCol], Double.parseDouble(f[bytesCol]),
                    Double.parseDouble(f[rateCol])));
        }
        return cells;
    }

    /**
     * Documents processed one after another, as one operation: total bytes over total time for the throughput,
     * total allocation over total bytes for the allocation (NaN when a part's is unknown).
     */
    private static final class Sum {
        private double bytes;
        private double seconds;
        private double allocated;

        void add(double docBytes, double mbPerSec, double allocPerByte) {
            bytes += docBytes;
            seconds += docBytes / (mbPerSec * 1e6);
            allocated += allocPerByte * docBytes;
        }

        Row row(String engine, String workload, String input, String chunk) {
            return new Row(engine, workload, input, chunk, bytes / seconds / 1e6, Double.NaN, allocated / bytes);
        }
    }
}
