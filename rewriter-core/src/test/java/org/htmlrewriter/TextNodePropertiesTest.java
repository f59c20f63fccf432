package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Properties of whole text nodes over random documents (those of {@link ChunkingPropertiesTest}) split into random
 * chunks: what text-node handlers write does not depend on the chunking, and the nodes they see are exactly the
 * nodes the text chunks make up.
 */
class TextNodePropertiesTest {
    private static final int EXAMPLES = Integer.getInteger("htmlrewriter.qtExamples", 200);

    private static QuickTheory theory() {
        return qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 2026_1203L)).withExamples(EXAMPLES)
                .withShrinkCycles(10);
    }

    @Test
    void nodeHandlersWriteWhatTheWholeDocumentGives() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            String html = RandomHtml.messy(seed, 40);
            Random r = new Random(seed);
            String selector = RandomHtml.selector(r);
            ContentType type = r.nextBoolean() ? ContentType.TEXT : ContentType.HTML;
            RewriterSettings s = HtmlRewriter.builder().gracefulBailOut(true)
                    .onTextNode(selector, n -> {
                        n.before("<", type);
                        n.after(">", type);
                    })
                    .onDocumentTextNode(n -> n.replace("[" + n.text() + "]", type))
                    .onText(selector, t -> {
                        if (t.isLastInTextNode()) {
                            t.after("!", ContentType.TEXT);
                        }
                    })
                    .settings();
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            String whole = ChunkingPropertiesTest.run(s, in, new int[] {in.length + 1});
            for (int[] sizes : ChunkingPropertiesTest.chunkings(seed, in.length)) {
                assertEquals(whole, ChunkingPropertiesTest.run(s, in, sizes), () -> "seed " + seed + ", chunks "
                        + java.util.Arrays.toString(sizes) + ", selector " + selector + " " + type
                        + "\ndocument: " + html);
            }
        });
    }

    @Test
    void theNodesAreTheChunksJoinedAndTheirBytesAreTheInputs() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            String html = RandomHtml.messy(seed, 40);
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            String selector = RandomHtml.selector(new Random(seed));
            for (int[] sizes : ChunkingPropertiesTest.chunkings(seed, in.length)) {
                List<String> fromChunks = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                StringBuilder raw = new StringBuilder();
                long[] start = {-1};
                RewriterSettings chunks = HtmlRewriter.builder().onText(selector, t -> {
                    if (start[0] < 0) {
                        start[0] = t.sourceLocation().start();
                    }
                    text.append(t.text());
                    raw.append(t.rawText());
                    if (t.isLastInTextNode()) {
                        if (raw.length() > 0) {
                            fromChunks.add(start[0] + " " + t.textType() + " [" + raw + "] [" + text + "]");
                        }
                        text.setLength(0);
                        raw.setLength(0);
                        start[0] = -1;
                    }
                }).settings();
                List<String> nodes = new ArrayList<>();
                RewriterSettings whole = HtmlRewriter.builder().onTextNode(selector, n -> {
                    assertFalse(n.rawText().isEmpty(), "an empty node was reported");
                    long from = n.sourceLocation().start();
                    String bytes = new String(in, (int) from, (int) n.sourceLocation().length(),
                            StandardCharsets.UTF_8);
                    assertEquals(bytes, n.rawText(), "the node's bytes are the input's at its location");
                    nodes.add(from + " " + n.textType() + " [" + n.rawText() + "] [" + n.text() + "]");
                }).settings();
                String unchanged = new String(in, StandardCharsets.ISO_8859_1); // as run() reads the output
                assertEquals(unchanged, ChunkingPropertiesTest.run(chunks, in, sizes));
                assertEquals(unchanged, ChunkingPropertiesTest.run(whole, in, sizes), () -> "seed " + seed);
                assertEquals(fromChunks, nodes, () -> "seed " + seed + ", chunks " + java.util.Arrays.toString(sizes)
                        + ", selector " + selector + "\ndocument: " + html);
            }
        });
    }
}
