package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;

/** The {@link EndTag} handed to end-tag handlers; its changes go into the element's {@link ElementFrame}. */
final class EndTagView extends ViewBase implements EndTag {
    private final ViewContext views;
    private ElementFrame frame;
    private Closing closing;
    private TagToken token;
    private long offset;

    EndTagView(ViewContext views) {
        this.views = views;
    }

    /** Tokenizer states where content lands before and after the end tag (see InsertionStates). */
    private int stateBefore;
    private int stateAfter;

    void reset(ElementFrame f, Closing how, TagToken explicitToken, long at, int before, int after) {
        stateBefore = before;
        stateAfter = after;
        frame = f;
        closing = how;
        token = explicitToken;
        offset = at;
        validate();
    }

    @Override
    public String name() {
        check();
        if (frame.endName != null) {
            return ElementView.asciiLowerCase(frame.endName);
        }
        if (token != null) {
            return views.decodeTagName(token);
        }
        return frame.elementName;
    }

    @Override
    public void setName(String name) {
        check();
        ElementView.validateName(name, "tag name");
        views.encoder.refuseUnwritableMarkup(name, "a tag name");
        if (closing == Closing.EXPLICIT) {
            frame.endName = ForeignNames.tagName(frame.namespace, name);
        }
    }

    @Override
    public Closing closing() {
        check();
        return closing;
    }

    @Override
    public void before(String content, ContentType type) {
        before0(content, type);
    }

    @Override
    public void before(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        before0(content, type);
    }

    private void before0(Object content, ContentType type) {
        check();
        frame.endBefore.addLast(encodeAtEnd(content, type));
    }

    /** Content landing where the end tag starts: read as the element's content (unless its start tag was removed). */
    private Content encodeAtEnd(Object content, ContentType type) {
        requireContent(content, type);
        boolean rawText = frame.contentMode != null && !frame.startRemoved;
        return views.encoder.encode(content, type, rawText ? frame.contentMode : TextMode.DATA, stateBefore,
                rawText ? frame.rawTextElementName : null);
    }

    @Override
    public void replace(String content, ContentType type) {
        replace0(content, type);
    }

    @Override
    public void replace(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        replace0(content, type);
    }

    private void replace0(Object content, ContentType type) {
        check();
        Content c = encodeAtEnd(content, type);
        if (frame.endReplacement == null) {
            frame.endReplacement = new ContentList();
        }
        frame.endReplacement.set(c);
        if (closing == Closing.EXPLICIT) {
            frame.endRemoved = true;
        }
    }

    @Override
    public void after(String content, ContentType type) {
        after0(content, type);
    }

    @Override
    public void after(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        after0(content, type);
    }

    private void after0(Object content, ContentType type) {
        check();
        requireContent(content, type);
        frame.endAfter.addFirst(views.encoder.encode(content, type, TextMode.DATA, stateAfter, null));
    }

    @Override
    public void remove() {
        check();
        if (closing == Closing.EXPLICIT) {
            frame.endRemoved = true;
        }
    }

    @Override
    public boolean isRemoved() {
        check();
        return frame.endRemoved;
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return views.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return token == null ? views.location(offset, offset)
                : views.location(token.streamOffset, token.streamOffset + (token.end - token.start));
    }
}
