package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.HtmlRewriter;
import org.junit.jupiter.api.Test;

/** The rules format: what each action does, and how each kind of bad line is reported before anything runs. */
class RuleSetTest {
    static String apply(String rules, String html) throws RuleSyntaxException {
        RuleSet set = RuleSet.parse(rules, "t");
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        set.applyTo(b, null);
        return HtmlRewriter.rewrite(html, b.settings());
    }

    private static RuleSyntaxException bad(String rules) {
        return assertThrows(RuleSyntaxException.class, () -> RuleSet.parse(rules, "rules.txt"));
    }

    /** Asserts the error's {@code FILE:LINE:COLUMN: } prefix and that its reason contains {@code reason}. */
    private static void assertBad(String rules, int line, int column, String reason) {
        RuleSyntaxException e = bad(rules);
        assertEquals("rules.txt:" + line + ":" + column + ": " + e.reason(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    // --- actions that were there before

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
        assertEquals("<p>  x </p>", apply("p set-inner-text \"  x \"", "<p>y</p>"));
    }

    @Test
    void textRulesActOnceOnEachWholeNodeWhateverTheChunking() throws RuleSyntaxException {
        RuleSet set = RuleSet.parse("li text-before-text \"- \"\nli text-after-html <br>\n"
                + ".secret text-replace-text ***\n.noise text-remove\n@document text-substitute two 2", "t");
        String html = "<ul><li>one two three</li><li>x<b>y</b></li></ul><p class=secret>a &amp; b</p>"
                + "<p class=noise>two words</p>";
        String expected = "<ul><li>- one 2 three<br></li><li>- x<br><b>- y<br></b></li></ul><p class=secret>***</p>"
                + "<p class=noise></p>";
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        set.applyTo(b, null);
        org.htmlrewriter.RewriterSettings settings = b.settings();
        byte[] in = html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 5, in.length}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            HtmlRewriter r = settings.newRewriter(out::write);
            for (int i = 0; i < in.length; i += chunk) {
                r.write(in, i, Math.min(chunk, in.length - i));
            }
            r.end();
            assertEquals(expected, out.toString(java.nio.charset.StandardCharsets.UTF_8), "chunks of " + chunk);
        }
    }

    @Test
    void everyContentActionInsertsMarkupAsIsOrTextEscaped() throws RuleSyntaxException {
        String[][] cases = {
            {"p before-html <b>", "<b><p>x</p>"}, {"p before-text <b>", "&lt;b&gt;<p>x</p>"},
            {"p after-html <b>", "<p>x</p><b>"}, {"p after-text <b>", "<p>x</p>&lt;b&gt;"},
            {"p prepend-html <b>", "<p><b>x</p>"}, {"p prepend-text <b>", "<p>&lt;b&gt;x</p>"},
            {"p append-html <b>", "<p>x<b></p>"}, {"p append-text <b>", "<p>x&lt;b&gt;</p>"},
            {"p replace-html <b>", "<b>"}, {"p replace-text <b>", "&lt;b&gt;"},
            {"p set-inner-html <b>", "<p><b></p>"}, {"p set-inner-text <b>", "<p>&lt;b&gt;</p>"},
            {"p end-before-html <b>", "<p>x<b></p>"}, {"p end-before-text <b>", "<p>x&lt;b&gt;</p>"},
            {"p end-after-html <b>", "<p>x</p><b>"}, {"p end-after-text <b>", "<p>x</p>&lt;b&gt;"},
            {"p text-before-html <b>", "<p><b>x</p>"}, {"p text-before-text <b>", "<p>&lt;b&gt;x</p>"},
            {"p text-after-html <b>", "<p>x<b></p>"}, {"p text-after-text <b>", "<p>x&lt;b&gt;</p>"},
            {"p text-replace-html <b>", "<p><b></p>"}, {"p text-replace-text <b>", "<p>&lt;b&gt;</p>"},
            {"@document end-append-html <b>", "<p>x</p><b>"}, {"@document end-append-text <b>", "<p>x</p>&lt;b&gt;"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], apply(c[0], "<p>x</p>"), c[0]);
        }
        String[][] comments = {
            {"p comment-before-html <b>", "<p><b><!--c--></p>"}, {"p comment-before-text <b>", "<p>&lt;b&gt;<!--c--></p>"},
            {"p comment-after-html <b>", "<p><!--c--><b></p>"}, {"p comment-after-text <b>", "<p><!--c-->&lt;b&gt;</p>"},
            {"p comment-replace-html <b>", "<p><b></p>"}, {"p comment-replace-text <b>", "<p>&lt;b&gt;</p>"},
        };
        for (String[] c : comments) {
            assertEquals(c[1], apply(c[0], "<p><!--c--></p>"), c[0]);
        }
    }

    @Test
    void commentsAndBlankLinesAreSkipped() throws RuleSyntaxException {
        assertEquals(2, RuleSet.parse("# a comment\n\n   \n.ad remove\n  # indented comment\np unwrap\n", "t").size());
        assertTrue(RuleSet.actionNames().contains("set-inner-html"));
        assertTrue(RuleSet.actionUsages().contains("replace-prefix NAME FROM TO"), RuleSet.actionUsages().toString());
    }

    // --- values built from the current attribute

    @Test
    void setAttributeTemplatesReadTheElementsAttributes() throws RuleSyntaxException {
        assertEquals("<a href=\"https://x.org/a\">", apply("a set-attribute href \"https://{href}\"", "<a href=x.org/a>"));
        assertEquals("<img src=a.png title=logo alt=\"a.png (logo)\">",
                apply("img set-attribute alt \"{src} ({title?})\"", "<img src=a.png title=logo>"));
        assertEquals("<img src=a.png alt=\"a.png ()\">", apply("img set-attribute alt \"{src} ({title?})\"", "<img src=a.png>"));
        // Values are decoded when read and written back escaped: & and " survive a round trip.
        assertEquals("<a href=\"/go?u=%2Fa%3Fb%3D1%26c%3D%22%20%C3%A9\" data-u=\"/a?b=1&c=&quot; é\">",
                apply("a set-attribute data-u {href}\na set-attribute href /go?u={href|urlencode}",
                        "<a href='/a?b=1&amp;c=\" é'>"));
    }

    @Test
    void aMissingAttributeLeavesTheElementAloneUnlessTheReferenceIsOptional() throws RuleSyntaxException {
        assertEquals("<a>x</a>", apply("a set-attribute href \"https://{href}\"", "<a>x</a>"));
        assertEquals("<a title=\"[]\">x</a>", apply("a set-attribute title [{title?}]", "<a>x</a>"));
        assertEquals("<a title=\"\">x</a>", apply("a set-attribute title {title?|urlencode}", "<a>x</a>"));
    }

    @Test
    void doubledBracesAreLiteralBraces() throws RuleSyntaxException {
        assertEquals("<p id=7 data-j=\"{&quot;id&quot;:&quot;7&quot;}\">",
                apply("p set-attribute data-j {{\"id\":\"{id}\"}}", "<p id=7>"));
        assertEquals("<p data-x=\"}{\">", apply("p set-attribute data-x }}{{", "<p>"));
    }

    @Test
    void laterRulesSeeWhatEarlierRulesSet() throws RuleSyntaxException {
        assertEquals("<a href=\"https://x/\" data-was=\"https://x/\">",
                apply("a replace-prefix href http:// https://\na set-attribute data-was {href}", "<a href=http://x/>"));
    }

    @Test
    void replacePrefix() throws RuleSyntaxException {
        assertEquals("<a href=\"https://x/\">", apply("a replace-prefix href http:// https://", "<a href=http://x/>"));
        assertEquals("<a href=https://x/>", apply("a replace-prefix href http:// https://", "<a href=https://x/>"));
        assertEquals("<a>", apply("a replace-prefix href http:// https://", "<a>"));
        assertEquals("<img src=\"/a.png\">", apply("img replace-prefix src https://cdn.example \"\"",
                "<img src=https://cdn.example/a.png>"));
        // Case-sensitive: a different-case prefix is left alone (replace-regex with (?i) covers that).
        assertEquals("<a href=HTTP://x/>", apply("a replace-prefix href http:// https://", "<a href=HTTP://x/>"));
    }

    @Test
    void replaceRegex() throws RuleSyntaxException {
        assertEquals("<a href=\"https://x.org/p\">",
                apply("a replace-regex href ^http://([^/]+)/ https://$1/", "<a href=http://x.org/p>"));
        assertEquals("<a href=\"https://X.ORG/\">",
                apply("a replace-regex href (?i)^http://(?<host>[a-z.]+) https://${host}", "<a href=HTTP://X.ORG/>"));
        assertEquals("<img srcset=\"a.webp 1x, b.webp 2x\">",
                apply("img replace-regex srcset \"\\\\.png\\\\b\" .webp", "<img srcset='a.png 1x, b.png 2x'>"));
        // No match: the attribute keeps its bytes as written.
        assertEquals("<a href='/x'>", apply("a replace-regex href ^http: https:", "<a href='/x'>"));
        assertEquals("<a>", apply("a replace-regex href ^http: https:", "<a>"));
        assertEquals("<a title=\"cost: $5\">", apply("a replace-regex title N \\$5", "<a title='cost: N'>"));
    }

    @Test
    void catastrophicBacktrackingStopsWithAnErrorNamingTheRule() {
        // Without the budget, java.util.regex needs about 90 s for this (five nested .* over 120 characters).
        String html = "<a href=\"" + "a".repeat(120) + "\">";
        HandlerException e = assertThrows(HandlerException.class, () -> assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> apply("\n\na replace-regex href (.*)(.*)(.*)(.*)(.*)x y", html)));
        RuleFailedException cause = assertInstanceOf(RuleFailedException.class, e.getCause());
        assertEquals("t:3: regular expression '(.*)(.*)(.*)(.*)(.*)x' gave up after 10012000 steps on a value of 120"
                + " characters (catastrophic backtracking?)", cause.getMessage());
    }

    @Test
    void tokenListsAddWithoutDuplicatesAndKeepOrder() throws RuleSyntaxException {
        assertEquals("<a rel=\"nofollow noopener\">", apply("a add-token rel noopener", "<a rel=nofollow>"));
        assertEquals("<a rel=\"noopener\">", apply("a add-token rel noopener", "<a>"));
        // Already there: left as written, duplicates and odd spacing included.
        assertEquals("<a rel='noopener  x noopener'>", apply("a add-token rel noopener", "<a rel='noopener  x noopener'>"));
        // A change writes the ordered set: duplicates dropped, one space apart, the new tokens last.
        assertEquals("<a data-r=\"x y noopener noreferrer\">",
                apply("a add-token data-r noopener noreferrer noopener", "<a data-r=\"x\ty y\tx\">"));
        assertEquals("<p class=\"a b c\">", apply("p add-class c", "<p class='a b'>"));
        assertEquals("<p class=\"c\">", apply("p add-class c", "<p>"));
        assertEquals("<p class=\"a B b c\">", apply("p add-class b\np add-class c", "<p class='a B'>"));
    }

    @Test
    void tokenListsRemove() throws RuleSyntaxException {
        assertEquals("<div class=\"x y\">", apply("div remove-class ad", "<div class='x ad y ad'>"));
        assertEquals("<div class=\"\">", apply("div remove-class ad", "<div class=ad>"));
        assertEquals("<div class='x y'>", apply("div remove-class ad", "<div class='x y'>"));
        assertEquals("<div>", apply("div remove-class ad", "<div>"));
        assertEquals("<a rel=\"x\">", apply("a remove-token rel noopener noreferrer", "<a rel='noreferrer x noopener'>"));
        // Tokens compare case-sensitively, as the DOM's classList does.
        assertEquals("<div class='AD'>", apply("div remove-class ad", "<div class='AD'>"));
    }

    // --- text substitution (details and chunking properties in TextSubstitutionTest)

    @Test
    void textSubstitute() throws RuleSyntaxException {
        assertEquals("<p>a cat, a cat</p>", apply("p text-substitute dog cat", "<p>a dog, a dog</p>"));
        assertEquals("<p>X X x</p>", apply("@document text-substitute-i \"dog\" X", "<p>DOG dOg x</p>"));
        assertEquals("<p>&lt;b&gt; &amp;</p>", apply("p text-substitute \"x\" \"<b>\"", "<p>x &amp;</p>"));
        assertEquals("<p>b</p><div>a</div>", apply("p text-substitute a b", "<p>a</p><div>a</div>"));
        // Two substitutions apply one after the other.
        assertEquals("<p>c c</p>", apply("p text-substitute a b\n@document text-substitute b c", "<p>a b</p>"));
    }

    @Test
    void textSubstituteLeavesRawTextAloneAndReachesTitle() throws RuleSyntaxException {
        String html = "<title>foo</title><script>foo()</script><style>.foo{}</style><textarea>foo</textarea>";
        assertEquals("<title>bar</title><script>foo()</script><style>.foo{}</style><textarea>bar</textarea>",
                apply("@document text-substitute foo bar", html));
    }

    @Test
    void textRemoveAndTextReplaceWinOverSubstitutionsWhereverTheyStand() throws RuleSyntaxException {
        assertEquals("<p></p>", apply("p text-substitute a b\np text-remove", "<p>a</p>"));
        assertEquals("<p></p>", apply("p text-remove\np text-substitute a b", "<p>a</p>"));
        assertEquals("<p>z</p>", apply("@document text-substitute a b\np text-replace-text z", "<p>a</p>"));
        assertEquals("<p>z</p>", apply("p text-replace-text z\n@document text-substitute a b", "<p>a</p>"));
        assertEquals("<p>!b</p>", apply("p text-before-text !\np text-substitute a b", "<p>a</p>"));
    }

    @Test
    void contentTheCoreRefusesAtRunTimeNamesTheRule() {
        HandlerException e = assertThrows(HandlerException.class,
                () -> apply("# one\np text-after-text \"a <\"", "<p><style>x</style></p>"));
        RuleFailedException cause = assertInstanceOf(RuleFailedException.class, e.getCause());
        assertTrue(cause.getMessage().startsWith("t:2: text would form markup where it is inserted"),
                cause.getMessage());
    }

    // --- validation

    @Test
    void badLinesReportLineAndColumn() {
        RuleSyntaxException e = bad("# ok\n.ad remove\ndiv  apend-html  <b>x</b>\n");
        assertEquals(3, e.line());
        assertEquals(6, e.column());
        assertTrue(e.getMessage().startsWith("rules.txt:3:6: unknown action 'apend-html'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'append-html'"), e.getMessage());

        assertEquals(3, bad("\n\na[href  remove").line());
        assertBad("p remove now", 1, 10, "takes no argument");
        assertBad("p set-attribute href", 1, 21, "needs 2 arguments (set-attribute NAME VALUE), found 1");
        assertBad("p rename 1abc", 1, 10, "not a valid tag name '1abc'");
        assertBad("p rename é", 1, 10, "must start with an ASCII letter");
        assertBad("p end-rename a>b", 1, 15, "not a valid tag name 'a>b': it cannot contain '>'");
        assertBad("p append-text \"unterminated", 1, 15, "unterminated quote");
        assertBad("p end-append-html x", 1, 3, "@document only");
        assertBad("@document remove", 1, 11, "element selector");
        assertBad("@document add-class x", 1, 11, "element selector");
        assertBad(".ad", 1, 4, "expected an action");
        assertBad("p append-text \"a\" b", 1, 19, "unexpected text after the quoted argument");
        assertBad("p append-text \"\\d\"", 1, 16, "unknown escape \\d (inside quotes write \\\\ for a backslash");
        assertBad("p append-text \"\\u12\"", 1, 16, "bad \\u escape");
        assertBad("p append-text \"ab\\uD800\"", 1, 18, "lone surrogate \\uD800");
    }

    @Test
    void badSelectorsReportTheColumnOfTheProblem() {
        assertBad("div:last-child remove", 1, 4, "bad selector: ");
        RuleSyntaxException e = bad("  div > :hover   remove");
        assertEquals(9, e.column(), e.getMessage());
        assertTrue(!e.reason().contains("at position"), "one convention for positions: " + e.getMessage());
    }

    @Test
    void columnsCountCharactersNotUtf16Units() {
        // The emoji is one character (two UTF-16 units): '1x' starts at the 28th character of the line.
        assertBad("a[title=\"\uD83D\uDE00\"] set-attribute 1x y", 1, 28, "not a valid attribute name '1x'");
        // In a quoted argument with escapes, the column is where the character was written.
        assertBad("p set-attribute title \"\\t\\u0041{x\"", 1, 32, "'{' is not closed");
    }

    @Test
    void badAttributeNames() {
        assertBad("a set-attribute 1x y", 1, 17, "must start with an ASCII letter");
        assertBad("a set-attribute a=b y", 1, 18, "cannot contain '='");
        assertBad("a set-attribute \"a b\" y", 1, 19, "cannot contain U+0020");
        assertBad("a remove-attribute a/b", 1, 21, "cannot contain '/'");
        assertBad("a replace-prefix @click x y", 1, 18, "must start with an ASCII letter");
        assertBad("a replace-regex \"\" x y", 1, 17, "empty attribute name");
        assertBad("a add-token r>l x", 1, 14, "cannot contain '>'");
        assertBad("a remove-token \"r'l\" x", 1, 18, "cannot contain '''");
        assertBad("a set-attribute x {a=b}", 1, 21, "cannot contain '='");
    }

    @Test
    void readableNamesMayBeAnyAttributeNameHtmlCanWrite() throws RuleSyntaxException {
        assertEquals("<b>", apply("b remove-attribute @click", "<b @click=go>"));
        assertEquals("<b @click=go title=\"go\">", apply("b set-attribute title {@click}", "<b @click=go>"));
    }

    @Test
    void badTemplates() {
        assertBad("a set-attribute href \"https://{href\"", 1, 31, "'{' is not closed by '}' (write {{ for a literal '{')");
        assertBad("a set-attribute href x}y", 1, 23, "'}' without an opening '{' (write }} for a literal '}')");
        assertBad("a set-attribute href {}", 1, 23, "must be followed by an attribute name");
        assertBad("a set-attribute href {?}", 1, 23, "must be followed by an attribute name");
        assertBad("a set-attribute href {href|upper}", 1, 28, "unknown filter 'upper' (the only filter is urlencode)");
        assertBad("a set-attribute href \"{ href }\"", 1, 24, "cannot contain U+0020");
    }

    @Test
    void badRegularExpressionsAndReplacements() {
        assertBad("a replace-regex href ^http://(x https://", 1, 32, "bad regular expression: Unclosed group");
        assertBad("a replace-regex href a[ b", 1, 23, "bad regular expression: Unclosed character class");
        assertBad("a replace-regex href ^(http):// $2://", 1, 33, "bad replacement: No group 2");
        assertBad("a replace-regex href ^(http):// ${scheme}", 1, 33, "bad replacement: No group with name {scheme}");
        assertBad("a replace-regex href ^http \"x\\\\\"", 1, 29, "bad replacement: character to be escaped is missing");
    }

    @Test
    void badPrefixesTokensAndSubstitutions() {
        assertBad("a replace-prefix href \"\" https://", 1, 23, "the prefix to replace cannot be empty");
        assertBad("a add-token rel \" \"", 1, 18, "expected at least one token");
        assertBad("a remove-class \"\"", 1, 16, "expected at least one token");
        assertBad("p text-substitute \"\" x", 1, 19, "the text to find cannot be empty");
        assertBad("p text-substitute-i " + "x".repeat(4097) + " y", 1, 21 + 4096, "longer than 4096 characters");
    }

    @Test
    void textThatWouldEndARawTextElementIsRefusedWhereTheRuleCanPutItThere() throws RuleSyntaxException {
        assertBad("script append-text \"x</script>\"", 1, 22, "text would end a <script> element early");
        assertBad("style, p prepend-text \"</STYLE\"", 1, 24, "text would end a <style> element early");
        assertBad(".x set-inner-text </iframe>", 1, 19, "<iframe>");
        assertBad("*  end-before-text  a</noscript", 1, 22, "<noscript>");
        assertBad("script append-text \"<!-- x\"", 1, 21, "'<!--' would change how the rest of a <script>");
        assertBad("p text-after-text </style>", 1, 19, "<style>");
        assertBad("@document text-replace-text \"x</script\"", 1, 31, "<script>");
        assertBad("@document end-append-text <!--", 1, 27, "<script>");
        assertBad("p text-before-text \"]]>\"", 1, 21, "']]>' would end a CDATA section early");
        // Where the text cannot land in raw text, it is escaped and fine.
        assertEquals("<p>&lt;/script&gt;x</p>", apply("p prepend-text </script>", "<p>x</p>"));
        assertEquals("&lt;/script&gt;<script></script>", apply("script before-text </script>", "<script></script>"));
        assertEquals("<div class=\"a\">&lt;!--</div>", apply("div.a append-text <!--", "<div class=\"a\"></div>"));
        assertEquals("<p><!--c-->&lt;/style&gt;</p>", apply("p comment-after-text </style>", "<p><!--c--></p>"));
        // HTML content goes in as written: the rules take it as the author's markup.
        assertEquals("<script>1</script></script>", apply("script append-html </script>", "<script>1</script>"));
    }

    @Test
    void rawTextElementsASelectorCanMatch() {
        assertEquals(List.of(), RuleSet.rawTextElementsMatched("div > p a, li.x, a[title=\"script\"], b:is(script)"));
        assertEquals(List.of("script", "style"), RuleSet.rawTextElementsMatched("head script[src], STYLE, p"));
        assertEquals(7, RuleSet.rawTextElementsMatched("p, .x").size());
        assertEquals(7, RuleSet.rawTextElementsMatched("p :is(script)").size());
        assertEquals(7, RuleSet.rawTextElementsMatched("*").size());
    }

    @Test
    void commentTextThatWouldEndTheCommentIsRefused() {
        assertBad("p comment-set-text a-->b", 1, 21, "cannot contain '-->'");
        assertBad("p comment-set-text a--!>b", 1, 21, "cannot contain '--!>'");
        assertBad("p comment-set-text a<!--b", 1, 21, "cannot contain '<!--'");
        assertBad("p comment-set-text >a", 1, 20, "cannot start with '>' or '->'");
        assertBad("p comment-set-text ab-", 1, 22, "cannot end with '-' or '<!-'");
        assertBad("p comment-set-text ab<!-", 1, 22, "cannot end with '-' or '<!-'");
    }

    @Test
    void nothingRunsWhenOneLineIsBad() {
        String rules = ".ad remove\np bogus-action x\n";
        assertThrows(RuleSyntaxException.class, () -> RuleSet.parse(rules, "t"));
    }

    // --- the documentation

    @Test
    void everyActionIsInTheReadmeTableWithAnExampleThatParses() throws Exception {
        Path readme = Files.isRegularFile(Path.of("README.md")) && Files.isDirectory(Path.of("examples"))
                ? Path.of("README.md") : Path.of("rewriter-cli", "README.md");
        String text = Files.readString(readme);
        String table = text.substring(text.indexOf("### Actions"), text.indexOf("### Attribute value templates"));
        Set<String> documented = new TreeSet<>();
        int rows = 0;
        for (String row : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = row.substring(1, row.length() - 1).split("(?<!\\\\)\\|");
            Matcher names = Pattern.compile("`([a-z-]+\\*?)`").matcher(cells[0]);
            while (names.find()) {
                String name = names.group(1);
                RuleSet.actionNames().stream().filter(a -> name.endsWith("*")
                        ? a.startsWith(name.substring(0, name.length() - 1)) : a.equals(name)).forEach(documented::add);
            }
            String example = cells[cells.length - 1].strip();
            assertTrue(example.startsWith("`") && example.endsWith("`"), row);
            assertEquals(1, RuleSet.parse(example.substring(1, example.length() - 1), "README").size(), row);
            rows++;
        }
        assertEquals(new TreeSet<>(RuleSet.actionNames()), documented);
        assertTrue(rows >= 30, "rows: " + rows);
    }
}
