package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.htmlrewriter.content.TextNode;
import org.junit.jupiter.api.Test;

/**
 * {@link TextNode} through {@link HtmlRewriter.Builder#onTextNode} and {@link HtmlRewriter.Builder#onDocumentTextNode}:
 * a handler sees each text node whole and once, however the input is split ({@link Rewrites#rewrite} checks 1-byte,
 * 7-byte and whole-input chunking).
 */
class TextNodeTest {

    private static String describe(TextNode n) {
        return n.textType() + " " + n.sourceLocation() + " [" + n.rawText() + "] [" + n.text() + "]";
    }

    @Test
    void aNodeIsTheTextBetweenTwoOtherTokensReadWhole() {
        for (int chunk : new int[] {1, 3, 7, 1000}) {
            List<String> seen = new ArrayList<>();
            RewriterSettings s = HtmlRewriter.builder().onDocumentTextNode(n -> seen.add(describe(n))).settings();
            String in = "<p>a &amp; b\r\nc</p><script>x &amp; </b> y</script><textarea>&lt;t&gt;</textarea>z";
            assertEquals(in, Rewrites.run(s, in, chunk));
            assertEquals(List.of(
                    "DATA [3, 15) [a &amp; b\r\nc] [a & b\nc]",
                    "SCRIPT_DATA [27, 41) [x &amp; </b> y] [x &amp; </b> y]",
                    "RCDATA [60, 69) [&lt;t&gt;] [<t>]",
                    "DATA [80, 81) [z] [z]"), seen, "chunks of " + chunk);
        }
    }

    @Test
    void emptyNodesAreNeverReported() {
        List<String> seen = new ArrayList<>();
        String in = "<p></p><!--c--><script></script><title></title><b>";
        assertEquals(in, Rewrites.rewrite(HtmlRewriter.builder().onDocumentTextNode(n -> seen.add(n.rawText())), in));
        assertEquals(List.of(), seen);
    }

    @Test
    void beforeAfterAndReplaceAreWrittenOnceWhateverTheChunking() {
        String in = "<p>one two three four</p><p>x</p>";
        assertEquals("<p>[(ONE)]</p><p>[(ONE)]</p>", Rewrites.rewrite(HtmlRewriter.builder().onTextNode("p", n -> {
            n.before("[", HTML);
            n.before("(", HTML);
            n.after("]", HTML); // after() adds next to the node, before earlier after() content
            n.after(")", HTML);
            n.replace("ignored", TEXT);
            n.replace("ONE", TEXT);
        }), in));
    }

    @Test
    void removeKeepsTheInsertedContent() {
        List<Boolean> removed = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().onDocumentTextNode(n -> {
            removed.add(n.isRemoved());
            n.before("<", TEXT);
            n.remove();
            removed.add(n.isRemoved());
            n.after(">", TEXT);
        }), "<p>gone</p>");
        assertEquals("<p>&lt;&gt;</p>", out);
        assertEquals(List.of(false, true, false, true, false, true), removed); // three chunkings
    }

    @Test
    void textIsEscapedForWhereItLandsAndRawTextKeepsIt() {
        RewriterSettings s = HtmlRewriter.builder().onDocumentTextNode(n -> n.replace("a<b & c", TEXT)).settings();
        assertEquals("<p>a&lt;b &amp; c</p><style>a<b & c</style>",
                Rewrites.run(s, "<p>x</p><style>y</style>", 1));
        RewriterSettings ending = HtmlRewriter.builder()
                .onTextNode("script", n -> n.replace("</script>", TEXT)).settings();
        assertThrows(HandlerException.class, () -> Rewrites.run(ending, "<script>x</script>", 4));
    }

    @Test
    void selectorsReachTextInDescendantsOnly() {
        List<String> seen = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().onTextNode("div", n -> {
            seen.add(n.text());
            n.replace(n.text().toUpperCase(), TEXT);
        }), "a<div>b<i>c</i>d</div>e<div></div>");
        assertEquals("a<div>B<i>C</i>D</div>e<div></div>", out);
        assertEquals(List.of("b", "c", "d", "b", "c", "d", "b", "c", "d"), seen); // three chunkings
    }

    @Test
    void theDocumentHandlerSeesEveryNodeAfterTheSelectorsHandlers() {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder()
                .onDocumentTextNode(n -> seen.add("document " + n.rawText()))
                .onTextNode("b", n -> seen.add("b " + n.rawText()))
                .settings();
        Rewrites.run(s, "x<b>y</b>\n", 2);
        assertEquals(List.of("document x", "b y", "document y", "document \n"), seen);
    }

    @Test
    void nodeHandlersRunFirstAndChunkHandlersSeeTheNodeInsideTheirContent() {
        List<String> calls = new ArrayList<>();
        StringBuilder chunks = new StringBuilder();
        RewriterSettings s = HtmlRewriter.builder()
                .onText("p", t -> {
                    calls.add("chunk");
                    chunks.append(t.text());
                    if (t.isLastInTextNode()) {
                        t.after("}", HTML);
                    }
                    if (t.rawText().isEmpty()) {
                        return;
                    }
                    t.before("{", HTML);
                })
                .onTextNode("p", n -> {
                    calls.add("node");
                    n.before("[", HTML);
                    n.after("]", HTML);
                })
                .settings();
        String out = Rewrites.run(s, "<p>ab &amp; c</p>", 1);
        assertEquals("node", calls.get(0));
        assertTrue(calls.size() > 1);
        assertEquals("ab & c", chunks.toString());
        assertTrue(out.startsWith("<p>[{") && out.endsWith("}]</p>"), out);
    }

    @Test
    void chunkHandlersDoNotSeeANodeTheNodeHandlerRemovedOrReplaced() {
        List<String> chunks = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder()
                .onDocumentText(t -> chunks.add(t.rawText()))
                .onTextNode("p", n -> n.replace("R", TEXT)), "<p>text</p>");
        assertEquals("<p>R</p>", out);
        assertEquals(List.of(), chunks);
    }

    @Test
    void theNodeIsHeldFromItsFirstByteOutputBeforeItHasGoneOut() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = HtmlRewriter.builder().onTextNode("p", n -> n.replace("[" + n.text() + "]", TEXT))
                .build(out::write);
        byte[] first = "<p>hello ".getBytes(StandardCharsets.UTF_8);
        r.write(first);
        assertEquals("<p>", out.toString(StandardCharsets.UTF_8));
        assertEquals(6, r.heldBytes());
        r.write("world</p>".getBytes(StandardCharsets.UTF_8));
        assertEquals("<p>[hello world]</p>", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, r.heldBytes());
        r.end();
    }

    @Test
    void aNodeOverTheMemoryLimitFails() {
        String big = "<p>" + "x".repeat(5000) + "</p>";
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(4096).onTextNode("p", n -> n.remove()).settings();
        assertThrows(MemoryLimitExceededException.class, () -> Rewrites.run(s, big, 100));
        // Text-chunk handlers alone stream the same node within the limit.
        assertEquals("<p></p>", Rewrites.run(HtmlRewriter.builder().memoryLimit(4096)
                .onText("p", t -> t.remove()).settings(), big, 100));
    }

    @Test
    void withGracefulBailOutAnOversizedNodeAndTheRestPassThroughUnchanged() {
        String in = "<p>short</p><p>" + "\u00e9".repeat(3000) + "</p><p>after</p>";
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(4096).gracefulBailOut(true)
                .onTextNode("p", n -> n.replace("R", TEXT)).settings();
        for (int chunk : new int[] {1, 64, 100_000}) {
            assertEquals("<p>R</p>" + in.substring("<p>short</p>".length()) + " failed: MemoryLimitExceededException",
                    bailingOut(s, in, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void aFailingHandlerWithGracefulBailOutLeavesItsNodeAsItCame() {
        String in = "<p>a</p><p>fail here</p><p>b</p>";
        RewriterSettings s = HtmlRewriter.builder().gracefulBailOut(true).onTextNode("p", n -> {
            if (n.text().startsWith("fail")) {
                throw new IllegalStateException("no");
            }
            n.replace("R", TEXT);
        }).settings();
        for (int chunk : new int[] {1, 5, 100}) {
            assertEquals("<p>R</p><p>fail here</p><p>b</p> failed: HandlerException", bailingOut(s, in, chunk));
        }
    }

    /** The output of a rewriter with graceful bail-out, fed {@code chunk}-byte pieces, and the failure it had. */
    private static String bailingOut(RewriterSettings s, String in, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = s.newRewriter(out::write);
        byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            r.write(bytes, i, Math.min(chunk, bytes.length - i));
        }
        r.end();
        return out.toString(StandardCharsets.UTF_8)
                + (r.failure() == null ? "" : " failed: " + r.failure().getClass().getSimpleName());
    }

    @Test
    void aChunkHandlerFailingInsideAHeldNodeLosesNothingWithGracefulBailOut() {
        String in = "<p>abcdefghij</p>rest";
        RewriterSettings s = HtmlRewriter.builder().gracefulBailOut(true)
                .onTextNode("p", n -> n.before("[", HTML))
                .onText("p", t -> {
                    if (t.isLastInTextNode()) {
                        throw new IllegalStateException("late");
                    }
                    t.replace(t.text().toUpperCase(), TEXT);
                })
                .settings();
        // The node goes to the chunk handler as one chunk, then an empty last one, which fails.
        assertEquals("<p>[ABCDEFGHIJ</p>rest failed: HandlerException", bailingOut(s, in, 1));
    }

    @Test
    void theViewIsValidOnlyDuringTheCall() {
        TextNode[] kept = new TextNode[1];
        Rewrites.run(HtmlRewriter.builder().onDocumentTextNode(n -> kept[0] = n).settings(), "x", 1);
        TextNode n = kept[0];
        assertThrows(IllegalStateException.class, n::text);
        assertThrows(IllegalStateException.class, n::rawText);
        assertThrows(IllegalStateException.class, n::textType);
        assertThrows(IllegalStateException.class, n::sourceLocation);
        assertThrows(IllegalStateException.class, n::isRemoved);
        assertThrows(IllegalStateException.class, n::context);
        assertThrows(IllegalStateException.class, () -> n.before("y", TEXT));
        assertThrows(IllegalStateException.class, () -> n.after("y", TEXT));
        assertThrows(IllegalStateException.class, () -> n.replace("y", TEXT));
        assertThrows(IllegalStateException.class, n::remove);
        IllegalStateException e = assertThrows(IllegalStateException.class, n::text);
        assertTrue(e.getMessage().startsWith("TextNode used after"), e.getMessage());
    }

    @Test
    void textInRemovedContentIsNotReported() {
        List<String> seen = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("div", el -> el.setInnerContent("new", TEXT))
                .onDocumentTextNode(n -> seen.add(n.rawText())), "a<div>old</div>b");
        assertEquals("a<div>new</div>b", out);
        assertEquals(List.of("a", "b", "a", "b", "a", "b"), seen);
    }

    @Test
    void worksBesideAsynchronousElementHandlers() throws Exception {
        // The body the first words imply has an asynchronous handler: the words wait for it, then form one node.
        RewriterSettings s = HtmlRewriter.builder()
                .onElementAsync("body", el -> CompletableFuture.runAsync(() -> el.prepend("<!--b-->", HTML)))
                .onDocumentTextNode(n -> n.replace("[" + n.text() + "]", TEXT))
                .settings();
        String in = "<title>t</title> hello world<p>x";
        for (int chunk : new int[] {1, 4, 100}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AsyncHtmlRewriter r = s.newAsyncRewriter(out::write);
            byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i += chunk) {
                byte[] piece = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk));
                r.write(piece, 0, piece.length).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            r.end().toCompletableFuture().get(10, TimeUnit.SECONDS);
            synchronized (out) {
                assertEquals("<title>[t]</title>[ ]<!--b-->[hello world]<p>[x]", out.toString(StandardCharsets.UTF_8),
                        "chunks of " + chunk);
            }
        }
    }

    @Test
    void anOversizedNodeAfterAPendingImpliedElementPassesThroughWithGracefulBailOut() throws Exception {
        // The words after the implied body wait (copied, counted) for its handler; held as a node when they go on,
        // they no longer fit in the limit beside their copy: they and the rest pass through as they came, nothing
        // lost (only what the body's handler added before goes out changed).
        String words = "w".repeat(3000);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        RewriterSettings s = HtmlRewriter.builder().memoryLimit(4096).gracefulBailOut(true)
                .onElementAsync("body", el -> gate.thenRun(() -> el.prepend("<!--b-->", HTML)))
                .onDocumentTextNode(n -> n.replace("R", TEXT))
                .settings();
        byte[] in = ("<title>t</title>" + words + "<p>x").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter r = s.newAsyncRewriter(out::write);
        CompletableFuture<Void> written = r.write(in, 0, in.length).toCompletableFuture();
        assertFalse(written.isDone(), "the body's handler is pending");
        gate.complete(null);
        written.get(10, TimeUnit.SECONDS);
        r.end().toCompletableFuture().get(10, TimeUnit.SECONDS);
        String output;
        synchronized (out) {
            output = out.toString(StandardCharsets.UTF_8);
        }
        assertTrue(output.equals("<title>R</title><!--b-->" + words + "<p>x"),
                () -> output.length() + " characters: " + output.replace(words, "(the words)"));
        assertInstanceOf(MemoryLimitExceededException.class, r.failure());
    }

    @Test
    void contextIsTheDocuments() {
        List<Boolean> same = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter[] r = new HtmlRewriter[1];
        r[0] = HtmlRewriter.builder().onDocumentTextNode(n -> same.add(n.context() == r[0].context()))
                .build(out::write);
        r[0].write("x<b>".getBytes(StandardCharsets.UTF_8));
        r[0].end();
        assertEquals(List.of(true), same);
    }
}
