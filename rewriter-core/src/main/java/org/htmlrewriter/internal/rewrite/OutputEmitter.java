package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.Tokenizer;

/**
 * The engine's output: what of the input is written, where inserted content goes, and how far the output is final.
 *
 * <p>Unchanged input leaves as slices of the caller's chunk (adjacent slices coalesced into one sink call, flushed
 * before the engine's {@code feed} returns); changed or inserted content is encoded into fresh arrays. Content
 * inside an element whose content was removed is dropped ({@link #suppressDepth}).
 *
 * <p>It also keeps the insertion point: where inserted or removed content left the output reading differently from
 * the input ({@link #pointOffset}), so that the input written after it is still read as the input reads it.
 *
 * <p>Not thread-safe: one per engine, driven by its thread.
 */
final class OutputEmitter {
    private final OutputSink out;
    private final Tokenizer tokenizer;
    /** The document's content encoder (its charset follows a {@code <meta>} charset switch). */
    final ContentEncoder encoder;

    // Output coalescing over the caller's chunk array.
    private byte[] chunkArray;
    private byte[] pendingBuf;
    private int pendingStart;
    private int pendingEnd;

    /**
     * The tokenizer state of the output written so far, where it differs from the input's: after TEXT content
     * inserted at input offset {@link #pointOffset} (see {@link #emitText}). Elsewhere the output is read as the
     * input is, and the input's state at an offset is what the tokenizer reports.
     */
    private int pointState;
    private long pointOffset = -1;
    /** The input's state at {@link #pointOffset}: what the output must read like again before the input goes on. */
    private int pointInputState;

    /** Depth of the element whose content is being removed, or 0: while it is not 0, nothing is written. */
    int suppressDepth;

    /**
     * Since the last start tag, text whose raw-text mode lenient mode only guessed had a {@code <}: read as normal
     * content (the other reading), it may have opened a tag that TEXT inserted now would continue, so TEXT is refused
     * until the next start tag.
     */
    boolean guessedTextHadLessThan;

    /** Stream offset of the first input byte whose output is not final yet. */
    private long outputUpTo;

    OutputEmitter(OutputSink out, Tokenizer tokenizer, ContentEncoder encoder) {
        this.out = out;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Chunks and the output's progress

    /** The caller's chunk being rewritten: slices of it are coalesced until {@link #flushPending}. */
    void beginChunk(byte[] chunk) {
        chunkArray = chunk;
    }

    /** The chunk is done (the pending slice was flushed, or the engine failed). */
    void endChunk() {
        chunkArray = null;
    }

    /** Stream offset of the first input byte whose output is not final yet. */
    long outputUpTo() {
        return outputUpTo;
    }

    /** The output of the input before stream offset {@code offset} is final (written, or decided and pending). */
    void advanceTo(long offset) {
        outputUpTo = offset;
    }

    /** Writes the coalesced slice, if any. */
    void flushPending() {
        if (pendingBuf != null) {
            byte[] b = pendingBuf;
            pendingBuf = null;
            out.write(b, pendingStart, pendingEnd - pendingStart);
        }
    }

    /** Forgets the coalesced slice without writing it (after a failure, once what could be written was). */
    void dropPending() {
        pendingBuf = null;
    }

    /** Writes bytes straight to the sink: no suppression, no coalescing (graceful bail-out). */
    void writeRaw(byte[] b, int off, int len) {
        out.write(b, off, len);
    }

    /** The document's charset changed: what was decided goes out in the old one, then the sink is told. */
    void charsetChanged(Charset cs) {
        flushPending();
        out.charsetChanged(cs);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    void emitInput(byte[] b, int start, int end) {
        if (suppressDepth > 0 || end <= start) {
            return;
        }
        if (b == pendingBuf && start == pendingEnd) {
            pendingEnd = end;
            return;
        }
        flushPending();
        if (b == chunkArray) {
            pendingBuf = b;
            pendingStart = start;
            pendingEnd = end;
        } else {
            out.write(b, start, end - start);
        }
    }

    void emitBytes(byte[] b) {
        if (suppressDepth > 0 || b.length == 0) {
            return;
        }
        flushPending();
        out.write(b, 0, b.length);
    }

    /**
     * Writes inserted content at input offset {@code at}, where the input leaves the tokenizer in {@code inputState}.
     * TEXT pieces go through {@link #emitText}; HTML is written as it is (it is not parsed: the handler answers for
     * what it does to the reading of what follows).
     */
    void emitContent(ContentList list, long at, int inputState) {
        if (list == null || list.isEmpty() || suppressDepth > 0) {
            return;
        }
        for (Content c : list.pieces()) {
            if (c.producer != null) {
                emitStreamed(c, at, inputState);
            } else if (c.text) {
                emitText(c, at, inputState);
            } else {
                emitBytes(c.bytes);
            }
        }
    }

    /**
     * TEXT never becomes markup: it is written only if, read from the state the output is in at this point (what the
     * input's bytes before it, and TEXT inserted here before it, left), it forms no markup and leaves the tokenizer
     * reading what follows as the input's bytes are read. Where character references are read and the point is
     * right after a {@code <} (or {@code </}, {@code </ti}) that may still start markup, its first character is
     * written as a reference, which settles that {@code <} as text. Anything else is refused: the handler's content
     * fails the document ({@link HandlerException}) rather than change where elements start or end. Handlers are told
     * earlier, when they insert, if their content cannot go where it lands (see {@link ContentEncoder}); this check
     * also covers what was not known then (the state an element's content ends in, before its end tag).
     */
    private void emitText(Content c, long at, int inputState) {
        int state = pointOffset == at ? pointState : inputState;
        if (guessedTextHadLessThan) {
            state = InsertionStates.UNKNOWN;
        }
        String endTag = tokenizer.appropriateEndTagName();
        byte[] bytes = TextPlacement.place(c.bytes, c.escaped, state, endTag);
        if (bytes == null) {
            throw new HandlerException("content inserted as TEXT at byte " + at + " would form markup there ("
                    + InsertionStates.describe(state) + ")", new IllegalArgumentException("TEXT that would form "
                    + "markup after what precedes it: " + TextPlacement.preview(c.bytes, encoder.charset())));
        }
        emitBytes(bytes);
        pointInputState = pointOffset == at ? pointInputState : inputState;
        pointState = InsertionStates.run(state, endTag, bytes, 0, bytes.length);
        pointOffset = at;
    }

    /**
     * Content produced while it is written ({@link org.htmlrewriter.content.StreamingContent}): its pieces go out as
     * they come; TEXT is checked as {@link #emitText} checks a string, across the pieces
     * ({@link StreamedContentWriter}).
     */
    private void emitStreamed(Content c, long at, int inputState) {
        int state = pointOffset == at ? pointState : inputState;
        if (guessedTextHadLessThan) {
            state = InsertionStates.UNKNOWN;
        }
        StreamedContentWriter w = new StreamedContentWriter(this, c, state, tokenizer.appropriateEndTagName(), at);
        try {
            c.producer.writeTo(w);
        } catch (Throwable e) {
            throw HandlerDispatcher.handlerFailed(e, "streaming content");
        } finally {
            w.close();
        }
        int after = w.finish();
        if (!c.text) {
            return;
        }
        pointInputState = pointOffset == at ? pointInputState : inputState;
        pointState = after;
        pointOffset = at;
    }

    // ---------------------------------------------------------------------------------------------------------
    // The insertion point

    /** Whether the output may read differently from the input somewhere (then input written is checked first). */
    boolean hasPoint() {
        return pointOffset >= 0;
    }

    /** The state the output is in at input offset {@code at}: the point's, if it is there, else {@code inputState}. */
    int outputStateAt(long at, int inputState) {
        return pointOffset == at ? pointState : inputState;
    }

    /**
     * From input offset {@code at} on, the output is in {@code outputState} where the input is in {@code inputState}
     * (an element and its content were removed: the output goes on from the state its replacement left).
     */
    void setPoint(int outputState, long at, int inputState) {
        pointState = outputState;
        pointOffset = at;
        pointInputState = inputState;
    }

    /**
     * Input from {@code from} (where the input's state is {@code inputState}) to {@code to} was dropped, with
     * whatever replaced it written at {@code from}: from {@code to} on, the output is in the state the replacement
     * left it in (or {@code inputState} if nothing was written), which may read what follows differently.
     */
    void diverged(long from, int inputState, long to, int inputStateAtTo) {
        if (suppressDepth > 0) {
            return;
        }
        pointState = pointOffset == from ? pointState : inputState;
        pointOffset = to;
        pointInputState = inputStateAtTo;
    }

    /**
     * Where the output was left reading differently from the input at {@code at} (see {@link #beforeInput}): the bytes
     * that make it read as the input does again, for graceful bail-out before it writes the rest as it is. Empty if
     * it does not differ; null if nothing can bring it back.
     */
    byte[] bridgeAt(long at) {
        if (pointOffset != at || pointState == pointInputState) {
            return new byte[0];
        }
        return InsertionStates.bridge(pointState, pointInputState, tokenizer.appropriateEndTagName());
    }

    /** {@link #beforeInput} for a token, which starts where the input's state is the tokenizer's. */
    void beforeToken(long at, byte[] b, int start, int end) {
        if (pointOffset == at) {
            beforeInput(at, tokenizer.stateBeforeToken(), b, start, end, true);
        }
    }

    /**
     * Input bytes {@code b[start, end)} (text, or a token's bytes) are about to be written at input offset {@code at},
     * where the input's state is {@code inputState}. If the output just before them is in another state (content was
     * inserted or removed right there), they must still be read as the input reads them: text as text, a token as
     * markup. If they would not be, bytes that bring the output back to the input's reading are written first (an
     * empty comment after a dangling {@code <}, the escape markers of a script whose escaped part was removed); if
     * there are none, the document fails rather than have its structure changed.
     */
    void beforeInput(long at, int inputState, byte[] b, int start, int end, boolean token) {
        if (pointOffset != at || suppressDepth > 0) {
            return;
        }
        int s = pointState;
        pointOffset = -1;
        if (s == inputState) {
            return;
        }
        String name = tokenizer.appropriateEndTagName();
        int after = InsertionStates.run(s, name, b, start, end);
        if (token ? after == InsertionStates.BREAKS : after != InsertionStates.BREAKS) {
            if (!token) {
                pointState = after; // still read differently, perhaps; what follows is checked too
                pointOffset = at + (end - start);
                int inputAfter = InsertionStates.run(inputState, name, b, start, end);
                pointInputState = inputAfter == InsertionStates.BREAKS ? InsertionStates.UNKNOWN : inputAfter;
            }
            return;
        }
        byte[] bridge = InsertionStates.bridge(s, inputState, name);
        if (bridge == null) {
            throw new HandlerException("a change at byte " + at + " would change how the input after it is read ("
                    + InsertionStates.describe(s) + " instead of " + InsertionStates.describe(inputState) + ")",
                    new IllegalStateException("content inserted or removed at byte " + at + " changes the "
                    + "structure of what follows"));
        }
        emitBytes(bridge);
    }
}
