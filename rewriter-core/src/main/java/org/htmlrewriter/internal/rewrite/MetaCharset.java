package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.htmlrewriter.internal.html.EncodingLabels;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.TagToken;

/**
 * The charset a {@code <meta charset>} or {@code <meta http-equiv="content-type" content="...; charset=...">}
 * declares, as the HTML spec's "change the encoding" reads it: UTF-16 labels mean UTF-8, unknown or
 * non-ASCII-compatible charsets are ignored.
 */
final class MetaCharset {
    private MetaCharset() {
    }

    static Charset detect(TagToken tag, Charset current) {
        String label = null;
        int i = tag.indexOfAttribute("charset");
        if (i >= 0) {
            label = HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i], current);
        } else {
            int h = tag.indexOfAttribute("http-equiv");
            int c = tag.indexOfAttribute("content");
            if (h >= 0 && c >= 0 && "content-type".equalsIgnoreCase(
                    HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[h], tag.attrValueEnd[h], current).trim())) {
                label = charsetFromContent(
                        HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[c], tag.attrValueEnd[c], current));
            }
        }
        if (label == null) {
            return null;
        }
        return forLabel(label);
    }

    /**
     * The charset a {@code <meta>} label switches to, as the HTML standard's "change the encoding" has it: the label's
     * WHATWG encoding; UTF-16 labels mean UTF-8; unknown labels, the replacement encoding and encodings whose markup
     * is not ASCII bytes are ignored (null).
     */
    static Charset forLabel(String label) {
        String name = EncodingLabels.nameOf(label);
        if (name == null || name.equals("replacement")) {
            return null;
        }
        if (name.startsWith("UTF-16")) {
            return StandardCharsets.UTF_8;
        }
        Charset cs = EncodingLabels.forLabel(label);
        return cs != null && Charsets.isAsciiCompatible(cs) ? cs : null;
    }

    /** The spec's "extracting a character encoding from a meta element". */
    static String charsetFromContent(String content) {
        String s = content.toLowerCase(Locale.ROOT);
        int i = 0;
        while (true) {
            int at = s.indexOf("charset", i);
            if (at < 0) {
                return null;
            }
            int p = at + 7;
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
            if (p >= s.length() || s.charAt(p) != '=') {
                i = at + 7;
                continue;
            }
            p++;
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
            if (p >= s.length()) {
                return null;
            }
            char q = s.charAt(p);
            if (q == '"' || q == '\'') {
                int end = s.indexOf(q, p + 1);
                return end < 0 ? null : content.substring(p + 1, end);
            }
            int end = p;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != ';') {
                end++;
            }
            return content.substring(p, end);
        }
    }
}
