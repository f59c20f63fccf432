package org.htmlrewriter.internal.rewrite;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.htmlrewriter.internal.html.NamedCharacterReferences;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * Where a piece of text may be cut so that neither side splits a character, a character reference or a CR LF pair:
 * text handlers see chunks that decode on their own. Not thread-safe (caches a decoder).
 */
final class TextBoundary {
    /** Longest tail ever held back: an entity name plus {@code &} and {@code ;}, or a multi-byte char. */
    static final int MAX_HELD = NamedCharacterReferences.maxNameLength() + 2;

    private Charset charset;
    private boolean singleByte;
    private boolean utf8;
    private CharsetDecoder decoder;
    private boolean runPastWindow;

    TextBoundary(Charset charset) {
        setCharset(charset);
    }

    void setCharset(Charset cs) {
        charset = cs;
        utf8 = cs.equals(StandardCharsets.UTF_8);
        singleByte = !utf8 && cs.newEncoder().maxBytesPerChar() <= 1.0f;
        decoder = utf8 || singleByte ? null : cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * The largest {@code cut <= end} such that {@code buf[start, cut)} ends on a safe boundary. Also sets
     * {@link #runPastWindow()}.
     */
    int safeEnd(byte[] buf, int start, int end, TextMode mode) {
        int cut = end;
        runPastWindow = false;
        if (cut > start && buf[cut - 1] == '\r') {
            cut--; // a following LF belongs with it
        }
        if (mode.decodesCharacterReferences()) {
            int floor = Math.max(start, cut - MAX_HELD);
            int i = cut - 1;
            for (; i >= floor; i--) {
                int b = buf[i];
                if (b == '&') {
                    cut = i; // a reference may still be completed by the next bytes
                    break;
                }
                if (!(b == '#' || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'))) {
                    break;
                }
            }
            runPastWindow = i < floor && floor > start;
        }
        return cut - incompleteCharTail(buf, start, cut);
    }

    /**
     * Whether the last {@link #safeEnd} looked back over {@link #MAX_HELD} bytes that could all belong to a reference
     * without finding its {@code &}: only then may a numeric reference too long to hold be open at the end.
     */
    boolean runPastWindow() {
        return runPastWindow;
    }

    /** Number of bytes at the end of {@code buf[start, end)} that start a character not yet complete. */
    private int incompleteCharTail(byte[] buf, int start, int end) {
        if (singleByte || end == start) {
            return 0;
        }
        if (utf8) {
            for (int k = 1; k <= 3 && end - k >= start; k++) {
                int b = buf[end - k] & 0xff;
                if (b < 0x80) {
                    return 0;
                }
                if (b >= 0xc0) {
                    int need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                    return need > k ? k : 0;
                }
            }
            return 0;
        }
        // Other multi-byte charsets: let the decoder say how much it could not finish.
        // Decode from the piece's start: in Shift_JIS, GBK or Big5 an ASCII-range byte may be a trail byte, so no
        // later point is known to be a character boundary.
        int from = start;
        ByteBuffer in = ByteBuffer.wrap(buf, from, end - from);
        CharBuffer out = CharBuffer.allocate(end - from + 4);
        decoder.reset();
        decoder.decode(in, out, false);
        return in.remaining();
    }
}
