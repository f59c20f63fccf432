package org.htmlrewriter.internal.html;

/**
 * The HTML rules that apply to decoded chars (after the charset): newline normalisation, U+0000 replacement and
 * character references, as the WHATWG tokenizer applies them in text and in attribute values.
 *
 * <p>Rules (HTML Living Standard, "preprocessing the input stream" and "character reference state" and after):
 * <ul>
 *   <li>CR LF and a lone CR become LF. A char produced by a character reference ({@code &#13;}) is not
 *       normalised.</li>
 *   <li>Named references take the longest name in the table ({@code &notit;} is {@code ¬it;}); a name not ending
 *       in {@code ;} is a legacy one. In an attribute value, a match not ending in {@code ;} that is followed by
 *       {@code =} or an ASCII alphanumeric is left as written ({@code ?a=1&not=2}). No match: left as written.</li>
 *   <li>Numeric references ({@code &#65;}, {@code &#x41;}, {@code &#X41}; the {@code ;} is optional):
 *       0, above U+10FFFF and surrogates become U+FFFD; 0x80-0x9F become the windows-1252 char where that table
 *       has one; other controls and noncharacters are kept. {@code &#} or {@code &#x} without a digit is left as
 *       written.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. Methods read the given {@code char[]}
 * range only during the call and append to the caller's {@link StringBuilder}.
 */
public final class CharacterReferences {
    /** No character references (RAWTEXT, script data, PLAINTEXT, CDATA, comments, names). */
    public static final int NONE = 0;
    /** Character references as in text (DATA, RCDATA). */
    public static final int IN_TEXT = 1;
    /** Character references as in an attribute value (legacy names before {@code =} or alphanumerics kept). */
    public static final int IN_ATTRIBUTE = 2;

    /** Numeric references above this become U+FFFD; accumulation saturates here so values never overflow. */
    private static final int SATURATED = 0x110000;

    /** The windows-1252 chars for numeric references 0x80-0x9F; 0 where the code point is kept. */
    private static final char[] C1_REPLACEMENTS = {
        '\u20AC', 0, '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
        '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', 0, '\u017D', 0,
        0, '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
        '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', 0, '\u017E', '\u0178',
    };

    private CharacterReferences() {
    }

    /**
     * The value of a numeric reference after one more digit: saturates at a value above U+10FFFF, so that any number
     * of digits neither overflows nor changes what an over-large reference decodes to (U+FFFD).
     */
    public static int appendDigit(int value, int digit, int radix) {
        return Math.min(value * radix + digit, SATURATED);
    }

    /** The code point a numeric character reference with value {@code value} (non-negative) stands for. */
    public static int numericReplacement(int value) {
        if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
            return 0xFFFD;
        }
        if (value >= 0x80 && value <= 0x9F && C1_REPLACEMENTS[value - 0x80] != 0) {
            return C1_REPLACEMENTS[value - 0x80];
        }
        return value;
    }

    /**
     * Appends {@code chars[from, to)} to {@code out} with newlines normalised, U+0000 replaced by U+FFFD when
     * {@code replaceNul}, and character references decoded as {@code references} says.
     *
     * <p>When {@code endOfInput} is false the range may be the head of a longer text: a CR at its end is turned into
     * LF as usual (the caller must drop an LF that starts the next range), and a character reference whose meaning
     * depends on chars not given yet is not consumed. The return value is then the index of its {@code &}; the
     * caller prepends {@code chars[returned, to)} to the next range. That tail never contains CR or U+0000 and is
     * at most {@link NamedCharacterReferences#maxNameLength()} + 1 chars unless it is a numeric reference (which a
     * streaming caller may compact: the test sources' {@code StreamingTextDecoder} does).
     *
     * @param references {@link #NONE}, {@link #IN_TEXT} or {@link #IN_ATTRIBUTE}
     * @return the index up to which the input was consumed: {@code to}, or the start of an undecided reference
     */
    public static int appendDecoded(char[] chars, int from, int to, int references, boolean replaceNul,
                                    boolean endOfInput, StringBuilder out) {
        int runStart = from;
        int i = from;
        while (i < to) {
            char c = chars[i];
            if (c > '&') { // NUL, CR and '&' are all below: one compare skips almost everything
                i++;
                continue;
            }
            if (c == '\r') {
                out.append(chars, runStart, i - runStart).append('\n');
                i++;
                if (i < to && chars[i] == '\n') {
                    i++;
                }
                runStart = i;
            } else if (c == 0 && replaceNul) {
                out.append(chars, runStart, i - runStart).append('\uFFFD');
                i++;
                runStart = i;
            } else if (c == '&' && references != NONE) {
                out.append(chars, runStart, i - runStart);
                int next = appendReference(chars, i, to, references == IN_ATTRIBUTE, endOfInput, out);
                if (next < 0) {
                    return i;
                }
                i = next;
                runStart = i;
            } else {
                i++;
            }
        }
        out.append(chars, runStart, to - runStart);
        return to;
    }

    /**
     * Decodes the reference starting with the {@code &} at {@code amp}, or appends it as written when it is none.
     *
     * @return the index after what was consumed, or -1 when the outcome depends on input after {@code to}
     */
    private static int appendReference(char[] chars, int amp, int to, boolean inAttribute, boolean endOfInput,
                                       StringBuilder out) {
        int i = amp + 1;
        if (i == to) {
            return appendAsWrittenAtEnd(chars, amp, to, endOfInput, out);
        }
        char c = chars[i];
        if (isAsciiAlphanumeric(c)) {
            int entry = NamedCharacterReferences.longestMatch(chars, i, to, endOfInput);
            if (entry == NamedCharacterReferences.NEEDS_MORE_INPUT) {
                return -1;
            }
            if (entry == NamedCharacterReferences.NO_MATCH) {
                out.append('&'); // the alphanumerics after it are plain text ("ambiguous ampersand")
                return i;
            }
            int end = i + NamedCharacterReferences.nameLength(entry);
            if (inAttribute && !NamedCharacterReferences.endsWithSemicolon(entry)) {
                if (end == to) {
                    if (!endOfInput) {
                        return -1;
                    }
                } else if (chars[end] == '=' || isAsciiAlphanumeric(chars[end])) {
                    out.append(chars, amp, end - amp);
                    return end;
                }
            }
            out.append(NamedCharacterReferences.replacement(entry));
            return end;
        }
        if (c != '#') {
            out.append('&');
            return i;
        }
        i++;
        if (i == to) {
            return appendAsWrittenAtEnd(chars, amp, to, endOfInput, out);
        }
        int radix = 10;
        if (chars[i] == 'x' || chars[i] == 'X') {
            radix = 16;
            i++;
            if (i == to) {
                return appendAsWrittenAtEnd(chars, amp, to, endOfInput, out);
            }
        }
        if (Character.digit(chars[i], radix) < 0 || chars[i] >= 128) {
            out.append(chars, amp, i - amp); // "&#" or "&#x" without digits
            return i;
        }
        int value = 0;
        while (i < to) {
            char d = chars[i];
            int digit = d < 128 ? Character.digit(d, radix) : -1;
            if (digit < 0) {
                break;
            }
            value = appendDigit(value, digit, radix);
            i++;
        }
        if (i == to && !endOfInput) {
            return -1; // more digits or the ';' may follow
        }
        if (i < to && chars[i] == ';') {
            i++;
        }
        out.appendCodePoint(numericReplacement(value));
        return i;
    }

    private static int appendAsWrittenAtEnd(char[] chars, int amp, int to, boolean endOfInput, StringBuilder out) {
        if (!endOfInput) {
            return -1;
        }
        out.append(chars, amp, to - amp);
        return to;
    }

    static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
