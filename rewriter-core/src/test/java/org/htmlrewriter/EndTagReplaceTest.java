package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link org.htmlrewriter.content.EndTag#replace}: each case under random chunking. */
class EndTagReplaceTest {

    private static String rewrite(String selector, EndTagHandler handler, String html) {
        RewriterSettings s = HtmlRewriter.builder().onElement(selector, el -> el.onEndTag(handler)).settings();
        return Rewrites.rewriteUnderRandomChunking(s, html);
    }

    @Test
    void replacesAnExplicitEndTagsBytes() {
        assertEquals("<div>x</section>y", rewrite("div", end -> end.replace("</section>", HTML), "<div>x</DIV >y"));
    }

    @Test
    void textReplacementIsEscapedAsTheElementsContent() {
        assertEquals("<div>x&lt;/div&gt;", rewrite("div", end -> end.replace("</div>", TEXT), "<div>x</div>"));
        assertEquals("<title>t&lt;/title&gt;", rewrite("title", end -> end.replace("</title>", TEXT),
                "<title>t</title>"));
    }

    @Test
    void textThatWouldEndARawTextElementIsRefused() {
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("script", el -> el.onEndTag(end -> end.replace("</script>", TEXT))).settings();
        HandlerException e = assertThrows(HandlerException.class, () -> Rewrites.run(s, "<script>a</script>", 3));
        assertTrue(e.getCause() instanceof IllegalArgumentException, e::toString);
    }

    @Test
    void contentBeforeAndAfterStaysAroundTheReplacement() {
        assertEquals("<div>xBRA", rewrite("div", end -> {
            end.after("A", TEXT);
            end.replace("R", TEXT);
            end.before("B", TEXT);
        }, "<div>x</div>"));
    }

    @Test
    void aLaterReplaceReplacesAnEarlierOneAndRemoveKeepsIt() {
        assertEquals("<p><b>x2</b>y</p>", rewrite("b", end -> {
            end.replace("1", TEXT);
            end.replace("</b>", HTML);
            end.replace("2</b>", HTML);
            end.remove();
        }, "<p><b>x</b>y</p>"));
    }

    @Test
    void replacedEndTagIsReportedRemoved() {
        List<String> seen = new ArrayList<>();
        rewrite("div", end -> {
            boolean before = end.isRemoved();
            end.replace("R", TEXT);
            seen.add(before + " " + end.isRemoved());
        }, "<div>x</div>");
        assertTrue(seen.stream().allMatch("false true"::equals), seen::toString);
    }

    @Test
    void anImpliedEndTagHasNoBytesSoTheReplacementIsInsertedWhereTheElementCloses() {
        List<String> removed = new ArrayList<>();
        assertEquals("<p>aBRA<div>b</div>", rewrite("p", end -> {
            end.before("B", TEXT);
            end.after("A", TEXT);
            end.replace("R", TEXT);
            removed.add(end.closing() + " " + end.isRemoved());
        }, "<p>a<div>b</div>"));
        assertEquals("<p>aR", rewrite("p", end -> end.replace("R", TEXT), "<p>a"));
        assertTrue(removed.stream().allMatch("IMPLICIT false"::equals), removed::toString);
    }

    @Test
    void replacementOfARemovedElementsEndTagIsWrittenAsEndTagContentIs() {
        RewriterSettings s = HtmlRewriter.builder().onElement("div", el -> {
            el.remove();
            el.onEndTag(end -> end.replace("R", TEXT));
        }).settings();
        assertEquals("R<i>y</i>", Rewrites.rewriteUnderRandomChunking(s, "<div>x</div><i>y</i>"));
    }
}
