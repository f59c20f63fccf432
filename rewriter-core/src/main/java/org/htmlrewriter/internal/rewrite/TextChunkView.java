package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextType;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.TextMode;

/** The {@link TextChunk} handed to text handlers: a view over raw bytes that never split a character. */
final class TextChunkView extends ViewBase implements TextChunk {
    private final RewriterEngine engine;
    private byte[] buf;
    private int start;
    private int end;
    private TextMode mode;
    private boolean last;
    private long offset;
    private String text;
    ContentList before;
    ContentList after;
    ContentList replacement;
    boolean removed;

    TextChunkView(RewriterEngine engine) {
        this.engine = engine;
    }

    void reset(byte[] b, int s, int e, TextMode m, boolean lastInNode, long at) {
        buf = b;
        start = s;
        end = e;
        mode = m;
        last = lastInNode;
        offset = at;
        text = null;
        before = null;
        after = null;
        replacement = null;
        removed = false;
        validate();
    }

    private Content encode(String content, ContentType type) {
        requireContent(content, type);
        return engine.encoder.encode(content, type, mode, null);
    }

    @Override
    public String text() {
        check();
        if (text == null) {
            text = HtmlDecoder.text(buf, start, end, engine.charset, mode);
        }
        return text;
    }

    @Override
    public String rawText() {
        check();
        return new String(buf, start, end - start, engine.charset);
    }

    @Override
    public boolean isLastInTextNode() {
        check();
        return last;
    }

    @Override
    public TextType textType() {
        check();
        return TextType.valueOf(mode.name());
    }

    @Override
    public void before(String content, ContentType type) {
        check();
        if (before == null) {
            before = new ContentList();
        }
        before.addLast(encode(content, type));
    }

    @Override
    public void after(String content, ContentType type) {
        check();
        if (after == null) {
            after = new ContentList();
        }
        after.addFirst(encode(content, type));
    }

    @Override
    public void replace(String content, ContentType type) {
        check();
        if (replacement == null) {
            replacement = new ContentList();
        }
        replacement.set(encode(content, type));
        removed = true;
    }

    @Override
    public void remove() {
        check();
        if (replacement != null) {
            replacement.clear();
        }
        removed = true;
    }

    @Override
    public boolean isRemoved() {
        check();
        return removed;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return new SourceLocation(offset, offset + (end - start));
    }
}
