package org.htmlrewriter.selectors.internal;

import static org.htmlrewriter.selectors.internal.TestHtml.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What each selector feature matches; elements are named by their id. */
class MatchingTest {

    private static void assertSelects(String selector, String html, String... expected) {
        assertEquals(List.of(expected), select(selector, html), selector + " on " + html);
    }

    @Test
    void typeUniversalIdAndClass() {
        String html = "<div id=a class='x y'><P id=b class=x></P><span id=c class=Y></span><my-el id=d></my-el></div>";
        assertSelects("div", html, "a");
        assertSelects("P", html, "b");
        assertSelects("*", html, "a", "b", "c", "d");
        assertSelects("#b", html, "b");
        assertSelects(".x", html, "a", "b");
        assertSelects(".x.y", html, "a");
        assertSelects(".y", html, "a");
        assertSelects(".Y", html, "c");
        assertSelects("my-el", html, "d");
        assertSelects("div.x#a", html, "a");
        assertSelects("span#a", html);
        assertSelects("a-very-long-element-name", "<a-very-long-element-name id=l>", "l");
        assertSelects("abcdefghijklm", "<abcdefghijklm id=l><abcdefghijkl id=m>", "l");
    }

    @Test
    void selectorListsReportEachSelectorOnceInIdOrder() {
        SelectorProgram program = SelectorProgram.compile(List.of(
                Selector.parse(".x, div"), Selector.parse("div"), Selector.parse("#a, .x, *"), Selector.parse("p")));
        TestHtml.Run run = TestHtml.Run.of(program, "<div id=a class=x></div>");
        assertEquals(List.of(0, 1, 2), run.elements.get(0).matched);
    }

    @Test
    void attributes() {
        String html = "<a id=e1 href='https://x.org/a.pdf' lang=en-US rel='nofollow Next' data-x='a\"b'>"
                + "<a id=e2 href=http://x.org lang=EN type=Text hidden>"
                + "<a id=e3 href='' title=''>";
        assertSelects("[href]", html, "e1", "e2", "e3");
        assertSelects("[hidden]", html, "e2");
        assertSelects("[HREF^='https:']", html, "e1");
        assertSelects("[href$=\".pdf\"]", html, "e1");
        assertSelects("[href*=x\\.org]", html, "e1", "e2");
        assertSelects("[href=\"\"]", html, "e3");
        assertSelects("[href^=\"\"]", html);
        assertSelects("[href$=\"\"]", html);
        assertSelects("[href*=\"\"]", html);
        assertSelects("[rel~=nofollow]", html, "e1");
        assertSelects("[rel~=next]", html, "e1"); // rel is case-insensitive in HTML
        assertSelects("[rel~=next s]", html);
        assertSelects("[rel~='']", html);
        assertSelects("[rel~='nofollow Next']", html);
        assertSelects("[lang|=en]", html, "e1", "e2");
        assertSelects("[lang|=en s]", html, "e1");
        assertSelects("[type=text]", html, "e2");
        assertSelects("[title=text]", html);
        assertSelects("[href='HTTP://X.ORG']", html);
        assertSelects("[href='HTTP://X.ORG' i]", html, "e2");
        assertSelects("[data-x='a\\\"b']", html, "e1");
        assertSelects("[title]", html, "e3");
    }

    @Test
    void caseInsensitiveValuesOnlyForHtmlElements() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("[type=text]")));
        TestHtml.Run run = TestHtml.Run.of(program, "<svg><rect type=Text id=s></rect></svg><input type=Text id=h>");
        assertEquals(List.of("h"), run.matchedBy(0));
    }

    @Test
    void combinators() {
        String html = "<div id=a><p id=b><span id=c></span></p><p id=d></p><span id=e></span><p id=f></p></div>";
        assertSelects("div span", html, "c", "e");
        assertSelects("div > span", html, "e");
        assertSelects("p > span", html, "c");
        assertSelects("p + p", html, "d");
        assertSelects("p + span", html, "e");
        assertSelects("p ~ p", html, "d", "f");
        assertSelects("span ~ p", html, "f");
        assertSelects("span + p", html, "f");
        assertSelects("#b ~ *", html, "d", "e", "f");
        assertSelects("div p + p span", html);
        assertSelects("div > p > span", html, "c");
        assertSelects("p ~ span + p", html, "f");
    }

    @Test
    void siblingStateIsPerParent() {
        String html = "<div><p id=a><i id=x></i></p><b id=b><i id=y></i></b><i id=z></i></div>";
        assertSelects("p ~ i", html, "z");
        assertSelects("p + i", html);
        assertSelects("i + i", html);
        assertSelects("i ~ i", html);
        assertSelects("b + i", html, "z");
    }

    @Test
    void descendantStateEndsWithTheElement() {
        String html = "<div class=a><p id=x></p></div><p id=y></p><section class=a><div><p id=z></p></div></section>";
        assertSelects(".a p", html, "x", "z");
        assertSelects(".a > p", html, "x");
        assertSelects(".a > div > p", html, "z");
    }

    @Test
    void nthChildAndFirstChild() {
        String html = "<ul><li id=a><li id=b><li id=c><li id=d><li id=e></ul>";
        assertSelects("li:first-child", html, "a");
        assertSelects(":nth-child(2)", html, "b");
        assertSelects("li:nth-child(odd)", html, "a", "c", "e");
        assertSelects("li:nth-child(2n)", html, "b", "d");
        assertSelects("li:nth-child(-n+2)", html, "a", "b");
        assertSelects("li:nth-child(n+4)", html, "d", "e");
        assertSelects("li:nth-child(3n-1)", html, "b", "e");
        assertSelects("li:nth-child(0)", html);
        assertSelects("li:nth-child(-n)", html);
    }

    @Test
    void nthChildOfSelector() {
        String html = "<div><p id=a class=x><p id=b><p id=c class=x><p id=d class=x></div>";
        assertSelects(":nth-child(2 of .x)", html, "c");
        assertSelects(":nth-child(odd of .x)", html, "a", "d");
        assertSelects("p:nth-child(1 of :not(.x))", html, "b");
        assertSelects(":nth-child(2 of p:is(#a, #b))", html, "b");
        assertSelects(":nth-child(2 of .x, #b)", html, "b");
    }

    @Test
    void nthOfType() {
        String html = "<section id=s><i id=a></i><span id=b></span><i id=c></i><span id=d></span><i id=e></i>"
                + "<my-x id=f></my-x><my-x id=g></my-x><svg id=v><g id=h></g><g id=j></g></svg></section>";
        assertSelects("i:first-of-type", html, "a");
        assertSelects(":first-of-type", html, "s", "a", "b", "f", "v", "h");
        assertSelects("span:nth-of-type(2)", html, "d");
        assertSelects(":nth-of-type(2)", html, "c", "d", "g", "j");
        assertSelects("i:nth-of-type(odd)", html, "a", "e");
        assertSelects("section > :nth-of-type(n+3)", html, "e");
    }

    @Test
    void root() {
        assertSelects(":root", "<html id=h><body id=b><div id=d>", "h");
        assertSelects(":root > body", "<html id=h><body id=b><div id=d>", "b");
    }

    @Test
    void logicalPseudoClasses() {
        String html = "<div id=a class='x y'><p id=b class=x></p><p id=c class=y></p><span id=d></span></div>";
        assertSelects(":not(.x.y)", html, "b", "c", "d");
        assertSelects(":not(.x):not(.y)", html, "d");
        assertSelects("p:not(.x, .y)", html);
        assertSelects(":is(p, span)", html, "b", "c", "d");
        assertSelects(":where(p.x, span)", html, "b", "d");
        assertSelects(":is(div > p)", html, "b", "c");
        assertSelects(":is(div) > :is(p + p)", html, "c");
        assertSelects(":not(div > *)", html, "a");
        assertSelects(":not(:is(p) ~ *)", html, "a", "b");
        assertSelects("div :not(:not(.y))", html, "c");
        assertSelects(":is(:is(.x) :is(.y))", html, "c");
        assertSelects(":is(.x p, .y span)", html, "b", "c", "d");
    }

    @Test
    void matchingIsByTheTreeTheBrowserBuilds() {
        assertSelects("p > a", "<p id=p1><a id=a1></a><div><a id=a2></a></div>", "a1");
        assertSelects("li:nth-child(2)", "<ul><li>one<li id=two>two<li>three</ul>", "two");
        assertSelects("dd + dt", "<dl><dt id=t1><dd id=d1><dt id=t2><dd id=d2></dl>", "t2");
        assertSelects("tr > td:first-child", "<table><tbody><tr><td id=a><td id=b><tr><td id=c></table>", "a", "c");
        assertSelects("img + span", "<div><img id=i><span id=s></span></div>", "s");
        assertSelects("svg > circle + rect", "<svg><circle/><rect id=r></rect></svg>", "r");
    }

    @Test
    void attributesAreReadOnlyWhenASelectorNeedsThem() {
        SelectorProgram types = SelectorProgram.compile(List.of(Selector.parse("div p"), Selector.parse("p:first-child")));
        assertFalse(types.needsAttributes());
        assertTrue(SelectorProgram.compile(List.of(Selector.parse("p.x"))).needsAttributes());
        assertTrue(SelectorProgram.compile(List.of(Selector.parse(":not([a])"))).needsAttributes());
        MatchingStack stack = types.newMatchingStack(100).parseAsBodyFragment();
        TestHtml.Tag tag = new TestHtml.Tag("p", Map.of("class", "x", "id", "y"), true);
        stack.startTag(tag, false, id -> { }, (d, h) -> { });
        assertEquals(0, tag.attributeReads);
        // A class-keyed rule only looks at the class attribute of tags, not at every attribute.
        SelectorProgram classes = SelectorProgram.compile(List.of(Selector.parse(".x")));
        TestHtml.Tag other = new TestHtml.Tag("p", Map.of("class", "z"), true);
        classes.newMatchingStack(10).parseAsBodyFragment().startTag(other, false, id -> { }, (d, h) -> { });
        assertEquals(1, other.attributeReads);
    }

    @Test
    void mayMatchUsesTheTypeIndex() {
        SelectorProgram typed = SelectorProgram.compile(List.of(Selector.parse("div a"), Selector.parse("p.x, my-el")));
        assertTrue(typed.mayMatch(ElementNames.hash("a"), "a"));
        assertTrue(typed.mayMatch(ElementNames.hash("p"), "p"));
        assertTrue(typed.mayMatch(0, "my-el"));
        assertFalse(typed.mayMatch(ElementNames.hash("div"), "div"));
        assertFalse(typed.mayMatch(0, "other-el"));
        assertTrue(SelectorProgram.compile(List.of(Selector.parse("div .x"))).mayMatch(ElementNames.hash("b"), "b"));
        assertEquals(2, typed.selectorCount());
    }

    @Test
    void programIsSharedByManyDocuments() throws Exception {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("div > p:nth-child(2)")));
        String html = "<div><p id=a><p id=b><p id=c></div>";
        List<Thread> threads = new ArrayList<>();
        List<List<String>> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    results.add(TestHtml.Run.of(program, html).matchedBy(0));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(800, results.size());
        results.forEach(result -> assertEquals(List.of("b"), result));
    }

    @Test
    void elementNamesHash() {
        assertEquals(6, ElementNames.hash("a"));
        assertEquals(ElementNames.hash("DIV"), ElementNames.hash("div"));
        assertEquals((((long) ('h' - 'a' + 6)) << 5) | 0, ElementNames.hash("h1"));
        assertEquals(0, ElementNames.hash(""));
        assertEquals(0, ElementNames.hash("my-el"));
        assertEquals(0, ElementNames.hash("h7"));
        assertEquals(0, ElementNames.hash("abcdefghijklm"));
        assertTrue(ElementNames.hash("abcdefghijkl") != 0);
    }
}
