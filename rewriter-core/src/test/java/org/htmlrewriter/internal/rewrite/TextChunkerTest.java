package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.internal.memory.MemoryPlan;
import org.junit.jupiter.api.Test;

/**
 * The chunker's own invariants, for any split of the input into chunks: a text chunk never splits a named character
 * reference or a UTF-8 character, the held tail never exceeds its maximum, and each text node has exactly one last
 * chunk, after all of its text.
 */
class TextChunkerTest {
    private static final String DOCUMENT = "<p>a&amp;b&notin;c\u00e9\u20ac\ud83d\ude00&#x1F600;&#128512;"
            + "d&ampx&notit;\r\ne</p><p>\u00e9</p>x&lt<script>&amp;\u00e9</script>tail&";
    /** The decoded text nodes of {@link #DOCUMENT}, in order. */
    private static final List<String> NODES = List.of("a&b\u2209c\u00e9\u20ac\ud83d\ude00\ud83d\ude00\ud83d\ude00"
            + "d&x\u00acit;\ne", "\u00e9", "x<", "&amp;\u00e9", "tail&");

    /** What a document text handler saw: per node, its chunks' texts; and the most held between chunks. */
    private static final class Seen {
        final List<List<String>> nodes = new ArrayList<>();
        List<String> current = new ArrayList<>();
        long mostHeld;
    }

    /** An engine with one document text handler, writing to {@code out}. */
    private static RewriterEngine engine(TextHandler handler, ByteArrayOutputStream out) {
        CompiledSettings settings = new CompiledSettings(StandardCharsets.UTF_8, null,
                new org.htmlrewriter.ElementHandler[0], new org.htmlrewriter.CommentHandler[0], new TextHandler[0],
                new org.htmlrewriter.TextNodeHandler[0], List.of(), List.of(), List.of(handler), List.of(), List.of(),
                MemoryPlan.forRewriter(MemoryPlan.DEFAULT_LIMIT), false, false, true, false, false, null, false,
                false);
        return new RewriterEngine(settings, (b, off, len) -> out.write(b, off, len), null);
    }

    private static Seen rewrite(int[] cuts) {
        Seen seen = new Seen();
        TextHandler handler = t -> {
            seen.current.add(t.text());
            if (t.isLastInTextNode()) {
                seen.nodes.add(seen.current);
                seen.current = new ArrayList<>();
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriterEngine engine = engine(handler, out);
        byte[] in = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int cut : cuts) {
            byte[] chunk = java.util.Arrays.copyOfRange(in, from, Math.min(cut, in.length));
            engine.feed(chunk, 0, chunk.length);
            seen.mostHeld = Math.max(seen.mostHeld, engine.chunker.heldBytes());
            from = Math.min(cut, in.length);
        }
        byte[] rest = java.util.Arrays.copyOfRange(in, from, in.length);
        engine.feed(rest, 0, rest.length);
        engine.finish();
        assertEquals(DOCUMENT, out.toString(StandardCharsets.UTF_8), "text handlers that change nothing");
        assertTrue(seen.current.isEmpty(), "chunks after the last of their node: " + seen.current);
        return seen;
    }

    private static void check(int[] cuts) {
        Seen seen = rewrite(cuts);
        String where = "cuts " + java.util.Arrays.toString(cuts) + ": " + seen.nodes;
        assertEquals(NODES.size(), seen.nodes.size(), "one last chunk per text node; " + where);
        for (int i = 0; i < NODES.size(); i++) {
            assertEquals(NODES.get(i), String.join("", seen.nodes.get(i)), where);
            List<String> chunks = seen.nodes.get(i);
            for (String chunk : chunks) {
                assertEquals(-1, chunk.indexOf('\ufffd'), "a split character; " + where);
                assertTrue(chunk.isEmpty() || !Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)),
                        "a split supplementary character; " + where);
            }
        }
        assertTrue(seen.mostHeld <= TextChunker.MAX_CARRY, "held " + seen.mostHeld + "; " + where);
    }

    @Test
    void wholeDocument() {
        check(new int[0]);
    }

    @Test
    void everyByteItsOwnChunk() {
        int n = DOCUMENT.getBytes(StandardCharsets.UTF_8).length;
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = i + 1;
        }
        check(cuts);
    }

    @Test
    void everySplitInTwo() {
        int n = DOCUMENT.getBytes(StandardCharsets.UTF_8).length;
        for (int cut = 1; cut < n; cut++) {
            check(new int[] {cut});
        }
    }

    @Test
    void randomSplits() {
        int n = DOCUMENT.getBytes(StandardCharsets.UTF_8).length;
        Random random = new Random(16);
        for (int round = 0; round < 200; round++) {
            int[] cuts = random.ints(1 + random.nextInt(8), 1, n).sorted().toArray();
            check(cuts);
        }
    }

    @Test
    void theHeldTailNeverExceedsItsMaximum() {
        // A long run of a named reference's letters with no end, fed a byte at a time: held only while it may be one.
        StringBuilder s = new StringBuilder("<p>");
        s.append("&").append("a".repeat(5 * TextChunker.MAX_CARRY)).append("</p>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriterEngine engine = engine(t -> { }, out);
        byte[] in = s.toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            engine.feed(in, i, 1);
            assertTrue(engine.chunker.heldBytes() <= TextChunker.MAX_CARRY, "at byte " + i);
        }
        engine.finish();
        assertEquals(s.toString(), out.toString(StandardCharsets.UTF_8));
    }
}
