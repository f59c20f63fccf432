package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import org.htmlrewriter.internal.html.CharsetDeclarations;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.TagToken;

/**
 * The charset a {@code <meta charset>} or {@code <meta http-equiv="content-type" content="...; charset=...">}
 * declares, as the HTML spec's "change the encoding" reads it (through {@link CharsetDeclarations}, which the
 * prescan of {@code EncodingSniffer} reads with too): UTF-16 labels mean UTF-8, x-user-defined means windows-1252,
 * unknown labels, the replacement encoding and charsets the engine cannot work in are ignored.
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
            if (h >= 0 && c >= 0 && CharsetDeclarations.isContentType(
                    HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[h], tag.attrValueEnd[h], current))) {
                label = CharsetDeclarations.charsetFromContent(
                        HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[c], tag.attrValueEnd[c], current));
            }
        }
        if (label == null) {
            return null;
        }
        return forLabel(label);
    }

    /** The charset a {@code <meta>} label switches to, or null if none the engine can work in. */
    static Charset forLabel(String label) {
        Charset cs = CharsetDeclarations.metaLabel(label);
        return cs != null && Charsets.isAsciiCompatible(cs) ? cs : null;
    }
}
