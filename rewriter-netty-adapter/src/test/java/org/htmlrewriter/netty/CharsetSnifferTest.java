package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CharsetSnifferTest {
    private static Charset prescan(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return CharsetSniffer.prescan(b, b.length);
    }

    @Test
    void metaCharsetForms() {
        assertEquals(Charset.forName("windows-1252"), prescan("<meta charset=windows-1252>"));
        assertEquals(Charset.forName("koi8-r"), prescan("<html><head><META CHARSET='KOI8-R'>"));
        assertEquals(Charset.forName("shift_jis"),
                prescan("<meta http-equiv=Content-Type content=\"text/html; charset=Shift_JIS\">"));
        assertEquals(Charset.forName("euc-kr"),
                prescan("<meta content='text/html;charset=euc-kr' http-equiv='content-type'>"));
        assertEquals(StandardCharsets.UTF_8, prescan("<meta charset=utf-16le>"), "UTF-16 in a meta means UTF-8");
    }

    @Test
    void thingsThatAreNotACharsetDeclaration() {
        assertNull(prescan("<!-- <meta charset=koi8-r> -->"));
        assertNull(prescan("<meta content=\"text/html; charset=koi8-r\">"), "content without http-equiv");
        assertNull(prescan("<title><meta charset=koi8-r"), "cut off");
        assertNull(prescan("<metaphor charset=koi8-r>"));
        assertNull(prescan("<meta charset=no-such-thing>"));
        assertNull(prescan("plain text"));
        assertEquals(Charset.forName("koi8-r"), prescan("<div title='<meta charset=x>'><meta charset=koi8-r>"));
    }

    @Test
    void byteOrderMarks() {
        assertEquals(StandardCharsets.UTF_8, CharsetSniffer.byteOrderMark(new byte[] {(byte) 0xEF, (byte) 0xBB,
                (byte) 0xBF}, 3));
        assertEquals(StandardCharsets.UTF_16LE, CharsetSniffer.byteOrderMark(new byte[] {(byte) 0xFF, (byte) 0xFE}, 2));
        assertEquals(StandardCharsets.UTF_16BE, CharsetSniffer.byteOrderMark(new byte[] {(byte) 0xFE, (byte) 0xFF}, 2));
        assertNull(CharsetSniffer.byteOrderMark(new byte[] {'<', 'h'}, 2));
    }

    @Test
    void contentTypeCharsetParameter() {
        assertEquals("utf-8", HtmlRewritingHandler.charsetParameter("text/html; charset=utf-8"));
        assertEquals("ISO-8859-1", HtmlRewritingHandler.charsetParameter("text/html;Charset=\"ISO-8859-1\""));
        assertNull(HtmlRewritingHandler.charsetParameter("text/html"));
        assertNull(HtmlRewritingHandler.charsetParameter("text/html; charset="));
    }
}
