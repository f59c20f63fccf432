package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import org.htmlrewriter.internal.tokenizer.ByteScan;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;

/**
 * The engine's text: the text node in progress, its chunks for the text handlers (cut on safe boundaries, with the
 * tail that cannot be cut held as the carry until the next bytes come, and a numeric reference left open across
 * chunks), and the node held whole for text-node handlers ({@link TextNodeCollector}).
 *
 * <p>Not thread-safe: one per engine, driven by its thread.
 */
final class TextChunker {
    /** The longest text tail kept between chunks: a reference's start, a CR, an incomplete character. */
    static final int MAX_CARRY = TextBoundary.MAX_HELD + 8;
    /** Bytes of new text joined to the carry at a time. */
    private static final int JOIN_WINDOW = 2 * MAX_CARRY;
    /** For the states of text being reported now: ask the tokenizer when needed (most text needs neither). */
    static final int ASK_TOKENIZER = Integer.MIN_VALUE + 1;

    /** What the text views need of the document. */
    private final ViewContext views;
    private final OutputEmitter emitter;
    private final HandlerDispatcher dispatcher;
    private final Tokenizer tokenizer;
    private final TreeBuilderSimulator simulator;
    private final TextBoundary boundary;
    /** The text node held whole for text-node handlers; null when none is registered. */
    private final TextNodeCollector nodes;

    /** The tokenizer state at the start of the text not yet delivered to text handlers (the carry's, if any). */
    private int textState;
    private boolean inTextNode;
    private TextMode textNodeMode;
    /** Lenient mode guessed the text node's mode (see {@link #insertionMode}). */
    private boolean textNodeGuessed;
    private byte[] carry = new byte[MAX_CARRY];
    private int carryLen;
    private long carryOffset;
    /** A numeric reference left open by the last chunk delivered ({@link OpenNumericReference}), or NONE. */
    private int openReference = OpenNumericReference.NONE;
    /** The carry and the window of new text it is joined to. */
    private byte[] joined = new byte[MAX_CARRY + JOIN_WINDOW];

    TextChunker(ViewContext views, OutputEmitter emitter, HandlerDispatcher dispatcher, Tokenizer tokenizer,
            TreeBuilderSimulator simulator, TextBoundary boundary, TextNodeCollector nodes) {
        this.views = views;
        this.emitter = emitter;
        this.dispatcher = dispatcher;
        this.tokenizer = tokenizer;
        this.simulator = simulator;
        this.boundary = boundary;
        this.nodes = nodes;
    }

    int textStartState(int given) {
        return given == ASK_TOKENIZER ? tokenizer.textStartState() : given;
    }

    int textEndState(int given) {
        return given == ASK_TOKENIZER ? tokenizer.textEndState() : given;
    }

    /**
     * The mode content inserted into text of mode {@code mode} is encoded for. Where lenient mode guessed that text
     * is raw text or CDATA, a browser may read it as normal content instead: TEXT is then escaped as for normal
     * content, which never makes markup in either reading (in raw text the references show as written).
     */
    static TextMode insertionMode(TextMode mode, boolean guessed) {
        return guessed ? TextMode.DATA : mode;
    }

    /** {@link #insertionMode} of the text node in progress. */
    TextMode textNodeInsertionMode() {
        return insertionMode(textNodeMode, textNodeGuessed);
    }

    /** The document's charset changed ({@code <meta>}): boundaries are found in the new one. */
    void setCharset(Charset cs) {
        boundary.setCharset(cs);
    }

    /** Bytes held beyond the tokenizer's: the carry and the text node held whole. */
    long heldBytes() {
        return carryLen + (nodes == null ? 0 : nodes.length);
    }

    /**
     * After a failure, for graceful bail-out: writes the held text (the carry, then the held node from where its
     * output stopped) as it came; returns the stream offset the rest of the input goes on from.
     *
     * @param outputUpTo where the output stopped
     */
    long writeHeldAfterFailure(long outputUpTo) {
        if (carryLen > 0) {
            emitter.writeRaw(carry, 0, carryLen);
        }
        long from = outputUpTo + carryLen;
        carryLen = 0;
        openReference = OpenNumericReference.NONE;
        if (nodes != null && nodes.length > 0 && from < nodes.end()) {
            // the held text node (the tokenizer no longer has its bytes), from where its output stopped
            int skip = (int) Math.max(0, from - nodes.start);
            emitter.writeRaw(nodes.buf, skip, nodes.length - skip);
            from = nodes.end();
        }
        return from;
    }

    /**
     * Text {@code buf[start, end)}, which starts at stream offset {@code offset}; the tokenizer states at the start
     * and the end of the text reported are {@code startState} and {@code endState}.
     */
    void textRun(byte[] buf, int start, int end, TextMode mode, long offset, int startState, int endState) {
        if (inTextNode && mode != textNodeMode) {
            endTextNode();
        }
        if (!inTextNode) {
            textNodeGuessed = simulator.lastAnswerGuessed();
            if (nodes != null && textNodeHandlersApply()) {
                nodes.begin(offset, textStartState(startState));
            }
        }
        inTextNode = true;
        textNodeMode = mode;
        if (textNodeGuessed && mode != TextMode.DATA && !emitter.guessedTextHadLessThan) {
            emitter.guessedTextHadLessThan = ByteScan.indexOf(buf, start, end, '<') < end;
        }
        if (nodes != null && nodes.holding) {
            // Held until the node ends (endHeldNode): nothing of it goes out before its text-node handlers ran.
            nodes.append(buf, start, end, textEndState(endState));
            return;
        }
        streamText(buf, start, end, offset, startState, endState);
    }

    /**
     * Text of the node in progress, streamed: written, or handed to the text-chunk handlers in chunks that end on safe
     * boundaries (see {@link #deliverPiece}).
     */
    private void streamText(byte[] buf, int start, int end, long offset, int startState, int endState) {
        if (!textHandlersApply()) {
            if (emitter.hasPoint()) {
                emitter.beforeInput(offset, textStartState(startState), buf, start, end, false);
            }
            emitter.emitInput(buf, start, end);
            emitter.advanceTo(offset + (end - start));
            return;
        }
        if (carryLen == 0) {
            textState = textStartState(startState);
        }
        int reportEnd = textEndState(endState);
        int from = start;
        // A held tail is completed with the next bytes, a window at a time (whatever the chunk's size, only a few
        // dozen bytes are copied): within a window any reference or character the tail started has ended.
        while (carryLen > 0 && from < end) {
            int take = Math.min(end - from, JOIN_WINDOW);
            int total = carryLen + take;
            if (total > joined.length) {
                joined = new byte[total]; // a carry longer than usual (still bounded by TextBoundary)
            }
            System.arraycopy(carry, 0, joined, 0, carryLen);
            System.arraycopy(buf, from, joined, carryLen, take);
            // The carry stays held until the joined text is delivered: if a handler fails, bailOut writes it.
            from += take;
            deliverPiece(joined, 0, total, carryOffset, from == end ? reportEnd : UNKNOWN_STATE);
        }
        if (from < end) {
            deliverPiece(buf, from, end, offset + (from - start), reportEnd);
        }
    }

    /** A state not known yet: computed from the bytes when needed. */
    private static final int UNKNOWN_STATE = Integer.MIN_VALUE;

    /** The tokenizer state after {@code b[start, end)} read from {@link #textState}. */
    private int stateAfter(byte[] b, int start, int end) {
        int s = InsertionStates.run(textState, tokenizer.appropriateEndTagName(), b, start, end);
        // Text never forms markup; if the model ever disagrees, insertions at that point are refused.
        return s == InsertionStates.BREAKS ? InsertionStates.UNKNOWN : s;
    }

    /**
     * Delivers the longest head of {@code b[start, end)} that ends on a safe boundary (see {@link TextBoundary}) and
     * keeps the rest as the carry. A numeric reference whose digits reach the end is not held (its digits may run
     * on without bound): the chunk is cut inside it and {@link #openReference} remembers it.
     */
    private void deliverPiece(byte[] b, int start, int end, long offset, int endState) {
        if (start == end) {
            return;
        }
        int openBefore = openReference;
        int from = start;
        if (openBefore != OpenNumericReference.NONE) {
            int digitsEnd = OpenNumericReference.digitsEnd(openBefore, b, start, end);
            if (digitsEnd == end) {
                openReference = OpenNumericReference.accumulate(openBefore, b, start, end);
                deliverText(b, start, end, offset, false, openBefore, true, -1,
                        endState != UNKNOWN_STATE ? endState : stateAfter(b, start, end));
                keepCarry(b, end, end, offset + (end - start));
                return;
            }
            from = b[digitsEnd] == ';' ? digitsEnd + 1 : digitsEnd;
        }
        int safe = boundary.safeEnd(b, from, end, textNodeMode);
        int openAt = safe == end && boundary.runPastWindow() ? OpenNumericReference.openAt(b, from, end) : -1;
        if (safe > start) {
            openReference = openAt >= 0 ? OpenNumericReference.stateAt(b, openAt, end) : OpenNumericReference.NONE;
            deliverText(b, start, safe, offset, false, openBefore, false, openAt,
                    safe == end && endState != UNKNOWN_STATE ? endState : stateAfter(b, start, safe));
        }
        // else nothing is delivered and all is kept; an open reference then ends where the carry starts, and the
        // next chunk, which starts there, gives its character.
        keepCarry(b, safe, end, offset + (safe - start));
    }

    private void keepCarry(byte[] b, int start, int end, long offset) {
        int n = end - start;
        if (n > carry.length) {
            carry = new byte[n]; // bounded by TextBoundary: never more than a reference name or a character
        }
        System.arraycopy(b, start, carry, 0, n);
        carryLen = n;
        carryOffset = offset;
    }

    private boolean textHandlersApply() {
        return emitter.suppressDepth == 0 && dispatcher.textHandlersActive();
    }

    private boolean textNodeHandlersApply() {
        return emitter.suppressDepth == 0 && dispatcher.textNodeHandlersActive();
    }

    /** The text node ended (a token, or a change of text mode): its last chunk goes to the handlers. */
    void endTextNode() {
        if (!inTextNode) {
            return;
        }
        if (nodes != null && nodes.holding) {
            endHeldNode();
            return;
        }
        inTextNode = false;
        if (textHandlersApply() || carryLen > 0) {
            byte[] last = java.util.Arrays.copyOf(carry, carryLen);
            long offset = carryLen > 0 ? carryOffset : emitter.outputUpTo();
            // The carry is dropped only once delivered: if a handler fails, bailOut still has these bytes to write
            // (the tokenizer no longer holds them).
            if (textHandlersApply()) {
                deliverText(last, 0, last.length, offset, true, openReference, false, -1,
                        stateAfter(last, 0, last.length));
            } else {
                emitter.beforeInput(offset, textState, last, 0, last.length, false);
                emitter.emitInput(last, 0, last.length);
                emitter.advanceTo(offset + last.length);
            }
            carryLen = 0;
        }
        openReference = OpenNumericReference.NONE;
    }

    /**
     * The held text node ended: its text-node handlers run on it whole, then it is written once: their content before
     * it, the node (streamed to the text-chunk handlers as other text is) or what replaces it, their content after it.
     */
    private void endHeldNode() {
        TextNodeCollector n = nodes;
        n.holding = false;
        TextNodeView v = new TextNodeView(views, this);
        v.reset(n, textNodeMode);
        if (n.length > 0) {
            dispatcher.textNode(v);
        } else {
            v.invalidate();
        }
        emitter.emitContent(v.before, n.start, n.startState);
        if (v.removed) {
            inTextNode = false;
            emitter.emitContent(v.replacement, n.start, n.startState);
            emitter.diverged(n.start, n.startState, n.end(), n.endState);
            emitter.advanceTo(n.end());
        } else {
            // The bytes stay held until written: if a text-chunk handler fails, bailOut writes the rest of them.
            streamText(n.buf, 0, n.length, n.start, n.startState, n.endState);
            endTextNode();
        }
        emitter.emitContent(v.after, n.end(), n.endState);
        n.done();
    }

    /**
     * Hands one chunk to the text handlers and writes what they decided. {@code openBefore}: the numeric reference
     * the chunk's first bytes continue ({@link OpenNumericReference#NONE} if none), and whether its digits run on
     * past the chunk ({@code openBeforeRunsOn}, else it ends in the chunk or right at its end); {@code openAt}: where
     * a numeric reference left open at the chunk's end starts, or -1.
     */
    private void deliverText(byte[] b, int start, int end, long offset, boolean last, int openBefore,
                             boolean openBeforeRunsOn, int openAt, int endState) {
        int startState = textState;
        TextChunkView v = new TextChunkView(views, this);
        v.reset(b, start, end, textNodeMode, last, offset, openBefore, openBeforeRunsOn, openAt, startState,
                endState);
        dispatcher.text(v);
        long endOffset = offset + (end - start);
        emitter.emitContent(v.before, offset, startState);
        if (v.removed) {
            // What replaces the text was checked to leave the reading as the text did (TextChunkView)
            emitter.emitContent(v.replacement, offset, startState);
            emitter.diverged(offset, startState, endOffset, endState);
        } else {
            emitter.beforeInput(offset, startState, b, start, end, false);
            emitter.emitInput(b, start, end);
        }
        emitter.emitContent(v.after, endOffset, endState);
        emitter.advanceTo(endOffset);
        textState = endState;
    }
}
