package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.TokenSink;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.selectors.Namespaces;
import org.junit.jupiter.api.Test;

/** Attribute edits on a start tag and the start tag they serialize to. */
class StartTagEditsTest {
    private static final String HTML = "http://www.w3.org/1999/xhtml";

    private final MemoryAccount account = new MemoryAccount(1 << 20);

    /** Tokenizes {@code html}, applies {@code edits} to its first start tag and writes it (renamed if asked). */
    private String edit(String html, Charset charset, String namespace, String newName, Consumer<StartTagEdits> edits) {
        StartTagEdits e = new StartTagEdits(new ContentEncoder(charset), account, () -> "el");
        String[] written = new String[1];
        TokenSink sink = new TokenSink() {
            @Override
            public void text(byte[] buf, int start, int end, TextMode mode) {
            }

            @Override
            public void passThrough(byte[] buf, int start, int end) {
            }

            @Override
            public void startTag(TagToken tag) {
                if (written[0] == null) {
                    e.reset(tag, namespace);
                    edits.accept(e);
                    written[0] = new String(e.serialize(newName), charset);
                    e.release();
                }
            }

            @Override
            public void endTag(TagToken tag) {
            }

            @Override
            public void comment(CommentToken comment) {
            }

            @Override
            public void doctype(DoctypeToken doctype) {
            }

            @Override
            public void end() {
            }
        };
        Tokenizer t = new Tokenizer(sink, null);
        byte[] in = html.getBytes(charset);
        t.write(in, 0, in.length);
        t.end();
        return written[0];
    }

    private String edit(String html, Consumer<StartTagEdits> edits) {
        return edit(html, StandardCharsets.UTF_8, HTML, null, edits);
    }

    @Test
    void unchangedAttributesKeepTheirBytesAndQuotes() {
        assertEquals("<div class=a id='b' hidden data-x=\"y z\" e=''>",
                edit("<div  class=a\n id='b'\thidden   data-x=\"y z\" e=''>", e -> { }));
        assertEquals("<DiV CLASS=a>", edit("<DiV CLASS=a>", e -> { }));
    }

    @Test
    void aChangedValueIsDoubleQuotedUnderTheNameAsWritten() {
        assertEquals("<a HREF=\"/new\" title=t>", edit("<a HREF='/old' title=t>", e -> e.set("href", "/new")));
        assertEquals("<a x=\"3\" x=2>", edit("<a x=1 x=2>", e -> e.set("X", "3")), "the first occurrence");
        assertEquals("<input disabled=\"yes\">", edit("<input disabled>", e -> e.set("disabled", "yes")));
    }

    @Test
    void valuesAreEscapedForDoubleQuotes() {
        assertEquals("<a title=\"say &quot;hi&quot; 'x'\">",
                edit("<a title=x>", e -> e.set("title", "say \"hi\" 'x'")));
        assertEquals("<a href=\"?a=1&b=2\">", edit("<a href=x>", e -> e.set("href", "?a=1&b=2")),
                "an & that starts no reference stays");
        assertEquals("<a title=\"&amp;amp;\">", edit("<a title=x>", e -> e.set("title", "&amp;")));
        assertEquals("<a title=\"a&#13;b\">", edit("<a title=x>", e -> e.set("title", "a\rb")));
    }

    @Test
    void charactersTheCharsetCannotWriteBecomeReferences() {
        assertEquals("<a title=\"&#8594;\">", edit("<a>", Charset.forName("windows-1252"), HTML, null,
                e -> e.set("title", "\u2192")));
    }

    @Test
    void removedAttributesAreLeftOutEveryOccurrence() {
        assertEquals("<input type=text>", edit("<input disabled type=text disabled>", e -> {
            assertTrue(e.remove("DISABLED"));
            assertFalse(e.has("disabled"));
            assertNull(e.valueOf("disabled", true));
        }));
        assertEquals("<p>", edit("<p>", e -> assertFalse(e.remove("id"))));
    }

    @Test
    void addedAttributesComeLastLowercasedInHtml() {
        assertEquals("<p id=1 data-a=\"2\" b=\"\">", edit("<p id=1>", e -> {
            e.set("Data-A", "1");
            e.set("data-a", "2");
            e.set("b", "");
            assertEquals("2", e.valueOf("DATA-A", false));
        }));
        assertEquals("<p id=1>", edit("<p id=1>", e -> {
            e.set("x", "1");
            assertFalse(e.remove("x"), "an added attribute is not the token's");
        }));
    }

    @Test
    void foreignAttributesAndRenamedTagsKeepTheirCase() {
        assertEquals("<svg viewBox=\"0 0 1 1\">", edit("<svg>", StandardCharsets.UTF_8, Namespaces.SVG, null,
                e -> e.set("viewbox", "0 0 1 1")));
        assertEquals("<linearGradient x=1 />", edit("<lineargradient x=1 />", StandardCharsets.UTF_8, Namespaces.SVG,
                "linearGradient", e -> { }));
        assertEquals("<section id=\"m\" />", edit("<div id=a />", StandardCharsets.UTF_8, HTML, "section",
                e -> e.set("id", "m")));
    }

    @Test
    void selfClosingIsWrittenWithASpace() {
        assertEquals("<br />", edit("<br/>", e -> { }));
        assertEquals("<img src=\"a\" />", edit("<img src=\"a\"/>", e -> { }));
        assertEquals("<img src=a/>", edit("<img src=a/>", e -> { }), "an unquoted value takes the slash");
    }

    @Test
    void valuesAreReadDecodedOrAsWritten() {
        edit("<a title='a &amp; b' Title=other>", e -> {
            assertEquals("a & b", e.valueOf("title", true));
            assertEquals("a &amp; b", e.valueOf("TITLE", false));
            assertEquals(1, e.attributes().size());
            assertEquals("a &amp; b", e.attributes().get(0).rawValue());
            e.set("title", "&x");
            assertEquals("&x", e.valueOf("title", true), "a value set is read as given");
        });
    }

    @Test
    void requestsAreChargedUntilRelease() {
        edit("<a b=1 c=2 b=3>", e -> {
            e.attributes();
            e.remove("c");
            e.set("b", "x");
            assertTrue(account.used() > 0);
        });
        assertEquals(0, account.used(), "released with the element");
    }

    @Test
    void settingChecksNameAndValueFirst() {
        edit("<a>", e -> {
            assertThrows(IllegalArgumentException.class, () -> e.checkSettable("1a", "v"));
            assertThrows(IllegalArgumentException.class, () -> e.checkSettable("a b", "v"));
            assertThrows(NullPointerException.class, () -> e.checkSettable("a", null));
            assertThrows(IllegalArgumentException.class, () -> e.checkSettable("a", "\ud800"));
            e.checkSettable("data-ok", "v");
        });
    }
}
