package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents in other charsets: input decoded and inserted content encoded in the document's charset. */
class CharsetRewritingTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Charset SHIFT_JIS = Charset.forName("Shift_JIS");

    @Test
    void windows1252InputWithInsertedText() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().charset(WINDOWS_1252)
                .onElement("p", el -> {
                    seen.add(el.getAttribute("title"));
                    el.setAttribute("data-x", "\u20ac\u2603");
                    el.prepend("\u00e9\u20ac<", TEXT);
                    el.append("\u2603", TEXT); // not in windows-1252: a numeric reference
                })
                .onText("p", t -> {
                    if (!t.text().isEmpty()) {
                        seen.add(t.text());
                    }
                }).settings();
        byte[] in = "<p title=caf\u00e9>na\u00efve&euro;</p>".getBytes(WINDOWS_1252);
        byte[] out = Rewrites.rewriteBytes(s, in);
        assertEquals("<p title=caf\u00e9 data-x=\"\u20ac&#9731;\">\u00e9\u20ac&lt;na\u00efve&euro;&#9731;</p>",
                new String(out, WINDOWS_1252));
        seen.clear();
        Rewrites.runBytes(s, in, 1);
        assertEquals("caf\u00e9", seen.get(0));
        assertEquals("na\u00efve\u20ac", String.join("", seen.subList(1, seen.size())));
    }

    @Test
    void shiftJisInputWithInsertedText() {
        StringBuilder texts = new StringBuilder();
        RewriterSettings s = HtmlRewriter.builder().charset(SHIFT_JIS)
                .onElement("p", el -> {
                    el.before("\u65e5\u672c\u8a9e", TEXT);
                    el.append("\ud83d\ude00", TEXT); // U+1F600 is not in Shift_JIS
                })
                .onText("p", t -> {
                    assertEquals(-1, t.text().indexOf('\ufffd'), "chunk split a character");
                    texts.append(t.text());
                }).settings();
        // \u8868 ("表") is 0x95 0x5C in Shift_JIS: its trail byte is ASCII '\'.
        byte[] in = "<p class=\u8868>\u8868\u793a\u3068&amp;\u30c6\u30b9\u30c8</p>".getBytes(SHIFT_JIS);
        for (int chunk : new int[] {1, 2, 3, 7, in.length}) {
            texts.setLength(0);
            byte[] out = Rewrites.runBytes(s, in, chunk);
            assertEquals("\u65e5\u672c\u8a9e<p class=\u8868>\u8868\u793a\u3068&amp;\u30c6\u30b9\u30c8&#128512;</p>",
                    new String(out, SHIFT_JIS), "chunk " + chunk);
            assertEquals("\u8868\u793a\u3068&\u30c6\u30b9\u30c8", texts.toString(), "chunk " + chunk);
        }
    }

    @Test
    void unchangedNonUtf8InputPassesThroughByteForByte() {
        byte[] in = "<p title=\u8868>\u8868\u793a</p><!--\u30c6-->".getBytes(SHIFT_JIS);
        RewriterSettings s = HtmlRewriter.builder().charset(SHIFT_JIS).onElement("*", el -> { })
                .onDocumentText(t -> { }).onDocumentComment(c -> { }).settings();
        assertArrayEquals(in, Rewrites.rewriteBytes(s, in));
    }

    @Test
    void unmappableCharacterInRawTextIsRefused() {
        List<String> results = new ArrayList<>();
        Rewrites.rewriteBytes(HtmlRewriter.builder().charset(WINDOWS_1252).onElement("script", el -> {
            try {
                el.append("var s = '\u2603';", TEXT);
                results.add("accepted");
            } catch (IllegalArgumentException e) {
                results.add("refused");
            }
            el.append("var t = '\u00e9';", TEXT);
        }).settings(), "<script></script>".getBytes(WINDOWS_1252));
        assertEquals("refused", results.get(0));
        byte[] out = Rewrites.rewriteBytes(HtmlRewriter.builder().charset(WINDOWS_1252)
                .onElement("script", el -> el.append("var t = '\u00e9';", TEXT)).settings(),
                "<script></script>".getBytes(WINDOWS_1252));
        assertEquals("<script>var t = '\u00e9';</script>", new String(out, WINDOWS_1252));
    }

    @Test
    void charsetsWhereMarkupIsNotAsciiAreRejectedExceptUtf16() {
        for (Charset cs : new Charset[] {Charset.forName("UTF-32"), Charset.forName("UTF-32LE"),
                Charset.forName("ISO-2022-JP"), Charset.forName("x-UTF-16LE-BOM")}) {
            assertThrows(IllegalArgumentException.class, () -> HtmlRewriter.builder().charset(cs), cs.name());
        }
        for (Charset cs : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            assertEquals(cs, HtmlRewriter.builder().charset(cs).settings().charset(), "transcoded: " + cs);
        }
        assertThrows(NullPointerException.class, () -> HtmlRewriter.builder().charset(null));
        assertEquals(SHIFT_JIS, HtmlRewriter.builder().charset(SHIFT_JIS).settings().charset());
        assertEquals(StandardCharsets.UTF_8, HtmlRewriter.builder().settings().charset());
    }

    @Test
    void adjustCharsetOnMetaTag() {
        // The document starts as UTF-8 (the default) and declares windows-1252: content after the <meta> is
        // encoded in windows-1252 and the sink is told.
        byte[] head = "<html><head><meta charset=\"windows-1252\">".getBytes(StandardCharsets.US_ASCII);
        byte[] body = "<p>caf\u00e9</p>".getBytes(WINDOWS_1252);
        byte[] in = concat(head, body);
        RewriterSettings s = HtmlRewriter.builder().adjustCharsetOnMetaTag(true)
                .onElement("p", el -> el.append("\u00e9\u2603", TEXT))
                .onText("p", t -> {
                    if (!t.text().isEmpty()) {
                        assertEquals(-1, t.text().indexOf('\ufffd'), t.text());
                    }
                }).settings();
        for (int chunk : new int[] {1, 7, in.length}) {
            RecordingSink out = new RecordingSink();
            HtmlRewriter r = s.newRewriter(out);
            for (int i = 0; i < in.length; i += chunk) {
                r.write(in, i, Math.min(chunk, in.length - i));
            }
            r.end();
            assertEquals(List.of(WINDOWS_1252), out.charsetChanges);
            assertArrayEquals(concat(head, "<p>caf\u00e9\u00e9&#9731;</p>".getBytes(WINDOWS_1252)),
                    out.bytes.toByteArray(), "chunk " + chunk);
        }
        // Without the option the charset stays.
        assertEquals("<meta charset=shift_jis><p>x\u00e9</p>", HtmlRewriter.rewrite("<meta charset=shift_jis><p>x</p>",
                HtmlRewriter.builder().onElement("p", el -> el.append("\u00e9", HTML)).settings()));
        // http-equiv, and the string convenience decodes the output in the charset switched to.
        assertEquals("<meta http-equiv=Content-Type content=\"text/html; charset=ISO-8859-1\"><p>x\u00e9</p>",
                HtmlRewriter.rewrite("<meta http-equiv=Content-Type content=\"text/html; charset=ISO-8859-1\"><p>x</p>",
                        HtmlRewriter.builder().adjustCharsetOnMetaTag(true)
                                .onElement("p", el -> el.append("\u00e9", HTML)).settings()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
