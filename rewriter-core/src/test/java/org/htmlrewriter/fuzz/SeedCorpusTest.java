package org.htmlrewriter.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The committed {@code fuzz-corpus/} is exactly what {@link SeedCorpusGenerator} makes (plus regressions). */
class SeedCorpusTest {
    @Test
    void corpusMatchesGenerator() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("fuzz-corpus"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "fuzz-corpus/ not found above " + Paths.get("").toAbsolutePath());
        SeedCorpusGenerator.check(dir.resolve("fuzz-corpus"));
    }
}
