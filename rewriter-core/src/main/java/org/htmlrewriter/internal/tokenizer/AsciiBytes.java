package org.htmlrewriter.internal.tokenizer;

/** Byte-level ASCII helpers shared by the tokenizer and its consumers. */
public final class AsciiBytes {
    private AsciiBytes() {
    }

    /** Lowercases an ASCII letter; other bytes are returned unchanged. */
    public static int toLower(int b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    /** HTML whitespace in the tokenizer's sense: tab, LF, FF, CR (normalised to LF), space. */
    public static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\f' || b == '\r';
    }

    public static boolean isAsciiAlpha(int b) {
        return ((b | 0x20) >= 'a') && ((b | 0x20) <= 'z');
    }

    /** Whether {@code buf[start, end)} equals {@code lowerCaseAscii}, ignoring ASCII case. */
    public static boolean equalsIgnoreCase(byte[] buf, int start, int end, String lowerCaseAscii) {
        int n = lowerCaseAscii.length();
        if (end - start != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (toLower(buf[start + i]) != lowerCaseAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
