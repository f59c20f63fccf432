package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;

/**
 * What a handler sets is what a browser reads back: a CR in an attribute value is written as a reference (a CR as
 * written reads as LF), and what cannot be written at all is refused with a clear message rather than changed.
 */
class ValuesBrowsersReadBackTest {

    @Test
    void aCarriageReturnInAnAttributeValueReadsBackAsACarriageReturn() {
        String out = Rewrites.rewrite(HtmlRewriter.builder().onElement("a", el -> el.setAttribute("title",
                "line 1\r\nline 2\rend")), "<a>x</a>");
        assertEquals("<a title=\"line 1&#13;\nline 2&#13;end\">x</a>", out);
        List<String> readBack = new ArrayList<>();
        Rewrites.rewrite(HtmlRewriter.builder().onElement("a", el -> readBack.add(el.getAttribute("title"))), out);
        assertEquals("line 1\r\nline 2\rend", readBack.get(0));
    }

    @Test
    void loneSurrogatesAreRefusedEverywhere() {
        String lone = "a\uD800b";
        List<Runnable> calls = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Rewrites.rewrite(HtmlRewriter.builder().onElement("p", el -> {
            for (Runnable r : List.<Runnable>of(
                    () -> el.setAttribute("title", lone),
                    () -> el.setAttribute("x" + lone, "v"),
                    () -> el.append(lone, ContentType.TEXT),
                    () -> el.before(lone, ContentType.HTML))) {
                try {
                    r.run();
                } catch (IllegalArgumentException e) {
                    refused.add(e.getMessage());
                }
            }
        }), "<p>x</p>");
        assertEquals(4 * 3, refused.size(), refused::toString); // four calls in each of three chunkings
        assertTrue(refused.get(0).contains("lone surrogate (U+D800)"), refused.get(0));
        // A pair is a character like any other.
        assertEquals("<p title=\"\uD83D\uDE00\">x</p>", Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("p", el -> el.setAttribute("title", "\uD83D\uDE00")), "<p>x</p>"));
    }

    @Test
    void namesAndCommentTextTheCharsetCannotWriteAreRefused() {
        Charset latin = Charset.forName("windows-1252");
        List<String> outcomes = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().charset(latin)
                .onElement("p", el -> {
                    outcomes.add(Rewrites.outcome(() -> el.setTagName("p\u4E00")));
                    outcomes.add(Rewrites.outcome(() -> el.setAttribute("data-\u4E00", "v")));
                    outcomes.add(Rewrites.outcome(() -> el.setAttribute("title", "\u4E00"))); // values take references
                    outcomes.add(Rewrites.outcome(() -> el.setTagName("p\u00E9")));            // é is in windows-1252
                })
                .onDocumentComment(c -> outcomes.add(Rewrites.outcome(() -> c.setText(" \u4E00 "))))
                .settings();
        byte[] out = Rewrites.runBytes(s, "<p>x</p><!--c-->".getBytes(latin), 1000);
        assertEquals(List.of("refused", "refused", "accepted", "accepted", "refused"), outcomes);
        assertEquals("<p\u00E9 title=\"&#19968;\">x</p\u00E9><!--c-->", new String(out, latin));
    }


    @Test
    void surrogatesInTheInputAreNotTheHandlersConcern() {
        // Bytes the document has are passed through as they are, whatever they decode to.
        byte[] in = {'<', 'p', '>', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '<', '/', 'p', '>'};
        byte[] out = Rewrites.rewriteBytes(HtmlRewriter.builder().onElement("p", el -> { }).settings(), in);
        assertEquals(new String(in, StandardCharsets.ISO_8859_1), new String(out, StandardCharsets.ISO_8859_1));
        HandlerException e = assertThrows(HandlerException.class, () -> Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("p", el -> el.setAttribute("title", null)), "<p>x</p>"));
        assertTrue(e.getCause() instanceof NullPointerException);
    }
}
