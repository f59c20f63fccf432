package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Mutation semantics, each checked in 1-byte, 7-byte and whole-input chunking (expected outputs match lol-html). */
class HtmlRewriterTest {

    private static String rewrite(HtmlRewriter.Builder b, String html) {
        return Rewrites.rewrite(b, html);
    }

    @Test
    void unchangedInputPassesThrough() {
        String html = "<!DOCTYPE html><html><head><title>a&amp;b</title></head><body><p class=x>t<br/></body></html>";
        assertEquals(html, rewrite(HtmlRewriter.builder().onElement("p", el -> { }), html));
        assertEquals(html, rewrite(HtmlRewriter.builder(), html));
    }

    @Test
    void attributesAndInsertionOrder() {
        String out = rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.setAttribute("e", "q\"&amp;r"))
                .onElement("div", el -> el.append("<X>", TEXT))
                .onElement("div", el -> el.after("A1", TEXT))
                .onElement("div", el -> el.after("A2", TEXT))
                .onElement("div", el -> el.prepend("P1", TEXT))
                .onElement("div", el -> el.prepend("P2", TEXT)),
                "<div a=1 b=\"x\" c='y'   d><p>a&amp;b</div>");
        // setAttribute takes the value to be read: its "&amp;" is written "&amp;amp;" (lol-html writes it raw).
        assertEquals("<div a=1 b=\"x\" c='y' d e=\"q&quot;&amp;amp;r\">P2P1<p>a&amp;b&lt;X&gt;</div>A2A1", out);
    }

    @Test
    void removeAttributeAndRename() {
        assertEquals("<span a=1 c='y' d /><p>x</p></span>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.removeAttribute("b"))
                .onElement("div", el -> el.setTagName("span")), "<div a=1 b=\"x\" c='y'   d/><p>x</p></div>"));
    }

    @Test
    void innerContentAndPrependAppend() {
        assertEquals("<div>QIA</div>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.prepend("P", TEXT))
                .onElement("div", el -> el.setInnerContent("I", TEXT))
                .onElement("div", el -> el.prepend("Q", TEXT))
                .onElement("div", el -> el.append("A", TEXT)), "<div><b>x</b></div>"));
        assertEquals("<div>IB</div>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.append("A", TEXT))
                .onElement("div", el -> el.setInnerContent("I", TEXT))
                .onElement("div", el -> el.append("B", TEXT)), "<div><b>x</b></div>"));
    }

    @Test
    void replaceAndRemove() {
        assertEquals("B1B2RA", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.before("B1", TEXT))
                .onElement("div", el -> el.replace("R", TEXT))
                .onElement("div", el -> el.before("B2", TEXT))
                .onElement("div", el -> el.after("A", TEXT)), "<div><b>x</b></div>"));
        assertEquals("R2", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.replace("R1", TEXT))
                .onElement("div", el -> el.replace("R2", TEXT)), "<div><b>x</b></div>"));
        assertEquals("PA", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.remove())
                .onElement("div", el -> el.after("A", TEXT))
                .onElement("div", el -> el.prepend("P", TEXT)), "<div><b>x</b></div>"));
        assertEquals("BP<b>x</b>AF", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.removeAndKeepContent())
                .onElement("div", el -> el.prepend("P", TEXT))
                .onElement("div", el -> el.append("A", TEXT))
                .onElement("div", el -> el.before("B", TEXT))
                .onElement("div", el -> el.after("F", TEXT)), "<div><b>x</b></div>"));
    }

    @Test
    void endTagHandlers() {
        assertEquals("<div><b>x</b>AE1</div>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.onEndTag(end -> end.before("E1", TEXT)))
                .onElement("div", el -> el.append("A", TEXT)), "<div><b>x</b></div>"));
        assertEquals("<span><b>x</b></zz>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.onEndTag(end -> end.setName("zz")))
                .onElement("div", el -> el.setTagName("span")), "<div><b>x</b></div>"));
        assertEquals("<div><b>x</b>A", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.onEndTag(end -> end.remove()))
                .onElement("div", el -> el.append("A", TEXT)), "<div><b>x</b></div>"));
    }

    @Test
    void voidElementsHaveNoContent() {
        assertEquals("<img src=a>A<br>", rewrite(HtmlRewriter.builder()
                .onElement("img", el -> el.after("A", TEXT))
                .onElement("img", el -> el.append("X", TEXT))
                .onElement("img", el -> el.prepend("Y", TEXT))
                .onElement("img", el -> el.setInnerContent("Z", TEXT)), "<img src=a><br>"));
    }

    @Test
    void contentIsNotLostAtEndOfInput() {
        // lol-html drops both insertions here because the end tag never comes.
        assertEquals("<div>abcAF", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.append("A", TEXT))
                .onElement("div", el -> el.after("F", TEXT)), "<div>abc"));
    }

    @Test
    void documentHandlers() {
        List<String> seen = new ArrayList<>();
        String out = rewrite(HtmlRewriter.builder()
                .onDocumentDoctype(d -> seen.add("doctype " + d.name()))
                .onDocumentComment(c -> c.replace("<R>", TEXT))
                .onDocumentText(t -> t.after("<T>", HTML))
                .onDocumentEnd(e -> e.append("<E>", TEXT)), "<!DOCTYPE html><!--c--><p>t</p>");
        assertEquals("<!DOCTYPE html>&lt;R&gt;<p>t<T><T></p>&lt;E&gt;", out);
    }

    @Test
    void insertedTextNeverCompletesALoneLessThanIntoMarkup() {
        // A lone '<' in the input text followed by inserted TEXT starting with a letter, '/', '!' or '?' would read
        // as a tag or comment; the first character is written as a reference instead.
        assertEquals("a<&#120;<p>b</p>", rewrite(HtmlRewriter.builder()
                .onElement("p", el -> el.before("x", TEXT)), "a<<p>b</p>"));
        assertEquals("a<&#33;--<p>b</p>", rewrite(HtmlRewriter.builder()
                .onElement("p", el -> el.before("!--", TEXT)), "a<<p>b</p>"));
        assertEquals("a<&#98;&gt;", rewrite(HtmlRewriter.builder()
                .onDocumentEnd(e -> e.append("b>", TEXT)), "a<"));
        assertEquals("a< b", rewrite(HtmlRewriter.builder()
                .onDocumentEnd(e -> e.append(" b", TEXT)), "a<"));
    }

    @Test
    void textChunksEndWithAnEmptyLastChunk() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder()
                .onText("p", t -> seen.add(t.text() + (t.isLastInTextNode() ? "|last" : ""))).settings();
        Rewrites.run(s, "<p>a&amp;b</p><p>c</p>", 1000);
        assertEquals(List.of("a&b", "|last", "c", "|last"), seen);
    }

    @Test
    void textChunksNeverSplitAReference() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onDocumentText(t -> seen.add(t.text())).settings();
        assertEquals("x&amp;y&notin;z\u00e9", Rewrites.run(s, "x&amp;y&notin;z\u00e9", 1));
        assertEquals("x&y\u2209z\u00e9", String.join("", seen));
        for (String piece : seen) {
            assertEquals(-1, piece.indexOf('\ufffd'), seen.toString());
        }
    }
}
