package org.htmlrewriter.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.htmlrewriter.EncodingSniffer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.RewritingRules;

/**
 * {@code htmlrewriter rewrite}: one document (a file or standard input, to standard output or a file), or every file
 * of a directory tree into another directory. Output files are written all or nothing ({@link AtomicFile}). The
 * rules are compiled once per charset into {@link RewriterSettings} ({@link RewritingRules}), shared by the
 * {@code --jobs} threads; each document gets its own {@link HtmlRewriter}. With {@code --charset auto} (the default)
 * each document's charset is found by {@link EncodingSniffer} from its first bytes.
 */
final class RewriteCommand {
    static final String USAGE = """
            usage: htmlrewriter rewrite [OPTIONS] [FILE | -]         one document, to standard output or -o FILE
                   htmlrewriter rewrite [OPTIONS] -o OUTDIR INDIR    every file under INDIR, into OUTDIR
            Options:
              --rules FILE      read rules from FILE (repeatable; at least one --rules or --rule)
              --rule 'LINE'     one rule, SELECTOR ACTION [ARGUMENTS] (repeatable)
              --charset auto|NAME  how to read the documents: auto (the default) finds each one's charset as
                                browsers do (byte order mark, then a <meta> in the first 1024 bytes, else UTF-8);
                                NAME reads every one in that charset (ASCII-compatible ones, or UTF-16)
              -o, --output P    the output file (written to a temporary file, renamed at the end), or the output
                                directory for a directory input (created if missing; must not overlap INDIR)
              -j, --jobs N      rewrite N files at a time in a directory run (1 to 256, default 1)
              -q, --quiet       no summary line and no progress lines on standard error
              -h, --help        this help;  --version  the version
            A directory run mirrors INDIR's tree: *.html, *.htm and *.xhtml files are rewritten, other files are
            copied, symbolic links and special files are skipped; a file that fails is reported and the run goes
            on. Exit status: 0 done, 1 some input could not be read, rewritten or written, 2 bad usage or bad rules
            (nothing was read or written).
            Rules: one per line, SELECTOR ACTION [ARGUMENTS]; '#' starts a comment (rewriter-cli/README.md).
            Actions:
            """;

    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    static final int MAX_JOBS = 256;
    private static final int BUFFER = 64 * 1024;
    private static final EncodingSniffer SNIFFER = EncodingSniffer.withDefault(StandardCharsets.UTF_8);

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Duration progressInterval;

    private RuleSet rules = RuleSet.empty();
    private final List<String[]> ruleSources = new ArrayList<>();
    /** The charset given with {@code --charset NAME}, or null for {@code auto}. */
    private Charset charset;
    private String output;
    private String input;
    private int jobs = 1;
    private boolean quiet;

    private RewriteCommand(InputStream stdin, PrintStream stdout, PrintStream stderr, Duration progressInterval) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.progressInterval = progressInterval;
    }

    static String usage() {
        StringBuilder s = new StringBuilder(USAGE);
        for (String action : RuleSet.actionUsages()) {
            s.append("  ").append(action).append('\n');
        }
        return s.toString();
    }

    /** Runs {@code rewrite ARGS}; returns the exit status. */
    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        return run(args, stdin, stdout, stderr, PROGRESS_INTERVAL);
    }

    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr, Duration progress) {
        RewriteCommand c = new RewriteCommand(stdin, stdout, stderr, progress);
        try {
            Integer done = c.parse(args);
            if (done != null) {
                return done;
            }
            return c.execute();
        } catch (Main.UsageException e) {
            stderr.println("htmlrewriter rewrite: " + e.getMessage());
            stderr.println("try: htmlrewriter rewrite --help");
            return 2;
        } catch (RuleSyntaxException e) {
            stderr.println("htmlrewriter: " + e.getMessage());
            return 2;
        }
    }

    /** Reads the options; returns an exit status if they were {@code --help} or {@code --version}, else null. */
    private Integer parse(String[] args) throws Main.UsageException, RuleSyntaxException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    stdout.print(usage());
                    return 0;
                }
                case "--version" -> {
                    stdout.println(Version.line(RewriteCommand.class.getClassLoader()));
                    return 0;
                }
                case "--rules", "--rule" -> ruleSources.add(new String[] {a, Main.value(args, ++i, a)});
                case "--charset" -> {
                    String name = Main.value(args, ++i, a);
                    if (name.equalsIgnoreCase("auto")) {
                        charset = null;
                    } else {
                        try {
                            charset = Charset.forName(name);
                        } catch (RuntimeException e) {
                            throw new Main.UsageException("unknown charset " + name);
                        }
                    }
                }
                case "-o", "--output" -> output = Main.value(args, ++i, a);
                case "-j", "--jobs" -> {
                    String n = Main.value(args, ++i, a);
                    try {
                        jobs = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        jobs = 0;
                    }
                    if (jobs < 1 || jobs > MAX_JOBS) {
                        throw new Main.UsageException("--jobs needs a whole number from 1 to " + MAX_JOBS + ", got "
                                + n);
                    }
                }
                case "-q", "--quiet" -> quiet = true;
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new Main.UsageException("unknown option " + a);
                    }
                    if (input != null) {
                        throw new Main.UsageException("unexpected argument " + a + " (one input, file or directory)");
                    }
                    input = a;
                }
            }
        }
        if (ruleSources.isEmpty()) {
            throw new Main.UsageException("rewrite needs --rules FILE or --rule '...'");
        }
        for (String[] source : ruleSources) {
            if (source[0].equals("--rule")) {
                rules = rules.plus(RuleSet.parse(source[1], "--rule"));
            } else {
                String text;
                try {
                    text = Files.readString(Path.of(source[1]), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    throw new Main.UsageException("cannot read rules file " + source[1] + ": " + describe(e));
                }
                rules = rules.plus(RuleSet.parse(text, source[1]));
            }
        }
        return null;
    }

    private int execute() throws Main.UsageException {
        LongAdder matched = new LongAdder();
        Documents settings;
        try {
            RuleSet chosen = rules;
            RewritingRules compiled = RewritingRules.of(b -> chosen.applyTo(b, matched));
            settings = new Documents(compiled, charset == null ? null : compiled.settingsFor(charset));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        if (input != null && !input.equals("-") && Files.isDirectory(path(input))) {
            return directory(settings, matched);
        }
        if (output != null && Files.isDirectory(path(output))) {
            throw new Main.UsageException("-o " + output + " is a directory; a directory output needs a directory"
                    + " input");
        }
        return single(settings, matched);
    }

    private static Path path(String name) throws Main.UsageException {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new Main.UsageException("not a usable path: " + name + " (" + e.getReason() + ")");
        }
    }

    // --- one document

    /**
     * How documents are read: in one charset given on the command line, or each in the charset its first bytes
     * show ({@code fixed} null). Thread-safe.
     */
    private record Documents(RewritingRules rules, RewriterSettings fixed) {
        /**
         * The settings for a document whose first bytes are {@code first[0, n)}: all of them, or at least
         * {@value EncodingSniffer#PRESCAN_BYTES}.
         */
        RewriterSettings settingsFor(byte[] first, int n) throws IOException {
            if (fixed != null) {
                return fixed;
            }
            EncodingSniffer.Result found = SNIFFER.sniff(first, 0, n, null);
            try {
                return rules.settingsFor(found.charset());
            } catch (IllegalArgumentException e) {
                throw new IOException("the document is in " + found.charset().name() + " (from its "
                        + found.source().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "), which cannot be rewritten; give --charset NAME to read it otherwise");
            }
        }

        /** Bytes to read before choosing the settings. */
        int sniffBytes() {
            return fixed != null ? 0 : EncodingSniffer.PRESCAN_BYTES;
        }
    }

    private int single(Documents settings, LongAdder matched) {
        long start = System.nanoTime();
        Counts counts = new Counts();
        String name = input == null || input.equals("-") ? "standard input" : input;
        try (InputStream in = input == null || input.equals("-") ? stdin : Files.newInputStream(Path.of(input))) {
            if (output == null) {
                try (OutputStream out = new BufferedOutputStream(new NonClosing(stdout), BUFFER)) {
                    rewrite(settings, in, out, counts, null);
                }
            } else {
                AtomicFile.write(Path.of(output), out -> rewrite(settings, in, out, counts, null));
            }
        } catch (IOException | RuntimeException e) {
            stderr.println("htmlrewriter: " + name + ": " + describe(e));
            return 1;
        }
        if (!quiet) {
            stderr.printf(Locale.ROOT, "htmlrewriter: %d bytes in, %d bytes out, %d elements matched, %.1f ms%n",
                    counts.in.sum(), counts.out.sum(), matched.sum(), (System.nanoTime() - start) / 1e6);
        }
        return 0;
    }

    /** Bytes read and written, over all documents of a run. */
    private static final class Counts {
        final LongAdder in = new LongAdder();
        final LongAdder out = new LongAdder();
    }

    /** Rewrites one document from {@code in} to {@code out} (neither is closed). */
    private static void rewrite(Documents documents, InputStream in, OutputStream out, Counts counts,
            Progress progress) throws IOException {
        byte[] buf = new byte[BUFFER];
        int first = in.readNBytes(buf, 0, documents.sniffBytes());
        RewriterSettings settings = documents.settingsFor(buf, first);
        HtmlRewriter r = settings.newRewriter((bytes, off, len) -> {
            counts.out.add(len);
            try {
                out.write(bytes, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        int n;
        try {
            if (first > 0) {
                counts.in.add(first);
                if (progress != null) {
                    progress.bytesDone.add(first);
                }
                r.write(buf, 0, first);
            }
            while ((n = in.read(buf)) >= 0) {
                counts.in.add(n);
                if (progress != null) {
                    progress.bytesDone.add(n);
                }
                r.write(buf, 0, n);
            }
            r.end();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** What went wrong, in a line: the rule that failed, the I/O error, or the rewriter's failure. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RuleFailedException) {
                return "rule " + t.getMessage();
            }
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof RewritingException) {
            return "rewriting failed: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** Standard output must stay open after a rewrite. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    // --- a directory tree

    /** Whether a file is rewritten (by its extension) rather than copied. */
    static boolean isHtml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".html") || name.endsWith(".htm") || name.endsWith(".xhtml");
    }

    /** What a directory run found under the input directory (paths relative to it). */
    private static final class Tree {
        final List<Path> directories = new ArrayList<>();
        final List<Path> files = new ArrayList<>();
        long bytes;
        int skipped;
    }

    private int directory(Documents settings, LongAdder matched) throws Main.UsageException {
        if (output == null) {
            throw new Main.UsageException(input + " is a directory: give the output directory with -o OUTDIR");
        }
        Path in = path(input);
        Path out = path(output);
        checkNoOverlap(in, out);
        long start = System.nanoTime();
        Tree tree;
        try {
            tree = walk(in);
            for (Path dir : tree.directories) {
                Files.createDirectories(out.resolve(dir.toString()));
            }
        } catch (IOException | UncheckedIOException e) {
            stderr.println("htmlrewriter: " + input + ": " + describe(e));
            return 1;
        }
        Progress progress = new Progress(tree.files.size(), tree.bytes, progressInterval.toNanos(), start);
        Counts counts = new Counts();
        LongAdder rewritten = new LongAdder();
        LongAdder copied = new LongAdder();
        ScheduledExecutorService ticker = quiet ? null : Executors.newSingleThreadScheduledExecutor(
                daemonThreads("htmlrewriter-progress"));
        if (ticker != null) {
            long tick = Math.max(1, Math.min(progressInterval.toMillis(), 200));
            ticker.scheduleAtFixedRate(() -> {
                String line = progress.lineIfDue(System.nanoTime());
                if (line != null) {
                    stderr.println(line);
                }
            }, tick, tick, TimeUnit.MILLISECONDS);
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, daemonThreads("htmlrewriter-rewrite"));
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (Path file : tree.files) {
                tasks.add(pool.submit(() -> {
                    Path source = in.resolve(file.toString());
                    Path target = out.resolve(file.toString());
                    try {
                        if (isHtml(file)) {
                            try (InputStream s = Files.newInputStream(source)) {
                                AtomicFile.write(target, o -> rewrite(settings, s, o, counts, progress));
                            }
                            rewritten.increment();
                        } else {
                            AtomicFile.write(target, o -> Files.copy(source, o));
                            progress.bytesDone.add(Files.size(target));
                            copied.increment();
                        }
                    } catch (IOException | RuntimeException e) {
                        progress.failed.increment();
                        stderr.println("htmlrewriter: " + source + ": " + describe(e));
                    }
                    progress.filesDone.increment();
                }));
            }
            for (Future<?> task : tasks) {
                await(task);
            }
        } finally {
            pool.shutdownNow();
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        long failed = progress.failed.sum();
        if (!quiet) {
            stderr.printf(Locale.ROOT, "htmlrewriter: %d files: %d rewritten, %d copied, %d failed, %d skipped; %d bytes"
                    + " in, %d bytes out, %d elements matched, %.1f ms%n", tree.files.size(), rewritten.sum(),
                    copied.sum(), failed, tree.skipped, counts.in.sum(), counts.out.sum(), matched.sum(),
                    (System.nanoTime() - start) / 1e6);
        }
        return failed == 0 ? 0 : 1;
    }

    private static void await(Future<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The input and output trees must be apart: writing into the tree being read would read its own output. */
    private static void checkNoOverlap(Path in, Path out) throws Main.UsageException {
        Path inReal;
        Path outReal;
        try {
            inReal = in.toRealPath();
            Path existing = out.toAbsolutePath().normalize();
            Path rest = existing.relativize(existing);
            while (!Files.exists(existing)) {
                rest = existing.getFileName().resolve(rest.toString());
                existing = existing.getParent();
            }
            if (!Files.isDirectory(existing)) {
                throw new Main.UsageException("-o " + out + " is not a directory");
            }
            outReal = existing.toRealPath().resolve(rest.toString()).normalize();
        } catch (IOException e) {
            throw new Main.UsageException("cannot use " + in + " -> " + out + ": " + describe(e));
        }
        if (outReal.startsWith(inReal) || inReal.startsWith(outReal)) {
            throw new Main.UsageException("the input directory " + in + " and the output directory " + out
                    + " must not contain each other");
        }
    }

    /** Lists the tree in a stable order; symbolic links and special files are skipped (and counted). */
    private static Tree walk(Path root) throws IOException {
        Tree tree = new Tree();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                tree.directories.add(root.relativize(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    tree.files.add(root.relativize(file));
                    tree.bytes += attrs.size();
                } else {
                    tree.skipped++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(tree.files);
        return tree;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
