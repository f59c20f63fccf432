package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a tree-less rewriter cannot be sure how a browser reads on: strict mode refuses with
 * {@link ParsingAmbiguityException}; lenient mode (the default) takes the likely reading, and content inserted as
 * TEXT where it guessed never becomes markup, whichever reading a browser takes.
 */
class StrictAndLenientTest {
    /** {@code </div>} may or may not close the svg: the style is raw text (likely) or an SVG element. */
    private static final String GUESSED_RAW_TEXT = "<div><svg></div><style>a</style>";

    private static HtmlRewriter.Builder replacingStyleText(boolean strict) {
        return HtmlRewriter.builder().strict(strict).onText("style", t -> {
            if (t.isLastInTextNode()) {
                t.replace("<b>x", TEXT);
            } else {
                t.remove();
            }
        });
    }

    @Test
    void strictModeRefusesWhereTheReadingIsAGuess() {
        ParsingAmbiguityException e = assertThrows(ParsingAmbiguityException.class,
                () -> Rewrites.run(replacingStyleText(true).settings(), GUESSED_RAW_TEXT, 1 << 20));
        assertEquals(GUESSED_RAW_TEXT.indexOf("<style>"), e.streamOffset(), e.getMessage());
    }

    @Test
    void strictModeWithGracefulBailOutPassesTheRestThrough() {
        StringBuilder out = new StringBuilder();
        HtmlRewriter r = replacingStyleText(true).gracefulBailOut(true)
                .build((b, off, len) -> out.append(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8)));
        r.write(GUESSED_RAW_TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        r.end();
        assertEquals(GUESSED_RAW_TEXT, out.toString());
        assertInstanceOf(ParsingAmbiguityException.class, r.failure());
    }

    @Test
    void lenientModeEscapesTextInsertedIntoGuessedRawText() {
        // In raw text a browser shows "&lt;b&gt;" as written; were the style an SVG element, "<b>" would be markup.
        assertEquals("<div><svg></div><style>&lt;b&gt;x</style>",
                Rewrites.rewrite(replacingStyleText(false), GUESSED_RAW_TEXT));
        assertEquals("<div><svg></div><style>&lt;i&gt;</style>", Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("style", el -> el.setInnerContent("<i>", TEXT)), GUESSED_RAW_TEXT));
        assertEquals("<div><svg></div><style>a&lt;i&gt;</style>", Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("style", el -> el.onEndTag(end -> end.before("<i>", TEXT))), GUESSED_RAW_TEXT));
    }

    @Test
    void certainRawTextTakesTextAsWritten() {
        assertEquals("<div></div><style><b>x</style>",
                Rewrites.rewrite(replacingStyleText(false), "<div></div><style>a</style>"));
        assertEquals("<div></div><style><b>x</style>",
                Rewrites.rewrite(replacingStyleText(true), "<div></div><style>a</style>"));
    }

    @Test
    void lenientModeReadsOnAsTheLikelyReading() {
        List<String> nodes = new ArrayList<>();
        StringBuilder node = new StringBuilder();
        Rewrites.run(HtmlRewriter.builder().onDocumentText(t -> {
            node.append(t.text());
            if (t.isLastInTextNode()) {
                nodes.add(t.textType() + ":" + node);
                node.setLength(0);
            }
        }).settings(), GUESSED_RAW_TEXT + "<select><keygen><script>if (a<b) x()</script>", 1 << 20);
        assertEquals(List.of("RAWTEXT:a", "SCRIPT_DATA:if (a<b) x()"), nodes);
    }
}
