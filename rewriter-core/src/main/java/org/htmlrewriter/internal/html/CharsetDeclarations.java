package org.htmlrewriter.internal.html;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * What a document says about its own encoding, read as the HTML standard reads it: the {@code <meta>} prescan of the
 * first bytes ("prescan a byte stream to determine its encoding", with "get an attribute" and "get an XML
 * encoding"), the {@code content} attribute of a {@code <meta http-equiv=content-type>} ("extracting a character
 * encoding from a meta element"), and what a label found in a {@code <meta>} means. The engine's switch on a
 * {@code <meta>} ({@code MetaCharset}) and the public {@code EncodingSniffer} both read declarations through here.
 *
 * <p>Labels go through {@link EncodingLabels}; a label of the replacement encoding, an unknown label and a label of
 * an encoding this JDK lacks all count as no encoding. Stateless and thread-safe; arrays are read during the call
 * only.
 */
public final class CharsetDeclarations {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** "Get an attribute" reached the end of the bytes: the scan ends without a result. */
    private static final int RAN_OUT = -1;
    /** "Get an attribute" found none (the byte at the position is {@code >}). */
    private static final int NO_ATTRIBUTE = -2;

    private CharsetDeclarations() {
    }

    /**
     * The charset a label found in a {@code <meta>} stands for: the label's encoding, UTF-8 for UTF-16 labels (a page
     * whose markup could be read as ASCII is not UTF-16), windows-1252 for x-user-defined; null for unknown labels and
     * the replacement encoding.
     */
    public static Charset metaLabel(String label) {
        String name = EncodingLabels.nameOf(label);
        if (name == null) {
            return null;
        }
        if (name.equals("UTF-16LE") || name.equals("UTF-16BE")) {
            return StandardCharsets.UTF_8;
        }
        if (name.equals("x-user-defined")) {
            return WINDOWS_1252;
        }
        return EncodingLabels.forLabel(label);
    }

    /** Whether an {@code http-equiv} value is {@code content-type} (ASCII case-insensitively, nothing around it). */
    public static boolean isContentType(String httpEquiv) {
        return httpEquiv.length() == 12 && regionMatchesAscii(httpEquiv, 0, "content-type");
    }

    /**
     * The charset label in a {@code content} attribute value ({@code text/html; charset=koi8-r} gives
     * {@code koi8-r}), or null: the first {@code charset} (ASCII case-insensitive) followed by {@code =}, ASCII
     * whitespace allowed around it, then a quoted value (null if the quote is not closed) or the run up to ASCII
     * whitespace or {@code ;}.
     */
    public static String charsetFromContent(String s) {
        int n = s.length();
        int p = 0;
        while (true) {
            int at = indexOfAscii(s, "charset", p);
            if (at < 0) {
                return null;
            }
            p = skipWhitespace(s, at + 7);
            if (p < n && s.charAt(p) == '=') {
                p = skipWhitespace(s, p + 1);
                break;
            }
        }
        if (p >= n) {
            return null;
        }
        char c = s.charAt(p);
        if (c == '"' || c == '\'') {
            int end = s.indexOf(c, p + 1);
            return end < 0 ? null : s.substring(p + 1, end);
        }
        int end = p;
        while (end < n && !isWhitespace(s.charAt(end)) && s.charAt(end) != ';') {
            end++;
        }
        return s.substring(p, end);
    }

    /**
     * Whether {@code b[off, off + len)} starts with {@code <?x} in UTF-16: 0 if not, {@code 1} little-endian,
     * {@code 2} big-endian, {@code -1} if the bytes are too few to tell (a prefix of either).
     */
    public static int utf16XmlDeclaration(byte[] b, int off, int len) {
        int le = prefixMatch(b, off, len, new byte[] {'<', 0, '?', 0, 'x', 0});
        int be = prefixMatch(b, off, len, new byte[] {0, '<', 0, '?', 0, 'x'});
        if (le > 0) {
            return 1;
        }
        if (be > 0) {
            return 2;
        }
        return le < 0 || be < 0 ? -1 : 0;
    }

    /** 1 if {@code b} starts with {@code p}, -1 if it is a shorter prefix of it, 0 otherwise. */
    private static int prefixMatch(byte[] b, int off, int len, byte[] p) {
        int n = Math.min(len, p.length);
        for (int i = 0; i < n; i++) {
            if (b[off + i] != p[i]) {
                return 0;
            }
        }
        return n == p.length ? 1 : -1;
    }

    /**
     * The loop of the prescan over {@code b[off, off + len)}: the charset of the first {@code <meta>} that declares
     * a usable one (skipping comments, other tags with their attributes, and {@code <!}, {@code </}, {@code <?}
     * constructs), or null if the bytes end first. A result is read to the {@code >} of its {@code <meta>}, so more
     * bytes cannot change it; running out of bytes anywhere (in a comment, a tag, an attribute) ends the scan
     * without one.
     */
    public static Charset metaPrescan(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        int[] pos = new int[1];
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        while (p < end) {
            if (b[p] != '<') {
                p++;
                continue;
            }
            if (startsWith(b, p, end, "<!--")) {
                // The first '>' after the '<' with two '-' before it, which may be those of "<!--".
                int dashes = indexOf(b, p + 2, end, "-->");
                if (dashes < 0) {
                    return null;
                }
                p = dashes + 3;
            } else if (p + 5 < end && regionMatchesAscii(b, p + 1, "meta") && isSpaceOrSlash(b[p + 5])) {
                pos[0] = p + 5;
                Charset found = meta(b, end, pos, name, value);
                if (pos[0] < 0) {
                    return null;
                }
                if (found != null) {
                    return found;
                }
                p = pos[0] + 1;
            } else if (p + 1 < end && (isAsciiLetter(b[p + 1])
                    || (b[p + 1] == '/' && p + 2 < end && isAsciiLetter(b[p + 2])))) {
                int q = p + 1;
                while (q < end && !isWhitespace(b[q]) && b[q] != '>') {
                    q++;
                }
                pos[0] = q;
                int r;
                do {
                    r = attribute(b, end, pos, name, value);
                } while (r > 0);
                if (r == RAN_OUT) {
                    return null;
                }
                p = pos[0] + 1;
            } else if (p + 1 < end && (b[p + 1] == '!' || b[p + 1] == '/' || b[p + 1] == '?')) {
                int gt = indexOf(b, p + 1, end, ">");
                if (gt < 0) {
                    return null;
                }
                p = gt + 1;
            } else {
                p++;
            }
        }
        return null;
    }

    /**
     * The attributes of a {@code <meta>} from {@code pos[0]} and the charset they declare, or null (then
     * {@code pos[0]} is at its {@code >}, or -1 if the bytes ran out).
     */
    private static Charset meta(byte[] b, int end, int[] pos, StringBuilder name, StringBuilder value) {
        Set<String> seen = new HashSet<>();
        boolean gotPragma = false;
        Boolean needPragma = null;
        boolean charsetSet = false;
        Charset charset = null; // with charsetSet: null is failure
        while (true) {
            int r = attribute(b, end, pos, name, value);
            if (r == RAN_OUT) {
                pos[0] = -1;
                return null;
            }
            if (r == NO_ATTRIBUTE) {
                break;
            }
            String n = name.toString();
            if (!seen.add(n)) {
                continue;
            }
            switch (n) {
                case "http-equiv" -> gotPragma |= value.toString().equals("content-type");
                case "content" -> {
                    String label = charsetFromContent(value.toString());
                    Charset cs = label == null ? null : metaLabel(label);
                    if (cs != null && !charsetSet) {
                        charset = cs;
                        charsetSet = true;
                        needPragma = Boolean.TRUE;
                    }
                }
                case "charset" -> {
                    charset = metaLabel(value.toString());
                    charsetSet = true;
                    needPragma = Boolean.FALSE;
                }
                default -> {
                }
            }
        }
        if (needPragma == null || (needPragma && !gotPragma)) {
            return null;
        }
        return charset;
    }

    /**
     * The spec's "get an attribute" at {@code pos[0]}: fills {@code name} and {@code value} (lowercased ASCII,
     * other bytes as the characters of the same value) and returns 1, or returns {@link #NO_ATTRIBUTE} at a
     * {@code >} (left at it) or {@link #RAN_OUT}. {@code pos[0]} ends after the attribute.
     */
    private static int attribute(byte[] b, int end, int[] pos, StringBuilder name, StringBuilder value) {
        name.setLength(0);
        value.setLength(0);
        int p = pos[0];
        while (p < end && (isWhitespace(b[p]) || b[p] == '/')) {
            p++;
        }
        if (p >= end) {
            return RAN_OUT;
        }
        if (b[p] == '>') {
            pos[0] = p;
            return NO_ATTRIBUTE;
        }
        while (true) {
            byte c = b[p];
            if (c == '=' && name.length() > 0) {
                p++;
                break;
            }
            if (isWhitespace(c)) {
                while (p < end && isWhitespace(b[p])) {
                    p++;
                }
                if (p >= end) {
                    return RAN_OUT;
                }
                if (b[p] != '=') {
                    pos[0] = p;
                    return 1;
                }
                p++;
                break;
            }
            if (c == '/' || c == '>') {
                pos[0] = p;
                return 1;
            }
            name.append(lower(c));
            if (++p >= end) {
                return RAN_OUT;
            }
        }
        while (p < end && isWhitespace(b[p])) {
            p++;
        }
        if (p >= end) {
            return RAN_OUT;
        }
        byte first = b[p];
        if (first == '"' || first == '\'') {
            while (true) {
                if (++p >= end) {
                    return RAN_OUT;
                }
                if (b[p] == first) {
                    pos[0] = p + 1;
                    return 1;
                }
                value.append(lower(b[p]));
            }
        }
        if (first == '>') {
            pos[0] = p;
            return 1;
        }
        value.append(lower(first));
        p++;
        while (true) {
            if (p >= end) {
                return RAN_OUT;
            }
            if (isWhitespace(b[p]) || b[p] == '>') {
                pos[0] = p;
                return 1;
            }
            value.append(lower(b[p]));
            p++;
        }
    }

    /**
     * The spec's "get an XML encoding": the encoding an XML declaration at the start of {@code b[off, off + len)}
     * names ({@code <?xml version="1.0" encoding="windows-1251"?>}), UTF-8 for UTF-16 labels; null if there is no
     * such declaration or label.
     */
    public static Charset xmlDeclaration(byte[] b, int off, int len) {
        int end = off + len;
        if (!startsWith(b, off, end, "<?xml")) {
            return null;
        }
        int gt = indexOf(b, off + 5, end, ">");
        if (gt < 0) {
            return null;
        }
        int p = indexOf(b, off + 5, gt, "encoding");
        if (p < 0) {
            return null;
        }
        p += 8;
        while (p < gt && (b[p] & 0xFF) <= 0x20) {
            p++;
        }
        if (p >= gt || b[p] != '=') {
            return null;
        }
        p++;
        while (p < gt && (b[p] & 0xFF) <= 0x20) {
            p++;
        }
        if (p >= gt || (b[p] != '"' && b[p] != '\'')) {
            return null;
        }
        byte quote = b[p];
        int start = p + 1;
        int close = start;
        while (close < gt && b[close] != quote) {
            if ((b[close] & 0xFF) <= 0x20) {
                return null;
            }
            close++;
        }
        if (close >= gt) {
            return null;
        }
        String label = new String(b, start, close - start, StandardCharsets.ISO_8859_1);
        String encoding = EncodingLabels.nameOf(label);
        if (encoding == null || encoding.equals("replacement")) {
            return null;
        }
        return encoding.startsWith("UTF-16") ? StandardCharsets.UTF_8 : EncodingLabels.forLabel(label);
    }

    private static int skipWhitespace(String s, int p) {
        while (p < s.length() && isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** The first index at or after {@code from} where {@code lowerAscii} occurs, ASCII case-insensitively. */
    private static int indexOfAscii(String s, String lowerAscii, int from) {
        for (int i = from; i + lowerAscii.length() <= s.length(); i++) {
            if (regionMatchesAscii(s, i, lowerAscii)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatchesAscii(String s, int at, String lowerAscii) {
        for (int i = 0; i < lowerAscii.length(); i++) {
            char c = s.charAt(at + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionMatchesAscii(byte[] b, int at, String lowerAscii) {
        for (int i = 0; i < lowerAscii.length(); i++) {
            if (lower(b[at + i]) != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int p, int end, String ascii) {
        if (p + ascii.length() > end) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[p + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int end, String ascii) {
        for (int i = from; i + ascii.length() <= end; i++) {
            if (startsWith(b, i, end, ascii)) {
                return i;
            }
        }
        return -1;
    }

    /** The byte as a character, ASCII uppercase lowered (other bytes keep their value). */
    private static char lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) (c & 0xFF);
    }

    private static boolean isAsciiLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpaceOrSlash(byte c) {
        return isWhitespace(c) || c == '/';
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
