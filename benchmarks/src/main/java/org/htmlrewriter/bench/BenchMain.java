package org.htmlrewriter.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole suite the way {@code benchmarks/run.sh} wants it and writes {@code latest.json} (JMH JSON of every
 * run), {@code latest.md} (tables) and {@code latest.svg} (chart) into the results folder.
 *
 * <p>The suite runs in phases because JMH crosses every parameter with every other: phase 1 runs every engine
 * on every workload at 1 KiB chunks (htmlrewriter on each corpus page separately, for the per-page comparison
 * with lol-html; its corpus row combines the three), phase 2 a few workloads at 16 KiB and whole-document chunks,
 * phase 3 the selector-count benchmark on the generated pages. All with one fork, short iterations and
 * {@code -prof gc}. The API benchmarks ({@code org.htmlrewriter.bench.api}) run only when they were compiled in.
 *
 * <p>Arguments: {@code [--quick] [--results DIR] [--lolhtml INPUT=FILE]...}. {@code --quick} is a smoke test:
 * far shorter iterations, fewer workloads and inputs, a report that says so, and by default the results folder
 * {@value #QUICK_RESULTS} rather than {@value #FULL_RESULTS} (where the committed results of full runs are). The
 * lol-html table given for input {@value BenchInputs#CORPUS} also gives the per-page rows. The shared folder (for
 * the corpus) comes from {@code -Dhtmlrewriter.shared} or the usual search ({@link BenchInputs#sharedDirectory()}).
 */
public final class BenchMain {
    private static final String PKG = "org\\.htmlrewriter\\.bench\\.";
    static final String API_BENCH_CLASS = "org.htmlrewriter.bench.api.RewriterBench";
    /** Where full runs write their results, relative to the repository: the committed results. */
    static final String FULL_RESULTS = "benchmarks/results";
    /** Where {@code --quick} runs write theirs unless told otherwise: a scratch folder the build ignores. */
    static final String QUICK_RESULTS = "benchmarks/target/quick-results";

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        boolean quick = false;
        Path results = null;
        Map<String, Path> lolhtml = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--results" -> results = Path.of(args[++i]);
                case "--lolhtml" -> {
                    String[] kv = args[++i].split("=", 2);
                    lolhtml.put(kv[0], Path.of(kv[1]));
                }
                default -> {
                    System.err.println("usage: BenchMain [--quick] [--results DIR] [--lolhtml INPUT=FILE]...");
                    System.exit(2);
                }
            }
        }
        if (results == null) {
            results = Path.of(quick ? QUICK_RESULTS : FULL_RESULTS);
        } else if (quick && results.toAbsolutePath().normalize().endsWith(FULL_RESULTS)) {
            System.err.println("--quick does not write to " + FULL_RESULTS + ": its numbers are a smoke test");
            System.exit(2);
        }
        Files.createDirectories(results);
        List<String> notes = new ArrayList<>();

        Optional<Path> shared = BenchInputs.sharedDirectory();
        List<String> inputs = new ArrayList<>();
        List<String> pages = new ArrayList<>();
        Optional<Path> corpus = BenchInputs.corpusDirectory();
        if (corpus.isPresent()) {
            inputs.add(BenchInputs.CORPUS);
            pages.addAll(BenchInputs.PAGE_SETS);
            List<String> ignored = BenchInputs.ignoredCorpusFiles(corpus.get());
            if (!ignored.isEmpty()) {
                String note = "Not benchmarked: " + String.join(", ", ignored) + " in ../shared/corpus (the corpus "
                        + "is exactly lol-html's three pages: " + String.join(", ", BenchInputs.CORPUS_PAGES) + ").";
                System.out.println("NOTE: " + note);
                notes.add(note);
            }
        } else {
            String note = "../shared/corpus with lol-html's pages (" + String.join(", ", BenchInputs.CORPUS_PAGES)
                    + ") not found: the corpus input set was skipped; generated pages only.";
            System.out.println("NOTE: " + note);
            notes.add(note);
        }
        if (!quick || inputs.isEmpty()) {
            inputs.add(BenchInputs.GENERATED);
        }
        // htmlrewriter at 1 KiB runs on each page instead of the whole corpus; its corpus rows combine the pages.
        List<String> apiInputs = new ArrayList<>(inputs);
        if (apiInputs.remove(BenchInputs.CORPUS)) {
            apiInputs.addAll(0, pages);
        }
        boolean api = classExists(API_BENCH_CLASS);
        if (!api) {
            String note = "org.htmlrewriter.HtmlRewriter benchmarks not compiled in (public API missing): "
                    + "htmlrewriter is shown by its tokenizer-only P0.";
            System.out.println("NOTE: " + note);
            notes.add(note);
        }

        List<String> allWorkloads = Workloads.ALL;
        List<String> domWorkloads = quick ? List.of("P0", "S2", "R3", "T2") : allWorkloads;
        List<String> streamWorkloads = quick ? List.of("P0", "S2") : List.of("P0", "S1", "S2", "S3", "S4", "S5");
        List<String> chunkWorkloads = quick ? List.of("P0") : List.of("P0", "S2", "R3");

        List<RunResult> all = new ArrayList<>();
        // Phase 1: every engine, every workload, 1 KiB chunks.
        List<String> phase1 = new ArrayList<>(List.of(
                PKG + "HardwareLimitBench\\.", PKG + "ParserBaselinesBench\\.", PKG + "TokenizerOnlyBench\\.",
                PKG + "JsoupDomBench\\.", PKG + "JsoupStreamBench\\."));
        all.addAll(run(quick, shared, phase1, Map.of("input", inputs, "chunk", List.of("1024")),
                Map.of(PKG + "JsoupDomBench\\.", domWorkloads, PKG + "JsoupStreamBench\\.", streamWorkloads)));
        if (api) {
            all.addAll(run(quick, shared, List.of(PKG + "api\\.RewriterBench\\."),
                    Map.of("input", apiInputs, "chunk", List.of("1024"), "workload", allWorkloads), Map.of()));
            // Phase 2: chunk sizes.
            all.addAll(run(quick, shared, List.of(PKG + "api\\.RewriterBench\\.", PKG + "TokenizerOnlyBench\\."),
                    Map.of("input", inputs, "chunk", List.of("16384", Chunking.WHOLE), "workload", chunkWorkloads),
                    Map.of()));
            // Phase 3: selector count, generated pages only.
            all.addAll(run(quick, shared, List.of(PKG + "api\\.SelectorCountBench\\."),
                    Map.of("input", List.of(BenchInputs.GENERATED)), Map.of()));
        } else {
            all.addAll(run(quick, shared, List.of(PKG + "TokenizerOnlyBench\\."),
                    Map.of("input", inputs, "chunk", List.of("16384", Chunking.WHOLE)), Map.of()));
        }

        Path json = results.resolve("latest.json");
        try (PrintStream out = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(all);
        }

        Map<String, Long> inputBytes = new LinkedHashMap<>();
        for (String input : inputs) {
            inputBytes.put(input, BenchInputs.totalBytes(input));
        }
        inputBytes.put(BenchInputs.GENERATED, BenchInputs.totalBytes(BenchInputs.GENERATED));
        for (String page : pages) {
            inputBytes.put(page, BenchInputs.totalBytes(page));
        }
        List<Report.Row> rows = toRows(all, inputBytes);
        rows.addAll(Report.combinePages(rows, inputBytes, BenchInputs.CORPUS));
        for (Map.Entry<String, Path> e : lolhtml.entrySet()) {
            if (Files.isRegularFile(e.getValue())) {
                List<String> table = Files.readAllLines(e.getValue());
                rows.addAll(Report.parseLolHtml(table, e.getKey()));
                if (e.getKey().equals(BenchInputs.CORPUS)) {
                    rows.addAll(Report.parseLolHtmlPerFile(table));
                }
            }
        }
        if (lolhtml.isEmpty()) {
            notes.add("lol-html was not measured in this run (bun or the oracle not found, see "
                    + "../shared/oracle/README.md; or run.sh --no-lolhtml).");
        } else {
            notes.add("lol-html: Bun's native HTMLRewriter (bench-bun.js, mode ab), which hands lol-html the whole "
                    + "document in one write; handlers are JS functions. It has no T2 workload. The htmlrewriter "
                    + "column is at 1 KiB chunks: see the chunk-size table for whole documents.");
        }
        notes.add(String.format("Machine: %d cores, %s %s, %s; fork 1, %s iterations: expect a few %% of noise, "
                        + "more while other processes run.", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.arch"),
                quick ? "very short (--quick)" : "short"));

        StringBuilder md = new StringBuilder(Report.markdown(rows, inputBytes, notes, quick));
        // Figures measured outside JMH by run.sh (LatencyMemoryProbe), if this run produced them.
        for (String extra : List.of("latency-memory.md", "stream-heap.md")) {
            Path file = results.resolve(extra);
            if (Files.isRegularFile(file)) {
                md.append(Files.readString(file)).append('\n');
            }
        }
        Files.writeString(results.resolve("latest.md"), md);
        String chartInput = inputs.get(0);
        Files.writeString(results.resolve("latest.svg"), Report.svg(rows, chartInput));
        System.out.println("wrote " + json + ", latest.md, latest.svg in " + results);
        if (quick) {
            System.out.println("QUICK RUN: smoke-test numbers, not comparable with a full run (benchmarks/run.sh); "
                    + "the committed results in " + FULL_RESULTS + " were not touched.");
        }
    }

    private static Collection<RunResult> run(boolean quick, Optional<Path> shared, List<String> includes,
                                             Map<String, List<String>> params,
                                             Map<String, List<String>> workloadsByInclude) throws RunnerException {
        if (!workloadsByInclude.isEmpty()) {
            // The workload subset differs per class: one JMH run per class.
            List<RunResult> out = new ArrayList<>();
            for (String include : includes) {
                Map<String, List<String>> p = new LinkedHashMap<>(params);
                List<String> workloads = workloadsByInclude.get(include);
                if (workloads != null) {
                    p.put("workload", workloads);
                }
                out.addAll(run(quick, shared, List.of(include), p, Map.of()));
            }
            return out;
        }
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.milliseconds(quick ? 400 : 500))
                .measurementIterations(quick ? 2 : 3)
                .measurementTime(TimeValue.milliseconds(quick ? 400 : 500))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(false)
                .jvmArgsAppend("-Xms1g", "-Xmx1g");
        for (String include : includes) {
            options.include(include);
        }
        shared.ifPresent(s -> options.jvmArgsAppend("-Dhtmlrewriter.shared=" + s));
        params.forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
        return new Runner(options.build()).run();
    }

    /** JMH results as report rows: ops/s times the input set's bytes gives MB/s. */
    static List<Report.Row> toRows(Collection<RunResult> results, Map<String, Long> inputBytes) {
        List<Report.Row> rows = new ArrayList<>();
        for (RunResult run : results) {
            BenchmarkResult aggregated = run.getAggregatedResult();
            if (aggregated == null) {
                continue;
            }
            var params = run.getParams();
            String benchmark = params.getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String input = param(params, "input", BenchInputs.GENERATED);
            Long bytes = inputBytes.get(input);
            if (bytes == null) {
                continue;
            }
            Result<?> primary = aggregated.getPrimaryResult();
            double scale = bytes / 1e6;
            double mbps = primary.getScore() * scale;
            double error = primary.getScoreError() * scale;
            Result<?> alloc = aggregated.getSecondaryResults().get("gc.alloc.rate.norm");
            double allocPerByte = alloc == null ? Double.NaN : alloc.getScore() / bytes;
            String workload = param(params, "workload", Workloads.P0);
            String chunk = param(params, "chunk", "");
            String engine = switch (method) {
                case "htmlrewriter" -> Report.Engines.HTMLREWRITER;
                case "tokenizerP0" -> Report.Engines.TOKENIZER_ONLY;
                case "jsoupDom" -> Report.Engines.JSOUP_DOM;
                case "jsoupStream" -> Report.Engines.JSOUP_STREAM;
                case "attoparserP0" -> Report.Engines.ATTOPARSER;
                case "validatorNuP0" -> Report.Engines.VALIDATOR_NU;
                case "swarScan" -> Report.Engines.SWAR;
                case "arraycopy" -> Report.Engines.ARRAYCOPY;
                case "manySelectors" -> Report.Engines.HTMLREWRITER;
                default -> method;
            };
            if (method.equals("manySelectors")) {
                workload = "n=" + param(params, "selectors", "?");
            }
            rows.add(new Report.Row(engine, workload, input, chunk, mbps, error, allocPerByte));
        }
        return rows;
    }

    private static String param(org.openjdk.jmh.infra.BenchmarkParams params, String name, String fallback) {
        String value = params.getParam(name);
        return value == null ? fallback : value;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, BenchMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
