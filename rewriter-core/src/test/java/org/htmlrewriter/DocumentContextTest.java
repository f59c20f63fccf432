package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;

/** Per-document state: shared settings, one context per rewriter, reachable from every kind of view. */
class DocumentContextTest {
    private static final DocumentContext.Key<int[]> LINKS = DocumentContext.Key.named("links", int[].class);

    private static final RewriterSettings SETTINGS = HtmlRewriter.builder()
            .onElement("a", el -> {
                int n = ++el.context().computeIfAbsent(LINKS, () -> new int[1])[0];
                el.setAttribute("data-n", n + "@" + el.context().attachment());
            })
            .onDocumentEnd(end -> end.append("<!--" + end.context().get(LINKS)[0] + " links-->", ContentType.HTML))
            .settings();

    @Test
    void documentsRewrittenInTurnOnOneThreadKeepTheirOwnState() {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        HtmlRewriter first = SETTINGS.newRewriter(a::write, "first");
        HtmlRewriter second = SETTINGS.newRewriter(b::write, "second");
        for (int i = 0; i < 3; i++) {
            first.write("<a>x</a>".getBytes(StandardCharsets.UTF_8));
            second.write("<a>y</a>".getBytes(StandardCharsets.UTF_8));
            second.write("<a>y</a>".getBytes(StandardCharsets.UTF_8));
        }
        first.end();
        second.end();
        assertEquals("<a data-n=\"1@first\">x</a><a data-n=\"2@first\">x</a><a data-n=\"3@first\">x</a><!--3 links-->",
                a.toString(StandardCharsets.UTF_8));
        assertEquals(6, second.context().get(LINKS)[0]);
        assertSame("second", second.context().attachment());
    }

    @Test
    void everyKindOfViewReachesTheSameContext() {
        List<DocumentContext> seen = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder()
                .onElement("p", el -> {
                    seen.add(el.context());
                    el.onEndTag(end -> seen.add(end.context()));
                })
                .onText("p", t -> seen.add(t.context()))
                .onDocumentComment(c -> seen.add(c.context()))
                .onDocumentDoctype(d -> seen.add(d.context()))
                .onDocumentEnd(end -> seen.add(end.context()))
                .settings();
        HtmlRewriter r = s.newRewriter((bytes, off, len) -> { });
        r.write("<!DOCTYPE html><p>t<!--c--></p>".getBytes(StandardCharsets.UTF_8));
        r.end();
        assertEquals(7, seen.size(), seen::toString); // doctype, element, 2 text chunks, comment, end tag, end
        for (DocumentContext c : seen) {
            assertSame(r.context(), c);
        }
        assertNull(r.context().attachment());
    }

    @Test
    void keysAreTypedAndComparedByIdentity() {
        DocumentContext c = SETTINGS.newRewriter((b, off, len) -> { }).context();
        DocumentContext.Key<String> one = DocumentContext.Key.named("k", String.class);
        DocumentContext.Key<String> other = DocumentContext.Key.named("k", String.class);
        c.put(one, "v");
        assertEquals("v", c.get(one));
        assertNull(c.get(other));
        assertEquals("v", c.put(one, null));
        assertNull(c.get(one));
        @SuppressWarnings({"unchecked", "rawtypes"})
        DocumentContext.Key<Integer> wrong = (DocumentContext.Key) one;
        c.put(one, "text");
        assertThrows(ClassCastException.class, () -> c.get(wrong).intValue());
    }
}
