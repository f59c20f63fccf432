package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Handler failures, poisoning, graceful bail-out and the memory limit. */
class FailureHandlingTest {

    private static final class Run {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final HtmlRewriter rewriter;
        RuntimeException thrown;

        Run(RewriterSettings s) {
            rewriter = s.newRewriter(out::write);
        }

        /** Writes {@code html} in {@code chunk}-byte pieces then ends; records the first exception. */
        Run feed(String html, int chunk) {
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            try {
                for (int i = 0; i < in.length; i += chunk) {
                    rewriter.write(in, i, Math.min(chunk, in.length - i));
                }
                rewriter.end();
            } catch (RuntimeException e) {
                thrown = e;
            }
            return this;
        }

        String output() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void checkedExceptionIsWrappedAndPoisonsTheRewriter() {
        IOException boom = new IOException("boom");
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("p", el -> el.append("!", TEXT))
                .onElement("div", el -> {
                    throw boom;
                }).settings();
        for (int chunk : new int[] {1, 7, 1000}) {
            Run run = new Run(s).feed("<p>a</p><div>b</div><p>c</p>", chunk);
            HandlerException e = assertInstanceOf(HandlerException.class, run.thrown);
            assertSame(boom, e.getCause());
            // Output written before the failure is a correct prefix of the result (what was decided but not yet
            // written when the handler failed may be missing).
            assertTrue(run.output().startsWith("<p>a!") && "<p>a!</p>".startsWith(run.output()), run.output());
            IllegalStateException poisoned = assertThrows(IllegalStateException.class,
                    () -> run.rewriter.write(new byte[] {'x'}, 0, 1));
            assertSame(e, poisoned.getCause());
            assertThrows(IllegalStateException.class, run.rewriter::end);
            assertThrows(IllegalStateException.class, () -> run.rewriter.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void runtimeExceptionsFromEveryKindOfHandlerAreWrapped() {
        IllegalStateException boom = new IllegalStateException("boom");
        HtmlRewriter.Builder[] failing = {
            HtmlRewriter.builder().onElement("p", el -> el.onEndTag(end -> {
                throw boom;
            })),
            HtmlRewriter.builder().onText("p", t -> {
                throw boom;
            }),
            HtmlRewriter.builder().onComment("p", c -> {
                throw boom;
            }),
            HtmlRewriter.builder().onDocumentDoctype(d -> {
                throw boom;
            }),
            HtmlRewriter.builder().onDocumentEnd(e -> {
                throw boom;
            }),
        };
        for (HtmlRewriter.Builder b : failing) {
            Run run = new Run(b.settings()).feed("<!doctype html><p>a<!--c--></p>", 3);
            HandlerException e = assertInstanceOf(HandlerException.class, run.thrown);
            assertSame(boom, e.getCause());
            assertThrows(IllegalStateException.class, run.rewriter::end);
        }
    }

    @Test
    void usingAnEndedRewriterThrows() {
        HtmlRewriter r = HtmlRewriter.builder().build((b, off, len) -> { });
        r.end();
        assertThrows(IllegalStateException.class, () -> r.write(new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, r::end);
    }

    @Test
    void gracefulBailOutPassesTheRestThroughUnchanged() {
        RewriterSettings s = HtmlRewriter.builder()
                .gracefulBailOut(true)
                .onElement("p", el -> el.append("!", TEXT))
                .onElement("div", el -> {
                    throw new Exception("boom");
                }).settings();
        String html = "<p>a</p><div class=x>b&amp;</div><p>c</p>\u00e9";
        for (int chunk : new int[] {1, 2, 7, 1000}) {
            Run run = new Run(s).feed(html, chunk);
            assertNull(run.thrown);
            assertEquals("<p>a!</p><div class=x>b&amp;</div><p>c</p>\u00e9", run.output(), "chunk " + chunk);
            HandlerException failure = assertInstanceOf(HandlerException.class, run.rewriter.failure());
            assertEquals("boom", failure.getCause().getMessage());
        }
    }

    @Test
    void gracefulBailOutInTheMiddleOfATextNodeAndAtTheEnd() {
        RewriterSettings s = HtmlRewriter.builder()
                .gracefulBailOut(true)
                .onText("p", t -> {
                    if (t.text().contains("b")) {
                        throw new IllegalArgumentException("b");
                    }
                    t.replace(t.text().toUpperCase(), TEXT);
                }).settings();
        for (int chunk : new int[] {1, 3, 1000}) {
            Run run = new Run(s).feed("<p>xyz</p><p>ab&amp;c</p><p>z</p>", chunk);
            assertNull(run.thrown);
            String out = run.output();
            assertTrue(out.startsWith("<p>XYZ</p><p>"), out);
            // The failing chunk and everything after pass unchanged.
            assertTrue(out.endsWith("b&amp;c</p><p>z</p>"), out);
            assertInstanceOf(HandlerException.class, run.rewriter.failure());
        }
        RewriterSettings atEnd = HtmlRewriter.builder().gracefulBailOut(true)
                .onElement("div", el -> el.append("A", TEXT))
                .onDocumentEnd(e -> {
                    throw new Exception("end");
                }).settings();
        Run run = new Run(atEnd).feed("<div>x</div>y", 2);
        assertNull(run.thrown);
        assertEquals("<div>xA</div>y", run.output());
        assertInstanceOf(HandlerException.class, run.rewriter.failure());
    }

    /** Writes {@code html} as two chunks split at {@code split}, then ends. */
    private static Run twoChunks(RewriterSettings s, String html, int split) {
        Run run = new Run(s);
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        run.rewriter.write(java.util.Arrays.copyOf(in, split));
        run.rewriter.write(java.util.Arrays.copyOfRange(in, split, in.length));
        run.rewriter.end();
        return run;
    }

    @Test
    void gracefulBailOutWhileATokenHeldFromTheLastChunkIsFinishedLosesNothing() {
        // The second write first completes the token held from the first one (the chunk is appended to the held
        // tail block by block); a failure there must still pass the rest of that chunk through. Found by fuzzing:
        // the chunk's bytes beyond the first block were dropped.
        String html = "<p>x</p>" + "y".repeat(400) + "<b>" + "z".repeat(600) + "</b><i>" + "w".repeat(600) + "</i>";
        RewriterSettings failsOnY = HtmlRewriter.builder().gracefulBailOut(true).onDocumentText(t -> {
            if (t.text().contains("y")) {
                throw new IllegalStateException("y");
            }
        }).settings();
        for (int split = 1; split < 12; split++) {
            Run run = twoChunks(failsOnY, html, split);
            assertEquals(html, run.output(), "split at " + split);
            assertInstanceOf(HandlerException.class, run.rewriter.failure());
        }
        String comment = "a<!--" + "c".repeat(5000) + "-->b" + "z".repeat(3000);
        RewriterSettings wholeComments = HtmlRewriter.builder().gracefulBailOut(true).memoryLimit(2048)
                .onDocumentComment(c -> c.text()).settings();
        for (int split : new int[] {3, 10, 100}) {
            Run run = twoChunks(wholeComments, comment, split);
            assertEquals(comment, run.output(), "split at " + split);
            assertInstanceOf(MemoryLimitExceededException.class, run.rewriter.failure());
        }
    }

    @Test
    void aHugeTagNoSelectorCanMatchStreamsThroughUnderTheLimit() {
        // Only tags a selector may match (by name here: no selector reads attributes) are held whole.
        String big = "<p>a</p><div data-x=\"" + "x".repeat(50_000) + "\">t</div>";
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(1024)
                .onElement("p", el -> el.setAttribute("class", "k")).settings();
        Run run = new Run(s).feed(big, 100);
        assertNull(run.thrown);
        assertEquals(big.replace("<p>", "<p class=\"k\">"), run.output());
    }

    @Test
    void memoryLimitForAHugeCapturedTag() {
        String big = "<p data-x=\"" + "x".repeat(5000) + "\">t</p>";
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(1024).onElement("p", el -> { }).settings();
        Run run = new Run(s).feed("<p>a</p>" + big, 100);
        MemoryLimitExceededException e = assertInstanceOf(MemoryLimitExceededException.class, run.thrown);
        assertEquals(1024, e.limit());
        assertTrue(e.requested() > 1024, e::getMessage);
        assertTrue(run.output().startsWith("<p>a</p>"), run.output());
        assertThrows(IllegalStateException.class, () -> run.rewriter.write(new byte[1], 0, 1));

        // With graceful bail-out the page is served as it came from there on.
        RewriterSettings graceful = HtmlRewriter.builder().memoryLimit(1024).gracefulBailOut(true)
                .onElement("p", el -> el.append("!", TEXT)).settings();
        Run g = new Run(graceful).feed("<p>a</p>" + big + "<p>b</p>", 100);
        assertNull(g.thrown);
        assertEquals("<p>a!</p>" + big + "<p>b</p>", g.output());
        assertInstanceOf(MemoryLimitExceededException.class, g.rewriter.failure());
    }

    @Test
    void heldBytesNeverExceedTheLimitWhenATextTailAndATokenAreHeldTogether() {
        // A bogus comment held whole (a comment handler) while the text before it keeps "&amp" as its tail (a text
        // handler): found by fuzzing at 1,025 bytes held with a limit of 1,024.
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(1024).onDocumentText(t -> t.text())
                .onDocumentComment(c -> c.text()).settings();
        for (int comment : new int[] {900, 970, 990, 1010, 1100}) {
            byte[] in = ("x&amp<!" + "c".repeat(comment) + ">y").getBytes(StandardCharsets.UTF_8);
            for (int chunk : new int[] {1, 7, 100}) {
                HtmlRewriter r = s.newRewriter((b, off, len) -> { });
                try {
                    for (int i = 0; i < in.length; i += chunk) {
                        r.write(in, i, Math.min(chunk, in.length - i));
                        assertTrue(r.heldBytes() <= 1024, "held " + r.heldBytes() + ", comment " + comment);
                    }
                    r.end();
                    assertTrue(comment < 1024, "a " + comment + "-byte comment cannot be held under a 1024 limit");
                } catch (MemoryLimitExceededException e) {
                    assertTrue(comment > 900, "a 900-byte comment fits; chunk " + chunk + ": " + e);
                }
            }
        }
    }

    @Test
    void memoryLimitForATooDeepElementStack() {
        String deep = "<div>".repeat(200) + "x" + "</div>".repeat(200);
        RewriterSettings withSelectors = HtmlRewriter.builder().memoryLimit(1024).onElement("span", el -> { })
                .settings();
        Run run = new Run(withSelectors).feed(deep, 64);
        assertInstanceOf(MemoryLimitExceededException.class, run.thrown);
        // Without selectors no element stack is kept, so depth costs nothing.
        RewriterSettings noSelectors = HtmlRewriter.builder().memoryLimit(1024).onDocumentText(t -> { }).settings();
        assertEquals(deep, Rewrites.run(noSelectors, deep, 64));
        // A small limit that fits the document is fine.
        String shallow = "<div>".repeat(10) + "x" + "</div>".repeat(10);
        assertEquals(shallow, Rewrites.run(withSelectors, shallow, 1));
    }

    @Test
    void memoryLimitMustBeReasonable() {
        assertThrows(IllegalArgumentException.class, () -> HtmlRewriter.builder().memoryLimit(10));
    }

    @Test
    void heldBytesAreBoundedByTheIncompleteToken() {
        HtmlRewriter r = HtmlRewriter.builder().onElement("a", el -> { }).build((b, off, len) -> { });
        byte[] in = "<p>text</p><a href=\"/very/long".getBytes(StandardCharsets.US_ASCII);
        r.write(in, 0, in.length);
        assertTrue(r.heldBytes() >= "<a href=\"/very/long".length() && r.heldBytes() < in.length, "" + r.heldBytes());
        r.write(">x</a>".getBytes(StandardCharsets.US_ASCII));
        r.end();
    }
}
