package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import org.htmlrewriter.internal.tokenizer.InsertionStates;

/**
 * Whether content inserted as TEXT can be written at a point of the output without forming markup there, and in which
 * bytes: see {@link RewriterEngine#emitText}. Stateless.
 */
final class TextPlacement {
    private TextPlacement() {
    }

    /**
     * The bytes to write for TEXT {@code bytes} at a point in tokenizer state {@code state}, or null if no writing of
     * them is safe there. Safe: they form no markup and leave the tokenizer reading what follows as it would without
     * them. {@code escaped}: the bytes were escaped for a place where character references are read; then a first
     * character that would continue a {@code <} before the point (into {@code <x}, {@code </}, {@code </title}...) may
     * be written as a numeric reference instead, which reads as the same character and settles the {@code <} as
     * text.
     */
    static byte[] place(byte[] bytes, boolean escaped, int state, String endTagName) {
        if (safe(bytes, state, endTagName)) {
            return bytes;
        }
        if (escaped && bytes.length > 0 && bytes[0] > 0) {
            byte[] fixed = firstAsReference(bytes);
            if (safe(fixed, state, endTagName)) {
                return fixed;
            }
        }
        return null;
    }

    private static boolean safe(byte[] bytes, int state, String endTagName) {
        int after = InsertionStates.run(state, endTagName, bytes, 0, bytes.length);
        return after != InsertionStates.BREAKS && InsertionStates.sameReading(state, after);
    }

    /** {@code bytes} with the first (ASCII) byte written as a decimal numeric character reference. */
    static byte[] firstAsReference(byte[] bytes) {
        byte[] reference = ("&#" + bytes[0] + ";").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] fixed = new byte[reference.length + bytes.length - 1];
        System.arraycopy(reference, 0, fixed, 0, reference.length);
        System.arraycopy(bytes, 1, fixed, reference.length, bytes.length - 1);
        return fixed;
    }

    /** The start of some content, for a message. */
    static String preview(byte[] bytes, Charset charset) {
        String s = new String(bytes, 0, Math.min(bytes.length, 80), charset);
        return bytes.length > 80 ? s + "..." : s;
    }
}
