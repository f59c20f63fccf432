package org.htmlrewriter.internal.html;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * Turns the raw byte ranges the tokenizer reports into the strings the WHATWG tokenizer would produce.
 *
 * <p>Every method first decodes the bytes with the document's charset (malformed or unmappable input becomes
 * U+FFFD: for UTF-8 exactly as the WHATWG decoder does, one per maximal invalid subpart; for other charsets one
 * per malformed sequence as the JDK decoder reports it), then applies the HTML rules to the chars:
 * CR LF and lone CR become LF, U+0000 handling, character references ({@link CharacterReferences}), ASCII
 * lowercasing. Lowercasing comes after charset decoding because in Shift_JIS, GBK or Big5 a trail byte may be an
 * ASCII letter that belongs to a multi-byte char.
 *
 * <p>The charset must be ASCII-compatible (UTF-8, windows-1252, Shift_JIS/windows-31j, EUC-JP, GBK, gb18030,
 * Big5, ...), as the byte tokenizer itself requires: a byte below 0x80 is that ASCII char. Ranges made only of
 * ASCII bytes other than {@code &}, CR and NUL (the common case) skip the charset decoder.
 *
 * <p>A range is {@code buf[start, end)}.
 *
 * <p>Thread-safety: stateless; every method may be called from any thread. The bytes are only read during the
 * call; the returned strings are the caller's (immutable, sharing nothing with {@code buf}).
 */
public final class HtmlDecoder {
    private static final int LOWERCASE = 1;

    private HtmlDecoder() {
    }

    /**
     * Text of a text node (character tokens) in tokenizer state {@code mode}: DATA decodes character references
     * and keeps U+0000; RCDATA decodes references and replaces U+0000 with U+FFFD; RAWTEXT, SCRIPT_DATA and
     * PLAINTEXT keep {@code &} as written and replace U+0000; CDATA_SECTION keeps both. Newlines are normalised in
     * every mode.
     */
    public static String text(byte[] buf, int start, int end, Charset charset, TextMode mode) {
        return decode(buf, start, end, charset,
                mode.decodesCharacterReferences() ? CharacterReferences.IN_TEXT : CharacterReferences.NONE,
                mode.replacesNul(), 0);
    }

    /**
     * An attribute value (without its quotes): character references in attribute mode, U+0000 to U+FFFD.
     * A missing value ({@code start < 0}, as in {@code <input disabled>}) is the empty string.
     */
    public static String attributeValue(byte[] buf, int start, int end, Charset charset) {
        if (start < 0) {
            return "";
        }
        return decode(buf, start, end, charset, CharacterReferences.IN_ATTRIBUTE, true, 0);
    }

    /** A tag name: ASCII letters lowercased (other chars kept), U+0000 to U+FFFD. */
    public static String tagName(byte[] buf, int start, int end, Charset charset) {
        return decode(buf, start, end, charset, CharacterReferences.NONE, true, LOWERCASE);
    }

    /** An attribute name: same rules as {@link #tagName}. */
    public static String attributeName(byte[] buf, int start, int end, Charset charset) {
        return decode(buf, start, end, charset, CharacterReferences.NONE, true, LOWERCASE);
    }

    /** A comment's data: U+0000 to U+FFFD, newlines normalised, {@code &} as written. */
    public static String commentData(byte[] buf, int start, int end, Charset charset) {
        return decode(buf, start, end, charset, CharacterReferences.NONE, true, 0);
    }

    /** A DOCTYPE name, lowercased like a tag name; {@code null} when missing ({@code start < 0}). */
    public static String doctypeName(byte[] buf, int start, int end, Charset charset) {
        if (start < 0) {
            return null;
        }
        return decode(buf, start, end, charset, CharacterReferences.NONE, true, LOWERCASE);
    }

    /**
     * A DOCTYPE public or system identifier (without quotes): U+0000 to U+FFFD, newlines normalised, case kept;
     * {@code null} when missing ({@code start < 0}).
     */
    public static String doctypeIdentifier(byte[] buf, int start, int end, Charset charset) {
        if (start < 0) {
            return null;
        }
        return decode(buf, start, end, charset, CharacterReferences.NONE, true, 0);
    }

    private static String decode(byte[] buf, int start, int end, Charset charset, int references,
                                 boolean replaceNul, int flags) {
        int special = start;
        while (special < end) {
            byte b = buf[special];
            // NUL, CR and '&' are below '\'' and bytes >= 0x80 are negative: one compare skips ordinary ASCII.
            if (b <= '&' && (b < 0 || b == '&' || b == '\r' || b == 0)) {
                break;
            }
            special++;
        }
        if (special == end) {
            String ascii = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
            // Pure ASCII here, so Locale.ROOT lowercasing changes exactly A-Z (and returns ascii when none).
            return (flags & LOWERCASE) != 0 ? ascii.toLowerCase(Locale.ROOT) : ascii;
        }
        char[] chars;
        int from, to;
        int nonAscii = special;
        while (nonAscii < end && buf[nonAscii] >= 0) {
            nonAscii++;
        }
        if (nonAscii == end) {
            chars = new char[end - start];
            for (int i = start; i < end; i++) {
                chars[i - start] = (char) buf[i];
            }
            from = 0;
            to = chars.length;
        } else if (StandardCharsets.UTF_8.equals(charset)) {
            chars = new char[end - start];
            from = 0;
            to = (int) Utf8Decoding.decode(buf, start, end, true, chars, 0);
        } else {
            // Charset.decode replaces malformed and unmappable input, and returns an array-backed buffer.
            CharBuffer decoded = WebCharsets.decode(charset, buf, start, end);
            chars = decoded.array();
            from = decoded.arrayOffset() + decoded.position();
            to = decoded.arrayOffset() + decoded.limit();
        }
        StringBuilder out = new StringBuilder(to - from);
        if ((flags & LOWERCASE) != 0) {
            appendName(chars, from, to, out);
        } else {
            CharacterReferences.appendDecoded(chars, from, to, references, replaceNul, true, out);
        }
        return out.toString();
    }

    /** Names: ASCII lowercase, U+0000 to U+FFFD, newlines normalised (names never hold CR, but be exact). */
    private static void appendName(char[] chars, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            } else if (c == 0) {
                c = '\uFFFD';
            } else if (c == '\r') {
                c = '\n';
                if (i + 1 < to && chars[i + 1] == '\n') {
                    i++;
                }
            }
            out.append(c);
        }
    }
}
