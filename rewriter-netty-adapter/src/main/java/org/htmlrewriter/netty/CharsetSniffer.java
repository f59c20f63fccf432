package org.htmlrewriter.netty;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds a body's charset the way browsers do when the {@code Content-Type} header names none: a byte order mark,
 * else a {@code <meta>} in the first bytes (the WHATWG "prescan a byte stream" algorithm, simplified: it reads
 * {@code <meta charset>} and {@code <meta http-equiv=content-type content="...charset=...">}, skipping comments and
 * other tags). Stateless; package-private.
 */
final class CharsetSniffer {
    private CharsetSniffer() {
    }

    /** The charset a byte order mark at the start names, or {@code null}. {@code len} may be short (0..2). */
    static Charset byteOrderMark(byte[] b, int len) {
        return byteOrderMark(b, 0, len);
    }

    /** The charset a byte order mark at {@code b[off]} names, looking at {@code len} bytes at most. */
    static Charset byteOrderMark(byte[] b, int off, int len) {
        if (len >= 3 && (b[off] & 0xFF) == 0xEF && (b[off + 1] & 0xFF) == 0xBB && (b[off + 2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (len >= 2 && (b[off] & 0xFF) == 0xFE && (b[off + 1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (len >= 2 && (b[off] & 0xFF) == 0xFF && (b[off + 1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    /** Whether more bytes could still turn {@code b[0, len)} into a byte order mark. */
    static boolean couldBeByteOrderMark(byte[] b, int len) {
        if (len == 0) {
            return true;
        }
        int b0 = b[0] & 0xFF;
        if (len == 1) {
            return b0 == 0xEF || b0 == 0xFE || b0 == 0xFF;
        }
        return len == 2 && b0 == 0xEF && (b[1] & 0xFF) == 0xBB;
    }

    /** The charset named by a {@code <meta>} in {@code b[0, len)}, or {@code null}. */
    static Charset prescan(byte[] b, int len) {
        return prescan(b, 0, len);
    }

    /** The charset named by a {@code <meta>} in {@code b[off, off + length)}, or {@code null}. */
    static Charset prescan(byte[] b, int off, int length) {
        int len = off + length;
        int pos = off;
        while (pos < len) {
            if (b[pos] != '<') {
                pos++;
                continue;
            }
            if (startsWith(b, pos, len, "<!--")) {
                int end = indexOf(b, pos + 2, len, "-->");
                if (end < 0) {
                    return null;
                }
                pos = end + 3;
            } else if (startsWithIgnoreCase(b, pos, len, "<meta") && pos + 5 < len
                    && (isSpace(b[pos + 5]) || b[pos + 5] == '/')) {
                MetaScan meta = new MetaScan();
                pos = meta.scanAttributes(b, pos + 5, len);
                if (pos < 0) {
                    return null;
                }
                Charset cs = meta.result();
                if (cs != null) {
                    return cs;
                }
            } else if (pos + 1 < len && (isLetter(b[pos + 1])
                    || (b[pos + 1] == '/' && pos + 2 < len && isLetter(b[pos + 2])))) {
                pos += b[pos + 1] == '/' ? 2 : 1;
                while (pos < len && !isSpace(b[pos]) && b[pos] != '>') {
                    pos++;
                }
                pos = new MetaScan().scanAttributes(b, pos, len);
                if (pos < 0) {
                    return null;
                }
            } else if (pos + 1 < len && (b[pos + 1] == '!' || b[pos + 1] == '/' || b[pos + 1] == '?')) {
                int end = indexOf(b, pos + 1, len, ">");
                if (end < 0) {
                    return null;
                }
                pos = end + 1;
            } else {
                pos++;
            }
        }
        return null;
    }

    /** Attributes of one tag; tracks what the prescan needs from a {@code <meta>}. */
    private static final class MetaScan {
        private boolean httpEquivContentType;
        private String charsetAttribute;
        private String contentCharset;
        private String name;
        private String value;

        /** Reads attributes up to and including {@code >}; returns the position after it, or -1 at the end. */
        int scanAttributes(byte[] b, int pos, int len) {
            while (true) {
                pos = nextAttribute(b, pos, len);
                if (pos < 0) {
                    return -1;
                }
                if (name == null) {
                    return pos;
                }
                switch (name) {
                    case "http-equiv" -> httpEquivContentType |= value.equalsIgnoreCase("content-type");
                    case "charset" -> {
                        if (charsetAttribute == null) {
                            charsetAttribute = value;
                        }
                    }
                    case "content" -> {
                        if (contentCharset == null) {
                            contentCharset = charsetFromContent(value);
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        Charset result() {
            String label = charsetAttribute != null ? charsetAttribute : httpEquivContentType ? contentCharset : null;
            if (label == null) {
                return null;
            }
            Charset cs = lookup(label);
            if (cs == null) {
                return null;
            }
            // A <meta> naming UTF-16 is a mislabelled ASCII-compatible page: browsers read it as UTF-8.
            String n = cs.name().toLowerCase(Locale.ROOT);
            if (n.startsWith("utf-16")) {
                return StandardCharsets.UTF_8;
            }
            return cs;
        }

        /** Sets name/value (name null at {@code >}); returns the next position, or -1 if the input ran out. */
        private int nextAttribute(byte[] b, int pos, int len) {
            name = null;
            value = null;
            while (pos < len && (isSpace(b[pos]) || b[pos] == '/')) {
                pos++;
            }
            if (pos >= len) {
                return -1;
            }
            if (b[pos] == '>') {
                return pos + 1;
            }
            StringBuilder n = new StringBuilder();
            do {
                n.append((char) lower(b[pos]));
                pos++;
            } while (pos < len && b[pos] != '=' && !isSpace(b[pos]) && b[pos] != '/' && b[pos] != '>');
            while (pos < len && isSpace(b[pos])) {
                pos++;
            }
            if (pos >= len) {
                return -1;
            }
            name = n.toString();
            if (b[pos] != '=') {
                value = "";
                return pos;
            }
            pos++;
            while (pos < len && isSpace(b[pos])) {
                pos++;
            }
            if (pos >= len) {
                return -1;
            }
            StringBuilder v = new StringBuilder();
            if (b[pos] == '"' || b[pos] == '\'') {
                byte quote = b[pos++];
                while (pos < len && b[pos] != quote) {
                    v.append((char) lower(b[pos]));
                    pos++;
                }
                if (pos >= len) {
                    return -1;
                }
                pos++;
            } else {
                while (pos < len && !isSpace(b[pos]) && b[pos] != '>') {
                    v.append((char) lower(b[pos]));
                    pos++;
                }
            }
            value = v.toString();
            return pos;
        }
    }

    /** The WHATWG "extract a character encoding from a meta element" algorithm; {@code null} if none. */
    static String charsetFromContent(String content) {
        int from = 0;
        while (true) {
            int i = content.toLowerCase(Locale.ROOT).indexOf("charset", from);
            if (i < 0) {
                return null;
            }
            int p = i + 7;
            while (p < content.length() && isSpace((byte) content.charAt(p))) {
                p++;
            }
            if (p >= content.length() || content.charAt(p) != '=') {
                from = i + 7;
                continue;
            }
            p++;
            while (p < content.length() && isSpace((byte) content.charAt(p))) {
                p++;
            }
            if (p >= content.length()) {
                return null;
            }
            char c = content.charAt(p);
            if (c == '"' || c == '\'') {
                int end = content.indexOf(c, p + 1);
                return end < 0 ? null : content.substring(p + 1, end);
            }
            int end = p;
            while (end < content.length() && !isSpace((byte) content.charAt(end)) && content.charAt(end) != ';') {
                end++;
            }
            return content.substring(p, end);
        }
    }

    /** The charset for a label, or {@code null} if unknown. */
    static Charset lookup(String label) {
        String l = label.trim();
        if (l.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(l);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] b, int pos, int len, String s) {
        if (pos + s.length() > len) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[pos + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int pos, int len, String s) {
        if (pos + s.length() > len) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (lower(b[pos + i]) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int len, String s) {
        for (int i = from; i + s.length() <= len; i++) {
            if (startsWith(b, i, len, s)) {
                return i;
            }
        }
        return -1;
    }

    private static int lower(byte c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c & 0xFF;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }
}
