package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.htmlrewriter.HtmlRewriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private record Run(int status, byte[] out, String err) {
    }

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static Path examples() {
        Path p = Path.of("examples");
        return Files.isDirectory(p) ? p : Path.of("rewriter-cli", "examples");
    }

    @Test
    void rewritingTheBundledPageEqualsTheLibrarysOutput() throws Exception {
        Path page = examples().resolve("page.html");
        Path rules = examples().resolve("rules.txt");
        Run r = run(new byte[0], "rewrite", "--rules", rules.toString(), page.toString());
        assertEquals(0, r.status(), r.err());
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        RuleSet.parse(Files.readString(rules), "rules").applyTo(b, null);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        HtmlRewriter.rewrite(Files.newInputStream(page), expected, b.settings());
        assertArrayEquals(expected.toByteArray(), r.out());
        String html = new String(r.out(), StandardCharsets.UTF_8);
        assertTrue(!html.contains("BUY NOW") && html.contains("rewritten-banner"), html);
        assertTrue(r.err().matches("htmlrewriter: \\d+ bytes in, \\d+ bytes out, \\d+ elements matched, [0-9.]+ ms\\R"),
                r.err());
    }

    @Test
    void stdinToOutputFileWithInlineRulesAndQuiet() throws Exception {
        Path out = dir.resolve("out.html");
        Run r = run("<p class=x>a</p><b>b</b>".getBytes(StandardCharsets.UTF_8), "rewrite", "--rule",
                ".x set-attribute title hi", "--rule", "b unwrap", "-q", "-o", out.toString(), "-");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals("<p class=x title=\"hi\">a</p>b", Files.readString(out));
    }

    @Test
    void charsetOption() {
        byte[] in = "<p>é</p>".getBytes(StandardCharsets.ISO_8859_1);
        Run r = run(in, "rewrite", "-q", "--charset", "windows-1252", "--rule", "p append-text ü");
        assertEquals(0, r.status(), r.err());
        assertEquals("<p>éü</p>", new String(r.out(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void badRulesStopBeforeAnythingRuns() throws Exception {
        Path rules = dir.resolve("bad.txt");
        Files.writeString(rules, ".ad remove\n\nh1  set-atribute  x  y\n");
        Path out = dir.resolve("never.html");
        Run r = run("<h1>x</h1>".getBytes(StandardCharsets.UTF_8), "rewrite", "--rules", rules.toString(), "-o",
                out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bad.txt:3:5: unknown action 'set-atribute'"), r.err());
        assertTrue(!Files.exists(out));
    }

    @Test
    void usageErrors() {
        assertEquals(2, run(new byte[0]).status());
        assertEquals(2, run(new byte[0], "frobnicate").status());
        assertEquals(2, run(new byte[0], "rewrite", "x.html").status());
        assertEquals(2, run(new byte[0], "rewrite", "--rules").status());
        assertEquals(2, run(new byte[0], "rewrite", "--rule", "p remove", "--charset", "nope").status());
        assertEquals(2, run(new byte[0], "rewrite", "--rule", "p remove", "--charset", "UTF-16").status());
        assertEquals(1, run(new byte[0], "rewrite", "--rule", "p remove", dir.resolve("missing").toString())
                .status());
        assertEquals(0, run(new byte[0], "--help").status());
    }
}
