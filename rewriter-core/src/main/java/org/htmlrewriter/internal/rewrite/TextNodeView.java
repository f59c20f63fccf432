package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.TextNode;

/**
 * The {@link TextNode} handed to text-node handlers: the whole node read as one chunk that is the last of its node
 * (its bytes are the engine's {@link TextNodeCollector}'s), with the same decoding, encoding and mutations.
 */
final class TextNodeView extends TextChunkView implements TextNode {
    TextNodeView(ViewContext views, TextChunker chunker) {
        super(views, chunker);
    }

    /** Views the node held in {@code node}, of text mode {@code mode}. */
    void reset(TextNodeCollector node, org.htmlrewriter.internal.tokenizer.TextMode mode) {
        reset(node.buf, 0, node.length, mode, true, node.start, OpenNumericReference.NONE, false, -1,
                node.startState, node.endState);
    }
}
