package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.EndTag;
import org.junit.jupiter.api.Test;

/**
 * {@link EndTag}: explicit end tags (as lol-html, checked with the oracle), and the deliberate extensions: implied
 * end tags and end of input, and several end-tag handlers per element all running.
 */
class EndTagApiTest {

    private static String rewrite(HtmlRewriter.Builder b, String html) {
        return Rewrites.rewrite(b, html);
    }

    /** Records, for every end of an element matching {@code selector}: name, closing and source range. */
    private static List<String> ends(String selector, String html) {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onElement(selector, el -> el.onEndTag(end ->
                seen.add(end.name() + " " + end.closing() + " " + end.sourceLocation()))).settings();
        Rewrites.run(s, html, 1);
        List<String> first = new ArrayList<>(seen);
        seen.clear();
        Rewrites.run(s, html, 1 << 20);
        assertEquals(first, seen, "1-byte vs whole input");
        return seen;
    }

    @Test
    void explicitEndTag() {
        assertEquals(List.of("div EXPLICIT [9, 16)"), ends("div", "<div>x<B></DIV >"));
        Ops.expect("<div>x</DIV >", "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"setName\",\"name\":\"span\"}]",
                "<div>x</span>");
        Ops.expect("<div>x</div>", "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"remove\"}]", "<div>x");
        Ops.expect("<div>x</div>", "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"<b>\"}]",
                "<div>x&lt;b&gt;</div>");
        Ops.expect("<div>x</div>",
                "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"<b>\",\"html\":true}]",
                "<div>x</div><b>");
        Ops.expect("<div>x</div>", "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"noop\"}]", "<div>x</div>");
    }

    @Test
    void endTagContentAndElementContentOrdering() {
        // Element append content comes before end-tag before content (the end-tag handler runs later).
        Ops.expect("<div>x</div>", "["
                        + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"E\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"F\"}]",
                "<div>xAE</div>F");
        // One handler calling before/after twice: before adds after earlier calls, after adds before them.
        assertEquals("<div>xB1B2</div>A2A1", rewrite(HtmlRewriter.builder().onElement("div", el -> el.onEndTag(end -> {
            end.before("B1", TEXT);
            end.before("B2", TEXT);
            end.after("A1", TEXT);
            end.after("A2", TEXT);
        })), "<div>x</div>"));
        // The element's rename and the end tag's own rename: the end-tag handler's wins.
        assertEquals("<span><b>x</b></zz>", rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.onEndTag(end -> end.setName("zz")))
                .onElement("div", el -> el.setTagName("span")), "<div><b>x</b></div>"));
    }

    @Test
    void severalEndTagHandlersAllRun() {
        // Deliberate difference: in lol-html a second onEndTag replaces the first, so lol-html outputs
        // "<div>x</div>A2" for four handlers (only the last runs). Here all run, in registration order.
        assertEquals("<div>xB1B2</div>A2A1", Ops.rewrite("<div>x</div>", "["
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"B1\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"B2\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"A1\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"A2\"}]"));
        // lol-html: "<div>x</div><a>" (the remove handler was replaced).
        assertEquals("<div>x<a>", Ops.rewrite("<div>x</div>", "["
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"remove\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"<a>\",\"html\":true}]"));
        List<String> order = new ArrayList<>();
        rewrite(HtmlRewriter.builder().onElement("p", el -> {
            el.onEndTag(end -> order.add("1"));
            el.onEndTag(end -> order.add("2"));
        }).onElement("p", el -> el.onEndTag(end -> order.add("3"))), "<p>x</p>");
        assertEquals(List.of("1", "2", "3"), order.subList(0, 3));
    }

    @Test
    void endTagHandlersOfARemovedElement() {
        // lol-html (whose last handler wins) gives "B"; both handlers run here.
        assertEquals("BA", Ops.rewrite("<div>x</div>", "["
                + "{\"selector\":\"div\",\"action\":\"remove\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"A\"},"
                + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"B\"}]"));
        Ops.expect("<div>x</div>", "["
                        + "{\"selector\":\"div\",\"action\":\"remove\"},"
                        + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"B\"}]",
                "B");
    }

    @Test
    void endTagsOfNestedElementsOfTheSameName() {
        Ops.expect("<div><div>a</div>b</div>c",
                "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"after\",\"content\":\"|\"}]",
                "<div><div>a</div>|b</div>|c");
        assertEquals(List.of("div EXPLICIT [11, 17)", "div EXPLICIT [18, 24)"), ends("div", "<div><div>a</div>b</div>c"));
    }

    @Test
    void implicitEndTag() {
        // Deliberate difference: lol-html keeps no implied end tags, never calls the handler, and outputs the input
        // unchanged. Here the <p> closes where <div> starts; the implied end has no bytes (an empty range there).
        assertEquals(List.of("p IMPLICIT [4, 4)"), ends("p", "<p>a<div>b</div>"));
        assertEquals("<p>aBA<div>b</div>", rewrite(HtmlRewriter.builder().onElement("p", el -> el.onEndTag(end -> {
            end.before("B", TEXT);
            end.after("A", TEXT);
            end.setName("zz"); // no bytes to rename or remove
            end.remove();
        })), "<p>a<div>b</div>"));
        assertEquals(List.of("li IMPLICIT [9, 9)", "li IMPLICIT [14, 14)"), ends("li", "<ul><li>a<li>b</ul>"));
        assertEquals("<ul><li>a</li><li>b</li></ul>",
                rewrite(HtmlRewriter.builder().onElement("li", el -> el.onEndTag(end -> {
                    if (end.closing() == EndTag.Closing.IMPLICIT) {
                        end.before("</li>", HTML);
                    }
                })), "<ul><li>a<li>b</ul>"));
    }

    @Test
    void endOfInput() {
        // Deliberate difference: lol-html drops end-tag handler content of elements still open at end of input.
        assertEquals(List.of("div END_OF_INPUT [6, 6)"), ends("div", "<div>a"));
        assertEquals("<div>aBA", rewrite(HtmlRewriter.builder().onElement("div", el -> el.onEndTag(end -> {
            end.before("B", TEXT);
            end.after("A", TEXT);
            end.remove();
        })), "<div>a"));
        // Innermost first.
        assertEquals("<div><span>x12", rewrite(HtmlRewriter.builder()
                .onElement("span", el -> el.onEndTag(end -> end.after("1", TEXT)))
                .onElement("div", el -> el.onEndTag(end -> end.after("2", TEXT))), "<div><span>x"));
    }

    @Test
    void contentIsNotLostAtEndOfInput() {
        // Deliberate difference: lol-html outputs "<div>abc" (append/after dropped: the end tag never came).
        assertEquals("<div>abcAF", Ops.rewrite("<div>abc", "["
                + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"},"
                + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"F\"}]"));
    }

    @Test
    void endTagViewIsInvalidAfterTheHandler() {
        EndTag[] kept = new EndTag[1];
        Rewrites.run(HtmlRewriter.builder().onElement("p", el -> el.onEndTag(end -> kept[0] = end)).settings(),
                "<p>x</p>", 3);
        assertThrows(IllegalStateException.class, kept[0]::name);
        assertThrows(IllegalStateException.class, () -> kept[0].before("x", TEXT));
        assertThrows(IllegalStateException.class, kept[0]::remove);
        assertThrows(IllegalStateException.class, kept[0]::closing);
    }

    @Test
    void setNameValidates() {
        List<String> seen = new ArrayList<>();
        rewrite(HtmlRewriter.builder().onElement("p", el -> el.onEndTag(end -> {
            assertThrows(IllegalArgumentException.class, () -> end.setName("9"));
            assertThrows(IllegalArgumentException.class, () -> end.setName("a b"));
            end.setName("Q");
            seen.add(end.name() + " " + end.isRemoved());
            end.remove();
            seen.add(String.valueOf(end.isRemoved()));
        })), "<p>x</p>");
        assertEquals(List.of("q false", "true"), seen.subList(0, 2));
    }
}
