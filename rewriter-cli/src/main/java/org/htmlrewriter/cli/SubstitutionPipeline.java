package org.htmlrewriter.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;
import org.htmlrewriter.DocumentContext;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextType;

/**
 * The {@code text-substitute} rules of one rule set, applied in rule order to each text node they reach, across the
 * chunks the core delivers the node in.
 *
 * <p>Each rule is a stage with its own held-back tail (fewer characters than its pattern). A stage reads the chunk's
 * text as the stages before it left it, prepends what it held back from the previous chunk, and the chunk is
 * replaced (as {@link ContentType#TEXT}, escaped for where it lands) when the result differs. Once a chunk of a
 * node has been replaced, the node's later chunks are too, so that raw bytes and decoded text never meet in the
 * middle of a character reference the core had to cut (an over-long numeric reference); for the same reason a chunk
 * that ends inside such a reference is replaced. Text that another rule removed or replaced ({@code text-remove},
 * {@code text-replace-*}) is left to it. Only normal text ({@link TextType#DATA}) and {@code title}/{@code textarea}
 * text ({@link TextType#RCDATA}) are changed: script, style and other raw text are left as they are.
 *
 * <p>The core calls text handlers with a selector before those of the whole document, whatever the order they were
 * registered in. So that stages run in rule order anyway, the handler of a stage with a selector only marks the
 * chunk as in its scope, and one handler registered after them (for the whole document if a stage is, else for all
 * the stages' selectors) runs the marked stages in order.
 *
 * <p>Handlers are shared by every rewriter made from the settings, so the per-document state (the tails held back)
 * lives in each document's {@link DocumentContext}, under a key of this pipeline's own; it goes when the rewriter
 * does. The handlers of one document run on one thread at a time, as the rewriter does.
 */
final class SubstitutionPipeline {
    private static final Pattern OPEN_NUMERIC_REFERENCE = Pattern.compile("&#(?:[xX][0-9a-fA-F]*|[0-9]*)$");

    /** One rule: its selector (null for the whole document) and its substitution. */
    record Stage(String selector, TextSubstitution substitution) {
    }

    private final List<Stage> stages;
    private final DocumentContext.Key<Document> state = DocumentContext.Key.named("text-substitute", Document.class);

    SubstitutionPipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /** Registers the handlers; call before other text handlers, so that {@code text-remove} and the like win. */
    void register(HtmlRewriter.Builder b) {
        List<String> selectors = new ArrayList<>();
        boolean wholeDocument = false;
        for (int i = 0; i < stages.size(); i++) {
            String selector = stages.get(i).selector();
            if (selector == null) {
                wholeDocument = true;
            } else {
                int stage = i;
                b.onText(selector, chunk -> {
                    if (applies(chunk)) {
                        document(chunk).mark(chunk, stage);
                    }
                });
                selectors.add(selector);
            }
        }
        TextHandler run = chunk -> {
            if (applies(chunk)) {
                document(chunk).run(chunk, stages);
            }
        };
        if (wholeDocument) {
            b.onDocumentText(run);
        } else {
            b.onText(String.join(", ", selectors), run);
        }
    }

    private static boolean applies(TextChunk chunk) {
        TextType type = chunk.textType();
        return type == TextType.DATA || type == TextType.RCDATA;
    }

    private Document document(TextChunk chunk) {
        return chunk.context().computeIfAbsent(state, () -> new Document(stages.size()));
    }

    /** What one document's stages remember between chunks, and what they know of the chunk at hand. */
    private static final class Document {
        private final String[] held;
        private long chunkStart = -1;
        private long chunkEnd = -1;
        private boolean chunkLast = true;
        private boolean chunkDone = true;
        /** The stages with a selector whose scope the chunk is in. */
        private final BitSet marked = new BitSet();
        /** A stage replaced an earlier chunk of this node: replace every later one. */
        private boolean nodeReplaced;

        Document(int stages) {
            held = new String[stages];
            Arrays.fill(held, "");
        }

        /** Starts over if {@code chunk} is not the chunk seen last. */
        private void see(TextChunk chunk) {
            SourceLocation at = chunk.sourceLocation();
            boolean last = chunk.isLastInTextNode();
            if (chunkDone || at.start() != chunkStart || at.end() != chunkEnd || last != chunkLast) {
                if (chunkLast) {
                    nodeReplaced = false; // the chunk seen last ended its node: this one starts a new node
                }
                chunkStart = at.start();
                chunkEnd = at.end();
                chunkLast = last;
                chunkDone = false;
                marked.clear();
            }
        }

        void mark(TextChunk chunk, int stage) {
            see(chunk);
            marked.set(stage);
        }

        void run(TextChunk chunk, List<Stage> stages) {
            see(chunk);
            chunkDone = true;
            boolean last = chunk.isLastInTextNode();
            if (chunk.isRemoved()) {
                // Another rule removed or replaced this text: it stays that way, and nothing is held for it.
                Arrays.fill(held, "");
                return;
            }
            if (!last && OPEN_NUMERIC_REFERENCE.matcher(chunk.rawText()).find()) {
                nodeReplaced = true;
            }
            String text = chunk.text();
            String current = text;
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                if (stage.selector() != null && !marked.get(i)) {
                    continue;
                }
                String input = held[i].isEmpty() ? current : held[i] + current;
                StringBuilder out = new StringBuilder(input.length() + 16);
                held[i] = stage.substitution().feed(input, last, out);
                current = out.toString();
            }
            if (nodeReplaced || !current.equals(text)) {
                chunk.replace(current, ContentType.TEXT);
                nodeReplaced = true;
            }
        }
    }
}
