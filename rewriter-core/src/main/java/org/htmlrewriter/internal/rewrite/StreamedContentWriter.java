package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.HandlerException;
import org.htmlrewriter.content.ContentWriter;
import org.htmlrewriter.internal.tokenizer.InsertionStates;

/**
 * Writes one {@link org.htmlrewriter.content.StreamingContent} at its place: each piece is encoded and written as it
 * comes. TEXT is held to the same rule as TEXT given as one string ({@link TextPlacement}): it must form no markup
 * and leave the output reading what follows as before. The check runs over the bytes as they come, from the state
 * the earlier pieces left; bytes after the last point where the output reads as it did before the content (a
 * {@code <} that the next byte could make a tag, an unfinished {@code <!--} in a script) are held until a later byte
 * settles them, at most {@link #MAX_HELD} bytes; bytes that would form markup are never written. Where the content
 * starts right after a {@code <} that escaped TEXT would continue, its first character is written as a reference,
 * as {@link TextPlacement} does for a string.
 *
 * <p>For one content at one place; used by the engine's thread during the producer's call only.
 */
final class StreamedContentWriter implements ContentWriter {
    /** Most bytes held unsettled. */
    static final int MAX_HELD = 64 * 1024;

    private final OutputEmitter emitter;
    private final Content content;
    private final String endTagName;
    private final long at;
    /** The state where the content starts: written bytes must leave the output reading as from here. */
    private final int initial;
    /** The state after the bytes written so far. */
    private int state;
    private boolean open = true;
    private HandlerException failure;
    /** A high surrogate that ended the last piece, waiting for its pair; 0 if none. */
    private char pendingHigh;
    private boolean wroteAny;
    private boolean firstAsReferenceTried;

    // Held bytes: held[0, heldLen) follow the written ones; scanned up to `scanned`, in `scanState` there; the
    // last point where the output read as before is `settledAt`, in state `settledState`.
    private byte[] held = new byte[0];
    private int heldLen;
    private int scanned;
    private int scanState;
    private int settledAt;
    private int settledState;

    StreamedContentWriter(OutputEmitter emitter, Content content, int state, String endTagName, long at) {
        this.emitter = emitter;
        this.content = content;
        this.initial = state;
        this.state = state;
        this.endTagName = endTagName;
        this.at = at;
    }

    @Override
    public void write(CharSequence piece) {
        if (!open) {
            throw new IllegalStateException("ContentWriter used after its StreamingContent.writeTo returned");
        }
        if (failure != null) {
            throw failure;
        }
        if (piece == null) {
            throw new NullPointerException("piece");
        }
        String s = pendingHigh != 0 ? pendingHigh + piece.toString() : piece.toString();
        pendingHigh = 0;
        if (!s.isEmpty() && Character.isHighSurrogate(s.charAt(s.length() - 1))) {
            pendingHigh = s.charAt(s.length() - 1);
            s = s.substring(0, s.length() - 1);
        }
        try {
            byte[] bytes = emitter.encoder.encodePiece(s, content.text, content.escaped);
            if (!content.text) {
                emitter.emitBytes(bytes);
            } else {
                accept(bytes);
            }
        } catch (IllegalArgumentException e) {
            throw fail(e);
        }
    }

    /** After the producer returned: writes or refuses what is still held; returns the state the output is in. */
    int finish() {
        open = false;
        if (failure != null) {
            throw failure;
        }
        if (pendingHigh != 0) {
            throw fail(new IllegalArgumentException("content ends with an unpaired surrogate"));
        }
        if (heldLen > 0 && tryFirstAsReference()) {
            scan();
        }
        if (heldLen > 0) {
            throw fail(new IllegalArgumentException("streamed TEXT ends where it would change how what follows is "
                    + "read (" + InsertionStates.describe(scanState) + "): " + preview()));
        }
        return state;
    }

    /** The producer threw or returned: the writer is closed either way. */
    void close() {
        open = false;
    }

    private HandlerException fail(IllegalArgumentException cause) {
        failure = new HandlerException("content streamed as TEXT at byte " + at + " cannot be written there ("
                + cause.getMessage() + ")", cause);
        return failure;
    }

    private void accept(byte[] bytes) {
        if (heldLen == 0) {
            int after = InsertionStates.run(state, endTagName, bytes, 0, bytes.length);
            if (after != InsertionStates.BREAKS && InsertionStates.sameReading(initial, after)) {
                // Safe through its end; escaped TEXT (no '<' in it) stays safe whatever follows, so a string of
                // the same characters would not have had its first character written as a reference either.
                write(bytes, 0, bytes.length, after);
                return;
            }
        }
        if (heldLen + bytes.length > MAX_HELD) {
            throw fail(new IllegalArgumentException("more than " + MAX_HELD + " bytes of streamed TEXT would "
                    + "change how what follows is read until later pieces settle them; insert it as a String"));
        }
        if (held.length < heldLen + bytes.length) {
            held = java.util.Arrays.copyOf(held, Math.max(heldLen + bytes.length, 2 * held.length));
        }
        System.arraycopy(bytes, 0, held, heldLen, bytes.length);
        if (heldLen == 0) {
            restartScan();
        }
        heldLen += bytes.length;
        scan();
    }

    private void restartScan() {
        scanned = 0;
        scanState = state;
        settledAt = 0;
        settledState = state;
    }

    /** Scans the held bytes not scanned yet; writes those up to the last settled point. */
    private void scan() {
        while (scanned < heldLen) {
            int after = InsertionStates.run(scanState, endTagName, held, scanned, scanned + 1);
            if (after == InsertionStates.BREAKS) {
                if (tryFirstAsReference()) {
                    continue;
                }
                throw fail(new IllegalArgumentException("TEXT that would form markup after what precedes it ("
                        + InsertionStates.describe(state) + "): " + preview()));
            }
            scanState = after;
            scanned++;
            if (InsertionStates.sameReading(initial, after)) {
                settledAt = scanned;
                settledState = after;
            }
        }
        if (settledAt > 0) {
            write(held, 0, settledAt, settledState);
            System.arraycopy(held, settledAt, held, 0, heldLen - settledAt);
            heldLen -= settledAt;
            scanned -= settledAt;
            settledAt = 0;
        }
    }

    /**
     * Where nothing was written yet and the escaped content's first byte is what makes it unsafe (it would continue
     * a {@code <} before the content), that byte as a numeric reference instead, as {@link TextPlacement} does;
     * rescans the held bytes. False if that was tried already or cannot apply.
     */
    private boolean tryFirstAsReference() {
        if (wroteAny || firstAsReferenceTried || !content.escaped || heldLen == 0 || held[0] <= 0) {
            return false;
        }
        firstAsReferenceTried = true;
        held = TextPlacement.firstAsReference(java.util.Arrays.copyOf(held, heldLen));
        heldLen = held.length;
        restartScan();
        return true;
    }

    private void write(byte[] b, int from, int to, int after) {
        if (to > from) {
            emitter.emitBytes(from == 0 && to == b.length ? b : java.util.Arrays.copyOfRange(b, from, to));
            wroteAny = true;
        }
        state = after;
    }

    private String preview() {
        return TextPlacement.preview(java.util.Arrays.copyOf(held, heldLen), emitter.encoder.charset());
    }
}
