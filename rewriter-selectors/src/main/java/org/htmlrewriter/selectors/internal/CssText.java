package org.htmlrewriter.selectors.internal;

import java.util.List;

/** Serialization of identifiers and strings as CSSOM specifies, so that canonical text re-parses to the same thing. */
final class CssText {
    private CssText() {
    }

    static String identifier(String value) {
        StringBuilder out = new StringBuilder(value.length() + 4);
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char ch = value.charAt(i);
            if (ch == 0) {
                out.append('\uFFFD');
            } else if (ch < 0x20 || ch == 0x7f) {
                appendHexEscape(out, ch);
            } else if (ch >= '0' && ch <= '9' && (i == 0 || (i == 1 && value.charAt(0) == '-'))) {
                appendHexEscape(out, ch);
            } else if (i == 0 && ch == '-' && length == 1) {
                out.append("\\-");
            } else if (ch >= 0x80 || ch == '-' || ch == '_' || (ch >= '0' && ch <= '9')
                    || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
                out.append(ch);
            } else {
                out.append('\\').append(ch);
            }
        }
        return out.toString();
    }

    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0) {
                out.append('\uFFFD');
            } else if (ch < 0x20 || ch == 0x7f) {
                appendHexEscape(out, ch);
            } else if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    static void appendList(StringBuilder out, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(items.get(i));
        }
    }

    private static void appendHexEscape(StringBuilder out, char ch) {
        out.append('\\').append(Integer.toHexString(ch)).append(' ');
    }
}
