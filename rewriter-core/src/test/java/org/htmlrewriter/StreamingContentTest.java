package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.ContentWriter;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.StreamingContent;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamingContent}: the pieces are inserted as the same characters given as one string are, whatever the
 * split and the input's chunking; the content is never held whole; the producer's failures are handler failures.
 */
class StreamingContentTest {

    /** Pieces content is made of: text, markup, references, what ends or re-modes raw text, non-ASCII. */
    private static final String[] ATOMS = {"a", " ", "<", ">", "&", "&amp;", "<b>", "</", "script", "</script>",
        "</style", "<!--", "-->", "\u00e9", "\ud83d\ude00", "/", "t", "itle>", "\n"};

    private static final String DOCUMENT = "<p>x<</p><title>t</ti</title><script>s</script><style>c</style>"
            + "<div>d</div><textarea>a</textarea><!--c-->";

    /** Each insertion an element handler can make, with the same content as a string or streamed. */
    private static final List<String> ELEMENT_METHODS = List.of("before", "after", "prepend", "append", "replace",
            "setInnerContent");

    private static void insert(Element el, String method, Object content, ContentType type) {
        boolean s = content instanceof StreamingContent;
        switch (method) {
            case "before" -> { if (s) el.before((StreamingContent) content, type); else el.before((String) content, type); }
            case "after" -> { if (s) el.after((StreamingContent) content, type); else el.after((String) content, type); }
            case "prepend" -> { if (s) el.prepend((StreamingContent) content, type); else el.prepend((String) content, type); }
            case "append" -> { if (s) el.append((StreamingContent) content, type); else el.append((String) content, type); }
            case "replace" -> { if (s) el.replace((StreamingContent) content, type); else el.replace((String) content, type); }
            default -> { if (s) el.setInnerContent((StreamingContent) content, type); else el.setInnerContent((String) content, type); }
        }
    }

    /** The content split into pieces at the given cut points (indexes into the string, any order). */
    private static StreamingContent pieces(String content, List<Integer> cuts) {
        List<Integer> at = new ArrayList<>();
        for (int c : cuts) {
            at.add(Math.min(c, content.length()));
        }
        at.add(0);
        at.add(content.length());
        at.sort(null);
        return out -> {
            for (int i = 1; i < at.size(); i++) {
                out.write(content.substring(at.get(i - 1), at.get(i)));
            }
        };
    }

    /** The output, or "failed" if the document failed (the output written before a failure may differ). */
    private static String outcome(RewriterSettings s, String html, List<Integer> chunks) {
        try {
            return new String(Rewrites.runBytes(s, html.getBytes(StandardCharsets.UTF_8), chunks),
                    StandardCharsets.UTF_8);
        } catch (HandlerException e) {
            return "failed";
        }
    }

    @Test
    void streamedPiecesAreInsertedAsTheSameStringIsUnderAnySplitAndChunking() {
        qt().withFixedSeed(2026_12_03L).withExamples(400)
                .forAll(lists().of(integers().between(0, ATOMS.length - 1)).ofSizeBetween(0, 8),
                        lists().of(integers().between(0, 40)).ofSizeBetween(0, 6),
                        integers().between(0, 4 * ELEMENT_METHODS.size() * 2 - 1),
                        lists().of(integers().between(1, 30)).ofSizeBetween(1, 6))
                .checkAssert((atoms, cuts, choice, chunks) -> {
                    StringBuilder sb = new StringBuilder();
                    atoms.forEach(a -> sb.append(ATOMS[a]));
                    String content = sb.toString();
                    String selector = List.of("p", "title", "script", "div, style, textarea").get(choice % 4);
                    String method = ELEMENT_METHODS.get(choice / 4 % ELEMENT_METHODS.size());
                    ContentType type = choice / 4 / ELEMENT_METHODS.size() == 0 ? TEXT : HTML;
                    RewriterSettings asString = HtmlRewriter.builder()
                            .onElement(selector, el -> insert(el, method, content, type)).settings();
                    RewriterSettings streamed = HtmlRewriter.builder()
                            .onElement(selector, el -> insert(el, method, pieces(content, cuts), type)).settings();
                    assertEquals(outcome(asString, DOCUMENT, List.of(DOCUMENT.length())),
                            outcome(streamed, DOCUMENT, chunks),
                            () -> method + " " + type + " on " + selector + ": " + content + " cut at " + cuts);
                });
    }

    @Test
    void everyNodeKindTakesStreamedContent() {
        StreamingContent x = out -> {
            out.write("<");
            out.write("x>");
        };
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("b", el -> el.onEndTag(end -> {
                    end.before(x, TEXT);
                    end.after(x, HTML);
                }))
                .onElement("i", el -> el.onEndTag(end -> end.replace(x, TEXT)))
                .onDocumentComment(c -> c.replace(x, TEXT))
                .onText("b", t -> {
                    if (t.text().equals("t")) {
                        t.before(x, TEXT);
                        t.after(x, HTML);
                    }
                })
                .onDocumentEnd(end -> end.append(x, TEXT))
                .settings();
        assertEquals("<b>&lt;x&gt;t<x>&lt;x&gt;</b><x><i>y&lt;x&gt;&lt;x&gt;&lt;x&gt;",
                Rewrites.rewriteUnderRandomChunking(s, "<b>t</b><i>y</i><!--c-->"));
    }

    @Test
    void textThatWouldEndAScriptAcrossPiecesIsRefusedBeforeAnyOfItIsWritten() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = HtmlRewriter.builder().onElement("script", el -> el.append(w -> {
            w.write("a</scr");
            w.write("ipt");
            w.write("><b>");
        }, TEXT)).build(out::write);
        HandlerException e = assertThrows(HandlerException.class, () -> {
            r.write("<script>s</script>".getBytes(StandardCharsets.UTF_8));
            r.end();
        });
        assertTrue(e.getCause() instanceof IllegalArgumentException, e::toString);
        // "a" was written; "</scr" was held until "ipt>" showed it ends the script, and never written. (The input's
        // own end tag is part of the output decided before the failure.)
        assertEquals("<script>sa</script>", out.toString(StandardCharsets.UTF_8));
        // Split where the '<' may still start the end tag, settled by the next piece: written.
        assertEquals("<script>s</sc x</script>", rewriteScript(w -> {
            w.write("</");
            w.write("sc");
            w.write(" x");
        }));
    }

    private static String rewriteScript(StreamingContent c) {
        return Rewrites.rewriteUnderRandomChunking(
                HtmlRewriter.builder().onElement("script", el -> el.append(c, TEXT)).settings(),
                "<script>s</script>");
    }

    @Test
    void unsettledTextAtTheEndIsRefused() {
        // An unfinished "<!--" would change how the script's end tag is read after <script> in it.
        RewriterSettings s = HtmlRewriter.builder().onElement("script", el -> el.append(w -> {
            w.write("<!--");
            w.write("<script>");
        }, TEXT)).settings();
        assertThrows(HandlerException.class, () -> Rewrites.run(s, "<script>s</script>", 100));
    }

    @Test
    void aSurrogatePairMaySpanPiecesAndALoneSurrogateIsRefused() {
        assertEquals("<p>x\ud83d\ude00</p>", Rewrites.rewriteUnderRandomChunking(HtmlRewriter.builder()
                .onElement("p", el -> el.append(w -> {
                    w.write("\ud83d");
                    w.write("\ude00");
                }, TEXT)).settings(), "<p>x</p>"));
        RewriterSettings lone = HtmlRewriter.builder().onElement("p", el -> el.append(w -> w.write("\ud83d"), TEXT))
                .settings();
        HandlerException e = assertThrows(HandlerException.class, () -> Rewrites.run(lone, "<p>x</p>", 100));
        assertTrue(e.getCause() instanceof IllegalArgumentException, e::toString);
    }

    @Test
    void whatTheProducerThrowsIsAHandlerFailure() {
        IllegalStateException thrown = new IllegalStateException("backend down");
        RewriterSettings s = HtmlRewriter.builder().onElement("p", el -> el.append(w -> {
            w.write("partial ");
            throw thrown;
        }, TEXT)).settings();
        HandlerException e = assertThrows(HandlerException.class, () -> Rewrites.run(s, "<p>x</p>", 100));
        assertEquals(thrown, e.getCause());
        // With graceful bail-out the rest of the input follows what was written.
        RewriterSettings graceful = HtmlRewriter.builder().gracefulBailOut(true).onElement("p", el -> el.append(w -> {
            w.write("partial ");
            throw thrown;
        }, TEXT)).settings();
        assertEquals("<p>xpartial </p>", Rewrites.run(graceful, "<p>x</p>", 100));
    }

    @Test
    void theWriterIsValidOnlyDuringTheProducersCall() {
        AtomicReference<ContentWriter> kept = new AtomicReference<>();
        Rewrites.run(HtmlRewriter.builder().onElement("p", el -> el.append(kept::set, TEXT)).settings(),
                "<p>x</p>", 100);
        assertThrows(IllegalStateException.class, () -> kept.get().write("late"));
    }

    @Test
    void droppedContentIsNeverProduced() {
        AtomicInteger calls = new AtomicInteger();
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("div", el -> el.prepend(w -> calls.incrementAndGet(), TEXT))
                .onElement("div", Element::remove)
                .settings();
        assertEquals("", Rewrites.run(s, "<div>x</div>", 100));
        assertEquals(0, calls.get());
    }

    @Test
    void aLargeStreamedContentDoesNotCountAgainstTheMemoryLimit() {
        int pieces = 4096;
        String piece = "0123456789abcdef<&>".repeat(64); // escaped to 1.4 KiB: 5.6 MiB in all
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(256 * 1024).onElement("p", el -> el.append(w -> {
            for (int i = 0; i < pieces; i++) {
                w.write(piece);
            }
        }, TEXT)).settings();
        long[] written = new long[1];
        HtmlRewriter r = s.newRewriter((b, off, len) -> written[0] += len);
        r.write("<p>x</p>".getBytes(StandardCharsets.UTF_8));
        r.end();
        long escapedPiece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").length();
        assertEquals("<p>x</p>".length() + pieces * escapedPiece, written[0]);
    }
}
