package org.htmlrewriter.internal.html;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The WHATWG UTF-8 decoder: valid input as the JDK decodes it, malformed input one U+FFFD per maximal subpart. */
class Utf8DecodingTest {

    static String decode(byte[] bytes, boolean endOfInput) {
        char[] out = new char[bytes.length];
        long result = Utf8Decoding.decode(bytes, 0, bytes.length, endOfInput, out, 0);
        return new String(out, 0, (int) result) + (endOfInput ? "" : "|" + (bytes.length - (int) (result >>> 32)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E0 80 80|\uFFFD\uFFFD\uFFFD", // E0 needs A0-BF next: overlong
        "E0 A0 80|\u0800",
        "ED 9F BF|\uD7FF",
        "ED A0 80|\uFFFD\uFFFD\uFFFD", // surrogate
        "EE 80 80|\uE000",
        "F0 8F BF BF|\uFFFD\uFFFD\uFFFD\uFFFD", // overlong four-byte
        "F0 90 80 80|\uD800\uDC00",
        "F4 8F BF BF|\uDBFF\uDFFF",
        "F4 90 80 80|\uFFFD\uFFFD\uFFFD\uFFFD",
        "F5 80|\uFFFD\uFFFD",
        "C1 BF|\uFFFD\uFFFD",
        "C2|\uFFFD",
        "F0 90 80|\uFFFD", // truncated at the end: one U+FFFD
        "E2 28 A1|\uFFFD(\uFFFD",
        "FE FF|\uFFFD\uFFFD",
    })
    void malformedSequences(String hex, String expected) {
        assertEquals(expected, decode(HtmlDecoderTest.bytes(hex), true));
    }

    @Test
    void incompleteSequenceIsLeftWhenMoreInputMayFollow() {
        assertEquals("a|3", decode(HtmlDecoderTest.bytes("61 F0 90 80"), false));
        assertEquals("a|1", decode(HtmlDecoderTest.bytes("61 E2"), false));
        assertEquals("a\uFFFD(", decode(HtmlDecoderTest.bytes("61 E2 28"), true));
        assertEquals("a\uFFFD(|0", decode(HtmlDecoderTest.bytes("61 E2 28"), false)); // known invalid already
        assertEquals("\uFFFD\uFFFD|0", decode(HtmlDecoderTest.bytes("ED A0"), false)); // A0 cannot follow ED
    }

    @Test
    void validTextDecodesLikeTheJdk() {
        qt().withExamples(500).forAll(lists().of(integers().between(0, 0x10FFFF)).ofSizeBetween(0, 30))
            .checkAssert(codePoints -> {
                StringBuilder text = new StringBuilder();
                for (int codePoint : codePoints) {
                    if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                        text.appendCodePoint(codePoint);
                    }
                }
                byte[] bytes = text.toString().getBytes(UTF_8);
                assertEquals(text.toString(), decode(bytes, true));
            });
    }
}
