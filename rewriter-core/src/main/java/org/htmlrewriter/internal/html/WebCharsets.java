package org.htmlrewriter.internal.html;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decoders that follow the WHATWG Encoding standard where the JDK's differ. windows-1252 is the one that matters:
 * the JDK leaves bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D unmapped (so they would decode to U+FFFD), while browsers
 * map them to the C1 controls of the same value.
 */
public final class WebCharsets {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] WINDOWS_1252_HIGH = new char[128];

    static {
        byte[] b = new byte[1];
        for (int i = 0; i < 128; i++) {
            b[0] = (byte) (0x80 + i);
            CharBuffer c = WINDOWS_1252.decode(ByteBuffer.wrap(b));
            char ch = c.get(0);
            WINDOWS_1252_HIGH[i] = ch == '\uFFFD' ? (char) (0x80 + i) : ch;
        }
    }

    private WebCharsets() {
    }

    /** A decoder for {@code charset} (malformed and unmappable input replaced), WHATWG-exact for windows-1252. */
    public static CharsetDecoder newDecoder(Charset charset) {
        if (charset.equals(WINDOWS_1252)) {
            return new Windows1252Decoder();
        }
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Decodes a whole range with {@link #newDecoder}. */
    public static CharBuffer decode(Charset charset, byte[] buf, int start, int end) {
        if (charset.equals(WINDOWS_1252)) {
            char[] c = new char[end - start];
            for (int i = start; i < end; i++) {
                int v = buf[i] & 0xff;
                c[i - start] = v < 0x80 ? (char) v : WINDOWS_1252_HIGH[v - 0x80];
            }
            return CharBuffer.wrap(c);
        }
        return charset.decode(ByteBuffer.wrap(buf, start, end - start));
    }

    private static final class Windows1252Decoder extends CharsetDecoder {
        Windows1252Decoder() {
            super(WINDOWS_1252, 1f, 1f);
        }

        @Override
        protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
            while (in.hasRemaining()) {
                if (!out.hasRemaining()) {
                    return CoderResult.OVERFLOW;
                }
                int v = in.get() & 0xff;
                out.put(v < 0x80 ? (char) v : WINDOWS_1252_HIGH[v - 0x80]);
            }
            return CoderResult.UNDERFLOW;
        }
    }
}
