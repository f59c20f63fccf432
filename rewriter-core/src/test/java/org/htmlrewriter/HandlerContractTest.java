package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextNode;
import org.junit.jupiter.api.Test;

/**
 * What handlers may and may not do: views are theirs only during the call, a rewriter is not re-entrant, and one
 * policy covers whatever any kind of handler throws.
 */
class HandlerContractTest {
    private static final String DOC = "<!DOCTYPE html><!--a--><p>one</p><!--b--><p>two</p><!--c--><p>three</p>";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ----------------------------------------------------------------------------------------------------------
    // Views kept after their handler returned

    /** Registers a handler that keeps the first view it gets and, on later calls, tries {@code use} on it. */
    private static <V> void assertKeptViewFails(String kind, BiConsumer<HtmlRewriter.Builder, Consumer<V>> register,
                                                Consumer<V> use, String expectedOutput) {
        List<V> kept = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        register.accept(b, view -> {
            if (kept.isEmpty()) {
                kept.add(view);
                return;
            }
            try {
                use.accept(kept.get(0)); // while another node of the same kind is being handled
            } catch (IllegalStateException e) {
                failures.add(e);
            }
        });
        String out = Rewrites.rewrite(b, DOC);
        assertEquals(expectedOutput, out, kind + ": the later node must not be changed through the kept view");
        assertTrue(failures.size() >= 1, kind + ": using a kept view must throw IllegalStateException");
        assertThrows(IllegalStateException.class, () -> use.accept(kept.get(0)), kind + ": after the document too");
    }

    @Test
    void aKeptElementCannotChangeALaterElement() {
        assertKeptViewFails("Element", (b, h) -> b.onElement("p", h::accept),
                (Element el) -> el.setAttribute("class", "changed"), DOC);
        assertKeptViewFails("Element", (b, h) -> b.onElement("p", h::accept), (Element el) -> el.remove(), DOC);
        assertKeptViewFails("Element", (b, h) -> b.onElement("p", h::accept), (Element el) -> el.tagName(), DOC);
    }

    @Test
    void aKeptCommentCannotRemoveALaterComment() {
        assertKeptViewFails("Comment", (b, h) -> b.onDocumentComment(h::accept), (Comment c) -> c.remove(), DOC);
        assertKeptViewFails("Comment", (b, h) -> b.onDocumentComment(h::accept), (Comment c) -> c.setText("x"), DOC);
    }

    @Test
    void aKeptTextChunkCannotReplaceALaterChunk() {
        assertKeptViewFails("TextChunk", (b, h) -> b.onText("p", h::accept),
                (TextChunk t) -> t.replace("x", TEXT), DOC);
    }

    @Test
    void aKeptTextNodeCannotReplaceALaterNode() {
        assertKeptViewFails("TextNode", (b, h) -> b.onTextNode("p", h::accept),
                (TextNode t) -> t.replace("x", TEXT), DOC);
        assertKeptViewFails("TextNode", (b, h) -> b.onDocumentTextNode(h::accept), (TextNode t) -> t.remove(), DOC);
    }

    @Test
    void aKeptEndTagCannotRenameALaterEndTag() {
        assertKeptViewFails("EndTag", (b, h) -> b.onElement("p", el -> el.onEndTag(h::accept)),
                (EndTag t) -> t.setName("div"), DOC);
    }

    @Test
    void keptDoctypeAndDocumentEndViewsFail() {
        List<Doctype> doctype = new ArrayList<>();
        List<DocumentEnd> end = new ArrayList<>();
        Rewrites.rewrite(HtmlRewriter.builder().onDocumentDoctype(doctype::add).onDocumentEnd(end::add), DOC);
        assertThrows(IllegalStateException.class, () -> doctype.get(0).remove());
        assertThrows(IllegalStateException.class, () -> end.get(0).append("x", TEXT));
    }

    @Test
    void aKeptElementFailsEvenWhileTheSameElementsEndTagHandlerRuns() {
        List<Element> kept = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().onElement("p", el -> {
            kept.add(el);
            el.onEndTag(end -> {
                try {
                    kept.get(kept.size() - 1).append("late", TEXT);
                } catch (IllegalStateException e) {
                    failures.add(e);
                }
            });
        }), "<p>a</p><p>b</p>");
        assertEquals("<p>a</p><p>b</p>", out);
        assertEquals(2 * 3, failures.size(), "each end tag, in each of the three chunkings");
    }

    // ----------------------------------------------------------------------------------------------------------
    // Re-entrant calls

    @Test
    void writeEndOrAbortFromInsideAHandlerIsRefusedAndCorruptsNothing() {
        for (String call : new String[] {"write", "end", "abort"}) {
            HtmlRewriter[] self = new HtmlRewriter[1];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RewriterSettings s = HtmlRewriter.builder().onElement("p", el -> {
                switch (call) {
                    case "write" -> self[0].write(bytes("<b>injected</b>"));
                    case "end" -> self[0].end();
                    default -> self[0].abort();
                }
            }).settings();
            self[0] = s.newRewriter(out::write);
            byte[] in = bytes("<div>before</div><p>x</p><div>after</div>");
            HandlerException e = assertThrows(HandlerException.class, () -> self[0].write(in, 0, in.length), call);
            assertInstanceOf(IllegalStateException.class, e.getCause(), call);
            assertEquals("<div>before</div>", out.toString(StandardCharsets.UTF_8), call + ": a correct prefix");
        }
    }

    @Test
    void aSinkThatCallsBackIntoItsRewriterIsRefused() {
        HtmlRewriter[] self = new HtmlRewriter[1];
        self[0] = HtmlRewriter.builder().onElement("p", el -> el.append("!", TEXT)).build((b, off, len) ->
                self[0].write(bytes("x")));
        assertThrows(IllegalStateException.class, () -> self[0].write(bytes("<p>a</p>")));
        assertThrows(IllegalStateException.class, () -> self[0].write(bytes("more")), "poisoned afterwards");
    }

    @Test
    void withGracefulBailOutAReentrantCallLeavesTheDocumentWhole() {
        HtmlRewriter[] self = new HtmlRewriter[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        self[0] = HtmlRewriter.builder().gracefulBailOut(true)
                .onElement("p", el -> self[0].write(bytes("<b>injected</b>"))).build(out::write);
        byte[] in = bytes("<div>before</div><p>x</p><div>after</div>");
        self[0].write(in, 0, in.length);
        self[0].end();
        assertEquals("<div>before</div><p>x</p><div>after</div>", out.toString(StandardCharsets.UTF_8));
        assertInstanceOf(IllegalStateException.class, self[0].failure().getCause());
    }

    // ----------------------------------------------------------------------------------------------------------
    // One failure policy for every kind of handler

    private interface Kind {
        void register(HtmlRewriter.Builder b, Runnable thrower);
    }

    private static final String FAILING_DOC = "<!DOCTYPE html><div>before</div><p>x<!--c--></p>text<div>after</div>";

    private static final Kind[] KINDS = {
        (b, t) -> b.onElement("p", el -> t.run()),
        (b, t) -> b.onElement("p", el -> el.onEndTag(end -> t.run())),
        (b, t) -> b.onText("p", chunk -> t.run()),
        (b, t) -> b.onDocumentText(chunk -> {
            if (chunk.text().contains("x")) {
                t.run();
            }
        }),
        (b, t) -> b.onDocumentComment(c -> t.run()),
        (b, t) -> b.onComment("p", c -> t.run()),
        (b, t) -> b.onDocumentDoctype(d -> t.run()),
        (b, t) -> b.onDocumentEnd(end -> t.run()),
        (b, t) -> b.onTextNode("p", node -> t.run()),
        (b, t) -> b.onDocumentTextNode(node -> {
            if (node.text().contains("x")) {
                t.run();
            }
        }),
    };

    @Test
    void anAssertionErrorFromAnyHandlerIsAHandlerFailureThatGracefulBailOutRecoversFrom() {
        for (int k = 0; k < KINDS.length; k++) {
            AssertionError boom = new AssertionError("handler bug");
            HtmlRewriter.Builder graceful = HtmlRewriter.builder().gracefulBailOut(true);
            graceful.onElement("div", el -> el.prepend("[", TEXT));
            KINDS[k].register(graceful, () -> {
                throw boom;
            });
            for (int chunk : new int[] {1, 5, 1000}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                HtmlRewriter r = graceful.settings().newRewriter(out::write);
                byte[] in = bytes(FAILING_DOC);
                for (int i = 0; i < in.length; i += chunk) {
                    r.write(in, i, Math.min(chunk, in.length - i));
                }
                r.end();
                HandlerException e = assertInstanceOf(HandlerException.class, r.failure(), "kind " + k);
                assertSame(boom, e.getCause());
                String s = out.toString(StandardCharsets.UTF_8);
                // Nothing lost: what came before the failure was rewritten, the rest passed through.
                assertEquals(FAILING_DOC, s.replace("<div>[", "<div>"), "kind " + k + ", chunk " + chunk);
                assertEquals(k != 6, s.contains("<div>[before"), "kind " + k + ": the first div came before the failure");
                assertEquals(k == 7, s.contains("<div>[after"), "kind " + k + ": the last div came after the failure");
            }

            // Without bail-out: a HandlerException, and the decided prefix is written.
            HtmlRewriter.Builder strict = HtmlRewriter.builder();
            KINDS[k].register(strict, () -> {
                throw boom;
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HtmlRewriter r = strict.settings().newRewriter(out::write);
            HandlerException e = assertThrows(HandlerException.class, () -> {
                r.write(bytes(FAILING_DOC));
                r.end();
            }, "kind " + k);
            assertSame(boom, e.getCause());
            assertTrue(FAILING_DOC.startsWith(out.toString(StandardCharsets.UTF_8)), "kind " + k);
            assertThrows(IllegalStateException.class, () -> r.write(bytes("x")));
        }
    }

    @Test
    void aStackOverflowInAHandlerIsAHandlerFailure() {
        RewriterSettings s = HtmlRewriter.builder().gracefulBailOut(true).onElement("p", el -> recurse(0)).settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = s.newRewriter(out::write);
        r.write(bytes("<p>x</p>"));
        r.end();
        assertInstanceOf(StackOverflowError.class, r.failure().getCause());
        assertEquals("<p>x</p>", out.toString(StandardCharsets.UTF_8));
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void outOfMemoryFromAHandlerIsNotCaughtButTheDecidedPrefixIsWritten() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        RewriterSettings s = HtmlRewriter.builder().gracefulBailOut(true).onElement("p", el -> {
            throw oom;
        }).settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = s.newRewriter(out::write);
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> r.write(bytes("<div>a</div><p>x</p>")));
        assertSame(oom, thrown);
        assertEquals("<div>a</div>", out.toString(StandardCharsets.UTF_8));
        assertNull(r.failure(), "not a recovered failure");
        assertThrows(IllegalStateException.class, () -> r.write(bytes("x")), "poisoned");
        r.abort(); // still lets go of what it holds
    }
}
