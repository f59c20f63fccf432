package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.htmlrewriter.differential.Op;
import org.htmlrewriter.differential.OpsInterpreter;
import org.htmlrewriter.testing.Json;

/**
 * Test helper: handler sets written in the JSON operation format of the lol-html oracle script
 * ({@code ../shared/oracle/lolhtml-rewrite.js}), so a test case can be replayed on lol-html unchanged; read by
 * {@link Op#parseList} and run by {@link OpsInterpreter}, as the differential tests' OPS files are.
 *
 * <p>{@link #expect} checks our output (in 1-, 7-byte and whole-input chunking). When the system property
 * {@code htmlrewriter.oracleDump} names a file, every case checked this way is also appended to it as one JSON
 * line {@code {"html":..,"ops":[..],"expected":..}}: a developer replays those on lol-html to confirm the
 * expectations are lol-html's. The tests never need the oracle.
 */
final class Ops {
    private Ops() {
    }

    /** Asserts our output for {@code html} under {@code opsJson} is {@code expected}, in every chunking. */
    static void expect(String html, String opsJson, String expected) {
        assertEquals(expected, Rewrites.rewrite(builder(opsJson), html), () -> "ops " + opsJson + " on " + html);
        dump(html, opsJson, expected);
    }

    /**
     * As {@link #expect} but for the whole input in one chunk only: for text handlers that insert around chunks or
     * filter on a chunk's text, whose results depend on where chunks end (lol-html's too).
     */
    static void expectWholeInput(String html, String opsJson, String expected) {
        assertEquals(expected, Rewrites.run(builder(opsJson).settings(), html, Integer.MAX_VALUE),
                () -> "ops " + opsJson + " on " + html);
        dump(html, opsJson, expected);
    }

    /** Our output for {@code html} under {@code opsJson} (checked to be chunking-independent). */
    static String rewrite(String html, String opsJson) {
        return Rewrites.rewrite(builder(opsJson), html);
    }

    /** A builder with the handlers of {@code opsJson} (an OPS list, see {@link Op}), as the oracle means them. */
    static HtmlRewriter.Builder builder(String opsJson) {
        return OpsInterpreter.builder(Op.parseList(opsJson));
    }

    private static void dump(String html, String opsJson, String expected) {
        String file = System.getProperty("htmlrewriter.oracleDump");
        if (file == null) {
            return;
        }
        String line = "{\"html\":" + Json.quote(html) + ",\"ops\":" + opsJson.trim() + ",\"expected\":"
                + Json.quote(expected) + "}\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
