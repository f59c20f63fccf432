package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;

/** The {@link Doctype} handed to doctype handlers. */
final class DoctypeView extends ViewBase implements Doctype {
    private final RewriterEngine engine;
    private DoctypeToken token;
    boolean removed;

    DoctypeView(RewriterEngine engine) {
        this.engine = engine;
    }

    void reset(DoctypeToken d) {
        token = d;
        removed = false;
        validate();
    }

    @Override
    public String name() {
        check();
        return HtmlDecoder.doctypeName(token.buf, token.nameStart, token.nameEnd, engine.charset);
    }

    @Override
    public String publicId() {
        check();
        return HtmlDecoder.doctypeIdentifier(token.buf, token.publicIdStart, token.publicIdEnd, engine.charset);
    }

    @Override
    public String systemId() {
        check();
        return HtmlDecoder.doctypeIdentifier(token.buf, token.systemIdStart, token.systemIdEnd, engine.charset);
    }

    @Override
    public boolean forceQuirks() {
        check();
        return token.forceQuirks;
    }

    @Override
    public void remove() {
        check();
        removed = true;
    }

    @Override
    public boolean isRemoved() {
        check();
        return removed;
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return engine.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return engine.location(token.streamOffset, token.streamOffset + (token.end - token.start));
    }
}
