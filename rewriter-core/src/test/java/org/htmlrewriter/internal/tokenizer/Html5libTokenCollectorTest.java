package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The conformance harness without a tokenizer: sink calls made by hand must give the html5lib tokens, and the
 * charset helpers must skip exactly what cannot be represented. Needs no ../shared.
 */
class Html5libTokenCollectorTest {

    private static final Charset UTF_8 = StandardCharsets.UTF_8;

    private final Html5libTokenCollector sink = new Html5libTokenCollector(new Html5libHtmlDecoderAdapter(), UTF_8);

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void textPiecesAreJoinedBeforeDecodingAndCoalescedAcrossPassThrough() {
        byte[] a = bytes("x&am");
        byte[] b = bytes("p;\r");
        byte[] c = bytes("\ny</>z");
        sink.text(a, 0, a.length, TextMode.DATA);
        sink.text(b, 0, b.length, TextMode.DATA);
        sink.text(c, 0, 1, TextMode.DATA);
        sink.text(c, 1, 2, TextMode.DATA);
        sink.passThrough(c, 2, 5);
        sink.text(c, 5, 6, TextMode.DATA);
        sink.end();
        assertEquals(List.of(List.of("Character", "x&\nyz")), sink.tokens);
        assertArrayEquals(bytes("x&amp;\r\ny</>z"), sink.reportedBytes());
        assertTrue(sink.protocolErrors.isEmpty(), sink.protocolErrors.toString());
        assertTrue(sink.streamingMismatches.isEmpty(), sink.streamingMismatches.toString());
        assertEquals(1, sink.endCalls);
    }

    @Test
    void aPassThroughEndsACharacterReference() {
        byte[] in = bytes("&am</>p;");
        sink.text(in, 0, 3, TextMode.DATA);
        sink.passThrough(in, 3, 6);
        sink.text(in, 6, 8, TextMode.DATA);
        sink.end();
        assertEquals(List.of(List.of("Character", "&amp;")), sink.tokens);
    }

    @Test
    void aMultiByteCharacterCutBetweenPiecesDecodesWhole() {
        byte[] in = bytes("\u00e9&eacute;\u65e5");
        for (int i = 0; i < in.length; i++) {
            sink.text(in, i, i + 1, TextMode.RCDATA);
        }
        sink.end();
        assertEquals(List.of(List.of("Character", "\u00e9\u00e9\u65e5")), sink.tokens);
        assertTrue(sink.streamingMismatches.isEmpty(), sink.streamingMismatches.toString());
    }

    @Test
    void nulDependsOnTheTextMode() {
        byte[] in = bytes("a\u0000b");
        sink.text(in, 0, 3, TextMode.DATA);
        sink.text(in, 0, 3, TextMode.RCDATA);
        sink.end();
        assertEquals(List.of(List.of("Character", "a\u0000ba\uFFFDb")), sink.tokens);
    }

    @Test
    void startTagWithDuplicateAttributesKeepsTheFirstAndLowercasesNames() {
        byte[] in = bytes("<DiV A=1 a='2' b>");
        TagToken tag = new TagToken();
        tag.buf = in;
        tag.start = 0;
        tag.end = in.length;
        tag.nameStart = 1;
        tag.nameEnd = 4;
        tag.captured = true;
        tag.addAttribute(5, 6);
        tag.attrValueStart[0] = 7;
        tag.attrValueEnd[0] = 8;
        tag.addAttribute(9, 10);
        tag.attrValueStart[1] = 12;
        tag.attrValueEnd[1] = 13;
        tag.addAttribute(15, 16);
        sink.startTag(tag);
        sink.end();
        assertEquals(List.of(Arrays.asList("StartTag", "div", Map.of("a", "1", "b", ""))), sink.tokens);
        assertArrayEquals(in, sink.reportedBytes());

        tag.selfClosing = true;
        tag.resetAttributes();
        Html5libTokenCollector second = new Html5libTokenCollector(new Html5libHtmlDecoderAdapter(), UTF_8);
        second.startTag(tag);
        assertEquals(List.of(Arrays.asList("StartTag", "div", Map.of(), true)), second.tokens);
    }

    @Test
    void commentAndDoctypeUseTheirDataRangesAndNullForMissingParts() {
        byte[] in = bytes("t<!--x\r\ny--><!DOCTYPE HTML>");
        sink.text(in, 0, 1, TextMode.DATA);
        CommentToken comment = new CommentToken();
        comment.buf = in;
        comment.start = 1;
        comment.end = 12;
        comment.dataStart = 5;
        comment.dataEnd = 9;
        sink.comment(comment);
        DoctypeToken doctype = new DoctypeToken();
        doctype.buf = in;
        doctype.reset(12);
        doctype.end = in.length;
        doctype.nameStart = 22;
        doctype.nameEnd = 26;
        sink.doctype(doctype);
        sink.end();
        assertEquals(List.of(List.of("Character", "t"), List.of("Comment", "x\ny"),
                Arrays.asList("DOCTYPE", "html", null, null, true)), sink.tokens);
        assertArrayEquals(in, sink.reportedBytes());
        assertTrue(sink.protocolErrors.isEmpty(), sink.protocolErrors.toString());
    }

    @Test
    void contractViolationsAreRecordedNotThrown() {
        byte[] in = bytes("abc");
        sink.text(in, 2, 5, TextMode.DATA);
        sink.end();
        sink.passThrough(in, 0, 1);
        assertEquals(2, sink.protocolErrors.size(), sink.protocolErrors.toString());
    }

    @Test
    void charsetHelpersSkipWhatCannotRoundTrip() {
        assertNull(Html5libTokenizerTest.encodeExactly("a\uD800", UTF_8));
        assertEquals(1, Html5libTokenizerTest.indexOfLoneSurrogate("a\uD800"));
        assertEquals(-1, Html5libTokenizerTest.indexOfLoneSurrogate("a\uD83D\uDE00b"));
        assertEquals(0, Html5libTokenizerTest.indexOfLoneSurrogate("\uDE00\uD83D"));
        Charset windows1252 = Charset.forName("windows-1252");
        assertArrayEquals(new byte[] {(byte) 0x80}, Html5libTokenizerTest.encodeExactly("\u20AC", windows1252));
        assertNull(Html5libTokenizerTest.encodeExactly("\u0100", windows1252));
        Charset shiftJis = Charset.forName("Shift_JIS");
        assertNull(Html5libTokenizerTest.encodeExactly("\u00A5", shiftJis), "one-way mapping to 0x5C");
        byte[] nihon = Html5libTokenizerTest.encodeExactly("<\u65E5>", shiftJis);
        assertEquals(4, nihon.length);
        assertFalse(Html5libTokenizerTest.showPlain("\u0000\n\u00e9").contains("\n"));
    }
}
