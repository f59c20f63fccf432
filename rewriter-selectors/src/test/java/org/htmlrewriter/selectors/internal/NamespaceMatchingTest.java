package org.htmlrewriter.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.htmlrewriter.selectors.Namespaces;

/**
 * What namespaced selectors match in an HTML document with inline SVG and MathML (elements named by their id): as
 * CSS Namespaces and Selectors define it for a document whose elements are all in the HTML, SVG or MathML namespace
 * and whose attributes are in no namespace, except the few the HTML parser puts in a namespace on SVG and MathML
 * elements ({@code xlink:href}, {@code xml:lang}, {@code xmlns}, {@code xmlns:xlink}, ...). Each case is checked with
 * start tags that list their attributes and with start tags that are asked for each name.
 */
class NamespaceMatchingTest {
    private static final Map<String, String> NAMESPACES = Map.of("svg", Namespaces.SVG, "math", Namespaces.MATHML,
            "html", Namespaces.HTML, "xlink", Namespaces.XLINK, "xml", Namespaces.XML, "xmlns", Namespaces.XMLNS,
            "x", "urn:x");

    private static final String ELEMENTS = "<div id=d><svg id=s><a id=sa></a><rect id=r /><g id=g><rect id=r2 />"
            + "</g><foreignobject id=fo><p id=p></p></foreignobject></svg><math id=m><mi id=mi><svg id=s2></svg></mi>"
            + "<mrow id=mr></mrow></math><a id=ha></a><rect id=hr></rect></div>";

    private static void assertSelects(String selector, String html, String... expected) {
        Selector parsed = Selector.parse(selector, NAMESPACES);
        for (boolean list : new boolean[] {true, false}) {
            TestHtml.Run run = new TestHtml.Run(SelectorProgram.compile(List.of(parsed)), 100);
            run.listAttributes = list;
            run.feed(html);
            run.end();
            assertEquals(List.of(expected), run.matchedBy(0), selector + " (attributes listed: " + list + ")");
        }
    }

    @Test
    void elementsWithoutAPrefixOrWithStarAreInAnyNamespace() {
        assertSelects("a", ELEMENTS, "sa", "ha");
        assertSelects("*|a", ELEMENTS, "sa", "ha");
        assertSelects("*|rect", ELEMENTS, "r", "r2", "hr");
        assertSelects("*|*:not(*|div, svg|*, math|*)", ELEMENTS, "p", "ha", "hr");
    }

    @Test
    void declaredPrefixesSelectOneNamespace() {
        assertSelects("svg|*", ELEMENTS, "s", "sa", "r", "g", "r2", "fo", "s2");
        assertSelects("svg|a", ELEMENTS, "sa");
        assertSelects("svg|rect", ELEMENTS, "r", "r2");
        assertSelects("html|rect", ELEMENTS, "hr");
        assertSelects("html|a", ELEMENTS, "ha");
        assertSelects("math|*", ELEMENTS, "m", "mi", "mr");
        assertSelects("html|*", ELEMENTS, "d", "p", "ha", "hr");
        assertSelects("svg|SVG", ELEMENTS, "s", "s2");
        assertSelects("math|svg", ELEMENTS);
    }

    @Test
    void prefixesWorkWithCombinatorsAndLogicalPseudoClasses() {
        assertSelects("svg|* > html|p", ELEMENTS, "p");
        assertSelects("svg|svg html|*", ELEMENTS, "p");
        assertSelects("math|mi svg|svg", ELEMENTS, "s2");
        assertSelects("svg|svg + math|math", ELEMENTS, "m");
        assertSelects("svg|svg ~ html|*", ELEMENTS, "ha", "hr");
        assertSelects("svg|g > svg|*:first-child", ELEMENTS, "r2");
        assertSelects(":is(svg|rect, math|mi)", ELEMENTS, "r", "r2", "mi");
        assertSelects("div > :not(svg|*):not(math|*)", ELEMENTS, "ha", "hr");
        assertSelects("svg|*:nth-child(2 of svg|*)", ELEMENTS, "r");
    }

    @Test
    void noElementOfAnHtmlDocumentIsInNoNamespace() {
        assertSelects("|p", ELEMENTS);
        assertSelects("|*", ELEMENTS);
        assertSelects("|rect", ELEMENTS);
        assertSelects("x|*", ELEMENTS);
        assertSelects("div > *:not(|*)", ELEMENTS, "s", "m", "ha", "hr");
        assertSelects("div > *:not(|a)", ELEMENTS, "s", "m", "ha", "hr");
    }

    private static final String ATTRIBUTES = "<p id=h xlink:href=hx xml:lang=en xmlns=hn href=hh title=ht></p>"
            + "<svg id=s xmlns=sn xmlns:xlink=xl><a id=a xlink:href=ax href=ah xlink:title=t></a><a id=b href=bh></a>"
            + "<a id=c xlink:href=CX></a></svg><math id=m xml:lang=fr xml:space=keep definitionurl=u></math>";

    @Test
    void attributesWithoutAPrefixAreInNoNamespace() {
        assertSelects("[href]", ATTRIBUTES, "h", "a", "b");
        assertSelects("[|href]", ATTRIBUTES, "h", "a", "b");
        assertSelects("[title]", ATTRIBUTES, "h");
        assertSelects("[definitionURL]", ATTRIBUTES, "m");
        // On SVG and MathML elements these names are a namespace and a local name; on HTML elements, plain names.
        assertSelects("[xlink\\:href]", ATTRIBUTES, "h");
        assertSelects("[xml\\:lang]", ATTRIBUTES, "h");
        assertSelects("[xmlns]", ATTRIBUTES, "h");
        assertSelects("[xmlns\\:xlink]", ATTRIBUTES);
    }

    @Test
    void declaredPrefixesSelectNamespacedAttributesOfSvgAndMathMl() {
        assertSelects("[xlink|href]", ATTRIBUTES, "a", "c");
        assertSelects("[xlink|href=ax]", ATTRIBUTES, "a");
        assertSelects("[xlink|href=cx]", ATTRIBUTES);
        assertSelects("[xlink|href=cx i]", ATTRIBUTES, "c");
        assertSelects("[xlink|href^=a]", ATTRIBUTES, "a");
        assertSelects("[xlink|title]", ATTRIBUTES, "a");
        assertSelects("[xml|lang|=fr]", ATTRIBUTES, "m");
        assertSelects("[xml|space]", ATTRIBUTES, "m");
        assertSelects("[xmlns|xmlns]", ATTRIBUTES, "s");
        assertSelects("[xmlns|xlink=xl]", ATTRIBUTES, "s");
        assertSelects("svg|a:not([xlink|href])", ATTRIBUTES, "b");
        // Attributes of an HTML document are never in the HTML, SVG or another namespace.
        assertSelects("[html|id]", ATTRIBUTES);
        assertSelects("[svg|id]", ATTRIBUTES);
        assertSelects("[x|href]", ATTRIBUTES);
        assertSelects("[xlink|lang]", ATTRIBUTES);
    }

    @Test
    void starPrefixedAttributesAreInAnyNamespace() {
        assertSelects("[*|href]", ATTRIBUTES, "h", "a", "b", "c");
        assertSelects("[*|href=ah]", ATTRIBUTES, "a");
        assertSelects("[*|href=ax]", ATTRIBUTES, "a");
        assertSelects("[*|href^=c i]", ATTRIBUTES, "c");
        assertSelects("[*|lang]", ATTRIBUTES, "m");
        assertSelects("[*|title]", ATTRIBUTES, "h", "a");
        assertSelects("[*|xmlns]", ATTRIBUTES, "h", "s");
        assertSelects("[*|xlink]", ATTRIBUTES, "s");
        assertSelects("[*|xlink\\:href]", ATTRIBUTES, "h");
        assertSelects("*:not([*|href])", ATTRIBUTES, "s", "m");
    }

    @Test
    void htmlCaseInsensitiveValuesStayHtmlOnly() {
        String html = "<p id=h lang=EN></p><svg><rect id=r lang=EN /></svg>";
        assertSelects("[lang=en]", html, "h");
        assertSelects("[*|lang=en]", html, "h");
        assertSelects("[*|lang=en i]", html, "h", "r");
    }
}
