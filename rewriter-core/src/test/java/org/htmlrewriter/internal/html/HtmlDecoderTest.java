package org.htmlrewriter.internal.html;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.Charset;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The decoding rules, one spec rule per test. Inputs are written as Java strings and encoded in UTF-8. */
class HtmlDecoderTest {

    /** Surrounds the bytes with other bytes so that the range offsets are exercised. */
    static byte[] framed(byte[] bytes) {
        byte[] framed = new byte[bytes.length + 6];
        framed[0] = '<';
        framed[1] = 'X';
        framed[2] = '&';
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        framed[framed.length - 3] = '&';
        framed[framed.length - 2] = 'A';
        framed[framed.length - 1] = '\r';
        return framed;
    }

    static String text(String input, TextMode mode) {
        return text(input.getBytes(UTF_8), UTF_8, mode);
    }

    static String text(byte[] bytes, Charset charset, TextMode mode) {
        return HtmlDecoder.text(framed(bytes), 3, 3 + bytes.length, charset, mode);
    }

    static String attribute(String input) {
        byte[] bytes = input.getBytes(UTF_8);
        return HtmlDecoder.attributeValue(framed(bytes), 3, 3 + bytes.length, UTF_8);
    }

    @Nested
    class NamedReferences {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "&amp;|&",
            "&lt;&gt;|<>",
            "a&amp;b|a&b",
            "&notit;|¬it;", // longest match is "not"
            "&notin;|∉",
            "&notin|¬in", // "notin" without ';' is not a name; "not" is a legacy one
            "&not|¬",
            "&AElig;&AElig|ÆÆ",
            "&NotEqualTilde;|\u2242\u0338",
            "&Afr;|\uD835\uDD04",
            "&CounterClockwiseContourIntegral;|\u2233",
            "&amp;amp;|&amp;", // decoded once
            "&ampx|&x", // legacy name followed by a letter, in text
            "&amp=|&=",
        })
        void inTextTheLongestNameIsReplaced(String input, String expected) {
            assertEquals(expected, text(input, TextMode.DATA));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "&|&",
            "&&|&&",
            "a & b|a & b",
            "&;|&;",
            "&xyz;|&xyz;", // no name matches: as written ("ambiguous ampersand")
            "&Amp;|&Amp;", // names are case-sensitive
            "&ampere|&ere",
            "&&amp;|&&",
            "&zz&amp;|&zz&",
            "&é|&é",
        })
        void otherAmpersandsStayAsWritten(String input, String expected) {
            assertEquals(expected, text(input, TextMode.DATA));
        }
    }

    @Nested
    class AttributeValues {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "?a=1&not=2|?a=1&not=2", // legacy name, then '=': as written
            "?a=1&notx|?a=1&notx", // legacy name, then a letter: as written
            "&amp1|&amp1", // ... or a digit
            "&not;=|¬=", // a name ending in ';' is always replaced
            "&not.|¬.", // legacy name followed by something else: replaced
            "&not|¬", // ... or by the end of the value
            "&notin;|∉",
            "&notit;|&notit;", // "not" is legacy and followed by a letter
            "&amp;|&",
            "&#65=|A=", // numeric references have no such rule
            "&#x41x|Ax",
        })
        void attributeModeRules(String input, String expected) {
            assertEquals(expected, attribute(input));
        }

        @Test
        void nulIsReplacedAndNewlinesNormalised() {
            assertEquals("a\uFFFDb\nc\nd&", attribute("a\u0000b\r\nc\rd&amp;"));
        }

        @Test
        void missingValueIsEmpty() {
            assertEquals("", HtmlDecoder.attributeValue(new byte[0], -1, -1, UTF_8));
        }
    }

    @Nested
    class NumericReferences {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "&#65;|A",
            "&#65|A",
            "&#65x|Ax",
            "&#x41;|A",
            "&#X41;|A",
            "&#x41|A",
            "&#x4a;|J",
            "&#x4A;|J",
            "&#0000000000000000000065;|A",
            "&#x1F600;|\uD83D\uDE00",
            "&#128512;|\uD83D\uDE00",
            "&#0;|\uFFFD",
            "&#x0;|\uFFFD",
            "&#x110000;|\uFFFD",
            "&#1114112;|\uFFFD",
            "&#99999999999999999999;|\uFFFD",
            "&#x10FFFF;|\uDBFF\uDFFF",
            "&#xD800;|\uFFFD",
            "&#xDFFF;|\uFFFD",
            "&#55296;|\uFFFD",
            "&#x80;|\u20AC",
            "&#x81;|\u0081", // not in the windows-1252 table: kept
            "&#x8D;|\u008D",
            "&#x8F;|\u008F",
            "&#x90;|\u0090",
            "&#x9D;|\u009D",
            "&#x9F;|\u0178",
            "&#150;|\u2013",
            "&#x7F;|\u007F",
            "&#xFDD0;|\uFDD0", // noncharacters are kept
            "&#xFFFE;|\uFFFE",
            "&#x10FFFE;|\uDBFF\uDFFE",
            "&#65;&#66|AB",
            "&#65;;|A;",
        })
        void numericReferences(String input, String expected) {
            assertEquals(expected, text(input, TextMode.DATA));
            assertEquals(expected, attribute(input));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "&#|&#",
            "&#;|&#;",
            "&#x|&#x",
            "&#X;|&#X;",
            "&#xg;|&#xg;",
            "&#a;|&#a;",
            "&# 65;|&# 65;",
            "&#-1;|&#-1;",
            "&#\uFF11;|&#\uFF11;", // a fullwidth digit is not a digit here
        })
        void numberSignWithoutDigitsStaysAsWritten(String input, String expected) {
            assertEquals(expected, text(input, TextMode.DATA));
            assertEquals(expected, attribute(input));
        }

        @Test
        void referenceToCarriageReturnIsNotNormalised() {
            // Newline normalisation is input preprocessing; a CR made by a reference never went through it.
            assertEquals("\r\r", text("&#x0D;&#13;", TextMode.DATA));
            assertEquals("\r", attribute("&#xd"));
            assertEquals("\u0001\u001F", text("&#x01;&#31", TextMode.DATA)); // other controls are kept too
        }

        @Test
        void windows1252TableMapsEveryC1Value() {
            String expected = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
                    + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
            StringBuilder actual = new StringBuilder();
            for (int value = 0x80; value <= 0x9F; value++) {
                actual.appendCodePoint(CharacterReferences.numericReplacement(value));
            }
            assertEquals(expected, actual.toString());
        }
    }

    @Nested
    class TextModes {
        static final String INPUT = "a&amp;b\u0000c\r\nd\re&lt";

        @Test
        void data() {
            assertEquals("a&b\u0000c\nd\ne<", text(INPUT, TextMode.DATA));
        }

        @Test
        void rcdata() {
            assertEquals("a&b\uFFFDc\nd\ne<", text(INPUT, TextMode.RCDATA));
        }

        @ParameterizedTest
        @EnumSource(value = TextMode.class, names = {"RAWTEXT", "SCRIPT_DATA", "PLAINTEXT"})
        void rawKindsKeepReferencesAndReplaceNul(TextMode mode) {
            assertEquals("a&amp;b\uFFFDc\nd\ne&lt", text(INPUT, mode));
        }

        @Test
        void cdataSectionKeepsEverythingButNewlines() {
            assertEquals("a&amp;b\u0000c\nd\ne&lt", text(INPUT, TextMode.CDATA_SECTION));
        }

        @ParameterizedTest
        @EnumSource(TextMode.class)
        void newlinesAreNormalisedInEveryMode(TextMode mode) {
            assertEquals("\n\n\n\n\nx\n", text("\r\n\r\r\n\n\rx\r", mode));
        }

        @ParameterizedTest
        @EnumSource(TextMode.class)
        void emptyRange(TextMode mode) {
            assertEquals("", text("", mode));
        }

        @Test
        void plainAsciiIsReturnedAsIs() {
            assertEquals("Hello, world! <>\"'", text("Hello, world! <>\"'", TextMode.DATA));
        }
    }

    @Nested
    class Names {
        @Test
        void tagAndAttributeNamesAreAsciiLowercased() {
            byte[] bytes = "DiV".getBytes(UTF_8);
            assertEquals("div", HtmlDecoder.tagName(framed(bytes), 3, 6, UTF_8));
            assertEquals("div", HtmlDecoder.attributeName(framed(bytes), 3, 6, UTF_8));
        }

        @Test
        void onlyAsciiLettersAreLowercased() {
            byte[] bytes = "ÄÖ-Ü\u0130X".getBytes(UTF_8);
            assertEquals("ÄÖ-Ü\u0130x", HtmlDecoder.tagName(bytes, 0, bytes.length, UTF_8));
        }

        @Test
        void nulBecomesReplacementAndAmpersandStays() {
            byte[] bytes = "A\u0000&amp;".getBytes(UTF_8);
            assertEquals("a\uFFFD&amp;", HtmlDecoder.tagName(bytes, 0, bytes.length, UTF_8));
            assertEquals("a\uFFFD&amp;", HtmlDecoder.attributeName(bytes, 0, bytes.length, UTF_8));
        }

        @Test
        void lowercaseNameIsReturnedWithoutCopy() {
            byte[] bytes = "div".getBytes(UTF_8);
            String name = HtmlDecoder.tagName(bytes, 0, 3, UTF_8);
            assertSame(name, name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Nested
    class CommentsAndDoctypes {
        @Test
        void commentData() {
            byte[] bytes = "a&amp;\u0000\r\nB".getBytes(UTF_8);
            assertEquals("a&amp;\uFFFD\nB", HtmlDecoder.commentData(bytes, 0, bytes.length, UTF_8));
        }

        @Test
        void doctypeName() {
            byte[] bytes = "HTML\u0000".getBytes(UTF_8);
            assertEquals("html\uFFFD", HtmlDecoder.doctypeName(bytes, 0, bytes.length, UTF_8));
            assertNull(HtmlDecoder.doctypeName(bytes, -1, -1, UTF_8));
        }

        @Test
        void doctypeIdentifiersKeepCase() {
            byte[] bytes = "-//W3C//DTD HTML 4.01//EN\u0000&amp;\r".getBytes(UTF_8);
            assertEquals("-//W3C//DTD HTML 4.01//EN\uFFFD&amp;\n",
                    HtmlDecoder.doctypeIdentifier(bytes, 0, bytes.length, UTF_8));
            assertNull(HtmlDecoder.doctypeIdentifier(bytes, -1, -1, UTF_8));
        }
    }

    @Nested
    class Charsets {
        final Charset shiftJis = Charset.forName("Shift_JIS");
        final Charset windows31j = Charset.forName("windows-31j");

        @Test
        void shiftJisTrailByteThatIsALetterIsNotLowercased() {
            // U+30A2 KATAKANA LETTER A is 0x83 0x41 in Shift_JIS: its trail byte is 'A'.
            byte[] bytes = {'X', (byte) 0x83, 0x41, 'Y'};
            assertEquals("x\u30A2y", HtmlDecoder.tagName(bytes, 0, bytes.length, shiftJis));
            assertEquals("x\u30A2y", HtmlDecoder.attributeName(bytes, 0, bytes.length, windows31j));
            assertEquals("x\u30A2y", HtmlDecoder.doctypeName(bytes, 0, bytes.length, shiftJis));
        }

        @Test
        void shiftJisTextWithReferences() {
            byte[] bytes = "表&amp;ア&#x41;".getBytes(windows31j); // 表 is 0x95 0x5C: trail byte '\'
            assertEquals("表&アA", text(bytes, windows31j, TextMode.DATA));
        }

        @Test
        void windows1252() {
            Charset cp1252 = Charset.forName("windows-1252");
            byte[] bytes = {(byte) 0x80, '&', 'a', 'm', 'p', ';', (byte) 0xE9, 0};
            assertEquals("\u20AC&\u00E9\uFFFD", text(bytes, cp1252, TextMode.RCDATA));
        }

        @Test
        void eucJpGbkBig5() {
            for (String name : new String[] {"EUC-JP", "GBK", "Big5", "GB18030"}) {
                Charset charset = Charset.forName(name);
                String input = "中&lt;文\r\n";
                assertEquals("中<文\n", text(input.getBytes(charset), charset, TextMode.DATA), name);
            }
        }

        @Test
        void malformedShiftJisBecomesReplacement() {
            byte[] bytes = {'a', (byte) 0x83}; // lead byte at the end
            assertEquals("a\uFFFD", text(bytes, windows31j, TextMode.DATA));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "61 FF 62|a\uFFFDb", // never a UTF-8 byte
            "61 C3|a\uFFFD", // truncated two-byte sequence at the end
            "E2 82 41|\uFFFDA", // truncated three-byte sequence: one U+FFFD, the 'A' survives
            "F0 9F 98 26 61 6D 70 3B|\uFFFD&", // ... and a following '&' still starts a reference
            "C0 80|\uFFFD\uFFFD", // overlong NUL: not a NUL
            "ED A0 80|\uFFFD\uFFFD\uFFFD", // UTF-8 encoded surrogate
            "F4 90 80 80|\uFFFD\uFFFD\uFFFD\uFFFD", // above U+10FFFF
            "80 61|\uFFFDa", // lone continuation byte
            "C3 A9 E2 82 AC F0 9F 98 80|\u00E9\u20AC\uD83D\uDE00",
        })
        void malformedUtf8BecomesReplacementCharacters(String hex, String expected) {
            assertEquals(expected, text(bytes(hex), UTF_8, TextMode.DATA));
        }
    }

    static byte[] bytes(String hex) {
        String[] parts = hex.trim().split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }
}
