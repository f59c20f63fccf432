package org.htmlrewriter.internal.treesim;

import static org.htmlrewriter.internal.tokenizer.TextMode.DATA;
import static org.htmlrewriter.internal.tokenizer.TextMode.PLAINTEXT;
import static org.htmlrewriter.internal.tokenizer.TextMode.RAWTEXT;
import static org.htmlrewriter.internal.tokenizer.TextMode.RCDATA;
import static org.htmlrewriter.internal.tokenizer.TextMode.SCRIPT_DATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.htmlrewriter.ParsingAmbiguityException;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's rules, one specification per test: the mode after the last start tag of each input. */
class TreeBuilderSimulatorTest {

    private static TextMode strict(String markup) {
        return SimulatorDriver.strict().feed(markup).last();
    }

    private static TextMode lenient(String markup) {
        return SimulatorDriver.lenient().feed(markup).last();
    }

    private static boolean foreignAfter(String markup) {
        return SimulatorDriver.strict().feed(markup).foreign();
    }

    private static ParsingAmbiguityException ambiguous(String markup) {
        return assertThrows(ParsingAmbiguityException.class, () -> SimulatorDriver.strict().feed(markup));
    }

    @Nested
    class TextModes {
        @ParameterizedTest
        @CsvSource({
            "<script>, SCRIPT_DATA", "<style>, RAWTEXT", "<xmp>, RAWTEXT", "<iframe>, RAWTEXT",
            "<noembed>, RAWTEXT", "<noframes>, RAWTEXT", "<noscript>, RAWTEXT", "<title>, RCDATA",
            "<textarea>, RCDATA", "<plaintext>, PLAINTEXT", "<div>, DATA", "<SCRIPT>, SCRIPT_DATA",
            "<StYlE>, RAWTEXT", "<scripts>, DATA", "<a-very-long-custom-element>, DATA",
            "<head><title>, RCDATA", "<table><tr><td><textarea>, RCDATA", "<table><style>, RAWTEXT",
            "<table><script>, SCRIPT_DATA", "<table><xmp>, RAWTEXT", "<script/>, SCRIPT_DATA"
        })
        void afterHtmlStartTag(String markup, TextMode expected) {
            assertEquals(expected, strict(markup));
        }

        @Test
        void noscriptIsMarkupWithoutScripting() {
            SimulatorDriver d = new SimulatorDriver(new TreeBuilderSimulator(true, false)).feed("<noscript>");
            assertEquals(DATA, d.last());
            SimulatorDriver head = new SimulatorDriver(new TreeBuilderSimulator(true, false))
                    .feed("<head><noscript><style></style></noscript>");
            assertEquals(List.of(DATA, DATA, RAWTEXT), head.modes);
        }

        @Test
        void endTagsNeverSwitchModes() {
            assertEquals(DATA, strict("<script></script><p>"));
        }
    }

    @Nested
    class ForeignContent {
        @Test
        void svgAndMathElementsNeverSwitchModes() {
            assertEquals(DATA, strict("<svg><style>"));
            assertEquals(DATA, strict("<svg><script>"));
            assertEquals(DATA, strict("<math><title>"));
            assertEquals(DATA, strict("<svg><g><textarea>"));
            assertEquals(DATA, strict("<math><svg><xmp>"));
        }

        @Test
        void cdataOnlyInForeignContent() {
            assertFalse(foreignAfter(""));
            assertTrue(foreignAfter("<svg>"));
            assertTrue(foreignAfter("<math><mrow>"));
            assertFalse(foreignAfter("<svg></svg>"));
            assertFalse(foreignAfter("<div></div>"));
        }

        @Test
        void selfClosingForeignElementsOpenNothing() {
            assertFalse(foreignAfter("<svg/>"));
            assertEquals(RAWTEXT, strict("<svg/><style>"));
            assertEquals(DATA, strict("<svg><g/><style>"));
            assertTrue(foreignAfter("<svg><path/>"));
        }

        @Test
        void endTagsCloseForeignElementsByName() {
            assertTrue(foreignAfter("<svg><g><g></g>"));
            assertFalse(foreignAfter("<svg><g><g></svg>"));
            assertTrue(foreignAfter("<svg><svg></svg>"));
            assertFalse(foreignAfter("<svg><svg></svg></SVG>"));
            assertTrue(foreignAfter("<math><svg></math>") == false);
            assertTrue(foreignAfter("<svg><clipPath><rect></clippath>"));
            assertTrue(foreignAfter("<svg><g></rect>"), "stray foreign end tags are ignored");
        }

        @Test
        void longNamesAreMatchedByBytes() {
            assertTrue(foreignAfter("<svg><feComponentTransfer><g></g>"));
            assertTrue(foreignAfter("<svg><a-long-custom-name><b-long-custom-name></B-LONG-custom-name>"));
            assertFalse(foreignAfter("<svg><a-long-custom-name></a-long-custom-name></svg>"));
        }

        @ParameterizedTest
        @CsvSource({"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
            "embed", "h1", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
            "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"})
        void breakoutStartTagsLeaveForeignContent(String name) {
            assertFalse(foreignAfter("<svg><g><" + name + "/>"));
            assertEquals(RAWTEXT, strict("<math><mrow><" + name + "><style>"));
        }

        @Test
        void fontBreaksOutOnlyWithColorFaceOrSize() {
            assertTrue(foreignAfter("<svg><font>"));
            assertTrue(foreignAfter("<svg><font id=x>"));
            assertFalse(foreignAfter("<svg><font color=red/>"));
            assertFalse(foreignAfter("<svg><font FACE=x/>"));
            assertFalse(foreignAfter("<svg><font size='3'/>"));
            assertEquals(RAWTEXT, strict("<math><font color=red><style>"));
        }

        @Test
        void endTagsBrAndPLeaveForeignContent() {
            assertFalse(foreignAfter("<svg><g></p>"));
            assertFalse(foreignAfter("<svg><g></br>"));
            assertEquals(SCRIPT_DATA, strict("<math><mrow></p><script>"));
        }

        @Test
        void needsAttributesOnlyWhereTheyMatter() {
            TreeBuilderSimulator sim = new TreeBuilderSimulator();
            assertFalse(sim.needsAttributes(name("font")));
            assertFalse(sim.needsAttributes(name("div")));
            sim.afterStartTag(name("svg"));
            assertTrue(sim.needsAttributes(name("font")));
            assertFalse(sim.needsAttributes(name("annotation-xml")));
            TreeBuilderSimulator math = new TreeBuilderSimulator();
            math.afterStartTag(name("math"));
            assertTrue(math.needsAttributes(name("annotation-xml")));
            assertTrue(math.needsAttributes(name("font")));
            assertFalse(math.needsAttributes(name("mi")));
        }

        @Test
        void namespaceOfLastStartTag() {
            SimulatorDriver d = SimulatorDriver.strict().feed("<svg>");
            assertEquals(TreeBuilderSimulator.SVG_NAMESPACE, d.simulator.namespaceOfLastStartTag());
            d.feed("<g>");
            assertEquals(TreeBuilderSimulator.SVG_NAMESPACE, d.simulator.namespaceOfLastStartTag());
            d.feed("<math>");
            assertEquals(TreeBuilderSimulator.SVG_NAMESPACE, d.simulator.namespaceOfLastStartTag());
            d.feed("<div>");
            assertEquals(TreeBuilderSimulator.HTML_NAMESPACE, d.simulator.namespaceOfLastStartTag());
            d.feed("<math>");
            assertEquals(TreeBuilderSimulator.MATHML_NAMESPACE, d.simulator.namespaceOfLastStartTag());
        }
    }

    @Nested
    class IntegrationPoints {
        @ParameterizedTest
        @CsvSource({
            "<svg><foreignObject><style>, RAWTEXT", "<svg><desc><script>, SCRIPT_DATA",
            "<svg><title><title>, RCDATA", "<svg><FOREIGNOBJECT><textarea>, RCDATA",
            "<math><mi><style>, RAWTEXT", "<math><mo><xmp>, RAWTEXT", "<math><mn><iframe>, RAWTEXT",
            "<math><ms><noembed>, RAWTEXT", "<math><mtext><plaintext>, PLAINTEXT",
            "<math><annotation-xml encoding='text/html'><style>, RAWTEXT",
            "<math><annotation-xml encoding=\"Application/XHTML+XML\"><script>, SCRIPT_DATA",
            "<math><annotation-xml><style>, DATA", "<math><annotation-xml encoding=text/xml><style>, DATA",
            "<svg><annotation-xml encoding=text/html><style>, DATA", "<math><desc><style>, DATA",
            "<svg><mi><style>, DATA", "<svg><foreignObject/><style>, DATA",
            "<svg><foreignObject><svg><style>, DATA", "<svg><foreignObject><div><style>, RAWTEXT"
        })
        void htmlContentAgain(String markup, TextMode expected) {
            assertEquals(expected, strict(markup));
        }

        @Test
        void integrationPointsAreForeignElementsThemselves() {
            assertTrue(foreignAfter("<svg><foreignObject>"), "the current node is SVG foreignObject");
            assertFalse(foreignAfter("<svg><foreignObject><div>"));
            assertTrue(foreignAfter("<svg><foreignObject><div></div>"));
            assertTrue(foreignAfter("<svg><desc><span><b></b></span>"));
            assertFalse(foreignAfter("<svg><desc><span><b></b></span></desc></svg>"));
            assertTrue(foreignAfter("<math><mi><style></style>"));
        }

        @Test
        void mglyphAndMalignmarkStayMathML() {
            assertTrue(foreignAfter("<math><mi><mglyph>"));
            assertTrue(foreignAfter("<math><mo><malignmark>"));
            assertFalse(foreignAfter("<math><mi><b>"));
            assertEquals(DATA, strict("<math><mi><mglyph><style>"));
        }

        @Test
        void svgInsideAnnotationXmlIsSvg() {
            assertTrue(foreignAfter("<math><annotation-xml><svg>"));
            assertEquals(RAWTEXT, strict("<math><annotation-xml><svg><desc><style>"));
        }

        @Test
        void endTagsInsideAnIntegrationPointCannotCloseIt() {
            assertTrue(foreignAfter("<svg><foreignObject><span></foreignObject></span>"),
                    "</foreignObject> while a span is current is ignored");
            assertEquals(RAWTEXT, strict("<svg><desc><span></svg><style>"));
            assertTrue(foreignAfter("<svg><desc><h2></h1>"), "</h1> closes an open h2");
        }

        @Test
        void paragraphsInsideIntegrationPoints() {
            assertTrue(foreignAfter("<svg><desc><p><span></p>"));
            assertTrue(foreignAfter("<svg><desc><p><div>x</div>"), "div closed the p first");
            assertFalse(foreignAfter("<svg><desc><div>"));
        }

        @Test
        void foreignContentNestedInAnIntegrationPoint() {
            assertTrue(foreignAfter("<svg><foreignObject><math>"));
            assertTrue(foreignAfter("<svg><foreignObject><math></math>"));
            assertTrue(foreignAfter("<svg><foreignObject><div><math></div>"),
                    "</div> closes the math too: foreignObject is current again");
            assertEquals(RAWTEXT, strict("<svg><foreignObject><div><math></div><style>"));
            assertTrue(foreignAfter("<svg><foreignObject><div><math></div></foreignObject><g>"));
        }

        @Test
        void endTagInForeignContentClosingAnHtmlElementFurtherDown() {
            // Handed to the "in body" rules, which look past the foreign elements and the HTML elements above.
            assertEquals(SCRIPT_DATA, strict("<svg><foreignObject><s><g><math></s><script>"),
                    "formatting element, no special element above it: popped with the math");
            assertEquals(RAWTEXT, strict("<svg><foreignObject><div><span><math></div><style>"));
            assertEquals(RAWTEXT, strict("<svg><foreignObject><div><p><math></div><style>"),
                    "a block end tag closes its element in scope across the special p");
            assertEquals(RAWTEXT, strict("<svg><foreignObject><h2><span><math></h1><style>"));
            assertEquals(DATA, strict("<svg><foreignObject><span><div><math></span><style>"),
                    "any other end tag stops at the special div: ignored, the math stays open");
            assertEquals(RAWTEXT, strict("<svg><foreignObject><b><div><span><p><i><math></b><style>"),
                    "adoption agency: the rounds end by popping everything above the last special element");
            assertEquals(DATA, lenient("<svg><foreignObject><b>" + "<div>".repeat(8) + "<math></b><style>"),
                    "eight special elements: the adoption agency runs out of rounds before popping");
            ambiguous("<svg><foreignObject><b>" + "<div>".repeat(8) + "<math></b><style>");
        }
    }

    @Nested
    class Select {
        @ParameterizedTest
        @CsvSource({
            "<select><style>, DATA", "<select><title>, DATA", "<select><xmp>, DATA", "<select><iframe>, DATA",
            "<select><noembed>, DATA", "<select><noframes>, DATA", "<select><noscript>, DATA",
            "<select><plaintext>, DATA", "<select><option><style>, DATA", "<select><script>, SCRIPT_DATA",
            "<select><textarea>, RCDATA", "<select><input><style>, RAWTEXT", "<select><select><style>, RAWTEXT",
            "<select></select><style>, RAWTEXT", "<select><template><style>, RAWTEXT",
            "<select><template></template><style>, DATA", "<select><template><select><style>, DATA",
            "<select><template><select></template><style>, DATA", "<select><td><style>, DATA",
            "<select></td><style>, DATA", "<svg><select><style>, DATA", "<svg><foreignObject><select><style>, DATA",
            "<select><script></script><style>, DATA"
        })
        void inSelectIgnoresMostStartTags(String markup, TextMode expected) {
            assertEquals(expected, strict(markup));
        }

        @Test
        void svgIsIgnoredInSelect() {
            assertFalse(foreignAfter("<select><svg>"));
            assertFalse(foreignAfter("<select><math><mi>"));
        }

        @Test
        void tableTagsCloseTheSelectOnlyInATable() {
            ParsingAmbiguityException e = ambiguous("<table><tr><td><select><td><style>");
            assertTrue(e.getMessage().contains("select"), e.getMessage());
            assertEquals(RAWTEXT, lenient("<table><tr><td><select><td><style>"));
            ambiguous("<table><select></tr><style>");
            assertEquals(RAWTEXT, lenient("<table><select></tr><style>"));
            assertEquals(DATA, strict("<table></table><select><tr><style>"), "no table can be open");
            assertEquals(SCRIPT_DATA, strict("<table><select><td><script>"), "script is processed either way");
        }

        @Test
        void keygenDependsOnTheParser() {
            ambiguous("<select><keygen><style>");
            assertEquals(RAWTEXT, lenient("<select><keygen><style>"), "the standard closes the select");
        }
    }

    @Nested
    class Template {
        @ParameterizedTest
        @CsvSource({
            "<template><style>, RAWTEXT", "<template><script>, SCRIPT_DATA", "<template><title>, RCDATA",
            "<template><col><script>, DATA", "<template><col><style>, DATA", "<template><col><textarea>, DATA",
            "<template><col><template><style>, RAWTEXT", "<template><col></template><style>, RAWTEXT",
            "<template><colgroup><style>, RAWTEXT", "<template><div><col><script>, SCRIPT_DATA",
            "<template><style></style><col><script>, DATA", "<template><tr><style>, RAWTEXT",
            "<template><template><col></template><style>, RAWTEXT"
        })
        void templateContents(String markup, TextMode expected) {
            assertEquals(expected, strict(markup));
        }

        @Test
        void templateColumnGroupIgnoresForeignContent() {
            assertFalse(foreignAfter("<template><col><svg>"));
        }

        @Test
        void endTemplateClosesEverythingInside() {
            assertFalse(foreignAfter("<template><svg><g></template>"));
            assertEquals(RAWTEXT, strict("<template><svg><g></template><style>"));
            assertEquals(RAWTEXT, strict("<template><select></template><style>"));
            assertTrue(foreignAfter("<svg><template></template>"), "an SVG template element is just foreign");
        }
    }

    @Nested
    class Frameset {
        @Test
        void contentAfterFramesetIsAmbiguous() {
            ParsingAmbiguityException e = ambiguous("<frameset><style>");
            assertTrue(e.getMessage().contains("frameset"), e.getMessage());
            assertEquals(10, e.streamOffset(), "offset of the <style> tag");
            assertEquals(DATA, lenient("<frameset><style>"), "more likely: the frameset was inserted");
            assertEquals(DATA, lenient("<html><head></head><frameset></frameset><script>"));
        }

        @Test
        void noframesIsRawTextEitherWay() {
            assertEquals(RAWTEXT, strict("<frameset><noframes>"));
            assertEquals(RAWTEXT, strict("<frameset><frame></frameset><noframes>"));
        }

        @Test
        void framesetIsCertainlyIgnoredAfterBodyContent() {
            assertEquals(RAWTEXT, strict("<body><frameset><style>"));
            assertEquals(RAWTEXT, strict("<img><frameset><style>"));
            assertEquals(RAWTEXT, strict("<table></table><frameset><style>"));
            assertEquals(RAWTEXT, strict("<template><frameset><style>"));
            assertEquals(SCRIPT_DATA, strict("<pre></pre><frameset><script>"));
        }

        @Test
        void foreignContentAfterFrameset() {
            assertThrows(ParsingAmbiguityException.class,
                    () -> SimulatorDriver.strict().feed("<frameset><svg><![CDATA["));
            assertFalse(SimulatorDriver.lenient().feed("<frameset><svg><![CDATA[").cdata.get(0));
        }
    }

    @Nested
    class Ambiguities {
        @Test
        void endTagThatMayCloseAnEnclosingElement() {
            ambiguous("<div><svg></div><style>");
            assertEquals(RAWTEXT, lenient("<div><svg></div><style>"));
            assertEquals(DATA, strict("<svg></div><style>"), "no div was ever started");
            assertEquals(DATA, strict("<div><svg></body><style>"), "</body> never pops");
        }

        @Test
        void tableTagInsideIntegrationPointOfATable() {
            ambiguous("<table><tr><td><svg><desc><td></desc><style>");
            assertEquals(DATA, strict("<svg><desc><td></desc><style>"), "no table: <td> is ignored in body");
        }

        @Test
        void brInsideIntegrationPointDependsOnTheRulesVersion() {
            SimulatorDriver d = SimulatorDriver.strict().feed("<svg><desc></br>");
            assertThrows(ParsingAmbiguityException.class, d::foreign);
            assertTrue(SimulatorDriver.lenient().feed("<svg><desc></br>").foreign(), "the standard");
        }

        @Test
        void opaqueHtmlInsideIntegrationPoint() {
            SimulatorDriver d = SimulatorDriver.strict().feed("<svg><desc><ul><li>");
            assertFalse(d.foreign());
            d.feed("</ul>");
            assertThrows(ParsingAmbiguityException.class, d::foreign, "the list may or may not be closed");
            assertEquals(RAWTEXT, strict("<svg><desc><ul><li></ul><style>"), "HTML rules either way");
        }

        @Test
        void strictOnlyThrowsWhereTheAnswerDiffers() {
            assertEquals(DATA, strict("<frameset><div><span>"));
            assertEquals(RAWTEXT, strict("<frameset><noframes>"));
        }

        @Test
        void lenientNeverThrows() {
            SimulatorDriver d = SimulatorDriver.lenient().feed("<frameset><style><select><keygen><title>"
                    + "<div><svg></div><![CDATA[<script><table><select><td><xmp>");
            assertEquals(12, d.modes.size());
        }
    }

    @Nested
    class Bounds {
        @Test
        void deepHtmlNestingCostsNothing() {
            TreeBuilderSimulator sim = new TreeBuilderSimulator();
            TagToken div = name("div");
            for (int i = 0; i < 1_000_000; i++) {
                assertEquals(DATA, sim.afterStartTag(div));
            }
            assertEquals(1, sim.hypotheses());
            assertEquals(RAWTEXT, sim.afterStartTag(name("style")));
        }

        @Test
        void deepForeignNestingIsBounded() {
            TreeBuilderSimulator sim = new TreeBuilderSimulator();
            sim.afterStartTag(name("svg"));
            TagToken g = name("g");
            for (int i = 0; i < 100_000; i++) {
                sim.afterStartTag(g);
            }
            assertThrows(ParsingAmbiguityException.class, () -> sim.afterStartTag(name("style")));
            TreeBuilderSimulator lenient = new TreeBuilderSimulator(false, true);
            lenient.afterStartTag(name("svg"));
            for (int i = 0; i < 100_000; i++) {
                lenient.afterStartTag(g);
            }
            assertEquals(DATA, lenient.afterStartTag(name("style")));
        }

        @Test
        void manyStrayEndTags() {
            TreeBuilderSimulator sim = new TreeBuilderSimulator();
            TagToken b = name("b");
            b.endTag = true;
            for (int i = 0; i < 100_000; i++) {
                sim.afterEndTag(b);
            }
            assertEquals(1, sim.hypotheses());
        }

        @Test
        void hypothesesStayBounded() {
            SimulatorDriver d = SimulatorDriver.strict();
            for (int i = 0; i < 50; i++) {
                d.feed("<table><select><td><div><svg></div>");
            }
            assertTrue(d.simulator.hypotheses() <= TreeBuilderSimulator.MAX_HYPOTHESES);
        }
    }

    /** A start tag with just a name, as an uncaptured tag is handed over. */
    static TagToken name(String name) {
        TagToken tag = new TagToken();
        tag.buf = name.getBytes(StandardCharsets.US_ASCII);
        tag.nameStart = 0;
        tag.nameEnd = tag.buf.length;
        tag.nameHash = TagNameHash.of(name);
        return tag;
    }

    @Test
    void plaintextIsForever() {
        assertEquals(PLAINTEXT, strict("<plaintext>"));
        assertEquals(RCDATA, strict("<svg><desc><textarea>"));
    }
}
