package org.htmlrewriter.selectors.internal;

import static org.htmlrewriter.selectors.internal.TestHtml.events;
import static org.htmlrewriter.selectors.internal.TestHtml.select;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Documents: the elements the stack reports are those of a browser's tree when each is inserted. Implied html, head,
 * body, tbody, tr, colgroup and p are elements (labelled {@code name*} in events); tags the tree builder ignores are
 * not; foster-parented content has the table's parent as its parent. Events: {@code +x@d} pushed at depth d,
 * {@code +x} not pushed (void or ignored), {@code -x} closed by its end tag, {@code -x~} by something else,
 * {@code -x$} by the end of input. Each document starts with a doctype or {@code <html>} (see
 * {@link TestHtml.Run#of}).
 */
class TreeConstructionTest {

    private static void assertSelects(String selector, String html, String... expected) {
        assertEquals(List.of(expected), select(selector, html), selector + " on " + html);
    }

    @Test
    void aDocumentWithoutHtmlHeadOrBodyStillHasThem() {
        assertEquals("+html*@1 +head*@2 +t@3 -t -head~ +body*@2 +p@3 -p$ -body$ -html$",
                events("<!DOCTYPE html><title id=t></title><p id=p>"));
        assertEquals("+html*@1 +head*@2 -head$ +body*@2 -body$ -html$", events("<!DOCTYPE html>"));
        assertSelects("body > p", "<!DOCTYPE html><title>t</title><p id=p>", "p");
        assertSelects("head > title", "<!DOCTYPE html><title id=t>t</title><p id=p>", "t");
        assertSelects(":root", "<!DOCTYPE html><p id=p>", "html");
        assertSelects("html > body:nth-child(2)", "<!DOCTYPE html><p id=p>", "body");
    }

    @Test
    void tagsTheTreeBuilderIgnoresAreNotElements() {
        assertEquals("+h@1 +head*@2 -head~ +b@2 +c +x +d@3 -d$ -b$ -h$",
                events("<html id=h><body id=b><body id=c><html id=x><div id=d>"));
        assertSelects("body", "<html><body id=b><body id=c><div id=d>", "b");
        assertSelects("div > p", "<!DOCTYPE html><div id=d><td id=c><p id=p>", "p");
        assertSelects("td, tr, caption, col, colgroup, tbody, thead, tfoot, th",
                "<!DOCTYPE html><div><td><tr><caption><col><colgroup><tbody><thead><tfoot><th>");
    }

    @Test
    void bodyAndHtmlEndTagsLeaveTheirElementsOpenForWhatFollows() {
        // </body> reports the body closed (where handlers append) but content after it is still in the body.
        assertEquals("+h@1 +head*@2 -head~ +b@2 +d@3 -d~ -b +p@4 -p~ -h",
                events("<html id=h><body id=b><div id=d></body><p id=p></html>"));
        assertSelects("div > p", "<html><body><div id=d></body><p id=p>", "p");
        assertSelects("body > script", "<!DOCTYPE html><body></body></html><script id=s></script>", "s");
    }

    @Test
    void headContentAfterHeadEndsGoesIntoTheHead() {
        assertSelects("head > script", "<html><head></head><script id=s></script><body>", "s");
        assertSelects("html > script", "<html><head></head><script id=s></script><body>");
        assertEquals("+h@1 +e@2 -e +s@3 -s +body*@2 -body$ -h$",
                events("<html id=h><head id=e></head><script id=s></script>"));
    }

    @Test
    void impliedTableParts() {
        assertSelects("table > tbody > tr > td", "<!DOCTYPE html><table><tr><td id=c>", "c");
        assertSelects("table > tr", "<!DOCTYPE html><table><tr id=r>");
        assertSelects("table > colgroup > col", "<!DOCTYPE html><table><col id=c>", "c");
        assertSelects("tbody > tr > td", "<!DOCTYPE html><table><tbody><td id=c>", "c");
        // In a template, table parts are the template's own children.
        assertSelects("template > tr > td", "<!DOCTYPE html><template><tr><td id=c>", "c");
    }

    @Test
    void fosterParentedContentIsTheTablesSiblingNotItsChild() {
        String html = "<!DOCTYPE html><div id=a><table id=t><tr id=r><span id=s><b id=b></b></span><td id=c>";
        assertSelects("div > span", html, "s");
        assertSelects("table span, tr span, table > span, tbody span", html);
        assertSelects("span > b", html, "b");
        assertSelects("div b", html, "b");
        assertSelects("table b", html);
        // Inserted before the table: the table moves to the second place.
        assertSelects("span:first-child", html, "s");
        assertSelects("tr > td", html, "c");
    }

    @Test
    void quirksModeTablesStayInsideParagraphs() {
        assertSelects("p > table", "<html><p><table id=t>", "t");
        assertSelects("p > table", "<!DOCTYPE html><p><table id=t>");
        assertSelects("body > table", "<!DOCTYPE html><p><table id=t>", "t");
    }

    @Test
    void selectFormsAndFramesets() {
        assertSelects("div", "<!DOCTYPE html><select><div id=d><option id=o>");
        assertSelects("select > option", "<!DOCTYPE html><select><div id=d><option id=o>", "o");
        assertSelects("form", "<!DOCTYPE html><form id=f><form id=g><input>", "f");
        assertSelects("div", "<!DOCTYPE html><frameset id=f><frame id=g><div id=d>");
        assertSelects("frameset > frame", "<!DOCTYPE html><frameset id=f><frame id=g><div id=d>", "g");
    }

    @Test
    void anEndTagPWithNoOpenParagraphCreatesAnEmptyOne() {
        assertEquals("+html*@1 +head*@2 -head~ +body*@2 +d@3 +p*@4 -p -d$ -body$ -html$",
                events("<!DOCTYPE html><div id=d></p>"));
        assertSelects("div > p", "<!DOCTYPE html><div id=d></p>", "p");
    }
}
