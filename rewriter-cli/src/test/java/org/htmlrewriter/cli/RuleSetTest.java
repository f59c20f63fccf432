package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.htmlrewriter.HtmlRewriter;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    private static String apply(String rules, String html) throws RuleSyntaxException {
        RuleSet set = RuleSet.parse(rules, "t");
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        set.applyTo(b, null);
        return HtmlRewriter.rewrite(html, b.settings());
    }

    private static RuleSyntaxException bad(String rules) {
        return assertThrows(RuleSyntaxException.class, () -> RuleSet.parse(rules, "rules.txt"));
    }

    @Test
    void everyElementAction() throws RuleSyntaxException {
        assertEquals("<a href=\"https://x/\" rel=\"n o\">x</a>",
                apply("a[href^=\"http://\"]  set-attribute  href  https://x/\na set-attribute rel n o", "<a href=\"http://x/\">x</a>"));
        assertEquals("<a>x</a>", apply("a remove-attribute href", "<a href=y>x</a>"));
        assertEquals("<b>x</b>", apply("i rename b", "<i>x</i>"));
        assertEquals("[<p>&lt;x</p>]", apply("p before-html [\np after-html ]\np set-inner-text <x", "<p>y</p>"));
        assertEquals("<p><b>1</b>y2</p>", apply("p prepend-html <b>1</b>\np append-text 2", "<p>y</p>"));
        assertEquals("<hr>", apply("div replace-html <hr>", "<div>x</div>"));
        assertEquals("ab", apply(".ad remove", "a<div class=ad>x</div>b"));
        assertEquals("a<i>x</i>b", apply("span unwrap", "a<span><i>x</i></span>b"));
        assertEquals("<p>x!</p>?", apply("p end-before-text !\np end-after-text ?", "<p>x</p>"));
        assertEquals("<p>x</q>", apply("p end-rename q", "<p>x</p>"));
        assertEquals("<p>x", apply("p end-remove", "<p>x</p>"));
    }

    @Test
    void textCommentAndDocumentActions() throws RuleSyntaxException {
        assertEquals("<p>new</p>", apply("p text-replace-text new", "<p>old</p>"));
        assertEquals("<p></p>", apply("p text-remove", "<p>old</p>"));
        assertEquals("<p>old.</p>", apply("p text-after-text .", "<p>old</p>"));
        assertEquals("<p>&gt;old</p>", apply("p text-before-text >", "<p>old</p>"));
        assertEquals("<p></p>", apply("p comment-remove", "<p><!--c--></p>"));
        assertEquals("<p><!--d--></p>", apply("p comment-set-text d", "<p><!--c--></p>"));
        assertEquals("<p>1<!--c-->2</p>", apply("p comment-before-text 1\np comment-after-html 2", "<p><!--c--></p>"));
        assertEquals("<p>x</p>", apply("@document comment-replace-html x", "<p><!--c--></p>"));
        assertEquals("<p>a</p>", apply("@document doctype-remove", "<!doctype html><p>a</p>"));
        assertEquals("<p>a</p><!--end-->", apply("@document  end-append-html  <!--end-->", "<p>a</p>"));
        assertEquals("  x ", RuleSet.parse("p append-text \"  x \"", "t").size() == 1
                ? apply("p replace-text \"  x \"", "<p>y</p>") : null);
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws RuleSyntaxException {
        assertEquals(2, RuleSet.parse("# a comment\n\n   \n.ad remove\n  # indented comment\np unwrap\n", "t").size());
        assertTrue(RuleSet.actionNames().contains("set-inner-html"));
    }

    @Test
    void badLinesReportLineAndColumn() {
        RuleSyntaxException e = bad("# ok\n.ad remove\ndiv  apend-html  <b>x</b>\n");
        assertEquals(3, e.line());
        assertEquals(6, e.column());
        assertTrue(e.getMessage().startsWith("rules.txt:3:6: unknown action 'apend-html'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'append-html'"), e.getMessage());

        e = bad("\n\na[href  remove");
        assertEquals(3, e.line());

        e = bad("p remove now");
        assertEquals(1, e.line());
        assertEquals(10, e.column());
        assertTrue(e.reason().contains("takes no argument"));

        e = bad("p set-attribute href");
        assertEquals(21, e.column());
        assertTrue(e.reason().contains("needs 2 arguments"), e.reason());

        e = bad("p rename 1abc");
        assertEquals(10, e.column());

        e = bad("p append-text \"unterminated");
        assertEquals(15, e.column());

        e = bad("p end-append-html x");
        assertTrue(e.reason().contains("@document"), e.reason());

        e = bad("@document remove");
        assertTrue(e.reason().contains("element selector"), e.reason());

        e = bad(".ad");
        assertEquals(1, e.line());

        e = bad("div:last-child remove");
        assertEquals(1, e.line());
        assertTrue(e.reason().startsWith("bad selector"), e.reason());
    }

    @Test
    void nothingRunsWhenOneLineIsBad() {
        String rules = ".ad remove\np bogus-action x\n";
        assertThrows(RuleSyntaxException.class, () -> RuleSet.parse(rules, "t"));
        String out = new String("x".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals("x", out);
    }
}
