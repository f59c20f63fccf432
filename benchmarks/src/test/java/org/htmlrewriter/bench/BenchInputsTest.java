package org.htmlrewriter.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus is exactly lol-html's three pages, whatever else lies in its folder. */
class BenchInputsTest {

    @Test
    void theCorpusIsTheThreePagesAndNothingElseInTheFolder(@TempDir Path dir) throws IOException {
        for (String name : List.of("big-8mb.html", "html-parsing-spec.html", "SOURCE", "cloudflare.com.html",
                "ecma402-spec.html", "a-extra.html")) {
            Files.writeString(dir.resolve(name), name);
        }
        assertEquals(BenchInputs.CORPUS_PAGES.stream().map(dir::resolve).toList(), BenchInputs.corpusFiles(dir));
        assertEquals(List.of("a-extra.html", "big-8mb.html"), BenchInputs.ignoredCorpusFiles(dir));
    }

    @Test
    void aMissingPageIsMissingFromTheCorpusFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cloudflare.com.html"), "x");
        Files.writeString(dir.resolve("other.html"), "x");
        assertEquals(List.of(dir.resolve("cloudflare.com.html")), BenchInputs.corpusFiles(dir));
    }

    @Test
    void pageSetsAreTheFileNamesWithoutExtension() {
        assertEquals(List.of("cloudflare.com", "ecma402-spec", "html-parsing-spec"), BenchInputs.PAGE_SETS);
        assertThrows(IllegalArgumentException.class, () -> BenchInputs.load("no-such-page"));
    }

    @Test
    void theCorpusSetIsItsPageSetsOneAfterAnother() throws IOException {
        assumeTrue(BenchInputs.corpusDirectory().isPresent(), "../shared/corpus not found");
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        for (String page : BenchInputs.PAGE_SETS) {
            List<byte[]> docs = BenchInputs.load(page);
            assertEquals(1, docs.size(), page);
            pages.write(docs.get(0));
        }
        ByteArrayOutputStream corpus = new ByteArrayOutputStream();
        for (byte[] doc : BenchInputs.load(BenchInputs.CORPUS)) {
            corpus.write(doc);
        }
        assertArrayEquals(corpus.toByteArray(), pages.toByteArray());
        assertEquals(BenchInputs.totalBytes(BenchInputs.CORPUS),
                BenchInputs.PAGE_SETS.stream().mapToLong(BenchInputs::totalBytes).sum());
    }
}
