package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextType;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * The {@link TextChunk} handed to text handlers: a view over raw bytes that never split a character. A whole node
 * is read the same way ({@link TextNodeView}).
 */
class TextChunkView extends NodeMutations implements TextChunk {
    private final ViewContext views;
    /** The text node in progress: the mode inserted content is encoded for. */
    private final TextChunker chunker;
    private byte[] buf;
    private int start;
    private int end;
    private TextMode mode;
    private boolean last;
    private long offset;
    private String text;
    /** The numeric reference this chunk's first bytes continue, or NONE ({@link OpenNumericReference}). */
    private int openBefore;
    /** The {@link #openBefore} reference's digits run on past this chunk: its character is not in this chunk. */
    private boolean openBeforeRunsOn;
    /** Where a numeric reference still open at the chunk's end starts, or -1: the next chunk's text has it. */
    private int openAt;

    TextChunkView(ViewContext views, TextChunker chunker) {
        this.views = views;
        this.chunker = chunker;
    }

    /** Tokenizer states at the chunk's start and end (see InsertionStates). */
    private int startState;
    private int endState;

    void reset(byte[] b, int s, int e, TextMode m, boolean lastInNode, long at, int continuing, boolean runsOn,
               int openFrom, int atStart, int atEnd) {
        startState = atStart;
        endState = atEnd;
        buf = b;
        start = s;
        end = e;
        mode = m;
        last = lastInNode;
        offset = at;
        openBefore = continuing;
        openBeforeRunsOn = runsOn;
        openAt = openFrom;
        text = null;
        resetMutations();
        validate();
    }

    @Override
    Content encode(Object content, ContentType type, boolean atEnd) {
        requireContent(content, type);
        return views.encoder.encode(content, type, chunker.textNodeInsertionMode(), atEnd ? endState : startState,
                views.tokenizer.appropriateEndTagName());
    }

    @Override
    public String text() {
        check();
        if (text == null) {
            text = decode();
        }
        return text;
    }

    private String decode() {
        int from = start;
        String referenced = "";
        if (openBefore != OpenNumericReference.NONE) {
            int digitsEnd = OpenNumericReference.digitsEnd(openBefore, buf, start, end);
            int state = OpenNumericReference.accumulate(openBefore, buf, start, digitsEnd);
            if (!openBeforeRunsOn) {
                referenced = Character.toString(OpenNumericReference.codePoint(state));
            }
            from = digitsEnd < end && buf[digitsEnd] == ';' ? digitsEnd + 1 : digitsEnd;
        }
        String rest = HtmlDecoder.text(buf, from, openAt >= 0 ? openAt : end, views.charset(), mode);
        return referenced.isEmpty() ? rest : referenced + rest;
    }

    @Override
    public String rawText() {
        check();
        return new String(buf, start, end - start, views.charset());
    }

    @Override
    public boolean isLastInTextNode() {
        check();
        return last;
    }

    @Override
    public TextType textType() {
        check();
        return PublicEnums.textType(mode);
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return views.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return views.location(offset, offset + (end - start));
    }
}
