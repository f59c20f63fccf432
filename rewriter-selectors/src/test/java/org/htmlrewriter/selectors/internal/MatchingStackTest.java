package org.htmlrewriter.selectors.internal;

import static org.htmlrewriter.selectors.internal.TestHtml.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The stack of open elements: implied end tags, scope, void and foreign elements, limits. In the event strings
 * {@code +x@d} is a push at depth d ({@code +x} alone: not pushed), {@code -x} an explicit close, {@code -x~} an
 * implicit one and {@code -x$} one at end of input.
 */
class MatchingStackTest {

    @Test
    void explicitEndTagsAndEndOfInput() {
        assertEquals("+a@1 +b@2 -b +c@2 -c$ -a$",
                events("<div id=a><div id=b></div><div id=c>"));
    }

    @Test
    void voidElementsAreNotPushed() {
        assertEquals("+d@1 +br +img +i@2 -i -d", events("<div id=d><br id=br><img id=img /><i id=i></i></div>"));
        assertEquals("+d@1 +x@2 -x -d", events("<div id=d><span id=x /></span></div>"));
    }

    @Test
    void blockStartsCloseP() {
        assertEquals("+p@1 -p~ +d@1 -d", events("<p id=p><div id=d></div>"));
        assertEquals("+p@1 -p~ +q@1 -q$", events("<p id=p><p id=q>"));
        assertEquals("+p@1 +s@2 -s~ -p~ +h@1 -h", events("<p id=p><span id=s><h1 id=h></h1>"));
        assertEquals("+p@1 +s@2 +sp@3 -sp -s -p$", events("<p id=p><span id=s><span id=sp></span></span>"));
        // A p inside a button is out of scope.
        assertEquals("+p@1 +b@2 +d@3 -d -b -p", events("<p id=p><button id=b><div id=d></div></button></p>"));
    }

    @Test
    void listItems() {
        assertEquals("+u@1 +a@2 -a~ +b@2 -b~ -u", events("<ul id=u><li id=a><li id=b></ul>"));
        assertEquals("+u@1 +a@2 +p@3 -p~ -a~ +b@2 -b$ -u$", events("<ul id=u><li id=a><p id=p><li id=b>"));
    }

    @Test
    void nestedListItemLeavesOuterOpen() {
        assertEquals("+a@1 +u@2 +b@3 -b~ -u -a~ +c@1 -c$", events("<li id=a><ul id=u><li id=b></ul><li id=c>"));
        assertEquals("+a@1 +u@2 +b@3 -b~ +c@3 -c$ -u$ -a$",
                events("<li id=a><ul id=u><li id=b><li id=c>"));
    }

    @Test
    void definitionListsOptionsRubyAndHeadings() {
        assertEquals("+l@1 +t@2 -t~ +d@2 -d~ +u@2 -u~ -l", events("<dl id=l><dt id=t><dd id=d><dt id=u></dl>"));
        assertEquals("+s@1 +a@2 -a~ +b@2 -b~ +g@2 -g~ +c@2 -c$ -s$",
                events("<select id=s><option id=a><option id=b><optgroup id=g><optgroup id=c>"));
        assertEquals("+r@1 +b@2 -b~ +t@2 -t -r", events("<ruby id=r><rb id=b><rt id=t></rt></ruby>"));
        assertEquals("+a@1 -a~ +b@1 -b", events("<h1 id=a><h2 id=b></h1>"));
    }

    @Test
    void tables() {
        assertEquals("+t@1 +b@2 +r@3 +c@4 -c~ +d@4 -d~ -r~ +s@3 +e@4 -e~ -s~ -b~ +f@2 -f -t",
                events("<table id=t><tbody id=b><tr id=r><td id=c><td id=d><tr id=s><td id=e><tfoot id=f></tfoot></table>"));
        // A cell holds a nested table; a <td> inside it belongs to the inner table.
        // A row directly in a table gets an implied tbody, as in a browser's tree.
        assertEquals("+t@1 +tbody*@2 +r@3 +c@4 +u@5 +tbody*@6 +s@7 +d@8 -d~ -s~ +e@7 -e~ -tbody~ -u -c~ -r~ -tbody~ -t",
                events("<table id=t><tr id=r><td id=c><table id=u><tr id=s><td id=d><tr id=e></table></table>"));
        // Table tags outside a table are ignored: they are not elements.
        assertEquals("+d@1 +c +e -d$", events("<div id=d><td id=c><td id=e>"));
    }

    @Test
    void endTagsPopToTheirElementInScope() {
        assertEquals("+d@1 +s@2 +b@3 -b~ -s~ -d", events("<div id=d><span id=s><b id=b></div>"));
        // Stray end tags change nothing.
        TestHtml.Run run = TestHtml.Run.of(SelectorProgram.compile(List.of()), "");
        run.feed("<div id=d><span id=s>");
        assertFalse(run.end("dd"));
        assertFalse(run.end("li"));
        assertFalse(run.end("em"));
        assertFalse(run.end("foo-bar"));
        assertEquals(2, run.stack.depth());
        assertTrue(run.end("div"));
        assertEquals(0, run.stack.depth());
        // "Any other end tag" stops at a special element.
        assertEquals("+s@1 +d@2 +d2@3 -d2 -d -s", events("<span id=s><div id=d></span><div id=d2></div></div></span>"));
        // A table blocks the scope of </div>, and </p> needs a p in button scope.
        assertEquals("+d@1 +t@2 +p@3 -p -t -d", events("<div id=d><table id=t><p id=p></div></p></table></div>"));
        // Headings close each other.
        assertEquals("+a@1 +s@2 -s~ -a", events("<h2 id=a><span id=s></h3>"));
    }

    @Test
    void bodyAndHtml() {
        assertEquals("+h@1 +e@2 -e +b@2 +d@3 +p@4 -p~ -d~ -b -h",
                events("<html id=h><head id=e></head><body id=b><div id=d><p id=p></body></html>"));
        assertEquals("+h@1 +e@2 +m -e~ +b@2 -b -h",
                events("<html id=h><head id=e><meta id=m><body id=b></body></html>"));
    }

    @Test
    void foreignContent() {
        assertEquals("+d@1 +s@2 +c +g@3 +r@4 -r -g -s -d",
                events("<div id=d><svg id=s><circle id=c /><g id=g><rect id=r></rect></g></svg></div>"));
        // An HTML breakout tag closes the SVG elements; a foreign end tag closes its element.
        assertEquals("+s@1 +g@2 -g~ -s~ +p@1 -p", events("<svg id=s><g id=g><p id=p></p>"));
        assertEquals("+s@1 +f@2 +d@3 -d -f -s", events("<svg id=s><foreignObject id=f><div id=d></div></foreignObject></svg>"));
        assertEquals("+s@1 +g@2 -g~ -s", events("<svg id=s><g id=g></svg>"));
        // No implied end tags inside SVG: a <p> there is an HTML breakout, but <li> ... is too; a <g> is not.
        assertEquals("+p@1 +s@2 +g@3 -g -s -p", events("<p id=p><svg id=s><g id=g></g></svg></p>"));
    }

    @Test
    void reportsTheDepthEachElementHad() {
        SelectorProgram program = SelectorProgram.compile(List.of());
        MatchingStack stack = program.newMatchingStack(10).parseAsBodyFragment();
        StringBuilder closed = new StringBuilder();
        ClosedElementListener listener = (depth, how) -> closed.append(depth).append(how.name().charAt(0)).append(' ');
        assertEquals(1, stack.startTag(new TestHtml.Tag("ul", Map.of(), true), false, i -> { }, listener));
        assertEquals(2, stack.startTag(new TestHtml.Tag("li", Map.of(), true), false, i -> { }, listener));
        assertEquals(3, stack.startTag(new TestHtml.Tag("b", Map.of(), true), false, i -> { }, listener));
        assertEquals(-1, stack.startTag(new TestHtml.Tag("br", Map.of(), true), false, i -> { }, listener));
        assertEquals(2, stack.startTag(new TestHtml.Tag("li", Map.of(), true), false, i -> { }, listener));
        assertEquals("3I 2I ", closed.toString());
        assertTrue(stack.endTag(ElementNames.hash("ul"), "ul", true, listener));
        assertEquals("3I 2I 2I 1E ", closed.toString());
        stack.startTag(new TestHtml.Tag("div", Map.of(), true), false, i -> { }, listener);
        stack.endOfInput(listener);
        assertEquals("3I 2I 2I 1E 1E ", closed.toString());
        assertEquals(0, stack.depth());
    }

    @Test
    void depthIsBounded() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("div div")));
        MatchingStack stack = program.newMatchingStack(3).parseAsBodyFragment();
        TestHtml.Tag div = new TestHtml.Tag("div", Map.of(), true);
        for (int i = 0; i < 3; i++) {
            stack.startTag(div, false, id -> { }, (d, h) -> { });
        }
        StackDepthExceededException e = assertThrows(StackDepthExceededException.class,
                () -> stack.startTag(div, false, id -> { }, (d, h) -> { }));
        assertEquals(3, e.limit());
        assertEquals(3, stack.depth());
        // Void elements do not count.
        assertEquals(-1, stack.startTag(new TestHtml.Tag("br", Map.of(), true), false, id -> { }, (d, h) -> { }));
        assertThrows(IllegalArgumentException.class, () -> program.newMatchingStack(0));
    }

    @Test
    void distinctChildNamesPerParentAreBounded() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse(":nth-of-type(2)")));
        MatchingStack stack = program.newMatchingStack(10).parseAsBodyFragment();
        for (int i = 0; i < MatchingStack.MAX_TYPES_PER_PARENT; i++) {
            stack.startTag(new TestHtml.Tag("x-" + i, Map.of(), true), true, id -> { }, (d, h) -> { });
            stack.endTag(0, "x-" + i, true, (d, h) -> { });
        }
        assertThrows(StackDepthExceededException.class,
                () -> stack.startTag(new TestHtml.Tag("y", Map.of(), true), false, id -> { }, (d, h) -> { }));
    }
}
