package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HtmlRewriter#rewrite(String, RewriterSettings)} is Unicode-exact: a string has characters, not bytes, so
 * neither the settings' charset nor a {@code <meta>} changes what comes back.
 */
class StringRewriteTest {
    @Test
    void aMetaCharsetSwitchesNothingInAString() {
        String html = "<meta charset=windows-1252><p>h\u00e9llo \u20ac";
        RewriterSettings adjusting = HtmlRewriter.builder().adjustCharsetOnMetaTag(true)
                .onElement("p", el -> el.append(" \u20ac\ud83d\ude00", TEXT)).settings();
        assertEquals(html + " \u20ac\ud83d\ude00", HtmlRewriter.rewrite(html, adjusting));
        assertEquals(html, HtmlRewriter.rewrite(html, HtmlRewriter.builder().adjustCharsetOnMetaTag(true)
                .onElement("*", el -> { }).settings()));
    }

    @Test
    void theSettingsCharsetDoesNotLimitWhichCharactersAString() {
        List<String> seen = new ArrayList<>();
        for (Charset cs : new Charset[] {Charset.forName("Shift_JIS"), Charset.forName("windows-1252"),
                StandardCharsets.UTF_16BE, StandardCharsets.UTF_8}) {
            RewriterSettings s = HtmlRewriter.builder().charset(cs)
                    .onElement("p", el -> {
                        seen.add(el.getAttribute("title"));
                        el.setAttribute("data-x", "\u2603\ud83d\ude00");
                        el.prepend("\u00e9\u65e5", TEXT);
                    }).settings();
            assertEquals("<p title=\u00e9\u8868 data-x=\"\u2603\ud83d\ude00\">\u00e9\u65e5\ud83d\ude00 \u20ac</p>",
                    HtmlRewriter.rewrite("<p title=\u00e9\u8868>\ud83d\ude00 \u20ac</p>", s), cs.name());
        }
        assertEquals(List.of("\u00e9\u8868", "\u00e9\u8868", "\u00e9\u8868", "\u00e9\u8868"), seen);
    }

    @Test
    void unpairedSurrogatesComeBackAsTheyWereAndReadAsUfffd() {
        List<String> texts = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onDocumentText(t -> texts.add(t.text()))
                .onElement("b", el -> el.after("!", HTML)).settings();
        String html = "\udc00<b title=\ud800>\ud83d</b>\ude00";
        assertEquals("\udc00<b title=\ud800>\ud83d</b>!\ude00", HtmlRewriter.rewrite(html, s));
        assertEquals("\ufffd\ufffd\ufffd", String.join("", texts));
        assertEquals("", HtmlRewriter.rewrite("", s));
    }

    /** For documents that are valid Unicode, the string rewrite is the UTF-8 rewrite of the same characters. */
    @Test
    void aStringRewriteIsTheUtf8RewriteOfItsCharacters() {
        qt().withFixedSeed(8_2024L).withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            String meta = seed % 2 == 0 ? "<meta charset=windows-1251>" : "";
            String html = meta + RandomHtml.messy(seed, 40) + "\ud83d\ude00".repeat((int) Math.floorMod(seed, 3L));
            RewriterSettings s = ChunkingPropertiesTest.randomHandlers(seed, new StringBuilder())
                    .adjustCharsetOnMetaTag(true).settings();
            RewriterSettings utf8 = ChunkingPropertiesTest.randomHandlers(seed, new StringBuilder()).settings();
            String expected = new String(Rewrites.runBytes(utf8, html.getBytes(StandardCharsets.UTF_8),
                    Integer.MAX_VALUE), StandardCharsets.UTF_8);
            assertEquals(expected, HtmlRewriter.rewrite(html, s), () -> "seed " + seed + "\n" + html);
        });
    }
}
