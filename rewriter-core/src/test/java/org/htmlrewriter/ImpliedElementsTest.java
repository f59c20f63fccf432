package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.EndTag;
import org.junit.jupiter.api.Test;

/**
 * Selectors see the elements of a browser's tree: the html, head and body a page omits, the tbody of a table
 * written without one, are elements handlers can change; tags the tree builder ignores are not elements.
 */
class ImpliedElementsTest {

    private static String rewrite(String html, HtmlRewriter.Builder b) {
        String whole = HtmlRewriter.rewrite(html, b.settings());
        assertEquals(whole, ChunkingPropertiesTest.run(b.settings(), html.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new int[] {1}), "1-byte chunks");
        return whole;
    }

    /** What a handler saw in the first of {@link #rewrite}'s two runs (asserting the second saw the same). */
    private static List<String> firstRun(List<String> seen) {
        List<String> first = seen.subList(0, seen.size() / 2);
        assertEquals(first, seen.subList(seen.size() / 2, seen.size()), "the 1-byte run saw the same");
        return first;
    }

    @Test
    void aScriptGoesIntoTheHeadOfAPageWithoutOne() {
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("head", el -> el.append("<script src=/i.js></script>", ContentType.HTML));
        assertEquals("<!doctype html><title>t</title><script src=/i.js></script><p>x",
                rewrite("<!doctype html><title>t</title><p>x", b));
        // No title either: the head is implied at the first tag that cannot be in it, and ends there.
        assertEquals("<!doctype html><script src=/i.js></script><p>x", rewrite("<!doctype html><p>x", b));
        // Or at the first text.
        assertEquals("<script src=/i.js></script>hello", rewrite("hello", b));
        // An empty document has a head too.
        assertEquals("<script src=/i.js></script>", rewrite("", b));
    }

    @Test
    void bodyAppendsLandAtTheEndOfThePage() {
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("body", el -> el.append("!", ContentType.TEXT));
        assertEquals("<p>a</p><p>b!", rewrite("<p>a</p><p>b", b));
        assertEquals("<html><head></head>text\\n!</html>".replace("\\n", "\n"),
                rewrite("<html><head></head>text\n</html>", b));
        assertEquals("<body>x!</body>", rewrite("<body>x</body>", b));
    }

    @Test
    void impliedElementsSayItAndHaveNoSourceBytes() {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("*", el -> seen.add(el.tagName() + " "
                + el.isImplied() + " " + el.sourceLocation()));
        rewrite("<!doctype html><p>x</p><table><tr><td>y</table>", b);
        assertEquals(List.of("html true [15, 15)", "head true [15, 15)", "body true [15, 15)", "p false [15, 18)",
                "table false [23, 30)", "tbody true [30, 30)", "tr false [30, 34)", "td false [34, 38)"),
                firstRun(seen));
    }

    @Test
    void anAttributeOnAnImpliedElementWritesItsStartTag() {
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("body, tbody", el -> el.setAttribute("class", "k"));
        assertEquals("<!doctype html><title>t</title><body class=\"k\"><p>x<table><tbody class=\"k\"><tr><td>y</table>",
                rewrite("<!doctype html><title>t</title><p>x<table><tr><td>y</table>", b));
        // An explicit body keeps its own tag.
        assertEquals("<body class=\"k\">x", rewrite("<body>x", b));
    }

    @Test
    void anImpliedElementCannotBeRenamed() {
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("body", el -> {
            if (el.isImplied()) {
                assertThrows(IllegalStateException.class, () -> el.setTagName("div"));
            }
        });
        assertEquals("<p>x", rewrite("<p>x", b));
    }

    @Test
    void removingAnImpliedElementRemovesItsContent() {
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("tbody", el -> el.remove());
        assertEquals("<table></table>", rewrite("<table><tr><td>y</td></tr></table>", b));
    }

    @Test
    void endTagHandlersOfImpliedElementsFireWhereTheyEnd() {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("head, body", el -> el.onEndTag(end -> {
            seen.add(end.name() + " " + end.closing());
            end.before("[/" + end.name() + "]", ContentType.TEXT);
        }));
        assertEquals("<title>t</title>[/head]<p>x[/body]", rewrite("<title>t</title><p>x", b));
        assertEquals(List.of("head " + EndTag.Closing.IMPLICIT, "body " + EndTag.Closing.END_OF_INPUT),
                firstRun(seen));
    }

    @Test
    void strayTagsAreNotElements() {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("body, td", el -> seen.add(el.tagName()));
        rewrite("<body><div><body><td>x</div>", b);
        assertEquals(List.of("body"), firstRun(seen));
    }

    @Test
    void contentFosterParentedOutOfATableIsItsSibling() {
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("div > p", el -> el.setAttribute("class", "in-div"))
                .onElement("table p", el -> el.setAttribute("class", "in-table"));
        assertEquals("<div><table><tr><td>a</td></tr><p class=\"in-div\">b</p></table></div>",
                rewrite("<div><table><tr><td>a</td></tr><p>b</p></table></div>", b));
    }

    @Test
    void textInTheBodyStaysOneTextNode() {
        // Text that implies nothing is not cut where the insertion mode changes (the frameset-ok flag).
        List<String> nodes = new ArrayList<>();
        StringBuilder node = new StringBuilder();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("p", el -> { }).onDocumentText(t -> {
            node.append(t.text());
            if (t.isLastInTextNode()) {
                nodes.add(node.toString());
                node.setLength(0);
            }
        });
        rewrite("<p> x y</p>", b);
        assertEquals(List.of(" x y", " x y"), nodes);
        nodes.clear();
        // Before the body, the whitespace is not the body's: the text node of the body starts at the first word.
        rewrite(" \nhello", b);
        assertEquals(List.of(" \n", "hello", " \n", "hello"), nodes);
    }

    @Test
    void bodyFragmentsImplyNothing() {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder().bodyFragment(true)
                .onElement("*", el -> seen.add(el.tagName()))
                .onElement(":root", el -> el.setAttribute("data-root", ""));
        assertEquals("<p data-root=\"\">x</p><div data-root=\"\">y</div>", rewrite("<p>x</p><div>y</div>", b));
        assertEquals(List.of("p", "div"), firstRun(seen));
    }
}
