package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;

/** The {@link Doctype} handed to doctype handlers. */
final class DoctypeView extends ViewBase implements Doctype {
    private final ViewContext views;
    private DoctypeToken token;
    boolean removed;

    DoctypeView(ViewContext views) {
        this.views = views;
    }

    void reset(DoctypeToken d) {
        token = d;
        removed = false;
        validate();
    }

    @Override
    public String name() {
        check();
        return HtmlDecoder.doctypeName(token.buf, token.nameStart, token.nameEnd, views.charset());
    }

    @Override
    public String publicId() {
        check();
        return HtmlDecoder.doctypeIdentifier(token.buf, token.publicIdStart, token.publicIdEnd, views.charset());
    }

    @Override
    public String systemId() {
        check();
        return HtmlDecoder.doctypeIdentifier(token.buf, token.systemIdStart, token.systemIdEnd, views.charset());
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
        return views.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return views.location(token.streamOffset, token.streamOffset + (token.end - token.start));
    }
}
