package org.htmlrewriter.netty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the seeds of {@code fuzz-corpus/netty/} for {@link HtmlRewritingHandlerFuzzTest}: a handful of pages
 * (plain, with a throwing {@code span}, with a 5,000-byte attribute on a matched tag, comments, a
 * {@code <meta charset>}, a byte order mark, multibyte text,
 * empty, long enough to be split) each under a set of option bytes that together reach every framing, content
 * type group, encoding (including truncated and corrupt), limit, failure mode and split mode. Run from the
 * repository root with the test class path: {@code java -cp ... org.htmlrewriter.netty.NettySeedCorpusGenerator
 * fuzz-corpus/netty}. Not thread-safe (a main program).
 */
public final class NettySeedCorpusGenerator {
    private NettySeedCorpusGenerator() {
    }

    private static final String[][] PAGES = {
        {"page", HtmlRewritingHandlerTest.PAGE},
        {"span", "<html><body><p class=greeting>hi</p>" + "<p>x</p>".repeat(200) + "<span>late</span><p>tail</p>"},
        {"comment", "<!-- c1 --><html><!--c2--><body><p>keep e</p><!-- c3 --></body></html>"},
        {"meta", "<html><head><meta charset=windows-1252></head><body><p class=greeting>caf\u00e9</p></body></html>"},
        {"bom", "\uFEFF<p class=greeting>bom</p><a href='http://x/'>x</a>"},
        {"multibyte", "<p class=greeting>\u65e5\u672c\u8a9e \u00e9\u00e8 \ud83d\ude00</p><div class=ad>\u4e2d</div>"},
        {"empty", ""},
        {"long", "<body><p>" + "lorem ipsum dolor e ".repeat(250) + "</p><a href=\"http://long.example/\">l</a>"
                + "<div class=ad>" + "z".repeat(2000) + "</div><span>s</span></body>"},
        {"bigtag", "<body><p class=greeting>g</p>" + "<p>filler</p>".repeat(100) + "<a href=\"http://x/"
                + "q".repeat(5000) + "\">big</a><p>after</p></body>"},
    };

    /** name, option bytes (see {@link HtmlRewritingHandlerFuzzTest.Exchange}). */
    private static final Object[][] OPTIONS = {
        {"cl-utf8-whole", new int[] {0x00, 0, 0, 0, 1, 0}},
        {"cl-utf8-1byte", new int[] {0x00, 0, 0, 0, 0, 0}},
        {"chunked-random", new int[] {0x10, 0, 0, 0, 2 + 4 * 9, 7}},
        {"chunked-trailers", new int[] {0x50, 1, 0, 0x04, 3 + 4 * 5, 200}},
        {"close-delimited-http10", new int[] {0x28, 1, 0, 0, 3, 3}},
        {"gzip", new int[] {0x00, 0, 1, 0, 3 + 4 * 2, 11}},
        {"gzip-1byte-chunked", new int[] {0x10, 1, 1, 0x08, 0, 5}},
        {"deflate", new int[] {0x10, 0, 1 | 4, 0, 2 + 4 * 20, 9}},
        {"gzip-truncated", new int[] {0x00, 0, 2, 0, 2 + 4 * 3, 90}},
        {"deflate-truncated", new int[] {0x10, 0, 2 | 4, 0, 3, 40}},
        {"gzip-corrupt", new int[] {0x00, 0, 3, 0, 1, 0}},
        {"gzip-bomb-cap", new int[] {0x00, 0, 1 | (1 << 4), 0, 3 + 4 * 10, 1}},
        {"identity-header", new int[] {0x00, 2, 8, 0, 2 + 4 * 1, 2}},
        {"xhtml", new int[] {0x00, 4, 0, 0x10, 1, 0}},
        {"utf16", new int[] {0x00, 5, 0, 0, 1, 0}},
        {"text-plain", new int[] {0x00, 6, 0, 0, 1, 0}},
        {"no-content-type", new int[] {0x00, 7, 0, 0, 1, 0}},
        {"shift-jis", new int[] {0x00, 3, 0, 0, 2 + 4 * 4, 4}},
        {"bad-charset", new int[] {0x00, 9, 0, 0, 1, 0}},
        {"status-404", new int[] {0x04, 0, 0, 0, 1, 0}},
        {"throw-fail", new int[] {0x00, 0, 0, 0x02, 2 + 4 * 50, 6}},
        {"throw-pass-through", new int[] {0x00, 0, 0, 0x03, 2 + 4 * 50, 6}},
        {"memory-1024-fail", new int[] {0x00, 0, 1 << 6, 0, 3 + 4 * 3, 8}},
        {"memory-1024-pass-through", new int[] {0x10, 0, 1 << 6, 0x01, 3 + 4 * 3, 8}},
        {"memory-4096-gzip", new int[] {0x00, 0, 1 | (2 << 6), 0x0e, 0, 0}},
    };

    /** Every seed by file name. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new TreeMap<>();
        for (Object[] option : OPTIONS) {
            int[] bytes = (int[]) option[1];
            String name = (String) option[0];
            for (String[] page : PAGES) {
                // Every option set with the plain and the long page; the others with the options that exercise them.
                boolean relevant = page[0].equals("page") || page[0].equals("long") || name.startsWith("cl-utf8")
                        || name.startsWith("chunked") || name.startsWith("gzip-1byte")
                        || (page[0].equals("bigtag") && name.startsWith("memory"));
                if (!relevant) {
                    continue;
                }
                byte[] body = page[1].getBytes(page[0].equals("meta") ? StandardCharsets.ISO_8859_1
                        : StandardCharsets.UTF_8);
                byte[] seed = new byte[bytes.length + body.length];
                for (int i = 0; i < bytes.length; i++) {
                    seed[i] = (byte) bytes[i];
                }
                System.arraycopy(body, 0, seed, bytes.length, body.length);
                seeds.put(name + "." + page[0], seed);
            }
        }
        return seeds;
    }

    /** Fails unless every seed in {@code dir} is what {@link #seeds()} makes. */
    static void check(Path dir) throws IOException {
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Path p = dir.resolve(e.getKey());
            if (!Files.exists(p) || !Arrays.equals(Files.readAllBytes(p), e.getValue())) {
                throw new AssertionError(p + " is not what NettySeedCorpusGenerator makes: regenerate the seeds "
                        + "(see fuzz-corpus/README.md)");
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "fuzz-corpus/netty");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
