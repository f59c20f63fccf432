package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.junit.jupiter.api.Test;

/** What views read of their document: one charset for decoding and encoding, and source locations. */
class ViewContextTest {
    private static final Charset LATIN1 = StandardCharsets.ISO_8859_1;

    private static TagToken tag(byte[] bytes) {
        TagToken t = new TagToken();
        t.buf = bytes;
        t.start = 0;
        t.end = bytes.length;
        t.nameStart = 1;
        t.nameEnd = bytes.length - 1;
        return t;
    }

    @Test
    void aCharsetSwitchReachesDecodingAndEncoding() {
        ViewContext views = new ViewContext(StandardCharsets.UTF_8, null, null, null);
        byte[] name = "<x\u00e9>".getBytes(StandardCharsets.UTF_8);
        assertEquals("x\u00e9", views.decodeTagName(tag(name)));
        assertEquals(StandardCharsets.UTF_8, views.encoder.charset());

        views.setCharset(LATIN1);
        assertEquals(LATIN1, views.charset());
        assertEquals(LATIN1, views.encoder.charset());
        assertEquals("x\u00c3\u00a9", views.decodeTagName(tag(name)), "the same bytes read as Latin-1");
    }

    @Test
    void locationsHaveLinesOnlyWhenCounted() {
        SourceLocation plain = new ViewContext(StandardCharsets.UTF_8, null, null, null).location(3, 7);
        assertEquals(3, plain.start());
        assertEquals(7, plain.end());
        assertFalse(plain.hasLine());

        LineCounter lines = new LineCounter(StandardCharsets.UTF_8, new MemoryAccount(1 << 20));
        byte[] doc = "ab\ncd\nef".getBytes(StandardCharsets.UTF_8);
        lines.chunk(doc, 0, doc.length);
        SourceLocation counted = new ViewContext(StandardCharsets.UTF_8, null, null, lines).location(4, 5);
        assertTrue(counted.hasLine());
        assertEquals(2, counted.line());
        assertEquals(2, counted.column());
    }
}
