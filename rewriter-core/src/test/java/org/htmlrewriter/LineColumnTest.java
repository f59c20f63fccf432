package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.SourceLocation;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceLocation#line()} and {@link SourceLocation#column()} with {@code countLines(true)}: for every kind of
 * view, under random chunking, they are the line and column of the location's start offset as a reader of the
 * document's characters counts them (LF, CR and CRLF end a line; columns in code points).
 */
class LineColumnTest {

    /** Every view's location: "kind start line:column". */
    private static RewriterSettings observing(Charset charset, List<String> seen) {
        return HtmlRewriter.builder().charset(charset).countLines(true)
                .onElement("*", el -> {
                    seen.add("element " + where(el.sourceLocation()));
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> seen.add("end " + where(end.sourceLocation())));
                    }
                })
                .onDocumentText(t -> seen.add("text " + where(t.sourceLocation())))
                .onDocumentComment(c -> seen.add("comment " + where(c.sourceLocation())))
                .onDocumentDoctype(d -> seen.add("doctype " + where(d.sourceLocation())))
                .settings();
    }

    private static String where(SourceLocation l) {
        return l.start() + " " + l.line() + ":" + l.column();
    }

    /** The line and column of byte offset {@code offset}, counted over the decoded characters before it. */
    private static String expected(byte[] in, long offset, Charset charset) {
        String before = new String(in, 0, (int) offset, charset);
        long line = 1;
        long column = 1;
        for (int i = 0; i < before.length(); ) {
            int cp = before.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r' || (cp == '\n' && !(i >= 2 && before.charAt(i - 2) == '\r'))) {
                line++;
                column = 1;
            } else if (cp != '\n') {
                column++;
            }
        }
        return offset + " " + line + ":" + column;
    }

    private static List<String> observe(Charset charset, byte[] in, List<Integer> chunks) {
        List<String> seen = new ArrayList<>();
        Rewrites.runBytes(observing(charset, seen), in, chunks);
        return seen;
    }

    private static void checkAgainstReference(Charset charset, byte[] in, List<Integer> chunks) {
        List<String> seen = observe(charset, in, chunks);
        assertFalse(seen.isEmpty());
        for (String s : seen) {
            String[] parts = s.split(" ");
            assertEquals(parts[0] + " " + expected(in, Long.parseLong(parts[1]), charset), s,
                    () -> "chunks " + chunks + " in " + new String(in, charset));
        }
    }

    /** Newlines of every kind, multi-byte characters, and every node kind. */
    private static String document(long seed) {
        String[] breaks = {"\n", "\r\n", "\r", "\r\r\n", "\n\r"};
        String base = RandomHtml.messy(seed, 12);
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\r\n<!--c\r\nd-->\u00e9\ud83d\ude00 ");
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < base.length(); i++) {
            sb.append(base.charAt(i));
            if (r.nextInt(6) == 0) {
                sb.append(breaks[r.nextInt(breaks.length)]);
            }
        }
        return sb.append("<p>\u4e2d\r\n\u00e9x</p>").toString();
    }

    @Test
    void everyViewsLineAndColumnAreItsStartsUnderRandomChunking() {
        qt().withFixedSeed(7_2026_12_03L).withExamples(150)
                .forAll(longs().all(), lists().of(integers().between(1, 24)).ofSizeBetween(1, 8))
                .checkAssert((seed, chunks) -> checkAgainstReference(StandardCharsets.UTF_8,
                        document(seed).getBytes(StandardCharsets.UTF_8), chunks));
    }

    @Test
    void crlfIsOneLineBreakAndColumnsCountCharacters() {
        byte[] in = "a\r\n\u00e9\ud83d\ude00<b>\rx\n<i>y</i>\r\n\r\n<!--c-->".getBytes(StandardCharsets.UTF_8);
        List<String> whole = observe(StandardCharsets.UTF_8, in, List.of(in.length));
        assertTrue(whole.contains("element 9 2:3"), whole::toString); // <b> after "é😀" on line 2
        assertTrue(whole.contains("element 15 4:1"), whole::toString); // <i>: a CR, then an LF, each a line break
        assertTrue(whole.contains("comment 27 6:1"), whole::toString); // after "\r\n\r\n"
        // Text chunks end where input chunks do; every other view is the same under any chunking.
        whole.removeIf(v -> v.startsWith("text"));
        Rewrites.forRandomChunkings(30, chunks -> {
            List<String> seen = observe(StandardCharsets.UTF_8, in, chunks);
            seen.removeIf(v -> v.startsWith("text"));
            assertEquals(whole, seen);
        });
    }

    @Test
    void legacyCharsetsCountTheirCharacters() {
        Charset sjis = Charset.forName("Shift_JIS");
        byte[] in = "\u65e5\u672c<b>\u8a9e\n\u00e0<i>x</i></b>".getBytes(sjis);
        List<String> whole = observe(sjis, in, List.of(in.length));
        assertTrue(whole.contains("element 4 1:3"), whole::toString);
        checkAgainstReference(sjis, in, List.of(3));
        Charset latin = Charset.forName("windows-1252");
        checkAgainstReference(latin, "\u00e9\u00e8<b>\r\n\u00e0<i>x</i></b>".getBytes(latin), List.of(2));
    }

    @Test
    void utf16DocumentsCountCharacters() {
        byte[] in = "a\r\n\u00e9<b>x</b>".getBytes(StandardCharsets.UTF_16LE);
        List<String> seen = new ArrayList<>();
        Rewrites.runBytes(observing(StandardCharsets.UTF_16LE, seen), in, List.of(3));
        List<String> lines = new ArrayList<>();
        for (String s : seen) {
            lines.add(s.substring(0, s.indexOf(' ')) + " " + s.substring(s.lastIndexOf(' ') + 1));
        }
        assertTrue(lines.contains("element 2:2"), lines::toString);
        assertTrue(lines.contains("end 2:6"), lines::toString);
    }

    @Test
    void withoutCountLinesLineAndColumnThrow() {
        List<SourceLocation> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onElement("p", el -> seen.add(el.sourceLocation())).settings();
        Rewrites.run(s, "\n<p>x</p>", 100);
        SourceLocation l = seen.get(0);
        assertFalse(l.hasLine());
        assertEquals(1, l.start());
        assertThrows(IllegalStateException.class, l::line);
        assertThrows(IllegalStateException.class, l::column);
    }

    @Test
    void keptBytesAreBoundedByWhatTheRewriterHolds() {
        // 4 MiB of lines through a 64 KiB limit: the counter keeps only what the rewriter has not written out.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64 * 1024; i++) {
            sb.append("<p>line ").append(i).append("</p>\n");
        }
        byte[] in = sb.toString().getBytes(StandardCharsets.UTF_8);
        long[] last = new long[2];
        RewriterSettings s = HtmlRewriter.builder().countLines(true).memoryLimit(64 * 1024)
                .onElement("p", el -> {
                    last[0] = el.sourceLocation().line();
                    last[1] = el.sourceLocation().column();
                }).settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = s.newRewriter(out::write);
        for (int i = 0; i < in.length; i += 8192) {
            r.write(in, i, Math.min(8192, in.length - i));
        }
        r.end();
        assertEquals(64 * 1024, last[0]);
        assertEquals(1, last[1]);
    }

    @Test
    void anAsynchronousRewriterCountsTheSame() throws Exception {
        String html = "<p>a</p>\r\n<p>\u00e9</p>\n\n<p>c</p>";
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            RewriterSettings s = HtmlRewriter.builder().countLines(true)
                    .onElementAsync("p", el -> {
                        seen.add(where(el.sourceLocation()));
                        return java.util.concurrent.CompletableFuture.runAsync(() -> { }, other);
                    })
                    .onDocumentText(t -> {
                        if (!t.text().isBlank()) {
                            seen.add(where(t.sourceLocation()));
                        }
                    })
                    .settings();
            AsyncHtmlRewriter r = s.newAsyncRewriter((b, o, n) -> { });
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < in.length; i += 5) {
                r.write(java.util.Arrays.copyOfRange(in, i, Math.min(in.length, i + 5))).toCompletableFuture()
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            r.end().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of("0 1:1", "3 1:4", "10 2:1", "13 2:4", "21 4:1", "24 4:4"), seen);
        } finally {
            other.shutdownNow();
        }
    }
}
