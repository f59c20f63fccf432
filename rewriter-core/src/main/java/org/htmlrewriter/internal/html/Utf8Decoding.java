package org.htmlrewriter.internal.html;

/**
 * The WHATWG Encoding Standard's UTF-8 decoder over {@code byte[]} ranges, used instead of the JDK's because the
 * two differ on malformed input: WHATWG (like browsers) emits one U+FFFD per maximal invalid subpart, so the
 * encoded surrogate {@code ED A0 80} is three U+FFFD, where the JDK gives one.
 *
 * <p>Thread-safety: stateless. Reads {@code src} and writes {@code dst} only during the call.
 */
final class Utf8Decoding {
    private Utf8Decoding() {
    }

    /**
     * Decodes {@code src[from, to)} into {@code dst} from {@code dstPos}; {@code dst} needs room for
     * {@code to - from} chars (UTF-8 never makes more chars than bytes).
     *
     * @param endOfInput whether the range ends the input; if not, a valid but incomplete sequence at its end is
     *                   not consumed (the caller keeps its bytes for the next range); if so, it becomes U+FFFD
     * @return {@code (consumedEnd << 32) | dstEnd}: where decoding stopped in {@code src} and in {@code dst}
     */
    static long decode(byte[] src, int from, int to, boolean endOfInput, char[] dst, int dstPos) {
        int i = from;
        int d = dstPos;
        while (i < to) {
            int b = src[i];
            if (b >= 0) {
                dst[d++] = (char) b;
                i++;
                continue;
            }
            b &= 0xFF;
            int needed, codePoint;
            int lower = 0x80, upper = 0xBF; // allowed range of the next byte
            if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                needed = 2;
                codePoint = b & 0x0F;
                if (b == 0xE0) {
                    lower = 0xA0; // no overlong forms
                } else if (b == 0xED) {
                    upper = 0x9F; // no surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                needed = 3;
                codePoint = b & 0x07;
                if (b == 0xF0) {
                    lower = 0x90;
                } else if (b == 0xF4) {
                    upper = 0x8F; // nothing above U+10FFFF
                }
            } else {
                dst[d++] = '\uFFFD';
                i++;
                continue;
            }
            int j = i + 1;
            int seen = 0;
            boolean invalid = false;
            while (seen < needed && j < to) {
                int c = src[j] & 0xFF;
                if (c < lower || c > upper) {
                    invalid = true;
                    break;
                }
                lower = 0x80;
                upper = 0xBF;
                codePoint = (codePoint << 6) | (c & 0x3F);
                j++;
                seen++;
            }
            if (seen == needed) {
                if (codePoint >= 0x10000) {
                    dst[d++] = Character.highSurrogate(codePoint);
                    dst[d++] = Character.lowSurrogate(codePoint);
                } else {
                    dst[d++] = (char) codePoint;
                }
            } else if (invalid || endOfInput) {
                dst[d++] = '\uFFFD'; // the byte at j, if any, starts afresh
            } else {
                return ((long) i << 32) | d;
            }
            i = j;
        }
        return ((long) to << 32) | d;
    }
}
