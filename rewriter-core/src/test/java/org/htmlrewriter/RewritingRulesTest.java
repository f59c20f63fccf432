package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;

class RewritingRulesTest {
    private final AtomicInteger compilations = new AtomicInteger();
    private final RewritingRules rules = RewritingRules.of(b -> {
        compilations.incrementAndGet();
        b.charset(StandardCharsets.ISO_8859_1); // replaced by the response's charset
        b.onElement("p", el -> el.setAttribute("class", "x"));
    });

    @Test
    void compilesOncePerCharsetAndUsesThatCharset() {
        assertEquals(1, compilations.get(), "UTF-8 is compiled at once");
        RewriterSettings latin = rules.settingsFor(Charset.forName("windows-1252"));
        assertSame(latin, rules.settingsFor(Charset.forName("windows-1252")));
        assertEquals(2, compilations.get());
        assertEquals(Charset.forName("windows-1252"), latin.charset());
        assertEquals(StandardCharsets.UTF_8, rules.settingsFor(StandardCharsets.UTF_8).charset());
    }

    @Test
    void aBadSelectorFailsWhenTheRulesAreMade() {
        assertThrows(SelectorSyntaxException.class, () -> RewritingRules.of(b -> b.onElement("p:hover", el -> {
        })));
        assertThrows(IllegalArgumentException.class, () -> rules.settingsFor(Charset.forName("UTF-32")));
        assertEquals(StandardCharsets.UTF_16, rules.settingsFor(StandardCharsets.UTF_16).charset(), "transcoded");
    }

    @Test
    void onlyTheRulesMediaTypesWithAUsableCharsetAreRewritten() {
        assertEquals(StandardCharsets.UTF_8, rules.settingsForContentType("text/html").charset());
        assertEquals(StandardCharsets.UTF_8, rules.settingsForContentType(" Text/HTML ;foo=bar").charset());
        assertEquals(Charset.forName("windows-1252"),
                rules.settingsForContentType("text/html; Charset=\"windows-1252\"").charset());
        assertEquals(Charset.forName("Shift_JIS"), rules.settingsForContentType("text/html;charset=shift_jis")
                .charset());
        assertNull(rules.settingsForContentType(null));
        assertNull(rules.settingsForContentType("text/plain"));
        assertNull(rules.settingsForContentType("application/xhtml+xml"));
        assertNull(rules.settingsForContentType("text/html; charset=utf-32"), "not ASCII-compatible");
        assertEquals(StandardCharsets.UTF_16, rules.settingsForContentType("text/html; charset=utf-16").charset(),
                "UTF-16, byte order from a byte order mark, else little-endian");
        assertNull(rules.settingsForContentType("text/html; charset=no-such-charset"));
        assertNull(rules.settingsForContentType("text/html; charset=\"bad name!\""));
        RewritingRules xhtml = rules.withMediaTypes("text/html", "Application/XHTML+XML");
        assertEquals(Set.of("text/html", "application/xhtml+xml"), xhtml.mediaTypes());
        assertNotNull(xhtml.settingsForContentType("application/xhtml+xml; charset=utf-8"));
        assertThrows(IllegalArgumentException.class, () -> rules.withMediaTypes());
        assertThrows(IllegalArgumentException.class, () -> rules.withMediaTypes("text/html; charset=utf-8"));
        assertThrows(IllegalArgumentException.class, () -> rules.withMediaTypes("html"));
    }
}
