package org.htmlrewriter.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import java.util.Random;

import org.htmlrewriter.selectors.SelectorSyntaxException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.SelectorSyntaxException;

class SelectorParserTest {

    /** Prefixes declared for the namespace tests (case-sensitive: {@code SVG} is another prefix). */
    private static final Map<String, String> NAMESPACES = Map.of("svg", Namespaces.SVG, "SVG", Namespaces.SVG,
            "s", Namespaces.SVG, "math", Namespaces.MATHML, "xlink", Namespaces.XLINK, "a|b", "urn:x", "e", "");

    private static Selector parse(String text) {
        return Selector.parse(text, NAMESPACES);
    }

    private static String canonical(String text) {
        return Selector.parse(text).toString();
    }

    private static SelectorSyntaxException error(String text) {
        return assertThrows(SelectorSyntaxException.class, () -> Selector.parse(text));
    }

    private static void assertError(String text, Kind kind, int position) {
        SelectorSyntaxException e = error(text);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
        assertEquals(text, e.selectorText());
        assertTrue(e.getMessage().contains("position " + position), e.getMessage());
    }

    static Object[][] canonicalForms() {
        return new Object[][] {
            // universal and type selectors
            {"*", "*"}, {"DIV", "div"}, {"  div  ", "div"}, {"*.a", ".a"}, {"*#x", "#x"}, {"my-element", "my-element"}, {"h1", "h1"},
            // id and class
            {"#main", "#main"}, {".a.b", ".a.b"}, {"div#x.y", "div#x.y"}, {".-x", ".-x"}, {".--x", ".--x"}, {"._x", "._x"}, {".é", ".é"},
            // lists
            {"a,b", "a, b"}, {"a , b ,c", "a, b, c"}, {"a, a", "a, a"},
            // combinators
            {"a b", "a b"}, {"a   \t\n b", "a b"}, {"a>b", "a > b"}, {"a  >  b", "a > b"}, {"a+b", "a + b"}, {"a~b", "a ~ b"},
            {"a b > c + d ~ e", "a b > c + d ~ e"},
            // attributes
            {"[HREF]", "[href]"}, {"[ a ]", "[a]"}, {"[a=b]", "[a=\"b\"]"}, {"[a='b']", "[a=\"b\"]"}, {"[a=\"b\"]", "[a=\"b\"]"},
            {"[a~=b]", "[a~=\"b\"]"}, {"[a|=b]", "[a|=\"b\"]"}, {"[a^=b]", "[a^=\"b\"]"}, {"[a$=b]", "[a$=\"b\"]"},
            {"[a*=b]", "[a*=\"b\"]"}, {"[a = b]", "[a=\"b\"]"}, {"[a=b i]", "[a=\"b\" i]"}, {"[a=\"b\"I]", "[a=\"b\" i]"},
            {"[a=b s]", "[a=\"b\" s]"}, {"[a=\"\"]", "[a=\"\"]"}, {"[A=Bc]", "[a=\"Bc\"]"},
            // structural pseudo-classes
            {":first-child", ":first-child"}, {":FIRST-CHILD", ":first-child"}, {":first-of-type", ":first-of-type"}, {":root", ":root"},
            {":nth-child(1)", ":first-child"}, {":nth-child(odd)", ":nth-child(2n+1)"}, {":nth-child(EVEN)", ":nth-child(2n)"},
            {":nth-child(2n+1)", ":nth-child(2n+1)"}, {":nth-child( 3n - 2 )", ":nth-child(3n-2)"}, {":nth-child(-n+3)", ":nth-child(-n+3)"},
            {":nth-child(+5)", ":nth-child(5)"}, {":nth-child(n)", ":nth-child(n)"}, {":nth-child(-n)", ":nth-child(-n)"},
            {":nth-child(+n)", ":nth-child(n)"}, {":nth-child(0n+1)", ":first-child"}, {":nth-child(-2)", ":nth-child(-2)"},
            {":nth-child(2N+0)", ":nth-child(2n)"}, {":nth-child(2n-0)", ":nth-child(2n)"}, {":nth-child(-n-1)", ":nth-child(-n-1)"},
            {":nth-of-type(2n+1)", ":nth-of-type(2n+1)"}, {":nth-of-type(1)", ":first-of-type"},
            {":nth-child(2 of .a, p)", ":nth-child(2 of .a, p)"}, {":nth-child(1 of .a)", ":nth-child(1 of .a)"},
            {":nth-child(odd of li.x)", ":nth-child(2n+1 of li.x)"},
            // logical
            {":not(.a.b)", ":not(.a.b)"}, {":not(.a, .b)", ":not(.a, .b)"}, {":is(a > b, c)", ":is(a > b, c)"}, {":where(p)", ":where(p)"},
            {":IS(:not(:where(a b)))", ":is(:not(:where(a b)))"}, {"a:not(:first-child) > b", "a:not(:first-child) > b"},
            // escapes and strings
            {"esi\\:include", "esi\\:include"}, {".\\31 23", ".\\31 23"}, {"#\\@x", "#\\@x"}, {"\\41 b", "ab"}, {".a\\ b", ".a\\ b"},
            {"[data-x=\"a\\\"b\"]", "[data-x=\"a\\\"b\"]"}, {"[a='x\\'y']", "[a=\"x'y\"]"}, {"[a=\"\\41\"]", "[a=\"A\"]"},
            {"[a=\"line\\\nbreak\"]", "[a=\"linebreak\"]"}, {".\\000", ".\uFFFD"}, {".a\\", ".a\uFFFD"}, {"[a=\"\\9 \"]", "[a=\"\\9 \"]"},
        };
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource({"canonicalForms", "namespacedCanonicalForms"})
    void parsesToCanonicalForm(String text, String expected) {
        assertEquals(expected, parse(text).toString());
        assertEquals(parse(text), parse(expected));
        assertEquals(parse(text).hashCode(), parse(expected).hashCode());
    }

    @Test
    void equalityIsStructural() {
        assertEquals(Selector.parse("a>b"), Selector.parse("A > B"));
        assertEquals(Selector.parse("[x=y]"), Selector.parse("[X='y']"));
        assertNotEquals(Selector.parse("[x=y]"), Selector.parse("[x=Y]"));
        assertNotEquals(Selector.parse(":not(.a.b)"), Selector.parse(":not(.a):not(.b)"));
        assertNotEquals(Selector.parse(":is(a)"), Selector.parse(":where(a)"));
        assertNotEquals(Selector.parse(".a.b"), Selector.parse(".b.a"));
        assertNotEquals(Selector.parse(".a"), Selector.parse(".A"));
    }

    @Test
    void emptySelector() {
        assertError("", Kind.EMPTY_SELECTOR, 0);
        assertError("   ", Kind.EMPTY_SELECTOR, 3);
        assertError("a,", Kind.EMPTY_SELECTOR, 2);
        assertError(",a", Kind.EMPTY_SELECTOR, 0);
        assertError("a,,b", Kind.EMPTY_SELECTOR, 2);
        assertError(":is()", Kind.EMPTY_SELECTOR, 4);
        assertError(":not(a,)", Kind.EMPTY_SELECTOR, 7);
    }

    @Test
    void danglingCombinator() {
        assertError("a >", Kind.DANGLING_COMBINATOR, 2);
        assertError("> a", Kind.DANGLING_COMBINATOR, 0);
        assertError("a > > b", Kind.DANGLING_COMBINATOR, 2);
        assertError("a + , b", Kind.DANGLING_COMBINATOR, 2);
        assertError(":is(a ~)", Kind.DANGLING_COMBINATOR, 6);
        assertError(":not(> a)", Kind.DANGLING_COMBINATOR, 5);
        assertTrue(error("> a").getMessage().contains("relative selectors"));
    }

    @Test
    void unexpectedToken() {
        assertError("a!", Kind.UNEXPECTED_TOKEN, 1);
        assertError("#1", Kind.UNEXPECTED_TOKEN, 0);
        assertError(".5", Kind.UNEXPECTED_TOKEN, 0);
        assertError("[x]div", Kind.UNEXPECTED_TOKEN, 3);
        assertError(".a*", Kind.UNEXPECTED_TOKEN, 2);
        assertError("a)", Kind.UNEXPECTED_TOKEN, 1);
        assertError(":", Kind.UNEXPECTED_TOKEN, 0);
        assertError(":nth-child", Kind.UNEXPECTED_TOKEN, 10);
        assertError("[a=\"x\ny\"]", Kind.UNEXPECTED_TOKEN, 5);
        assertError("a/**/b", Kind.UNEXPECTED_TOKEN, 1);
        assertTrue(error("[x]div").getMessage().contains("must come first"));
    }

    @Test
    void unclosed() {
        assertError("[a", Kind.UNCLOSED, 0);
        assertError("[a=b", Kind.UNCLOSED, 0);
        assertError("[a='b", Kind.UNCLOSED, 3);
        assertError(":not(a", Kind.UNCLOSED, 4);
        assertError(":is(", Kind.UNCLOSED, 3);
        assertError(":nth-child(2", Kind.UNCLOSED, 10);
        assertError(":nth-child(2 of a", Kind.UNCLOSED, 10);
    }

    @Test
    void invalidNth() {
        assertError(":nth-child(x)", Kind.INVALID_NTH, 11);
        assertError(":nth-child()", Kind.INVALID_NTH, 11);
        assertError(":nth-child(2n+)", Kind.INVALID_NTH, 14);
        assertError(":nth-child(2n 1)", Kind.INVALID_NTH, 14);
        assertError(":nth-child(+ 2)", Kind.INVALID_NTH, 11);
        assertError(":nth-of-type(1 of a)", Kind.INVALID_NTH, 15);
        assertError(":nth-child(99999999999)", Kind.INVALID_NTH, 11);
        assertError(":nth-child(1 off a)", Kind.INVALID_NTH, 13);
    }

    @Test
    void invalidAttributeSelector() {
        assertError("[a==b]", Kind.INVALID_ATTRIBUTE_SELECTOR, 3);
        assertError("[a=b x]", Kind.INVALID_ATTRIBUTE_SELECTOR, 5);
        assertError("[=b]", Kind.INVALID_ATTRIBUTE_SELECTOR, 1);
        assertError("[a b]", Kind.INVALID_ATTRIBUTE_SELECTOR, 3);
        assertError("[a=1]", Kind.INVALID_ATTRIBUTE_SELECTOR, 3);
        assertError("[a=\"b\" c d]", Kind.INVALID_ATTRIBUTE_SELECTOR, 7);
    }

    @ParameterizedTest
    @CsvSource({":last-child", ":only-child", ":last-of-type", ":only-of-type", ":nth-last-child(1)",
        ":nth-last-of-type(2n)", ":has(a)", ":empty", "a:LAST-CHILD"})
    void rejectsWhatStreamingCannotDecide(String text) {
        SelectorSyntaxException e = error(text);
        assertEquals(Kind.UNSUPPORTED_PSEUDO_CLASS, e.kind());
        assertTrue(e.getMessage().contains("streams past"), e.getMessage());
        assertEquals(text.indexOf(':'), e.position());
    }

    @ParameterizedTest
    @CsvSource({":hover", ":checked", ":focus", ":visited", ":disabled", ":lang(en)", ":dir(rtl)", ":link"})
    void rejectsStatefulPseudoClasses(String text) {
        SelectorSyntaxException e = error(text);
        assertEquals(Kind.UNSUPPORTED_PSEUDO_CLASS, e.kind());
        assertTrue(e.getMessage().contains("user interaction"), e.getMessage());
    }

    @Test
    void rejectsUnknownPseudoClasses() {
        SelectorSyntaxException e = error("a:frobnicate");
        assertEquals(Kind.UNSUPPORTED_PSEUDO_CLASS, e.kind());
        assertEquals(1, e.position());
        assertTrue(e.getMessage().contains("unknown"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"::before", "p::after", ":before", "a:first-line", "::first-letter", ":is(::marker)"})
    void rejectsPseudoElements(String text) {
        assertEquals(Kind.UNSUPPORTED_PSEUDO_ELEMENT, error(text).kind());
    }

    static Object[][] namespacedCanonicalForms() {
        return new Object[][] {
            // no default namespace: E and *|E are the same selector
            {"*|*", "*"}, {"*|DIV", "div"}, {"*|*.a", ".a"}, {"*|p > *|*", "p > *"},
            // no namespace
            {"|p", "|p"}, {"|*", "|*"}, {"|*.a", "|*.a"}, {"e|p", "|p"}, {"e|*", "|*"},
            // declared prefixes: case-sensitive, names lowercased, '*' kept before other simple selectors
            {"svg|RECT", "svg|rect"}, {"SVG|rect", "SVG|rect"}, {"svg|*", "svg|*"}, {"svg|*.a#b", "svg|*.a#b"},
            {"svg|*:first-child", "svg|*:first-child"}, {"svg|a svg|b", "svg|a svg|b"}, {"svg |rect", "svg |rect"},
            {"math|mi + svg|svg", "math|mi + svg|svg"}, {"a\\|b|c", "a\\|b|c"}, {"\\73 vg|x", "svg|x"},
            {":not(|p):is(svg|*, math|*)", ":not(|p):is(svg|*, math|*)"},
            // attributes: without a prefix or with '|', in no namespace
            {"[|href]", "[href]"}, {"[e|href]", "[href]"}, {"[*|HREF]", "[*|href]"}, {"[ *|href = x ]", "[*|href=\"x\"]"},
            {"[xlink|href]", "[xlink|href]"}, {"[xlink|href^='#' i]", "[xlink|href^=\"#\" i]"},
            {"[xlink|href|=a]", "[xlink|href|=\"a\"]"}, {"[|lang|=en]", "[lang|=\"en\"]"}, {"[a|=b]", "[a|=\"b\"]"},
            {"[a\\|b|c]", "[a\\|b|c]"},
        };
    }

    @Test
    void namespacesAreComparedByPrefixAndUri() {
        assertEquals(parse("*|p"), Selector.parse("p"));
        assertEquals(parse("[|x]"), Selector.parse("[x]"));
        assertNotEquals(parse("|p"), parse("p"));
        assertNotEquals(parse("[*|x]"), parse("[x]"));
        assertNotEquals(parse("svg|p"), parse("math|p"));
        assertNotEquals(Selector.parse("n|p", Map.of("n", Namespaces.SVG)), Selector.parse("n|p", Map.of("n", "urn:x")));
        // The prefix is kept so that the canonical text re-parses: the same URI under another prefix is another text.
        assertNotEquals(parse("svg|p"), parse("s|p"));
    }

    @Test
    void undeclaredPrefix() {
        assertError("svg|rect", Kind.UNDECLARED_NAMESPACE_PREFIX, 0);
        assertError("div > svg|rect", Kind.UNDECLARED_NAMESPACE_PREFIX, 6);
        assertError("[xlink|href]", Kind.UNDECLARED_NAMESPACE_PREFIX, 1);
        assertError("[ xlink|href=x]", Kind.UNDECLARED_NAMESPACE_PREFIX, 2);
        assertError(":not(svg|*)", Kind.UNDECLARED_NAMESPACE_PREFIX, 5);
        assertTrue(error("svg|rect").getMessage().contains("'svg' is not declared (no prefix is)"),
                error("svg|rect").getMessage());
        SelectorSyntaxException caseMatters = assertThrows(SelectorSyntaxException.class,
                () -> parse("Math|mi"));
        assertEquals(Kind.UNDECLARED_NAMESPACE_PREFIX, caseMatters.kind());
        assertEquals(0, caseMatters.position());
        assertTrue(caseMatters.getMessage().contains("declared: SVG, a|b, e, math, s, svg, xlink"),
                caseMatters.getMessage());
        SelectorSyntaxException inList = assertThrows(SelectorSyntaxException.class, () -> parse("svg|a, x|b"));
        assertEquals(7, inList.position());
    }

    @Test
    void malformedNamespacePrefixes() {
        assertNamespaceError("svg|", Kind.UNEXPECTED_TOKEN, 4);
        assertNamespaceError("svg| rect", Kind.UNEXPECTED_TOKEN, 4);
        assertNamespaceError("svg|1", Kind.UNEXPECTED_TOKEN, 4);
        assertNamespaceError("*|", Kind.UNEXPECTED_TOKEN, 2);
        assertNamespaceError("|", Kind.UNEXPECTED_TOKEN, 1);
        assertNamespaceError("||p", Kind.UNEXPECTED_TOKEN, 1);
        assertNamespaceError("svg|a|b", Kind.UNEXPECTED_TOKEN, 5);
        assertNamespaceError(".a|b", Kind.UNEXPECTED_TOKEN, 2);
        assertNamespaceError("[*]", Kind.INVALID_ATTRIBUTE_SELECTOR, 1);
        assertNamespaceError("[*=x]", Kind.INVALID_ATTRIBUTE_SELECTOR, 1);
        assertNamespaceError("[*|]", Kind.INVALID_ATTRIBUTE_SELECTOR, 3);
        assertNamespaceError("[*|*]", Kind.INVALID_ATTRIBUTE_SELECTOR, 3);
        assertNamespaceError("[|=x]", Kind.INVALID_ATTRIBUTE_SELECTOR, 1);
        assertNamespaceError("[xlink| href]", Kind.INVALID_ATTRIBUTE_SELECTOR, 7);
        assertNamespaceError("[xlink |href]", Kind.INVALID_ATTRIBUTE_SELECTOR, 7);
        assertNamespaceError("[svg|a|b]", Kind.INVALID_ATTRIBUTE_SELECTOR, 6);
    }

    private static void assertNamespaceError(String text, Kind kind, int position) {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> parse(text));
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(position, e.position(), e.getMessage());
    }

    @Test
    void namespaceDeclarationsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Selector.parse("p", Map.of("", Namespaces.SVG)));
        assertThrows(NullPointerException.class, () -> Selector.parse("p", null));
    }

    @Test
    void rejectsDeepNestingWithoutStackOverflow() {
        String deep = ":is(".repeat(1000) + "a" + ")".repeat(1000);
        assertEquals(Kind.UNEXPECTED_TOKEN, error(deep).kind());
        String ok = ":is(".repeat(10) + "a" + ")".repeat(10);
        assertEquals(ok, canonical(ok));
    }

    @Test
    void nullIsRejected() {
        assertThrows(NullPointerException.class, () -> Selector.parse(null));
    }

    private static Selector parseOrFail(String text, Map<String, String> namespaces) {
        try {
            return Selector.parse(text, namespaces);
        } catch (SelectorSyntaxException e) {
            throw new AssertionError(e.getMessage().replace("\n", "\\n"), e);
        }
    }

    @Test
    void canonicalTextReparsesToAnEqualSelector() {
        qt().withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String text = new SelectorGenerator(random, false, random.nextBoolean()).selectorList();
            Selector first = parseOrFail(text, SelectorGenerator.NAMESPACES);
            String canonical = first.toString();
            Selector second = parseOrFail(canonical, SelectorGenerator.NAMESPACES);
            assertEquals(first, second, text + " -> " + canonical);
            assertEquals(canonical, second.toString());
        });
    }
}
