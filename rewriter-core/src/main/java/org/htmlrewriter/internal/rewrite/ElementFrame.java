package org.htmlrewriter.internal.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * What an open element still owes the output when it closes: content before and after its end tag, a new name or
 * removal of the end tag, end-tag handlers, and the comment/text handler scopes its start tag opened.
 */
final class ElementFrame {
    final ContentList endBefore = new ContentList();
    final ContentList endAfter = new ContentList();
    boolean endRemoved;
    /** What an end-tag handler replaced the end tag with ({@code EndTag.replace}), or null. */
    ContentList endReplacement;
    /** The start tag was removed: content inserted inside now is read in the parent's (normal) content. */
    boolean startRemoved;
    boolean removeContent;
    /** The end tag's new name, as written (see {@link ForeignNames}). */
    String endName;
    /** The element's namespace URI: how a new end-tag name is written. */
    String namespace;
    /** The element's name, for end tags implied without bytes. */
    String elementName;
    /** Text mode of the element's content: where content inserted before the end tag lands. */
    org.htmlrewriter.internal.tokenizer.TextMode contentMode;
    String rawTextElementName;
    List<EndTagHandler> endTagHandlers;
    private int[] activations = new int[0];
    /** With the start tag removed: the tokenizer state the output was left in after it (see RewriterEngine). */
    int outputStateAfterRemoval;
    /** What the engine's memory account holds for this frame. */
    long charged;

    /**
     * Whether closing the element writes something at the place it closes (content, end-tag handlers, a renamed or
     * removed end tag, the end of removed content): the tag that closes it must then be held whole. Fixed once the
     * start tag's handlers have run.
     */
    boolean owesOutputAtClose() {
        return !endBefore.isEmpty() || !endAfter.isEmpty() || endTagHandlers != null || endName != null
                || endRemoved || removeContent || startRemoved;
    }

    /** Heap this frame keeps while its element is open (see {@code MemoryMeter}). */
    long heapBytes() {
        long bytes = MemoryMeter.objectBytes(64) + 2 * ContentList.EMPTY_BYTES + endBefore.heapBytes()
                + endAfter.heapBytes() + MemoryMeter.arrayBytes(4, activations.length);
        if (endTagHandlers != null) {
            bytes += MemoryMeter.objectBytes(16) + MemoryMeter.arrayBytes(4, Math.max(10, endTagHandlers.size()));
        }
        if (endReplacement != null) {
            bytes += ContentList.EMPTY_BYTES + endReplacement.heapBytes();
        }
        if (endName != null) {
            bytes += MemoryMeter.objectBytes(12) + MemoryMeter.arrayBytes(1, 2L * endName.length());
        }
        return bytes;
    }

    void addActivation(int registration) {
        activations = java.util.Arrays.copyOf(activations, activations.length + 1);
        activations[activations.length - 1] = registration;
    }

    int[] activations() {
        return activations;
    }

    void addEndTagHandler(EndTagHandler h) {
        if (endTagHandlers == null) {
            endTagHandlers = new ArrayList<>(2);
        }
        endTagHandlers.add(h);
    }
}
