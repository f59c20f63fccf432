package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code <meta>} charset switching follows the WHATWG Encoding standard's labels and only counts a {@code <meta>}
 * that a browser would read as one: not inside SVG, MathML or a template.
 */
class CharsetLabelsTest {
    private static Charset switchedTo(String html) {
        RecordingSink sink = new RecordingSink();
        HtmlRewriter r = HtmlRewriter.builder().adjustCharsetOnMetaTag(true).settings().newRewriter(sink);
        r.write(html.getBytes(StandardCharsets.US_ASCII));
        r.end();
        return sink.charsetChanges.isEmpty() ? null : sink.charsetChanges.get(0);
    }

    @Test
    void labelsMeanWhatTheEncodingStandardSays() {
        assertEquals("windows-1252", switchedTo("<meta charset=iso-8859-1>").name());
        assertEquals("windows-1252", switchedTo("<meta charset=\"US-ASCII\">").name());
        assertEquals("windows-1252", switchedTo("<meta charset=' latin1 '>").name());
        assertEquals("windows-31j", switchedTo("<meta charset=shift_jis>").name());
        assertEquals("windows-1254", switchedTo("<meta charset=iso-8859-9>").name());
        // "Change the encoding", as the prescan: x-user-defined in a <meta> means windows-1252.
        assertEquals("windows-1252", switchedTo("<meta charset=x-user-defined>").name());
        assertEquals("GBK", switchedTo("<meta http-equiv=content-type content='text/html; charset=gb2312'>").name());
        // UTF-16 labels mean UTF-8 in a <meta>; labels of the replacement encoding and unknown ones mean nothing.
        assertNull(switchedTo("<meta charset=utf-16le>")); // UTF-8 already: no change to tell
        assertNull(switchedTo("<meta charset=iso-2022-kr>"));
        assertNull(switchedTo("<meta charset=klingon>"));
    }

    @Test
    void aMetaCountsWhereABrowserReadsOneAndNowhereElse() {
        // As browsers do (web-platform-tests html/syntax/charset in-svg.html, in-template.html): a <meta> in SVG or
        // MathML breaks out into HTML, and one in a template is processed as in head.
        assertEquals("windows-1251", switchedTo("<svg><meta charset=windows-1251></svg>").name());
        assertEquals("windows-1251", switchedTo("<math><meta charset=windows-1251></math>").name());
        assertEquals("windows-1251", switchedTo("<template><meta charset=windows-1251></template>").name());
        // Text that looks like one is not one.
        assertNull(switchedTo("<svg><![CDATA[<meta charset=windows-1251>]]></svg>"));
        assertNull(switchedTo("<!--<meta charset=windows-1251>-->"));
        assertNull(switchedTo("<script>'<meta charset=windows-1251>'</script>"));
        assertNull(switchedTo("<title><meta charset=windows-1251></title>"));
    }

    @Test
    void xUserDefinedMapsHighBytesToThePrivateUseArea() {
        Charset x = org.htmlrewriter.internal.html.EncodingLabels.forLabel("x-user-defined");
        byte[] bytes = {'a', (byte) 0x80, (byte) 0xFF};
        assertEquals("a\uF780\uF7FF", new String(bytes, x));
        assertEquals(List.of((byte) 'a', (byte) 0x80, (byte) 0xFF), toList("a\uF780\uF7FF".getBytes(x)));
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> l = new ArrayList<>();
        for (byte x : b) {
            l.add(x);
        }
        return l;
    }
}
