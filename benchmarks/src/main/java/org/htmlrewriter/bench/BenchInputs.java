package org.htmlrewriter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The input sets the benchmarks run on. One benchmark operation processes every document of a set, one document
 * after another (a new rewriter or parser for each), so throughput is {@code totalBytes / time per operation}.
 *
 * <ul>
 *   <li>{@value #GENERATED}: three pages from {@link PageGenerator} (about 100 KB, 300 KB and 1 MB; seeds
 *       {@link PageGenerator#DEFAULT_SEED} + 1, + 2, + 3). Always available.</li>
 *   <li>{@value #CORPUS}: lol-html's three benchmark pages in {@code ../shared/corpus}, exactly the files of
 *       {@link #CORPUS_PAGES}; any other file in that folder (such as a generated multi-megabyte page) is not part
 *       of the benchmark ({@link #ignoredCorpusFiles} names them for the report). Optional:
 *       {@link #corpusDirectory()} is empty when the folder or one of the pages is missing, and the runner skips the
 *       set with a note. The files are read in place, never copied into the project.</li>
 *   <li>One set per page of the corpus, named by {@link #pageSet}: {@code cloudflare.com}, {@code ecma402-spec},
 *       {@code html-parsing-spec} ({@link #PAGE_SETS}), for the per-page comparison with lol-html.</li>
 * </ul>
 *
 * <p>Stateless; every call returns fresh arrays that the caller owns.
 */
public final class BenchInputs {
    public static final String GENERATED = "generated";
    public static final String CORPUS = "corpus";

    /** The files of the {@value #CORPUS} set: the pages of lol-html's own benchmarks, in report order. */
    public static final List<String> CORPUS_PAGES =
            List.of("cloudflare.com.html", "ecma402-spec.html", "html-parsing-spec.html");

    /** The one-page input sets, one per file of {@link #CORPUS_PAGES}, in the same order. */
    public static final List<String> PAGE_SETS = CORPUS_PAGES.stream().map(BenchInputs::pageSet).toList();

    /** Sizes of the generated pages, in bytes (approximate; the pages come out a little smaller). */
    static final int[] GENERATED_SIZES = {100_000, 300_000, 1_000_000};

    private BenchInputs() {
    }

    /** The documents of input set {@code name}; throws if the set is unknown or (corpus) missing. */
    public static List<byte[]> load(String name) {
        switch (name) {
            case GENERATED -> {
                List<byte[]> pages = new ArrayList<>();
                for (int i = 0; i < GENERATED_SIZES.length; i++) {
                    pages.add(PageGenerator.generate(PageGenerator.DEFAULT_SEED + i + 1, GENERATED_SIZES[i]));
                }
                return pages;
            }
            case CORPUS -> {
                Path dir = corpusDirectory().orElseThrow(() -> new IllegalStateException(
                        "input set 'corpus' needs ../shared/corpus (set -Dhtmlrewriter.shared=DIR)"));
                return corpusFiles(dir).stream().map(BenchInputs::read).toList();
            }
            default -> {
                int page = PAGE_SETS.indexOf(name);
                if (page < 0) {
                    throw new IllegalArgumentException("unknown input set: " + name);
                }
                Path dir = corpusDirectory().orElseThrow(() -> new IllegalStateException(
                        "input set '" + name + "' needs ../shared/corpus (set -Dhtmlrewriter.shared=DIR)"));
                return List.of(read(dir.resolve(CORPUS_PAGES.get(page))));
            }
        }
    }

    /** The input set of one corpus page: its file name without {@code .html}. */
    public static String pageSet(String fileName) {
        return fileName.endsWith(".html") ? fileName.substring(0, fileName.length() - ".html".length()) : fileName;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Total bytes of input set {@code name}. */
    public static long totalBytes(String name) {
        long n = 0;
        for (byte[] doc : load(name)) {
            n += doc.length;
        }
        return n;
    }

    /**
     * For running other engines, such as lol-html, on the same bytes. {@code DIR}: writes the {@value #GENERATED}
     * pages to folder {@code DIR} as {@code generated-1.html}... and prints their names comma-separated.
     * {@code --corpus-pages}: prints the file names of {@link #CORPUS_PAGES} comma-separated.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchInputs DIR | BenchInputs --corpus-pages");
            System.exit(2);
        }
        if (args[0].equals("--corpus-pages")) {
            System.out.println(String.join(",", CORPUS_PAGES));
            return;
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<byte[]> pages = load(GENERATED);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            String name = "generated-" + (i + 1) + ".html";
            Files.write(dir.resolve(name), pages.get(i));
            names.add(name);
        }
        System.out.println(String.join(",", names));
    }

    /** The files of {@link #CORPUS_PAGES} in the corpus folder, those that exist, in that order. */
    public static List<Path> corpusFiles(Path corpusDir) {
        return CORPUS_PAGES.stream().map(corpusDir::resolve).filter(Files::isRegularFile).toList();
    }

    /** The {@code .html} files of the corpus folder that are not benchmarked (not in {@link #CORPUS_PAGES}). */
    public static List<String> ignoredCorpusFiles(Path corpusDir) {
        try (Stream<Path> files = Files.list(corpusDir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".html") && !CORPUS_PAGES.contains(name)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <shared>/corpus} if it exists and holds every file of {@link #CORPUS_PAGES}. */
    public static Optional<Path> corpusDirectory() {
        return sharedDirectory().map(s -> s.resolve("corpus"))
                .filter(Files::isDirectory)
                .filter(d -> corpusFiles(d).size() == CORPUS_PAGES.size());
    }

    /**
     * The shared folder: the system property {@code htmlrewriter.shared} if set, else the first {@code shared}
     * folder holding {@code html5lib-tests} found next to the current directory or one of its parents (the
     * repository's sibling {@code ../shared}).
     */
    public static Optional<Path> sharedDirectory() {
        String property = System.getProperty("htmlrewriter.shared");
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property).toAbsolutePath().normalize();
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("html5lib-tests"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }
}
