package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.internal.tokenizer.TextMode;

/** The {@link DocumentEnd} handed to document-end handlers. */
final class DocumentEndView extends ViewBase implements DocumentEnd {
    private final RewriterEngine engine;
    final ContentList appended = new ContentList();

    DocumentEndView(RewriterEngine engine) {
        this.engine = engine;
        validate();
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return engine.context;
    }

    @Override
    public void append(String content, ContentType type) {
        check();
        requireContent(content, type);
        appended.addLast(engine.encoder.encode(content, type, TextMode.DATA, null));
    }
}
