package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the conformance suites find {@code ../shared}; a missing folder fails the suite, it never skips it. */
public final class SharedFolder {
    private SharedFolder() {
    }

    /**
     * The {@code shared} folder next to the repository: {@code -Dhtmlrewriter.shared=...} if set, else the first
     * {@code shared/} holding {@code html5lib-tests} found walking up from the working directory.
     */
    public static Path locate() {
        String property = System.getProperty("htmlrewriter.shared");
        if (property != null && !property.isEmpty()) {
            Path shared = Paths.get(property).toAbsolutePath();
            if (!Files.isDirectory(shared.resolve("html5lib-tests"))) {
                fail("htmlrewriter.shared=" + property + " has no html5lib-tests folder");
            }
            return shared;
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path shared = dir.resolve("shared");
            if (Files.isDirectory(shared.resolve("html5lib-tests"))) {
                return shared;
            }
        }
        return fail("../shared/html5lib-tests not found walking up from " + start
                + " (set -Dhtmlrewriter.shared=/path/to/shared)");
    }
}
