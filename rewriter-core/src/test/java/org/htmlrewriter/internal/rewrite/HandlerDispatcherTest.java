package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.CommentHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.TextNodeHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The dispatcher's own invariants: one failure policy for every kind of handler, and scope counting. */
class HandlerDispatcherTest {
    /** Calls a handler of each kind that throws what {@code thrown} makes, keyed by the kind's name. */
    private static Map<String, Executable> callsThrowing(Exception thrown) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("element", () -> HandlerDispatcher.callElement((ElementHandler) el -> {
            throw thrown;
        }, null));
        calls.put("end tag", () -> HandlerDispatcher.callEndTag((org.htmlrewriter.EndTagHandler) t -> {
            throw thrown;
        }, (EndTagView) null));
        calls.put("text", () -> HandlerDispatcher.callText((TextHandler) t -> {
            throw thrown;
        }, (TextChunkView) null));
        calls.put("text node", () -> HandlerDispatcher.callTextNode((TextNodeHandler) t -> {
            throw thrown;
        }, (TextNodeView) null));
        calls.put("comment", () -> HandlerDispatcher.callComment((CommentHandler) c -> {
            throw thrown;
        }, (CommentView) null));
        calls.put("doctype", () -> HandlerDispatcher.callDoctype((org.htmlrewriter.DoctypeHandler) d -> {
            throw thrown;
        }, (DoctypeView) null));
        calls.put("document end", () -> HandlerDispatcher.callDocumentEnd((org.htmlrewriter.DocumentEndHandler) d -> {
            throw thrown;
        }, (DocumentEndView) null));
        return calls;
    }

    @Test
    void everyKindOfHandlerFailsTheSameWay() {
        for (Exception thrown : List.of(new IllegalStateException("boom"), new java.io.IOException("checked"))) {
            Map<String, Executable> calls = callsThrowing(thrown);
            assertEquals(7, calls.size());
            calls.forEach((kind, call) -> {
                HandlerException e = assertThrows(HandlerException.class, call, kind);
                assertSame(thrown, e.getCause(), kind);
                assertEquals("a " + kind + " handler failed: " + thrown, e.getMessage());
            });
        }
    }

    @Test
    void theEnginesOwnFailuresPassAsTheyAre() {
        MemoryLimitExceededException limit = new MemoryLimitExceededException(10, 20, "a test");
        callsThrowing(limit).forEach((kind, call) -> assertSame(limit,
                assertThrows(MemoryLimitExceededException.class, call, kind), kind));
    }

    @Test
    void errorsAreWrappedExceptTheJvmsOwn() {
        AssertionError assertion = new AssertionError("handler's assert");
        assertSame(assertion, HandlerDispatcher.handlerFailed(assertion, "text").getCause());
        StackOverflowError recursion = new StackOverflowError();
        assertSame(recursion, HandlerDispatcher.handlerFailed(recursion, "element").getCause());
        assertTrue(HandlerDispatcher.handlerFailed(recursion, "element") instanceof HandlerException);
        OutOfMemoryError oom = new OutOfMemoryError("test");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> HandlerDispatcher.handlerFailed(oom, "text")));
    }

    /** Registrations 0..3: an element handler, a text handler, a text-node handler, a comment handler. */
    private static CompiledSettings scopedSettings(List<TextHandler> documentText) {
        ElementHandler[] element = {el -> { }, null, null, null};
        CommentHandler[] comment = {null, null, null, c -> { }};
        TextHandler[] text = {null, t -> { }, null, null};
        TextNodeHandler[] textNode = {null, null, n -> { }, null};
        return new CompiledSettings(StandardCharsets.UTF_8, null, element, comment, text, textNode, List.of(),
                List.of(), documentText, List.of(), List.of(), null, false, false, true, false, false, null, false,
                false);
    }

    @Test
    void scopesOpenAndCloseWithTheirElements() {
        HandlerDispatcher d = new HandlerDispatcher(scopedSettings(List.of()));
        assertFalse(d.textHandlersActive());
        assertFalse(d.textNodeHandlersActive());
        assertFalse(d.commentHandlersActive());

        d.countScope(1, 1); // a text handler's element opens
        d.countScope(1, 1); // and another one inside it
        assertEquals(2, d.activeScopes(1));
        assertTrue(d.textHandlersActive());
        assertFalse(d.textNodeHandlersActive());
        assertFalse(d.commentHandlersActive());
        d.countScope(1, -1);
        assertTrue(d.textHandlersActive(), "the outer element is still open");
        d.countScope(1, -1);
        assertFalse(d.textHandlersActive());
        assertEquals(0, d.activeScopes(1));

        d.countScope(2, 1);
        assertTrue(d.textNodeHandlersActive());
        assertFalse(d.textHandlersActive());
        d.countScope(2, -1);
        assertFalse(d.textNodeHandlersActive());

        d.countScope(3, 1);
        assertTrue(d.commentHandlersActive());
        assertEquals(1, d.activeScopes(3));
        d.countScope(3, -1);
        assertFalse(d.commentHandlersActive());
    }

    @Test
    void documentHandlersAreAlwaysActive() {
        HandlerDispatcher d = new HandlerDispatcher(scopedSettings(List.of(t -> { })));
        assertTrue(d.textHandlersActive());
        assertFalse(d.commentHandlersActive());
        assertFalse(d.textNodeHandlersActive());
    }
}
