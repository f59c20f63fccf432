package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import org.htmlrewriter.DocumentContext;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.Tokenizer;

/**
 * What the views need of their document, in place of the engine: its charset (which a {@code <meta>} may switch),
 * the content encoder, the tokenizer (whose states decide how inserted content is encoded), the document's own
 * state, and source locations.
 *
 * <p>One per engine; confined to its thread.
 */
final class ViewContext {
    /** Encodes what handlers insert; its charset is {@link #charset()}. */
    final ContentEncoder encoder;
    /** Asked for the states around the token or text being handled. */
    final Tokenizer tokenizer;
    /** The document's own state, reachable from every view. */
    final DocumentContext context;
    /** Counts lines and columns for source locations ({@code Builder.countLines}), or null. */
    private final LineCounter lines;
    private Charset charset;

    ViewContext(Charset charset, Tokenizer tokenizer, DocumentContext context, LineCounter lines) {
        this.charset = charset;
        this.encoder = new ContentEncoder(charset);
        this.tokenizer = tokenizer;
        this.context = context;
        this.lines = lines;
    }

    /** The document's charset: the bytes of names, values and text are decoded in it. */
    Charset charset() {
        return charset;
    }

    /** The document's charset changed ({@code <meta>}): decoding, encoding and line counting follow it. */
    void setCharset(Charset cs) {
        charset = cs;
        encoder.setCharset(cs);
        if (lines != null) {
            lines.setCharset(cs);
        }
    }

    String decodeTagName(TagToken t) {
        return HtmlDecoder.tagName(t.buf, t.nameStart, t.nameEnd, charset);
    }

    /** The location of input bytes {@code [start, end)}, with the line and column of the start if lines are counted. */
    SourceLocation location(long start, long end) {
        if (lines == null) {
            return new SourceLocation(start, end);
        }
        long line = lines.lineOf(start);
        return new SourceLocation(start, end, line, lines.columnOfLast());
    }
}
