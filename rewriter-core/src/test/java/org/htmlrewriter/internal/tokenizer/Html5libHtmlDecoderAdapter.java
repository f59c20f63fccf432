package org.htmlrewriter.internal.tokenizer;

import java.nio.charset.Charset;
import org.htmlrewriter.internal.html.HtmlDecoder;

/**
 * {@link Html5libTokenDecoder} backed by the project's own {@link HtmlDecoder}, so the conformance suite checks the
 * tokenizer and the decoding that handlers get, together. Stateless and thread-safe.
 */
final class Html5libHtmlDecoderAdapter implements Html5libTokenDecoder {

    @Override
    public String text(byte[] raw, Charset charset, TextMode mode) {
        return HtmlDecoder.text(raw, 0, raw.length, charset, mode);
    }

    @Override
    public String name(byte[] raw, Charset charset) {
        // Tag and attribute names follow the same rules; HtmlDecoder has one method for each.
        return HtmlDecoder.tagName(raw, 0, raw.length, charset);
    }

    @Override
    public String attributeValue(byte[] raw, Charset charset) {
        return HtmlDecoder.attributeValue(raw, 0, raw.length, charset);
    }

    @Override
    public String comment(byte[] raw, Charset charset) {
        return HtmlDecoder.commentData(raw, 0, raw.length, charset);
    }

    @Override
    public String doctypeName(byte[] raw, Charset charset) {
        return HtmlDecoder.doctypeName(raw, 0, raw.length, charset);
    }

    @Override
    public String doctypeIdentifier(byte[] raw, Charset charset) {
        return HtmlDecoder.doctypeIdentifier(raw, 0, raw.length, charset);
    }
}
