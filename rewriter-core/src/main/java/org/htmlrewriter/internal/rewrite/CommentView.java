package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.TextMode;

/** The {@link Comment} handed to comment handlers. */
final class CommentView extends NodeMutations implements Comment {
    private final ViewContext views;
    private CommentToken token;
    String newText;

    CommentView(ViewContext views) {
        this.views = views;
    }

    void reset(CommentToken c) {
        token = c;
        newText = null;
        resetMutations();
        validate();
    }

    @Override
    Content encode(Object content, ContentType type, boolean atEnd) {
        requireContent(content, type);
        // before and replace land where the comment starts, after where it ends; both are normal content
        return views.encoder.encode(content, type, TextMode.DATA,
                atEnd ? views.tokenizer.stateAfterToken(true) : views.tokenizer.stateBeforeToken(), null);
    }

    @Override
    public String text() {
        check();
        return newText != null ? newText
                : HtmlDecoder.commentData(token.buf, token.dataStart, token.dataEnd, views.charset());
    }

    @Override
    public void setText(String text) {
        check();
        if (text == null) {
            throw new NullPointerException("text");
        }
        if (text.contains("-->") || text.contains("--!>") || text.contains("<!--") || text.startsWith(">")
                || text.startsWith("->") || text.endsWith("<!-") || text.endsWith("-")) {
            throw new IllegalArgumentException("comment text would end or break the comment: " + text);
        }
        views.encoder.refuseUnwritableMarkup(text, "comment text");
        newText = text;
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
