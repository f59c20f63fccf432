package org.htmlrewriter.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pins every intended difference between our engine and lol-html that the differential runner
 * ({@link DifferentialRunner}) found, with the smallest example: our expected output is asserted, lol-html's output
 * (Bun 1.x {@code HTMLRewriter}, through {@code lolhtml-rewrite.js}) is in the comment. No Bun is needed. The
 * package README explains each difference and its verdict.
 */
@Tag("slow")
class LolHtmlDifferencesTest {

    private static String ours(String html, String opsJson) {
        List<Op> ops = Op.parseList(opsJson);
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        String whole = new String(OpsInterpreter.rewrite(ops, in), StandardCharsets.UTF_8);
        // Chunking never matters for output: check the 1-byte split too.
        String bytewise = new String(OpsInterpreter.rewrite(ops, in, java.util.Set.of(), null, new int[] {1}),
                StandardCharsets.UTF_8);
        assertEquals(whole, bytewise, "1-byte chunks");
        return whole;
    }

    // --- Differences of our API's semantics

    @Test
    void allEndTagHandlersRun() {
        // lol-html: "<div>x2</div>" (one end-tag handler per element: the last registered replaces the others)
        assertEquals("<div>x12</div>", ours("<div>x</div>",
                "[{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"1\"},"
                        + "{\"selector\":\"div\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"2\"}]"));
    }

    @Test
    void documentEndHandlersRunInRegistrationOrder() {
        // lol-html: "<p>x</p>21" (Bun calls end handlers last-registered first)
        assertEquals("<p>x</p>12", ours("<p>x</p>",
                "[{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"1\"},"
                        + "{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"2\"}]"));
    }

    @Test
    void textIntoRawTextIsNotEscaped() {
        // lol-html: "<script>ab&lt;c</script>" (TEXT is always escaped, which changes the script)
        assertEquals("<script>ab<c</script>", ours("<script>a</script>",
                "[{\"selector\":\"script\",\"action\":\"append\",\"content\":\"b<c\"}]"));
    }

    @Test
    void textThatWouldEndRawTextIsRefused() {
        // lol-html: "<script>a&lt;/script&gt;</script>"
        HandlerException e = assertThrows(HandlerException.class, () -> ours("<script>a</script>",
                "[{\"selector\":\"script\",\"action\":\"append\",\"content\":\"</script>\"}]"));
        assertTrue(e.getCause() instanceof IllegalArgumentException, e::toString);
    }

    @Test
    void textChunksAreDecodedForFilters() {
        // lol-html: "<p>X</p>" (its text chunks are raw, so "&amp" is found in "&amp;")
        assertEquals("<p>&amp;</p>", ours("<p>&amp;</p>",
                "[{\"selector\":\"p\",\"on\":\"text\",\"action\":\"replace\",\"content\":\"X\",\"when\":\"&amp\"}]"));
    }

    @Test
    void attributeValuesAreDecoded() {
        // lol-html: "<a href=\"x?a&amp;b\">l</a>" (getAttribute returns the raw value)
        assertEquals("<a href=\"x?a&b\">l</a>", ours("<a href=\"?a&amp;b\">l</a>",
                "[{\"selector\":\"a\",\"action\":\"prefixAttribute\",\"name\":\"href\",\"value\":\"x\"}]"));
    }

    @Test
    void attributeSelectorsMatchDecodedValues() {
        // lol-html: "<a title=\"&amp;\">l</a>" (matches the raw value "&amp;", so [title="&"] does not match)
        assertEquals("<a title=\"&amp;\" class=\"m\">l</a>", ours("<a title=\"&amp;\">l</a>",
                "[{\"selector\":\"[title=\\\"&\\\"]\",\"action\":\"setAttribute\",\"name\":\"class\",\"value\":\"m\"}]"));
    }

    @Test
    void removeAttributeRemovesDuplicatesToo() {
        // lol-html: "<b id=2>x</b>" (only the first; the browser then reads id=2)
        assertEquals("<b>x</b>", ours("<b ID=1 id=2>x</b>",
                "[{\"selector\":\"b\",\"action\":\"removeAttribute\",\"name\":\"id\"}]"));
    }

    @Test
    void commentTextIsValidatedMoreStrictly() {
        // lol-html: "<!------>" (accepts any text without "-->")
        assertThrows(HandlerException.class, () -> ours("<!--c-->",
                "[{\"document\":true,\"on\":\"comments\",\"action\":\"setText\",\"content\":\"--\"}]"));
    }

    @Test
    void noHandlersRunInsideRemovedContent() {
        // lol-html calls the text and element handlers inside the removed <div> too (their changes are dropped
        // with it): 3 calls here. Output is the same: "".
        AtomicInteger calls = new AtomicInteger();
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("div", el -> el.remove())
                .onElement("b", el -> calls.incrementAndGet())
                .onDocumentText(t -> calls.incrementAndGet())
                .settings();
        assertEquals("", HtmlRewriter.rewrite("<div>a<b>b</b></div>", s));
        assertEquals(0, calls.get());
    }

    @Test
    void textChunkBoundariesDiffer() {
        // lol-html: "<p>[a&amp[</p>" (chunks "a&amp" and a last, empty one). We hold back a tail that may still
        // become a character reference and hand it over as the last chunk: "a", then "&amp".
        assertEquals("<p>[a[&amp</p>", ours("<p>a&amp</p>",
                "[{\"document\":true,\"on\":\"text\",\"action\":\"before\",\"content\":\"[\"}]"));
    }

    @Test
    void namespacedAttributesOfSvgAreNotSelectedByTheirWrittenName() {
        // lol-html: "<svg><a xlink:href=\"#x\" data-m=\"1\"></a></svg><a xlink:href=\"#h\" data-m=\"1\">h</a>" (it
        // matches the name as written; in a browser's tree, xlink:href on an SVG element is href in the XLink
        // namespace, which [xlink\:href] does not select: [*|href] does, or [xlink|href] with a declared prefix)
        assertEquals("<svg><a xlink:href=\"#x\"></a></svg><a xlink:href=\"#h\" data-m=\"1\">h</a>",
                ours("<svg><a xlink:href=\"#x\"></a></svg><a xlink:href=\"#h\">h</a>",
                        "[{\"selector\":\"[xlink\\\\:href]\",\"action\":\"setAttribute\",\"name\":\"data-m\","
                                + "\"value\":\"1\"}]"));
    }

    @Test
    void namesSetInSvgGetTheCaseOfABrowsersTree() {
        // lol-html: "<svg viewbox=\"0 0 1 1\"><lineargradient gradientunits=\"u\"></lineargradient></svg>" (names
        // lowercased or as given; a browser reading either builds viewBox, linearGradient, gradientUnits)
        assertEquals("<svg viewBox=\"0 0 1 1\"><linearGradient gradientUnits=\"u\"></linearGradient></svg>",
                ours("<svg><rect></rect></svg>",
                        "[{\"selector\":\"svg\",\"action\":\"setAttribute\",\"name\":\"viewBox\",\"value\":\"0 0 1 1\"},"
                                + "{\"selector\":\"rect\",\"action\":\"setTagName\",\"name\":\"lineargradient\"},"
                                + "{\"selector\":\"rect\",\"action\":\"setAttribute\",\"name\":\"gradientUnits\","
                                + "\"value\":\"u\"}]"));
    }

    // --- Differences of parsing, where lol-html has a known gap

    @Test
    void cdataInSvgTitleIsText() {
        // lol-html: "<svg><title></title></svg>" (it reads the CDATA section as a bogus comment; in an SVG <title>,
        // whose namespace is SVG, the tokenizer reads CDATA sections)
        assertEquals("<svg><title><![CDATA[x]]></title></svg>", ours("<svg><title><![CDATA[x]]></title></svg>",
                "[{\"document\":true,\"on\":\"comments\",\"action\":\"remove\"}]"));
    }

    @Test
    void mathMlElementsAfterMiAreMatched() {
        // lol-html: "<math>P<mi>Px</mi><mo>y</mo></math>" (after <mi>, a text integration point, it reports mi in
        // the HTML namespace and hands no later MathML element to handlers)
        assertEquals("<math>P<mi>Px</mi><mo>Py</mo></math>", ours("<math><mi>x</mi><mo>y</mo></math>",
                "[{\"selector\":\"math, math *\",\"action\":\"prepend\",\"content\":\"P\"}]"));
    }

    @Test
    void impliedHtmlHeadBodyAndTbodyAreElements() {
        // lol-html (Bun 1.4.5): "<!DOCTYPE html><title>t</title><p>x" unchanged: a page without <head> or <body>
        // gives its handlers none, although every browser's tree has both.
        assertEquals("<!DOCTYPE html><title>t</title><meta name=x><p>x<script src=a.js></script>",
                ours("<!DOCTYPE html><title>t</title><p>x",
                        "[{\"selector\":\"body\",\"action\":\"append\",\"content\":\"<script src=a.js></script>\","
                                + "\"html\":true},{\"selector\":\"head\",\"action\":\"append\","
                                + "\"content\":\"<meta name=x>\",\"html\":true}]"));
        // lol-html: "<table><tr><td>x</td></tr></table>" unchanged (no tbody element without its tag).
        assertEquals("<table><tbody class=\"b\"><tr><td>x</td></tr></table>",
                ours("<table><tr><td>x</td></tr></table>",
                        "[{\"selector\":\"tbody\",\"action\":\"setAttribute\",\"name\":\"class\",\"value\":\"b\"}]"));
    }

    @Test
    void impliedEndTags() {
        // lol-html: "<p>a<p>bX</p>" (no implied end tags: the second p nests in the first, which never ends)
        assertEquals("<p>aX<p>bX</p>", ours("<p>a<p>b</p>",
                "[{\"selector\":\"p\",\"action\":\"append\",\"content\":\"X\"}]"));
    }

    @Test
    void appendAtEndOfInput() {
        // lol-html: "<div>x" (append/after content of an element whose end tag never comes is dropped)
        assertEquals("<div>xA", ours("<div>x",
                "[{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"}]"));
    }

    @Test
    void noscriptIsRawTextOnlyWithScripting() {
        // lol-html always reads <noscript> as raw text. So do we by default (scripting enabled); with scripting
        // disabled its content is markup and handlers see the <b> inside.
        AtomicInteger seen = new AtomicInteger();
        HtmlRewriter.Builder b = HtmlRewriter.builder().onElement("b", el -> seen.incrementAndGet());
        HtmlRewriter.rewrite("<noscript><b>x</b></noscript>", b.settings());
        assertEquals(0, seen.get());
        HtmlRewriter.rewrite("<noscript><b>x</b></noscript>", b.scriptingEnabled(false).settings());
        assertEquals(1, seen.get());
    }

    // --- Not a difference any more (fixed): the start tag keeps the spelling setTagName got, as lol-html does

    @Test
    void setTagNameKeepsTheSpellingInBothTags() {
        // lol-html: "<Custom-Tag>x</Custom-Tag>"
        assertEquals("<Custom-Tag>x</Custom-Tag>", ours("<div>x</div>",
                "[{\"selector\":\"div\",\"action\":\"setTagName\",\"name\":\"Custom-Tag\"}]"));
    }
}
