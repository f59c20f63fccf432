package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.memory.MemoryPlan;
import org.htmlrewriter.internal.memory.SharedMemoryPool;
import java.nio.charset.Charset;
import java.util.List;
import org.htmlrewriter.CommentHandler;
import org.htmlrewriter.DoctypeHandler;
import org.htmlrewriter.DocumentEndHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.TextNodeHandler;
import org.htmlrewriter.selectors.internal.SelectorProgram;

/**
 * Everything a rewriter needs that does not change per document, compiled once: the selector program and, per
 * selector id (= registration index), the handler registered with it. Immutable and thread-safe as long as the
 * handlers are.
 */
public final class CompiledSettings {
    final Charset charset;
    /** Null when no selector-scoped handler is registered. */
    final SelectorProgram program;
    /** Per registration: exactly one of the four is non-null. */
    final ElementHandler[] elementHandlers;
    final CommentHandler[] commentHandlers;
    final TextHandler[] textHandlers;
    final TextNodeHandler[] textNodeHandlers;
    final int[] commentRegistrations;
    final int[] textRegistrations;
    final int[] textNodeRegistrations;
    final DoctypeHandler[] documentDoctypeHandlers;
    final CommentHandler[] documentCommentHandlers;
    final TextHandler[] documentTextHandlers;
    final TextNodeHandler[] documentTextNodeHandlers;
    final DocumentEndHandler[] documentEndHandlers;
    /** The memory limit and what it decides. */
    final MemoryPlan memory;
    final boolean gracefulBailOut;
    final boolean strict;
    final boolean scriptingEnabled;
    /** The input is body content, not a document: no html, head or body is implied. */
    final boolean bodyFragment;
    final boolean adjustCharsetOnMetaTag;
    /** {@code esi:include} and {@code esi:comment} are void elements. */
    final boolean esiTags;
    /** Source locations carry lines and columns. */
    final boolean countLines;
    /** Budget shared with other rewriters, or null. */
    final SharedMemoryPool sharedMemory;

    public CompiledSettings(Charset charset, SelectorProgram program, ElementHandler[] elementHandlers,
            CommentHandler[] commentHandlers, TextHandler[] textHandlers, TextNodeHandler[] textNodeHandlers,
            List<DoctypeHandler> doctype, List<CommentHandler> comments, List<TextHandler> text,
            List<TextNodeHandler> textNodes, List<DocumentEndHandler> end, MemoryPlan memory,
            boolean gracefulBailOut, boolean strict, boolean scriptingEnabled, boolean bodyFragment,
            boolean adjustCharsetOnMetaTag, SharedMemoryPool sharedMemory, boolean esiTags,
            boolean countLines) {
        this.charset = charset;
        this.program = program;
        this.elementHandlers = elementHandlers;
        this.commentHandlers = commentHandlers;
        this.textHandlers = textHandlers;
        this.textNodeHandlers = textNodeHandlers;
        this.commentRegistrations = indexesOfNonNull(commentHandlers);
        this.textRegistrations = indexesOfNonNull(textHandlers);
        this.textNodeRegistrations = indexesOfNonNull(textNodeHandlers);
        this.documentDoctypeHandlers = doctype.toArray(new DoctypeHandler[0]);
        this.documentCommentHandlers = comments.toArray(new CommentHandler[0]);
        this.documentTextHandlers = text.toArray(new TextHandler[0]);
        this.documentTextNodeHandlers = textNodes.toArray(new TextNodeHandler[0]);
        this.documentEndHandlers = end.toArray(new DocumentEndHandler[0]);
        this.memory = memory;
        this.gracefulBailOut = gracefulBailOut;
        this.strict = strict;
        this.scriptingEnabled = scriptingEnabled;
        this.bodyFragment = bodyFragment;
        this.adjustCharsetOnMetaTag = adjustCharsetOnMetaTag;
        this.sharedMemory = sharedMemory;
        this.esiTags = esiTags;
        this.countLines = countLines;
    }

    /** The same settings for an engine reading the document as UTF-8 and never switching charset on a meta. */
    private CompiledSettings(CompiledSettings s) {
        this.charset = java.nio.charset.StandardCharsets.UTF_8;
        this.program = s.program;
        this.elementHandlers = s.elementHandlers;
        this.commentHandlers = s.commentHandlers;
        this.textHandlers = s.textHandlers;
        this.textNodeHandlers = s.textNodeHandlers;
        this.commentRegistrations = s.commentRegistrations;
        this.textRegistrations = s.textRegistrations;
        this.textNodeRegistrations = s.textNodeRegistrations;
        this.documentDoctypeHandlers = s.documentDoctypeHandlers;
        this.documentCommentHandlers = s.documentCommentHandlers;
        this.documentTextHandlers = s.documentTextHandlers;
        this.documentTextNodeHandlers = s.documentTextNodeHandlers;
        this.documentEndHandlers = s.documentEndHandlers;
        this.memory = s.memory;
        this.gracefulBailOut = s.gracefulBailOut;
        this.strict = s.strict;
        this.scriptingEnabled = s.scriptingEnabled;
        this.bodyFragment = s.bodyFragment;
        this.adjustCharsetOnMetaTag = false;
        this.sharedMemory = s.sharedMemory;
        this.esiTags = s.esiTags;
        this.countLines = s.countLines;
    }

    /**
     * These settings for an engine fed a transcoded document (UTF-16 input, a string): UTF-8, and no charset switch
     * on a {@code <meta>} (the document's encoding is known for certain, as the HTML standard has it for UTF-16).
     */
    public CompiledSettings forTranscodedInput() {
        return new CompiledSettings(this);
    }

    private static int[] indexesOfNonNull(Object[] a) {
        int n = 0;
        for (Object o : a) {
            if (o != null) {
                n++;
            }
        }
        int[] r = new int[n];
        n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                r[n++] = i;
            }
        }
        return r;
    }

    /** Whether some handler is asynchronous: then only an {@code AsyncHtmlRewriter} can run these settings. */
    public boolean hasAsyncHandlers() {
        for (ElementHandler h : elementHandlers) {
            if (h instanceof AsyncHandlers.ElementCall) {
                return true;
            }
        }
        for (DocumentEndHandler h : documentEndHandlers) {
            if (h instanceof AsyncHandlers.DocumentEndCall) {
                return true;
            }
        }
        return false;
    }

    public boolean hasSharedMemory() {
        return sharedMemory != null;
    }

    public boolean gracefulBailOut() {
        return gracefulBailOut;
    }

    public Charset charset() {
        return charset;
    }
}
