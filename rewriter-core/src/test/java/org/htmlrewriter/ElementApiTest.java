package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.SourceLocation;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Element} method and every insertion ordering, each run in 1-byte, 7-byte and whole-input chunking.
 * Outputs checked with {@link Ops#expect} were confirmed against lol-html (the oracle); the others say why they
 * differ.
 */
class ElementApiTest {

    /** Runs {@code handler} on every element matching {@code selector} and collects what it records. */
    private static List<String> observe(String selector, String html, java.util.function.Function<Element, String> f) {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onElement(selector, el -> seen.add(f.apply(el))).settings();
        // Observations must not depend on chunking either.
        Rewrites.run(s, html, 1);
        List<String> oneByte = new ArrayList<>(seen);
        seen.clear();
        Rewrites.run(s, html, 7);
        assertEquals(oneByte, seen, "7-byte chunks");
        seen.clear();
        Rewrites.run(s, html, 1 << 20);
        assertEquals(oneByte, seen, "whole input");
        return seen;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Names

    @Test
    void tagNameIsLowercase() {
        assertEquals(List.of("div", "svg", "foreignobject"),
                observe("div, svg, foreignObject", "<DIV><sVg><foreignObject></foreignObject></svg></DIV>",
                        Element::tagName));
    }

    @Test
    void setTagNameRenamesStartAndEndTag() {
        Ops.expect("<DIV Class=X><p>t</p></DIV>", "[{\"selector\":\"div\",\"action\":\"setTagName\",\"name\":\"section\"}]",
                "<section Class=X><p>t</p></section>");
        // Nested elements of the same name: each end tag goes with its own start tag.
        Ops.expect("<div><div>a</div>b</div>",
                "[{\"selector\":\"div > div\",\"action\":\"setTagName\",\"name\":\"span\"}]",
                "<div><span>a</span>b</div>");
        // A void element has no end tag to rename.
        Ops.expect("<br a=1><hr>", "[{\"selector\":\"br\",\"action\":\"setTagName\",\"name\":\"wbr\"}]",
                "<wbr a=1><hr>");
    }

    @Test
    void setTagNameValidatesAndTagNameReflectsIt() {
        List<String> seen = observe("div", "<div></div>", el -> {
            el.setTagName("Main");
            assertThrows(IllegalArgumentException.class, () -> el.setTagName("1x"));
            assertThrows(IllegalArgumentException.class, () -> el.setTagName("a b"));
            assertThrows(IllegalArgumentException.class, () -> el.setTagName("a>"));
            assertThrows(IllegalArgumentException.class, () -> el.setTagName(""));
            return el.tagName();
        });
        assertEquals(List.of("main"), seen);
    }

    @Test
    void namespaceUri() {
        String html = "<div><svg><circle/><foreignObject><p>x</p></foreignObject></svg><math><mi>x</mi></math></div>";
        assertEquals(List.of(
                        "html http://www.w3.org/1999/xhtml", // implied: the document has no <html>, <head>, <body>
                        "head http://www.w3.org/1999/xhtml",
                        "body http://www.w3.org/1999/xhtml",
                        "div http://www.w3.org/1999/xhtml",
                        "svg http://www.w3.org/2000/svg",
                        "circle http://www.w3.org/2000/svg",
                        "foreignobject http://www.w3.org/2000/svg",
                        "p http://www.w3.org/1999/xhtml",
                        "math http://www.w3.org/1998/Math/MathML",
                        "mi http://www.w3.org/1998/Math/MathML"),
                observe("*", html, el -> el.tagName() + " " + el.namespaceUri()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Attributes

    @Test
    void attributesRawAndDecoded() {
        String html = "<a HREF=\"/x?a=1&amp;b=2\" title='&lt;t&gt;' data-x=&quot;q checked data-n=&notanentity;>l</a>";
        List<String> seen = observe("a", html, el -> {
            assertEquals("/x?a=1&b=2", el.getAttribute("href"));
            assertEquals("/x?a=1&amp;b=2", el.rawAttribute("href"));
            assertEquals("<t>", el.getAttribute("TITLE"));
            assertEquals("&lt;t&gt;", el.rawAttribute("title"));
            assertEquals("\"q", el.getAttribute("data-x"));
            assertEquals("", el.getAttribute("checked"));
            assertEquals("", el.rawAttribute("checked"));
            // In attribute values a legacy reference followed by an alphanumeric is not decoded.
            assertEquals("&notanentity;", el.getAttribute("data-n"));
            assertNull(el.getAttribute("missing"));
            assertNull(el.rawAttribute("missing"));
            assertTrue(el.hasAttribute("Checked"));
            assertFalse(el.hasAttribute("missing"));
            return el.attributes().stream().map(a -> a.name() + "=" + a.value() + "|" + a.rawValue())
                    .collect(Collectors.joining(" "));
        });
        assertEquals(List.of("href=/x?a=1&b=2|/x?a=1&amp;b=2 title=<t>|&lt;t&gt; data-x=\"q|&quot;q checked=| "
                + "data-n=&notanentity;|&notanentity;"), seen);
    }

    @Test
    void duplicateAttributesFirstWins() {
        List<String> seen = observe("p", "<p id=a ID=b class=c>x</p>", el -> el.getAttribute("id") + " "
                + el.attributes().stream().map(Attribute::name).collect(Collectors.joining(",")));
        assertEquals(List.of("a id,class"), seen);
        // setAttribute changes the occurrence HTML reads (the first), leaving the duplicate's bytes alone.
        Ops.expect("<p id=a ID=b class=c>x</p>", "[{\"selector\":\"p\",\"action\":\"setAttribute\",\"name\":\"id\",\"value\":\"z\"}]",
                "<p id=\"z\" ID=b class=c>x</p>");
    }

    @Test
    void removeAttributeRemovesEveryOccurrence() {
        // Deliberate difference: lol-html removes only the first occurrence, giving "<p ID=b class=c>", which a
        // browser then reads as id="b": the attribute would not be removed at all.
        assertEquals("<p class=c>x</p>",
                Ops.rewrite("<p id=a ID=b class=c>x</p>", "[{\"selector\":\"p\",\"action\":\"removeAttribute\",\"name\":\"id\"}]"));
        Ops.expect("<div a=1 b=\"x\" c='y'   d/><p>x</p></div>",
                "[{\"selector\":\"div\",\"action\":\"removeAttribute\",\"name\":\"b\"}]",
                "<div a=1 c='y' d /><p>x</p></div>");
        Ops.expect("<p a=1>x</p>", "[{\"selector\":\"p\",\"action\":\"removeAttribute\",\"name\":\"zz\"}]",
                "<p a=1>x</p>");
        List<String> seen = observe("p", "<p a=1 b=2>x</p>", el -> {
            el.removeAttribute("A");
            el.setAttribute("c", "3");
            el.removeAttribute("c");
            return el.hasAttribute("a") + " " + el.getAttribute("c") + " " + el.attributes().size();
        });
        assertEquals(List.of("false null 1"), seen);
    }

    @Test
    void setAttributeEscapesQuotesAndOnlyTheAmpersandsThatWouldBeRead() {
        // The value is what the browser should read (as getAttribute returns it), so "&amp;" in it must stay
        // literal: written "&amp;amp;". lol-html writes values raw (only '"' escaped) and outputs "&amp;" here,
        // which a browser reads as "&". An '&' that starts no reference ("a&b=c") is written as is, as lol-html does.
        Ops.expect("<a href=x title=t>l</a><br/><br x=1 />",
                "[{\"selector\":\"a\",\"action\":\"setAttribute\",\"name\":\"href\",\"value\":\"y\\\"z&amp;<>a&b=c\"},"
                        + "{\"selector\":\"br\",\"action\":\"setAttribute\",\"name\":\"n\",\"value\":\"1\"}]",
                "<a href=\"y&quot;z&amp;amp;<>a&b=c\" title=t>l</a><br n=\"1\" /><br x=1 n=\"1\" />");
        Ops.expect("<p a=\"1\" b='2'>x</p>", "[{\"selector\":\"p\",\"action\":\"setAttribute\",\"name\":\"b\",\"value\":\"3\"}]",
                "<p a=\"1\" b=\"3\">x</p>");
        Ops.expect("<a href=/a>x</a>",
                "[{\"selector\":\"a[href]\",\"action\":\"prefixAttribute\",\"name\":\"href\",\"value\":\"https://p.example\"}]",
                "<a href=\"https://p.example/a\">x</a>");
        List<String> seen = observe("p", "<p>x</p>", el -> {
            el.setAttribute("Data-Q", "a\"b");
            assertThrows(IllegalArgumentException.class, () -> el.setAttribute("a b", "x"));
            assertThrows(IllegalArgumentException.class, () -> el.setAttribute("", "x"));
            assertThrows(NullPointerException.class, () -> el.setAttribute("x", null));
            // The getters see the value set (the handler's text, not re-decoded).
            return el.getAttribute("data-q") + " " + el.rawAttribute("DATA-Q");
        });
        assertEquals(List.of("a\"b a\"b"), seen);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shape

    @Test
    void selfClosingAndCanHaveContent() {
        String html = "<div><br><br/><img src=x /><div/><svg><path d=1 /><g></g></svg><math><mi/></math></div>";
        assertEquals(List.of("html false true", "head false true", "body false true", // implied
                        "div false true", "br false false", "br true false", "img true false", "div true true",
                        "svg false true", "path true false", "g false true", "math false true", "mi true false"),
                observe("*", html, el -> el.tagName() + " " + el.isSelfClosing() + " " + el.canHaveContent()));
    }

    @Test
    void sourceLocationIsTheStartTagsByteRange() {
        String html = "<!doctype html>\u00e9<div id=x><p\nclass=\"y\">t</p></div>";
        assertEquals(List.of("[17, 27) <div id=x>", "[27, 40) <p\nclass=\"y\">"),
                observe("div, p", html, el -> {
                    SourceLocation loc = el.sourceLocation();
                    byte[] b = html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    return loc + " " + new String(b, (int) loc.start(), (int) loc.length(),
                            java.nio.charset.StandardCharsets.UTF_8);
                }));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Insertion ordering (lol-html's: before/append add after earlier calls, after/prepend before them)

    @Test
    void beforeAfterPrependAppendOrdering() {
        Ops.expect("<div><b>x</b></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"B1\"},"
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"B2\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"A1\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"A2\"},"
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P1\"},"
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P2\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"E1\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"E2\"}]",
                "B1B2<div>P2P1<b>x</b>E1E2</div>A2A1");
    }

    @Test
    void textAndHtmlContent() {
        Ops.expect("<div>x</div>", "["
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"<i>&amp;</i>\"},"
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"<i>&amp;</i>\",\"html\":true},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"a<b\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"<br>\",\"html\":true}]",
                "&lt;i&gt;&amp;amp;&lt;/i&gt;<i>&amp;</i><div>xa&lt;b<br></div>");
    }

    @Test
    void replaceAndSetInnerContent() {
        Ops.expect("<div><b>x</b></div><p>y</p>", "["
                        + "{\"selector\":\"div\",\"action\":\"replace\",\"content\":\"R1\"},"
                        + "{\"selector\":\"div\",\"action\":\"replace\",\"content\":\"<R2>\",\"html\":true},"
                        + "{\"selector\":\"p\",\"action\":\"setInnerContent\",\"content\":\"I1\"},"
                        + "{\"selector\":\"p\",\"action\":\"setInnerContent\",\"content\":\"<I2>\"}]",
                "<R2><p>&lt;I2&gt;</p>");
        Ops.expect("<div><b>x</b></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"B\"},"
                        + "{\"selector\":\"div\",\"action\":\"replace\",\"content\":\"R\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"A\"}]",
                "BRA");
        Ops.expect("<div><b>x</b></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P\"},"
                        + "{\"selector\":\"div\",\"action\":\"setInnerContent\",\"content\":\"I\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"}]",
                "<div>IA</div>");
        // Nested matches inside a replaced element are not visited.
        Ops.expect("<div><p>x</p></div><p>y</p>", "["
                        + "{\"selector\":\"div\",\"action\":\"setInnerContent\",\"content\":\"I\"},"
                        + "{\"selector\":\"p\",\"action\":\"before\",\"content\":\"!\"}]",
                "<div>I</div>!<p>y</p>");
    }

    @Test
    void removeAndRemoveAndKeepContent() {
        Ops.expect("<ul><li>a</li><li class=x>b<i>c</i></li><li>d</li></ul>",
                "[{\"selector\":\"li.x\",\"action\":\"remove\"}]", "<ul><li>a</li><li>d</li></ul>");
        Ops.expect("<ul><li>a</li><li class=x>b<i>c</i></li></ul>",
                "[{\"selector\":\"li.x\",\"action\":\"removeAndKeepContent\"}]", "<ul><li>a</li>b<i>c</i></ul>");
        Ops.expect("<div><b>x</b></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"remove\"},"
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"B\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"A\"}]",
                "BA");
        Ops.expect("<div><b>x</b></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"removeAndKeepContent\"},"
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"E\"},"
                        + "{\"selector\":\"b\",\"action\":\"setTagName\",\"name\":\"i\"}]",
                "P<i>x</i>E");
        Ops.expect("<p>a<img src=1>b</p>", "[{\"selector\":\"img\",\"action\":\"remove\"}]", "<p>ab</p>");
        // What remove() keeps and drops: EdgeSemanticsTest.
        List<String> seen = observe("div", "<div>x</div>", el -> {
            boolean before = el.isRemoved();
            el.removeAndKeepContent();
            return before + " " + el.isRemoved();
        });
        assertEquals(List.of("false true"), seen);
    }

    @Test
    void handlersRunInRegistrationOrderAndSeeEarlierChanges() {
        List<String> seen = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().bodyFragment(true)
                .onElement("a", el -> {
                    seen.add("1:" + el.getAttribute("href"));
                    el.setAttribute("href", "/two");
                })
                .onElement("a[href]", el -> seen.add("2:" + el.getAttribute("href")))
                .onElement("*", el -> seen.add("3:" + el.tagName())), "<a href=/one>x</a>");
        assertEquals("<a href=\"/two\">x</a>", out);
        assertEquals(List.of("1:/one", "2:/two", "3:a"), seen.subList(0, 3));
    }

    @Test
    void nestedMatchesAndSiblings() {
        Ops.expect("<div class=a><div class=b><span>x</span></div><span>y</span></div>", "["
                        + "{\"selector\":\"div span\",\"action\":\"prepend\",\"content\":\"[\"},"
                        + "{\"selector\":\"div > span\",\"action\":\"append\",\"content\":\"]\"},"
                        + "{\"selector\":\"span:nth-child(2)\",\"action\":\"before\",\"content\":\"+\"},"
                        + "{\"selector\":\"div.a\",\"action\":\"after\",\"content\":\"$\"}]",
                "<div class=a><div class=b><span>[x]</span></div>+<span>[y]</span></div>$");
        // Beyond lol-html (which rejects the combinator): the next-sibling combinator.
        assertEquals("<div class=a><div class=b><span>x</span></div>+<span>y</span></div>",
                Ops.rewrite("<div class=a><div class=b><span>x</span></div><span>y</span></div>",
                        "[{\"selector\":\".b + span\",\"action\":\"before\",\"content\":\"+\"}]"));
    }

    @Test
    void viewIsInvalidAfterTheHandlerReturned() {
        Element[] kept = new Element[1];
        Rewrites.run(HtmlRewriter.builder().onElement("p", el -> kept[0] = el).settings(), "<p a=1>x</p>", 4);
        Element el = kept[0];
        assertThrows(IllegalStateException.class, el::tagName);
        assertThrows(IllegalStateException.class, () -> el.getAttribute("a"));
        assertThrows(IllegalStateException.class, el::attributes);
        assertThrows(IllegalStateException.class, () -> el.setAttribute("b", "2"));
        assertThrows(IllegalStateException.class, () -> el.before("x", TEXT));
        assertThrows(IllegalStateException.class, () -> el.append("x", HTML));
        assertThrows(IllegalStateException.class, el::remove);
        assertThrows(IllegalStateException.class, () -> el.onEndTag(end -> { }));
        assertThrows(IllegalStateException.class, el::sourceLocation);
        assertThrows(IllegalStateException.class, el::isRemoved);
    }

    @Test
    void attributeSnapshotsOutliveTheView() {
        List<Attribute> kept = new ArrayList<>();
        Rewrites.run(HtmlRewriter.builder().onElement("p", el -> kept.addAll(el.attributes())).settings(),
                "<p a=1 b=&amp;>x</p>", 3);
        assertEquals("a=1 b=&", kept.stream().map(a -> a.name() + "=" + a.value()).collect(Collectors.joining(" ")));
    }
}
