package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.AsyncDocumentEndHandler;
import org.htmlrewriter.AsyncElementHandler;
import org.htmlrewriter.AsyncEndTagHandler;
import org.htmlrewriter.DocumentEndHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;

/**
 * Asynchronous handlers in the places of synchronous ones (the settings' handler arrays, an element's end-tag
 * handlers): the engine recognizes them and waits for their stages instead of calling {@code handle}.
 */
public final class AsyncHandlers {
    private AsyncHandlers() {
    }

    private static IllegalStateException notSynchronous() {
        return new IllegalStateException("an asynchronous handler runs only in an AsyncHtmlRewriter");
    }

    /** An {@link AsyncElementHandler} among the element handlers. */
    public record ElementCall(AsyncElementHandler handler) implements ElementHandler {
        @Override
        public void handle(Element element) {
            throw notSynchronous();
        }
    }

    /** An {@link AsyncEndTagHandler} among an element's end-tag handlers. */
    public record EndTagCall(AsyncEndTagHandler handler) implements EndTagHandler {
        @Override
        public void handle(EndTag endTag) {
            throw notSynchronous();
        }
    }

    /** An {@link AsyncDocumentEndHandler} among the document-end handlers. */
    public record DocumentEndCall(AsyncDocumentEndHandler handler) implements DocumentEndHandler {
        @Override
        public void handle(DocumentEnd end) {
            throw notSynchronous();
        }
    }
}
