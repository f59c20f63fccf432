package org.htmlrewriter.internal.treesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.InsertedElement;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Namespace;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Origin;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Result;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.StartTag;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.TokenKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What {@link TreeInsertionOracle} reports, one kind of tree-builder behaviour per test: each element as
 * {@link InsertedElement#render()} renders it (ancestors root first, {@code [implied]} / {@code [clone]} /
 * {@code [foster]}, {@code #n} its position among its parent's element children when inserted), in insertion order.
 */
class TreeInsertionOracleTest {

    private static Result run(String html) {
        return TreeInsertionOracle.run(html, true);
    }

    private static void assertInserted(String html, String... rendered) {
        Result result = run(html);
        assertEquals(List.of(rendered), result.rendered(), () -> result.describe());
    }

    @Nested
    class ImpliedDocumentElements {
        @Test
        void missingHtmlHeadAndBodyAreImpliedWhereTheTreeBuilderCreatesThem() {
            Result r = run("<!doctype html><title>t</title><p>x");
            assertEquals(List.of(
                    "html[implied] #1",
                    "html[implied] > head[implied] #1",
                    "html[implied] > head[implied] > title #1",
                    "html[implied] > body[implied] #2",
                    "html[implied] > body[implied] > p #1"), r.rendered());
            assertEquals(List.of(2, 4), r.elementOfStartTag());
            // head is created for <title> (start tag 0), body only when <p> (start tag 1) arrives
            assertEquals(0, r.elements().get(1).during().index());
            assertEquals(1, r.elements().get(3).during().index());
        }

        @Test
        void anEmptyDocumentHasAllThreeCreatedAtTheEndOfInput() {
            Result r = run("");
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2"), r.rendered());
            assertTrue(r.elements().stream().allMatch(e -> e.during().kind() == TokenKind.END_OF_INPUT));
            assertEquals(List.of(), r.startTags());
        }

        @Test
        void textAloneImpliesAllThreeWhenItArrives() {
            Result r = run("x");
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2"), r.rendered());
            assertTrue(r.elements().stream().allMatch(e -> e.during().kind() == TokenKind.CHARACTERS));
        }

        @Test
        void explicitTagsAreTheirOwnElementsEvenWithoutAttributes() {
            // validator.nu creates an attribute-less <body> with a shared empty attributes object: still explicit
            Result r = run("<html><head></head><body>");
            assertEquals(List.of("html #1", "html > head #1", "html > body #2"), r.rendered());
            assertEquals(List.of(0, 1, 2), r.elementOfStartTag());
        }
    }

    @Nested
    class StrayStartTags {
        @Test
        void aSecondBodyIsNoElementItsAttributesGoToTheFirst() {
            Result r = run("<html><body><body class=a><p>");
            assertEquals(List.of("html #1", "html > head[implied] #1", "html > body #2", "html > body > p #1"),
                    r.rendered());
            assertEquals(List.of(0, 2, -1, 3), r.elementOfStartTag());
            assertEquals(new StartTag(2, "body", -1, 2), r.startTags().get(2));
            assertTrue(r.treeDump().contains("|   <body>\n|     class=\"a\""), r.treeDump());
        }

        @Test
        void attributesMergeOnlyWhereAbsentAndTheRecordKeepsThoseAtCreation() {
            Result r = run("<html lang=en><body><html lang=fr dir=rtl>");
            assertEquals(new StartTag(2, "html", -1, 0), r.startTags().get(2));
            assertEquals(Map.of("lang", "en"), r.elements().get(0).attributes());
            assertTrue(r.treeDump().startsWith("| <html>\n|   dir=\"rtl\"\n|   lang=\"en\""), r.treeDump());
        }

        @Test
        void aCellOutsideATableIsIgnored() {
            Result r = run("<td>x");
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2"), r.rendered());
            assertEquals(List.of(-1), r.elementOfStartTag());
        }

        @Test
        void aFramesetAfterContentIsIgnored() {
            Result r = run("<p>x<frameset>");
            assertEquals(List.of(3, -1), r.elementOfStartTag());
        }
    }

    @Nested
    class ImpliedTableElements {
        @Test
        void aRowDirectlyInATableImpliesTbody() {
            assertInserted("<table><tr><td>",
                    "html[implied] #1",
                    "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2",
                    "html[implied] > body[implied] > table #1",
                    "html[implied] > body[implied] > table > tbody[implied] #1",
                    "html[implied] > body[implied] > table > tbody[implied] > tr #1",
                    "html[implied] > body[implied] > table > tbody[implied] > tr > td #1");
        }

        @Test
        void aCellDirectlyInATableImpliesTbodyAndTr() {
            Result r = run("<table><td>");
            assertEquals(List.of(
                    "html[implied] > body[implied] > table > tbody[implied] #1",
                    "html[implied] > body[implied] > table > tbody[implied] > tr[implied] #1",
                    "html[implied] > body[implied] > table > tbody[implied] > tr[implied] > td #1"),
                    r.rendered().subList(4, 7));
        }

        @Test
        void aColDirectlyInATableImpliesColgroup() {
            Result r = run("<table><col>");
            assertEquals(List.of(
                    "html[implied] > body[implied] > table > colgroup[implied] #1",
                    "html[implied] > body[implied] > table > colgroup[implied] > col #1"),
                    r.rendered().subList(4, 6));
        }
    }

    @Nested
    class FosterParenting {
        @Test
        void contentNotAllowedInATableGoesBeforeItInItsParent() {
            Result r = run("<table><div>");
            InsertedElement div = r.elements().get(4);
            assertEquals("html[implied] > body[implied] > div[foster] #1", div.render());
            assertTrue(div.fosterParented());
            assertEquals(List.of("body", "html"), div.ancestors().stream().map(a -> a.name()).toList());
        }

        @Test
        void theSiblingPositionIsTheOneBeforeTheTable() {
            Result r = run("<!doctype html><p><table><div>");
            assertEquals("html[implied] > body[implied] > table #2", r.elements().get(4).render());
            assertEquals("html[implied] > body[implied] > div[foster] #2", r.elements().get(5).render());
        }

        @Test
        void inQuirksModeATableStaysInTheParagraphAndSoDoesItsFosterChild() {
            Result r = run("<p><table><div>");
            assertEquals("html[implied] > body[implied] > p > div[foster] #1", r.elements().get(5).render());
        }

        @Test
        void inATemplateMoreRecentThanAnyTableContentGoesIntoTheTemplate() {
            assertInserted("<template><tr><div>",
                    "html[implied] #1",
                    "html[implied] > head[implied] #1",
                    "html[implied] > head[implied] > template #1",
                    "html[implied] > head[implied] > template > tr #1",
                    "html[implied] > head[implied] > template > div[foster] #2",
                    "html[implied] > body[implied] #2");
        }
    }

    @Nested
    class Clones {
        @Test
        void theAdoptionAgencyClonesTheFormattingElementIntoTheFurthestBlock() {
            Result r = run("<b class=x><p></b>x");
            assertEquals(List.of(
                    "html[implied] > body[implied] > b #1",
                    "html[implied] > body[implied] > b > p #1",
                    "html[implied] > body[implied] > p > b[clone] #1"), r.rendered().subList(3, 6));
            InsertedElement clone = r.elements().get(5);
            assertEquals(TokenKind.END_TAG, clone.during().kind());
            assertEquals(Map.of("class", "x"), clone.attributes());
            assertEquals(-1, clone.startTag());
            // the p was inserted in the b, then moved out of it: one record, where it was inserted
            assertTrue(r.elements().get(4).inFinalTree());
        }

        @Test
        void reconstructionClonesFormattingElementsWhenContentArrives() {
            Result r = run("<p><b>x</p>y");
            assertEquals("html[implied] > body[implied] > b[clone] #2", r.elements().get(5).render());
            assertEquals(TokenKind.CHARACTERS, r.elements().get(5).during().kind());
        }

        @Test
        void anAncestorChainThroughACloneShowsIt() {
            Result r = run("<p><b>x</p><i>y");
            assertEquals("html[implied] > body[implied] > b[clone] > i #1", r.elements().get(6).render());
            assertEquals(Origin.CLONE, r.elements().get(6).ancestors().get(0).origin());
        }

        @Test
        void aChainOfClonesIsRecordedWhenConnectedOutermostFirst() {
            Result r = run("<a><b><i><div></a>");
            assertEquals(List.of(
                    "html[implied] > body[implied] > a #1",
                    "html[implied] > body[implied] > a > b #1",
                    "html[implied] > body[implied] > a > b > i #1",
                    "html[implied] > body[implied] > a > b > i > div #1",
                    "html[implied] > body[implied] > b[clone] #2",
                    "html[implied] > body[implied] > b[clone] > i[clone] #1",
                    "html[implied] > body[implied] > b[clone] > i[clone] > div > a[clone] #1"),
                    r.rendered().subList(3, 10));
        }
    }

    @Nested
    class ImpliedByEndTags {
        @Test
        void anEndTagPWithoutAnOpenPCreatesOne() {
            Result r = run("<div></p>");
            InsertedElement p = r.elements().get(4);
            assertEquals("html[implied] > body[implied] > div > p[implied] #1", p.render());
            assertEquals(TokenKind.END_TAG, p.during().kind());
        }

        @Test
        void anEndTagPBeforeAnyContentIsIgnoredLikeEveryOtherEndTagThere() {
            // "before html" ignores end tags other than head, body, html, br: no p, only the end of input's three
            assertInserted("</p>", "html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2");
        }

        @Test
        void anEndTagBrIsABrWithNoStartTag() {
            Result r = run("</br>");
            assertEquals("html[implied] > body[implied] > br[implied] #1", r.elements().get(3).render());
            assertEquals("end tag 0 </br>", r.elements().get(3).during().toString());
        }
    }

    @Nested
    class ForeignContent {
        @Test
        void namesKeepTheTreesCaseAndNamespace() {
            Result r = run("<svg><foreignObject><div><math><mi>");
            assertEquals(List.of(
                    "html[implied] > body[implied] > svg|svg #1",
                    "html[implied] > body[implied] > svg|svg > svg|foreignObject #1",
                    "html[implied] > body[implied] > svg|svg > svg|foreignObject > div #1",
                    "html[implied] > body[implied] > svg|svg > svg|foreignObject > div > math|math #1",
                    "html[implied] > body[implied] > svg|svg > svg|foreignObject > div > math|math > math|mi #1"),
                    r.rendered().subList(3, 8));
            assertEquals("foreignobject", r.startTags().get(1).name());
            assertEquals("foreignObject", r.elements().get(4).name());
            assertEquals(Namespace.SVG, r.elements().get(4).namespace());
            assertEquals(Namespace.HTML, r.elements().get(5).namespace());
        }

        @Test
        void anImageStartTagMakesAnImg() {
            Result r = run("<image>");
            assertEquals("img", r.elements().get(r.startTags().get(0).element()).name());
        }
    }

    @Nested
    class Templates {
        @Test
        void templateContentIsUnderTheTemplateElement() {
            assertInserted("<template><tr>",
                    "html[implied] #1",
                    "html[implied] > head[implied] #1",
                    "html[implied] > head[implied] > template #1",
                    "html[implied] > head[implied] > template > tr #1",
                    "html[implied] > body[implied] #2");
            assertTrue(run("<template><tr>").treeDump().contains("|     <template>\n|       content\n|         <tr>"));
        }
    }

    @Nested
    class Framesets {
        @Test
        void aFramesetDocumentHasNoBody() {
            assertInserted("<frameset><frame>",
                    "html[implied] #1",
                    "html[implied] > head[implied] #1",
                    "html[implied] > frameset #2",
                    "html[implied] > frameset > frame #1");
        }

        @Test
        void aFramesetReplacesAnImpliedBodyWithNothingThatForbidsFramesWhichLeavesTheTree() {
            Result r = run("<div><frameset>");
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > body[implied] #2", "html[implied] > body[implied] > div #1",
                    "html[implied] > frameset #2"), r.rendered());
            assertFalse(r.elements().get(2).inFinalTree());
            assertFalse(r.elements().get(3).inFinalTree());
            assertTrue(r.elements().get(4).inFinalTree());
        }

        @Test
        void anExplicitBodyForbidsAFramesetAfterIt() {
            assertEquals(List.of(2, -1), run("<body><frameset>").elementOfStartTag());
        }
    }

    @Nested
    class Select {
        @Test
        void anOptionClosesTheOpenOption() {
            Result r = run("<select><option><option>");
            assertEquals(List.of(
                    "html[implied] > body[implied] > select > option #1",
                    "html[implied] > body[implied] > select > option #2"), r.rendered().subList(4, 6));
        }
    }

    @Nested
    class Scripting {
        @Test
        void withScriptingNoscriptContentIsText() {
            Result on = TreeInsertionOracle.run("<noscript><p>a</noscript>", true);
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > head[implied] > noscript #1", "html[implied] > body[implied] #2"),
                    on.rendered());
            assertEquals(1, on.startTags().size());
        }

        @Test
        void withoutScriptingAPInNoscriptInHeadEndsTheHeadAndImpliesBody() {
            Result off = TreeInsertionOracle.run("<noscript><p>a</noscript>", false);
            assertEquals(List.of("html[implied] #1", "html[implied] > head[implied] #1",
                    "html[implied] > head[implied] > noscript #1", "html[implied] > body[implied] #2",
                    "html[implied] > body[implied] > p #1"), off.rendered());
            assertEquals(List.of(2, 4), off.elementOfStartTag());
        }

        @Test
        void withoutScriptingNoscriptInHeadHoldsElements() {
            Result off = TreeInsertionOracle.run("<head><noscript><link>", false);
            assertEquals("html[implied] > head > noscript > link #1", off.elements().get(3).render());
            Result on = TreeInsertionOracle.run("<head><noscript><link>", true);
            assertEquals(List.of(1, 2), on.elementOfStartTag());
        }
    }
}
