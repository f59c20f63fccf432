package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules for mutations that meet each other or meet an element with no content, one test per rule, named as the
 * rule (the README's "Reading and mutations" and the {@link org.htmlrewriter.content.Element} javadoc state them).
 * Each expected output is lol-html's (checked with the oracle); every case runs in 1-byte, 7-byte and whole-input
 * chunking.
 */
class EdgeSemanticsTest {

    @Test
    void removeDropsContentInsertedInsideBeforeItAndKeepsContentAroundIt() {
        Ops.expect("<div><p>x</p></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P\"},"
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"B\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"F\"},"
                        + "{\"selector\":\"div\",\"action\":\"remove\"}]",
                "BF");
        Ops.expect("<section title=t>x</section>", "["
                        + "{\"selector\":\"section\",\"action\":\"setInnerContent\",\"content\":\"I\"},"
                        + "{\"selector\":\"[title]\",\"action\":\"remove\"}]",
                "");
        // An end-tag handler's content is inserted at the end tag, which remove() does not take away.
        Ops.expect("<section title=t>x</section>", "["
                        + "{\"selector\":\"section\",\"on\":\"endTag\",\"action\":\"before\",\"content\":\"E\"},"
                        + "{\"selector\":\"[title]\",\"action\":\"remove\"}]",
                "E");
    }

    @Test
    void contentInsertedInsideAfterRemoveIsStillWritten() {
        Ops.expect("<div><p>x</p></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"remove\"},"
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"P\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"A\"}]",
                "PA");
    }

    @Test
    void removeAfterReplaceKeepsTheReplacement() {
        Ops.expect("<div><p>x</p></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"replace\",\"content\":\"R\"},"
                        + "{\"selector\":\"div\",\"action\":\"remove\"}]",
                "R");
        Ops.expect("<p>x<!--c--></p>", "["
                        + "{\"document\":true,\"on\":\"comments\",\"action\":\"replace\",\"content\":\"R\"},"
                        + "{\"document\":true,\"on\":\"comments\",\"action\":\"remove\"}]",
                "<p>xR</p>");
        Ops.expectWholeInput("<p>x</p>", "["
                        + "{\"document\":true,\"on\":\"text\",\"when\":\"x\",\"action\":\"replace\",\"content\":\"R\"},"
                        + "{\"document\":true,\"on\":\"text\",\"when\":\"x\",\"action\":\"remove\"}]",
                "<p>R</p>");
    }

    @Test
    void replaceAfterRemoveSetsTheReplacement() {
        Ops.expect("<div><p>x</p></div>", "["
                        + "{\"selector\":\"div\",\"action\":\"remove\"},"
                        + "{\"selector\":\"div\",\"action\":\"replace\",\"content\":\"T\"}]",
                "T");
    }

    @Test
    void insertionsInsideAnElementWithoutContentAreIgnored() {
        Ops.expect("<img src=a><br><svg><path/></svg>", "["
                        + "{\"selector\":\"img\",\"action\":\"after\",\"content\":\"A\"},"
                        + "{\"selector\":\"img\",\"action\":\"append\",\"content\":\"X\"},"
                        + "{\"selector\":\"img\",\"action\":\"prepend\",\"content\":\"Y\"},"
                        + "{\"selector\":\"img\",\"action\":\"setInnerContent\",\"content\":\"Z\"},"
                        + "{\"selector\":\"path\",\"action\":\"prepend\",\"content\":\"Y\"},"
                        + "{\"selector\":\"br\",\"action\":\"replace\",\"content\":\"<hr>\",\"html\":true}]",
                "<img src=a>A<hr><svg><path/></svg>");
    }

    @Test
    void onEndTagOnAnElementWithoutContentThrows() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onElement("br, path", el -> {
            seen.add(el.tagName() + " " + assertThrows(IllegalStateException.class, () -> el.onEndTag(end -> { }))
                    .getMessage());
        }).settings();
        assertEquals("<br><svg><path/></svg>", Rewrites.run(s, "<br><svg><path/></svg>", 1));
        assertEquals(List.of("br <br> cannot have content, so it has no end tag",
                "path <path> cannot have content, so it has no end tag"), seen);
    }
}
