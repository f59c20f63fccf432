package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The committed {@code fuzz-corpus/netty/} holds what {@link NettySeedCorpusGenerator} makes (plus regressions). */
class NettySeedCorpusTest {
    @Test
    void seedsMatchTheGenerator() throws IOException {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("fuzz-corpus"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "fuzz-corpus/ not found above " + Paths.get("").toAbsolutePath());
        NettySeedCorpusGenerator.check(dir.resolve("fuzz-corpus").resolve("netty"));
    }
}
