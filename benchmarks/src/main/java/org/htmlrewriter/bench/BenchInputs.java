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
 *   <li>{@value #CORPUS}: {@code ../shared/corpus/*.html} (lol-html's benchmark pages), read in name order.
 *       Optional: {@link #corpusDirectory()} is empty when the folder does not exist, and the runner skips the set
 *       with a note. The files are read in place, never copied into the project.</li>
 * </ul>
 *
 * <p>Stateless; every call returns fresh arrays that the caller owns.
 */
public final class BenchInputs {
    public static final String GENERATED = "generated";
    public static final String CORPUS = "corpus";

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
                List<byte[]> docs = new ArrayList<>();
                for (Path file : corpusFiles(dir)) {
                    try {
                        docs.add(Files.readAllBytes(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return docs;
            }
            default -> throw new IllegalArgumentException("unknown input set: " + name);
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
     * Writes the {@value #GENERATED} pages to folder {@code args[0]} as {@code generated-1.html}... and prints their
     * names comma-separated (for running other engines, such as lol-html, on the same bytes).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchInputs DIR");
            System.exit(2);
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

    /** The {@code *.html} files of the corpus folder, sorted by name. */
    public static List<Path> corpusFiles(Path corpusDir) {
        try (Stream<Path> files = Files.list(corpusDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <shared>/corpus} if it exists and holds at least one {@code .html} file. */
    public static Optional<Path> corpusDirectory() {
        return sharedDirectory().map(s -> s.resolve("corpus"))
                .filter(Files::isDirectory)
                .filter(d -> !corpusFiles(d).isEmpty());
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
