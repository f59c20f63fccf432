package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.CommentHandler;
import org.htmlrewriter.DoctypeHandler;
import org.htmlrewriter.DocumentEndHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.TextNodeHandler;
import org.htmlrewriter.content.Element;

/**
 * Calls the handlers: which of them apply (the document's, and the selector-scoped ones whose element is open: scope
 * counting), one policy for what they throw ({@link #handlerFailed}), and the view's invalidation once they ran.
 *
 * <p>Not thread-safe: one per engine, driven by its thread.
 */
final class HandlerDispatcher {
    private final CompiledSettings settings;
    /** Per registration: how many open elements matched by it are active scopes for its comment/text handler. */
    private final int[] activeScopes;
    private int activeTextScopes;
    private int activeCommentScopes;
    private int activeTextNodeScopes;
    private final boolean hasDocumentTextHandlers;
    private final boolean hasDocumentTextNodeHandlers;
    private final boolean hasDocumentCommentHandlers;

    HandlerDispatcher(CompiledSettings settings) {
        this.settings = settings;
        this.activeScopes = new int[settings.elementHandlers.length];
        this.hasDocumentTextHandlers = settings.documentTextHandlers.length > 0;
        this.hasDocumentTextNodeHandlers = settings.documentTextNodeHandlers.length > 0;
        this.hasDocumentCommentHandlers = settings.documentCommentHandlers.length > 0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scopes

    /** A scope of registration {@code id}'s comment, text or text-node handler opens (+1) or closes (-1). */
    void countScope(int id, int delta) {
        activeScopes[id] += delta;
        if (settings.textHandlers[id] != null) {
            activeTextScopes += delta;
        } else if (settings.textNodeHandlers[id] != null) {
            activeTextNodeScopes += delta;
        } else {
            activeCommentScopes += delta;
        }
    }

    /** How many open elements are active scopes of registration {@code id}. */
    int activeScopes(int id) {
        return activeScopes[id];
    }

    /** Some text-chunk handler applies here (ignoring removed content, which the engine checks). */
    boolean textHandlersActive() {
        return activeTextScopes > 0 || hasDocumentTextHandlers;
    }

    /** Some text-node handler applies here (ignoring removed content, which the engine checks). */
    boolean textNodeHandlersActive() {
        return activeTextNodeScopes > 0 || hasDocumentTextNodeHandlers;
    }

    /** Some comment handler applies here (ignoring removed content, which the engine checks). */
    boolean commentHandlersActive() {
        return activeCommentScopes > 0 || hasDocumentCommentHandlers;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Calls: the scoped handlers whose scope is open, then the document's; the view is invalidated after them.

    void text(TextChunkView v) {
        try {
            for (int id : settings.textRegistrations) {
                if (activeScopes[id] > 0) {
                    callText(settings.textHandlers[id], v);
                }
            }
            for (TextHandler h : settings.documentTextHandlers) {
                callText(h, v);
            }
        } finally {
            v.invalidate();
        }
    }

    void textNode(TextNodeView v) {
        try {
            for (int id : settings.textNodeRegistrations) {
                if (activeScopes[id] > 0) {
                    callTextNode(settings.textNodeHandlers[id], v);
                }
            }
            for (TextNodeHandler h : settings.documentTextNodeHandlers) {
                callTextNode(h, v);
            }
        } finally {
            v.invalidate();
        }
    }

    void comment(CommentView v) {
        try {
            for (int id : settings.commentRegistrations) {
                if (activeScopes[id] > 0) {
                    callComment(settings.commentHandlers[id], v);
                }
            }
            for (CommentHandler h : settings.documentCommentHandlers) {
                callComment(h, v);
            }
        } finally {
            v.invalidate();
        }
    }

    void doctype(DoctypeView v) {
        try {
            for (DoctypeHandler h : settings.documentDoctypeHandlers) {
                callDoctype(h, v);
            }
        } finally {
            v.invalidate();
        }
    }

    static void callText(TextHandler h, TextChunkView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "text");
        }
    }

    static void callTextNode(TextNodeHandler h, TextNodeView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "text node");
        }
    }

    static void callComment(CommentHandler h, CommentView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "comment");
        }
    }

    static void callDoctype(DoctypeHandler h, DoctypeView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "doctype");
        }
    }

    static void callElement(ElementHandler h, Element element) {
        try {
            h.handle(element);
        } catch (Throwable e) {
            throw handlerFailed(e, "element");
        }
    }

    static void callEndTag(EndTagHandler h, EndTagView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "end tag");
        }
    }

    static void callDocumentEnd(DocumentEndHandler h, DocumentEndView v) {
        try {
            h.handle(v);
        } catch (Throwable e) {
            throw handlerFailed(e, "document end");
        }
    }

    /**
     * One policy for whatever any handler throws: the engine's own {@link RewritingException}s (a limit a handler's
     * request hit) pass as they are; the JVM's own failures ({@link VirtualMachineError}s such as
     * {@link OutOfMemoryError}, except {@link StackOverflowError}, which a handler's recursion causes) are rethrown
     * unchanged; everything else, checked exceptions and other {@link Error}s such as {@link AssertionError}
     * included, becomes a {@link HandlerException}, which graceful bail-out recovers from.
     */
    static RuntimeException handlerFailed(Throwable e, String what) {
        if (e instanceof RewritingException) {
            return (RewritingException) e;
        }
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
        return new HandlerException("a " + what + " handler failed: " + e, e);
    }
}
