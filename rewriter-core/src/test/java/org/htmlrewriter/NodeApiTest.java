package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextType;
import org.junit.jupiter.api.Test;

/**
 * {@link Comment}, {@link TextChunk}, {@link Doctype} and {@link DocumentEnd}, each run in 1-byte, 7-byte and
 * whole-input chunking. Outputs checked with {@link Ops#expect} were confirmed against lol-html.
 */
class NodeApiTest {

    // ---------------------------------------------------------------------------------------------------------
    // Comments

    @Test
    void commentText() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onDocumentComment(c -> seen.add(c.text() + "|" + c.sourceLocation()))
                .settings();
        Rewrites.run(s, "<!-- a -->x<!---->\u00e9<?xml v?><!--b\r\nc-->", 1);
        // A bogus comment (<?...>) is a comment too; newlines are normalised as a browser reads them.
        assertEquals(List.of(" a |[0, 10)", "|[11, 18)", "?xml v?|[20, 29)", "b\nc|[29, 40)"), seen);
    }

    @Test
    void commentMutationsOrdering() {
        Ops.expect("<div><!--c1-->x<!--c2--></div><!--c3-->", "["
                        + "{\"selector\":\"div\",\"on\":\"comments\",\"action\":\"before\",\"content\":\"B1\"},"
                        + "{\"selector\":\"div\",\"on\":\"comments\",\"action\":\"before\",\"content\":\"<B2>\",\"html\":true},"
                        + "{\"selector\":\"div\",\"on\":\"comments\",\"action\":\"after\",\"content\":\"A1\"},"
                        + "{\"selector\":\"div\",\"on\":\"comments\",\"action\":\"after\",\"content\":\"A2\"}]",
                "<div>B1<B2><!--c1-->A2A1xB1<B2><!--c2-->A2A1</div><!--c3-->");
        Ops.expect("<div><!--c1-->x<!--c2--></div><!--c3-->", "["
                        + "{\"selector\":\"div\",\"on\":\"comments\",\"action\":\"replace\",\"content\":\"R\",\"when\":\"2\"},"
                        + "{\"document\":true,\"on\":\"comments\",\"action\":\"setText\",\"content\":\" new \"}]",
                "<div><!-- new -->xR</div><!-- new -->");
        Ops.expect("<p><!--a--><!--b-->x</p>", "["
                        + "{\"selector\":\"p\",\"on\":\"comments\",\"action\":\"remove\",\"when\":\"a\"},"
                        + "{\"selector\":\"p\",\"on\":\"comments\",\"action\":\"replace\",\"content\":\"<i>\",\"when\":\"b\"}]",
                "<p>&lt;i&gt;x</p>");
        Ops.expect("<!--a--><p><!--b--></p>",
                "[{\"document\":true,\"on\":\"comments\",\"action\":\"replace\",\"content\":\"<!--z-->\",\"html\":true}]",
                "<!--z--><p><!--z--></p>");
    }

    @Test
    void setTextRefusesTextThatWouldBreakTheComment() {
        List<String> seen = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().onDocumentComment(c -> {
            for (String bad : new String[] {"a-->b", "a--!>b", "a<!--b", ">a", "->a", "a<!-", "a-"}) {
                assertThrows(IllegalArgumentException.class, () -> c.setText(bad), bad);
            }
            c.setText("a - b <!- c");
            seen.add(c.text());
        }), "<!--x-->");
        assertEquals("<!--a - b <!- c-->", out);
        assertEquals("a - b <!- c", seen.get(0));
    }

    @Test
    void commentViewInvalidAfterHandler() {
        Comment[] kept = new Comment[1];
        Rewrites.run(HtmlRewriter.builder().onDocumentComment(c -> kept[0] = c).settings(), "<!--x-->", 2);
        assertThrows(IllegalStateException.class, kept[0]::text);
        assertThrows(IllegalStateException.class, () -> kept[0].setText("y"));
        assertThrows(IllegalStateException.class, () -> kept[0].before("y", TEXT));
        assertThrows(IllegalStateException.class, kept[0]::remove);
        assertThrows(IllegalStateException.class, kept[0]::isRemoved);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Text

    /** All text chunks seen in {@code chunk}-byte input chunks, each as text|raw|last|type. */
    private static List<String> chunks(String selector, String html, int chunk) {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        TextHandler h = t -> seen.add(t.text() + "|" + t.rawText() + "|" + t.isLastInTextNode() + "|" + t.textType());
        if (selector == null) {
            b.onDocumentText(h);
        } else {
            b.onText(selector, h);
        }
        Rewrites.run(b.settings(), html, chunk);
        return seen;
    }

    @Test
    void textDecodedAndRawAndLastChunk() {
        // Whole input: one chunk per text node then an empty last chunk, as lol-html delivers them. Deliberate
        // difference: text() is decoded here (lol-html hands over "a&amp;b"); rawText() is what lol-html gives.
        assertEquals(List.of("a&b|a&amp;b|false|DATA", "||true|DATA", "c|c|false|DATA", "||true|DATA"),
                chunks("div", "<div>a&amp;b<p>c</p></div>", 1 << 20));
        Ops.expectWholeInput("<div>a&amp;b<p>c</p></div>", "["
                        + "{\"selector\":\"div\",\"on\":\"text\",\"action\":\"before\",\"content\":\"[\"},"
                        + "{\"selector\":\"div\",\"on\":\"text\",\"action\":\"after\",\"content\":\"]\"}]",
                "<div>[a&amp;b][]<p>[c][]</p></div>");
    }

    @Test
    void textTypes() {
        String html = "<title>a&lt;b</title><textarea>t&amp;</textarea><script>if(a<b)x()</script>"
                + "<style>p>q{}</style><xmp>&amp;</xmp><svg><![CDATA[c&amp;<]]></svg><plaintext>z&amp;</p>";
        // Chunks of one node joined (a script's text is delivered in pieces split at "<", as lol-html does).
        List<String> seen = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder raw = new StringBuilder();
        for (String c : chunks(null, html, 1 << 20)) {
            String[] f = c.split("\\|", -1);
            text.append(f[0]);
            raw.append(f[1]);
            if (f[2].equals("true")) {
                seen.add(text + "|" + raw + "|" + f[3]);
                text.setLength(0);
                raw.setLength(0);
            }
        }
        assertEquals(List.of("a<b|a&lt;b|RCDATA", "t&|t&amp;|RCDATA", "if(a<b)x()|if(a<b)x()|SCRIPT_DATA",
                "p>q{}|p>q{}|RAWTEXT", "&amp;|&amp;|RAWTEXT", "c&amp;<|c&amp;<|CDATA_SECTION",
                "z&amp;</p>|z&amp;</p>|PLAINTEXT"), seen);
    }

    @Test
    void chunksJoinToTheNodeAndNeverSplitAReferenceOrCharacter() {
        String html = "<p>x&amp;y&notin;z\u00e9&#x1F600;\ud83d\ude00&amp &lt\r\nq</p><p>\u65e5\u672c</p>";
        for (int chunk : new int[] {1, 2, 3, 7, 1 << 20}) {
            List<String> texts = new ArrayList<>();
            List<String> raws = new ArrayList<>();
            StringBuilder node = new StringBuilder();
            RewriterSettings s = HtmlRewriter.builder().onText("p", t -> {
                String text = t.text();
                node.append(text);
                assertEquals(-1, text.indexOf('\ufffd'), "chunk split a character: " + text);
                if (t.isLastInTextNode()) {
                    texts.add(node.toString());
                    node.setLength(0);
                }
                raws.add(t.rawText());
            }).settings();
            assertEquals(html, Rewrites.run(s, html, chunk));
            assertEquals(List.of("x&y\u2209z\u00e9\ud83d\ude00\ud83d\ude00& <\nq", "\u65e5\u672c"), texts,
                    "chunk size " + chunk);
            for (String raw : raws) {
                assertFalse(raw.endsWith("&") || raw.endsWith("&am") || raw.endsWith("&#x1F6"), raw);
            }
        }
    }

    @Test
    void numericReferenceLongerThanAnyNameMayBeCutButItsCharacterComesOnce() {
        String zeros = "0".repeat(60);
        String html = "<p>a&#x" + zeros + "41;b&#" + zeros + "66c&#x" + "8177".repeat(15) + ";d&#" + zeros + "</p>"
                + "<p>&#x" + zeros + "</p><p>&#" + zeros + "9";
        for (String charset : new String[] {"UTF-8", "GBK"}) {
            for (int chunk : new int[] {1, 2, 7, 40, 1 << 20}) {
                List<String> texts = new ArrayList<>();
                StringBuilder node = new StringBuilder();
                StringBuilder raw = new StringBuilder();
                RewriterSettings s = HtmlRewriter.builder().charset(java.nio.charset.Charset.forName(charset))
                        .onText("p", t -> {
                            node.append(t.text());
                            raw.append(t.rawText());
                            if (t.isLastInTextNode()) {
                                texts.add(node.toString());
                                node.setLength(0);
                            }
                        }).settings();
                assertEquals(html, Rewrites.run(s, html, chunk));
                assertEquals(html.replace("<p>", "").replace("</p>", ""), raw.toString());
                // "&#x0...0" alone has digits: it is U+FFFD (value 0), like "&#0"; the last one is a tab.
                assertEquals(List.of("aAbBc\ufffdd\ufffd", "\ufffd", "\t"), texts, charset + ", chunk size " + chunk);
            }
        }
    }

    @Test
    void endlessNumericReferenceStreamsWithBoundedMemory() {
        // 10 MB of digits inside one reference, in 1 KiB chunks: nothing grows with the run, its text comes once.
        StringBuilder text = new StringBuilder();
        HtmlRewriter r = HtmlRewriter.builder().onDocumentText(t -> text.append(t.text()))
                .build((b, off, len) -> { });
        r.write("<p>&#".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] zeros = "0".repeat(1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long maxHeld = 0;
        for (int i = 0; i < 10 * 1024; i++) {
            r.write(zeros);
            maxHeld = Math.max(maxHeld, r.heldBytes());
        }
        r.write("65;x</p>".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        r.end();
        assertEquals("Ax", text.length() > 20 ? text.substring(0, 20) + "..." : text.toString());
        assertTrue(maxHeld < 1024, "held " + maxHeld);
    }

    @Test
    void textMutations() {
        Ops.expectWholeInput("<p>hello <b>big</b> world</p><div>keep</div>", "["
                        + "{\"selector\":\"p\",\"on\":\"text\",\"action\":\"replace\",\"content\":\"<X>\",\"when\":\"big\"},"
                        + "{\"selector\":\"p\",\"on\":\"text\",\"action\":\"remove\",\"when\":\"world\"}]",
                "<p>hello <b>&lt;X&gt;</b></p><div>keep</div>");
        Ops.expectWholeInput("<p>a</p>", "["
                        + "{\"selector\":\"p\",\"on\":\"text\",\"action\":\"replace\",\"content\":\"<i>r</i>\",\"html\":true,\"when\":\"a\"},"
                        + "{\"selector\":\"p\",\"on\":\"text\",\"action\":\"before\",\"content\":\"b\",\"when\":\"a\"},"
                        + "{\"selector\":\"p\",\"on\":\"text\",\"action\":\"after\",\"content\":\"c\",\"when\":\"a\"}]",
                "<p>b<i>r</i>c</p>");
        // Removing every chunk removes the text whatever the chunking.
        Ops.expect("<p>some long text &amp; more</p>x",
                "[{\"selector\":\"p\",\"on\":\"text\",\"action\":\"remove\"}]", "<p></p>x");
        Ops.expect("a<p>b</p>c", "[{\"document\":true,\"on\":\"text\",\"action\":\"remove\"}]", "<p></p>");
    }

    @Test
    void textViewInvalidAfterHandler() {
        TextChunk[] kept = new TextChunk[1];
        Rewrites.run(HtmlRewriter.builder().onDocumentText(t -> kept[0] = t).settings(), "abc", 10);
        assertThrows(IllegalStateException.class, kept[0]::text);
        assertThrows(IllegalStateException.class, kept[0]::rawText);
        assertThrows(IllegalStateException.class, kept[0]::isLastInTextNode);
        assertThrows(IllegalStateException.class, () -> kept[0].replace("x", TEXT));
    }

    @Test
    void textSourceLocation() {
        List<String> seen = new ArrayList<>();
        Rewrites.run(HtmlRewriter.builder().onText("p", t -> {
            if (!t.rawText().isEmpty()) {
                seen.add(t.sourceLocation() + t.rawText());
            }
        }).settings(), "<p>ab</p><p>\u00e9</p>", 1 << 20);
        assertEquals(List.of("[3, 5)ab", "[12, 14)\u00e9"), seen);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Doctype and document end

    @Test
    void doctype() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().onDocumentDoctype(d -> seen.add(d.name() + "|" + d.publicId()
                + "|" + d.systemId() + "|" + d.forceQuirks() + "|" + d.sourceLocation())).settings();
        Rewrites.run(s, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" 'http://www.w3.org/TR/html4/strict.dtd'>", 1);
        Rewrites.run(s, "<!doctype html>", 1);
        Rewrites.run(s, "<!DOCTYPE>", 1);
        assertEquals(List.of(
                "html|-//W3C//DTD HTML 4.01//EN|http://www.w3.org/TR/html4/strict.dtd|false|[0, 90)",
                "html|null|null|false|[0, 15)",
                "null|null|null|true|[0, 10)"), seen);
        Ops.expect("<!DOCTYPE html><p>x", "[{\"document\":true,\"on\":\"doctype\",\"action\":\"remove\"}]", "<p>x");
        Ops.expect("<!DOCTYPE html><p>x", "[{\"document\":true,\"on\":\"doctype\",\"action\":\"noop\"}]",
                "<!DOCTYPE html><p>x");
        Doctype[] kept = new Doctype[1];
        Rewrites.run(HtmlRewriter.builder().onDocumentDoctype(d -> {
            assertFalse(d.isRemoved());
            d.remove();
            assertTrue(d.isRemoved());
            kept[0] = d;
        }).settings(), "<!doctype html>", 3);
        assertThrows(IllegalStateException.class, kept[0]::name);
        assertThrows(IllegalStateException.class, kept[0]::remove);
    }

    @Test
    void documentEnd() {
        Ops.expect("<p>x</p>", "[{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"<E>&\"}]",
                "<p>x</p>&lt;E&gt;&amp;");
        // Handlers run in registration order. (Bun's HTMLRewriter calls document-end handlers in reverse
        // registration order, giving "<p>x<F>&lt;E&gt;".)
        assertEquals("<p>x&lt;E&gt;<F>", Ops.rewrite("<p>x", "["
                + "{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"<E>\"},"
                + "{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"<F>\",\"html\":true}]"));
        DocumentEnd[] kept = new DocumentEnd[1];
        String out = Rewrites.rewrite(HtmlRewriter.builder().onDocumentEnd(e -> {
            e.append("1", TEXT);
            e.append("<2>", HTML);
            kept[0] = e;
        }), "");
        assertEquals("1<2>", out);
        assertThrows(IllegalStateException.class, () -> kept[0].append("x", TEXT));
    }
}
