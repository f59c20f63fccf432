package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TEXT never changes where an element starts or ends, whatever precedes it in the input, whatever follows it (bytes
 * not received yet included), and whatever else handlers insert next to it. Each case below builds markup out of
 * the input's bytes and the inserted text together; see also the property {@code TextNeverBecomesMarkupTest}, which
 * has a browser's tokenizer read the output.
 */
class TextIsNeverMarkupTest {


    /** Rewrites in every chunking; a failure (with bail-out) shows as a suffix. */
    private static String rewrite(HtmlRewriter.Builder b, String html) {
        return Rewrites.rewrite(b.gracefulBailOut(true), html);
    }

    @Test
    void textAppendedToAScriptCannotCompleteALessThanTheScriptEndsWith() {
        // The script's content ends with "<"; "/script>" appended would close it and make the rest markup.
        List<String> outcomes = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("script", el ->
                outcomes.add(Rewrites.outcome(() -> el.append("/script><b onclick=x()>", TEXT))));
        String out = rewrite(b, "<script>for (i = 0; i <</script><p>x</p>");
        // Accepted when inserted (the content's end was not known then), refused where it would be written: the
        // document passes through unchanged from there.
        assertEquals("<script>for (i = 0; i <</script><p>x</p>", out);
    }

    @Test
    void textAtTheEndOfInputCannotCompleteAnEndTagTheInputLeftOpen() {
        String[][] cases = {{"<style>a {}</style", "><img src=x>"}, {"<title>t</tit", "le <img src=x>"},
            {"<textarea>x</", "textarea <img src=x>"}, {"<xmp>x<", "/xmp><img src=x>"}};
        for (String[] c : cases) {
            String open = c[0];
            List<String> outcomes = new ArrayList<>();
            HtmlRewriter.Builder b = HtmlRewriter.builder().onDocumentEnd(end ->
                    outcomes.add(Rewrites.outcome(() -> end.append(c[1], TEXT))));
            String out = Rewrites.rewrite(b, open);
            // RCDATA (title, textarea) reads references: the first character is written as one, which settles the
            // dangling "</..." as text. Raw text (style, xmp) cannot: the text is refused.
            if (open.startsWith("<title") || open.startsWith("<textarea")) {
                assertEquals(List.of("accepted", "accepted", "accepted"), outcomes, open);
                String escaped = c[1].replace("<", "&lt;").replace(">", "&gt;");
                assertEquals(open + "&#" + (int) c[1].charAt(0) + ";" + escaped.substring(1), out, open);
            } else {
                assertEquals(List.of("refused", "refused", "refused"), outcomes, open);
                assertEquals(open, out, open);
            }
        }
    }

    @Test
    void textCannotMoveALegacyScriptIntoItsDoubleEscapedState() {
        // Inside "<!--" a "<script>" would make the next "</script>" text, and the rest of the page script.
        List<String> outcomes = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onText("script", t -> {
            if (t.isLastInTextNode()) {
                outcomes.add(Rewrites.outcome(() -> t.after("var s = '<script>';", TEXT)));
                outcomes.add(Rewrites.outcome(() -> t.after("var s = 'a < b';", TEXT)));
            }
        });
        String out = rewrite(b, "<script><!-- legacy();</script><p>after</p>");
        assertEquals("<script><!-- legacy();var s = 'a < b';</script><p>after</p>", out);
        assertEquals(List.of("refused", "accepted"), outcomes.subList(0, 2));
    }

    @Test
    void textCannotLeaveADanglingStartOfMarkupForTheNextTextOrTheInput() {
        // Each piece alone is harmless; "<" then "/style>" together would end the style.
        List<String> outcomes = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("style", el -> {
            outcomes.add(Rewrites.outcome(() -> el.prepend("a <", TEXT)));
            outcomes.add(Rewrites.outcome(() -> el.prepend("/style><b>", TEXT)));
        });
        String out = rewrite(b, "<style>p{}</style>");
        assertEquals(List.of("refused", "accepted"), outcomes.subList(0, 2));
        assertEquals("<style>/style><b>p{}</style>", out);
    }

    @Test
    void afterALoneLessThanInNormalContentTheFirstCharacterIsWrittenAsAReference() {
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("b", el -> el.before("img src=x", TEXT));
        assertEquals("a <&#105;mg src=x<b>x</b>", rewrite(b, "a <<b>x</b>"));
        HtmlRewriter.Builder end = HtmlRewriter.builder().onDocumentEnd(e -> e.append("/p>", TEXT));
        assertEquals("x <&#47;p&gt;", rewrite(end, "x <"));
    }

    @Test
    void textInsideATagOrCommentTheInputLeftUnfinishedIsRefused() {
        for (String open : new String[] {"<p>x <a href=\"/a", "<p>x <!-- c", "<!DOCTYPE html", "<p>x <div"}) {
            List<String> outcomes = new ArrayList<>();
            String out = Rewrites.rewrite(HtmlRewriter.builder().onDocumentEnd(e ->
                    outcomes.add(Rewrites.outcome(() -> e.append("\">text", TEXT)))), open);
            assertEquals(List.of("refused", "refused", "refused"), outcomes, open);
            assertEquals(open, out);
        }
    }

    @Test
    void removingScriptTextThatChangesItsEscapingIsRepairedBeforeTheRestIsRead() {
        // The browser reads "<!--<script>" as the start of a double-escaped part: the first "</script>" is text and
        // "<b>" script. Removing only the first piece of text would end the script early; the rewriter writes the
        // escape markers back before the rest, so the rest is read as it was.
        HtmlRewriter.Builder b = HtmlRewriter.builder().onText("script", t -> {
            if (t.text().contains("<!--")) {
                t.remove();
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = b.settings().newRewriter(out::write);
        for (String piece : new String[] {"<script><!--<script>", "x</script><b>y</b></script><p>z</p>"}) {
            r.write(piece.getBytes(StandardCharsets.UTF_8));
        }
        r.end();
        // "<!--<script " brings the output back to the double-escaped reading the input is in
        assertEquals("<script><!--<script x</script><b>y</b></script><p>z</p>", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void renamingOrUnwrappingElementsWhoseContentIsNotMarkupIsRefused() {
        List<String> outcomes = new ArrayList<>();
        Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("script", el -> outcomes.add(Rewrites.outcome(() -> el.setTagName("div"))))
                .onElement("style", el -> outcomes.add(Rewrites.outcome(el::removeAndKeepContent)))
                .onElement("div", el -> outcomes.add(Rewrites.outcome(() -> el.setTagName("textarea"))))
                .onElement("span", el -> outcomes.add(Rewrites.outcome(() -> el.setTagName("b")))),
                "<script>x</script><style>y</style><div>z</div><span>w</span>");
        assertEquals(List.of("refused", "refused", "refused", "accepted"), outcomes.subList(0, 4));
    }

    @Test
    void aRefusalWhereContentIsWrittenFailsTheDocumentWithAHandlerException() {
        HtmlRewriter r = HtmlRewriter.builder().onElement("script", el -> el.append("/script>", TEXT))
                .build((bytes, off, len) -> { });
        r.write("<script>a <".getBytes(StandardCharsets.UTF_8));
        HandlerException e = assertThrows(HandlerException.class,
                () -> r.write("</script>".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getMessage().contains("would form markup"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
