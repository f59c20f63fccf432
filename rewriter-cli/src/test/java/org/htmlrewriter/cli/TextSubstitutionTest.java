package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.junit.jupiter.api.Test;

/**
 * {@code text-substitute}: a literal replace on the text a browser reads, whose output does not depend on how the
 * input was split into chunks, holding back fewer characters than the pattern between chunks.
 */
class TextSubstitutionTest {
    private static String feedWhole(TextSubstitution s, String text) {
        StringBuilder out = new StringBuilder();
        assertEquals("", s.feed(text, true, out));
        return out.toString();
    }

    @Test
    void replacesLeftToRightWithoutOverlapsAsStringReplaceDoes() {
        assertEquals("ba", feedWhole(new TextSubstitution("aa", "b", false), "aaa"));
        assertEquals("xbbx", feedWhole(new TextSubstitution("aa", "b", false), "xaaaax"));
        assertEquals("abab".replace("aba", "X"), feedWhole(new TextSubstitution("aba", "X", false), "abab"));
        assertEquals("", feedWhole(new TextSubstitution("a", "", false), "aaa"));
    }

    @Test
    void holdsBackOnlyAnEndThatCouldStartAnOccurrence() {
        TextSubstitution s = new TextSubstitution("abcd", "X", false);
        StringBuilder out = new StringBuilder();
        assertEquals("abc", s.feed("zzabc", false, out));
        assertEquals("zz", out.toString());
        out.setLength(0);
        assertEquals("", s.feed("zzabz", false, out));
        assertEquals("zzabz", out.toString());
        out.setLength(0);
        assertEquals("a", s.feed("abcdaba", false, out)); // "aba" ends in "a", a possible start; "ab" then "a" not
        assertEquals("Xab", out.toString());
    }

    @Test
    void ignoringCaseComparesCharacterByCharacter() {
        assertEquals("x x x", feedWhole(new TextSubstitution("éa", "x", true), "ÉA éa Éa"));
        assertEquals("x", feedWhole(new TextSubstitution("straße", "x", true), "STRAßE"));
        assertEquals("STRASSE", feedWhole(new TextSubstitution("straße", "x", true), "STRASSE"));
    }

    // --- through the rewriter, with random input chunking

    /** Rewrites {@code html} fed in pieces cut at random byte offsets (which may cut a UTF-8 character). */
    static String rewriteInPieces(RewriterSettings settings, String html, Random random) {
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        TreeSet<Integer> cuts = new TreeSet<>();
        int n = random.nextInt(Math.max(1, in.length));
        for (int i = 0; i < n; i++) {
            cuts.add(random.nextInt(in.length + 1));
        }
        cuts.add(in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = settings.newRewriter(out::write);
        int from = 0;
        for (int cut : cuts) {
            r.write(in, from, cut - from);
            from = cut;
        }
        r.end();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Settings from rules the test knows to be valid. */
    private static RewriterSettings settings(String rules) {
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        try {
            RuleSet.parse(rules, "t").applyTo(b, null);
        } catch (RuleSyntaxException e) {
            throw new AssertionError(e);
        }
        return b.settings();
    }

    private static String randomString(Random random, String alphabet, int min, int max) {
        StringBuilder s = new StringBuilder();
        int n = min + random.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The text of the {@code p} elements of {@code html}, decoded (as a browser reads it). */
    private static String decodedText(String html) {
        StringBuilder text = new StringBuilder();
        RewriterSettings s = HtmlRewriter.builder().onText("p", chunk -> text.append(chunk.text())).settings();
        HtmlRewriter.rewrite(html, s);
        return text.toString();
    }

    @Test
    void outputDoesNotDependOnChunkingAndEqualsStringReplace() {
        qt().withExamples(600).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String text = randomString(random, "ab é", 0, 60);
            String expected = text;
            StringBuilder rules = new StringBuilder();
            int stages = 1 + random.nextInt(3);
            for (int i = 0; i < stages; i++) {
                String from = randomString(random, "ab é", 1, 4);
                String to = randomString(random, "ab é<&>", 0, 4);
                rules.append(random.nextBoolean() ? "p" : "@document").append(" text-substitute \"").append(from)
                        .append("\" \"").append(to).append("\"\n");
                expected = expected.replace(from, to);
            }
            String html = "<p>" + text + "</p>";
            RewriterSettings settings = settings(rules.toString());
            String whole = HtmlRewriter.rewrite(html, settings);
            assertEquals("<p>" + escape(expected) + "</p>", whole, rules + html);
            assertEquals(whole, rewriteInPieces(settings, html, random), rules + html);
        });
    }

    @Test
    void ignoringCaseEqualsARegexReplaceIgnoringCase() {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String text = randomString(random, "aAbBéÉ ", 0, 50);
            String from = randomString(random, "aAbBéÉ ", 1, 4);
            String to = randomString(random, "xy", 0, 3);
            String expected = Pattern.compile(Pattern.quote(from), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(text).replaceAll(Matcher.quoteReplacement(to));
            RewriterSettings settings = settings("p text-substitute-i \"" + from + "\" \"" + to + "\"");
            String html = "<p>" + text + "</p>";
            assertEquals("<p>" + expected + "</p>", rewriteInPieces(settings, html, random), from + " in " + html);
        });
    }

    @Test
    void withCharacterReferencesWhatABrowserReadsDoesNotDependOnChunking() {
        String[][] pieces = {{"a", "a"}, {"b", "b"}, {" ", " "}, {"&amp;", "&"}, {"&#97;", "a"}, {"&eacute;", "é"},
            {"é", "é"}, {"&lt;", "<"}, {"&#x62;", "b"}};
        qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            StringBuilder raw = new StringBuilder();
            StringBuilder decoded = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                String[] piece = pieces[random.nextInt(pieces.length)];
                raw.append(piece[0]);
                decoded.append(piece[1]);
            }
            String from = randomString(random, "ab&é<", 1, 3);
            String to = randomString(random, "xy&<", 0, 3);
            RewriterSettings settings = settings("p text-substitute \"" + from + "\" \"" + to + "\"");
            String html = "<p>" + raw + "</p>";
            String out = rewriteInPieces(settings, html, random);
            assertEquals(decoded.toString().replace(from, to), decodedText(out), from + " in " + html + " -> " + out);
        });
    }

    @Test
    void holdsBackFewerCharactersThanThePatternNeverTheWholeNode() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            // The pattern ends in 'c', which the text lacks: nothing is replaced, so the output is a prefix of it.
            String from = randomString(random, "ab", 0, 5) + "c";
            String text = randomString(random, "ab", 100, 300);
            RewriterSettings settings = settings("p text-substitute " + from + " X");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HtmlRewriter r = settings.newRewriter(out::write);
            r.write("<p>".getBytes(StandardCharsets.UTF_8));
            byte[] in = text.getBytes(StandardCharsets.UTF_8);
            int written = 0;
            while (written < in.length) {
                int n = Math.min(in.length - written, 1 + random.nextInt(20));
                r.write(in, written, n);
                written += n;
                String sent = out.toString(StandardCharsets.UTF_8);
                String input = "<p>" + text.substring(0, written);
                assertTrue(input.startsWith(sent), sent);
                int held = input.length() - sent.length();
                assertTrue(held <= from.length() - 1, "held " + held + " of " + input + " for " + from);
            }
            r.end();
            assertEquals("<p>" + text, out.toString(StandardCharsets.UTF_8));
        });
    }

    @Test
    void documentsRewrittenInTurnOnOneThreadKeepTheirOwnHeldText() {
        // As a Netty event loop does: two responses from the same settings, their chunks interleaved.
        RewriterSettings settings = settings("@document text-substitute needle pin");
        ByteArrayOutputStream out1 = new ByteArrayOutputStream();
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        HtmlRewriter r1 = settings.newRewriter(out1::write);
        HtmlRewriter r2 = settings.newRewriter(out2::write);
        String[] doc1 = {"<p>a nee", "dle and a ne", "edle</p>"};
        String[] doc2 = {"<p>nothing ne", "at here, ", "needl", "e!</p>"};
        for (int i = 0; i < 4; i++) {
            if (i < doc1.length) {
                r1.write(doc1[i].getBytes(StandardCharsets.UTF_8));
            }
            r2.write(doc2[i].getBytes(StandardCharsets.UTF_8));
        }
        r1.end();
        r2.end();
        assertEquals("<p>a pin and a pin</p>", out1.toString(StandardCharsets.UTF_8));
        assertEquals("<p>nothing neat here, pin!</p>", out2.toString(StandardCharsets.UTF_8));
    }

    @Test
    void textWithoutAnOccurrenceKeepsItsBytes() {
        RewriterSettings settings = settings("@document text-substitute needle pin");
        String html = "<p>caf&eacute; &#65;&amp;B</p><p>a needle &#65;</p>";
        assertEquals("<p>caf&eacute; &#65;&amp;B</p><p>a pin A</p>", HtmlRewriter.rewrite(html, settings));
    }

    @Test
    void anOverLongNumericReferenceCutBetweenChunksStaysOneCharacter() {
        // The core cuts a numeric reference with more digits than any reference name between text chunks; the
        // substitution writes such a node from its decoded text, so the cut never shows.
        RewriterSettings settings = settings("p text-substitute x y");
        String reference = "&#x" + "0".repeat(80) + "41;";
        for (String text : new String[] {"x " + reference + " x", "a " + reference + " x", "x " + reference}) {
            String html = "<p>" + text + "</p>";
            for (int piece = 1; piece <= 40; piece += 3) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                HtmlRewriter r = settings.newRewriter(out::write);
                byte[] in = html.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < in.length; i += piece) {
                    r.write(in, i, Math.min(piece, in.length - i));
                }
                r.end();
                assertEquals(decodedText(html).replace("x", "y"), decodedText(out.toString(StandardCharsets.UTF_8)),
                        html + " in pieces of " + piece);
            }
        }
    }
}
