package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.internal.tokenizer.TextMode;

/** The {@link DocumentEnd} handed to document-end handlers. */
final class DocumentEndView extends ViewBase implements DocumentEnd {
    private final ViewContext views;
    final ContentList appended = new ContentList();

    DocumentEndView(ViewContext views) {
        this.views = views;
        validate();
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return views.context;
    }

    @Override
    public void append(String content, ContentType type) {
        append0(content, type);
    }

    @Override
    public void append(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        append0(content, type);
    }

    private void append0(Object content, ContentType type) {
        check();
        requireContent(content, type);
        // at the end of input: escaped if references are read there (the input may end inside a raw-text element)
        appended.addLast(views.encoder.encode(content, type, null, views.tokenizer.endOfInputState(),
                views.tokenizer.appropriateEndTagName()));
    }
}
