package org.htmlrewriter.internal.html;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.junit.jupiter.api.Test;

/** Streaming decoding of one text node fed in pieces: equal to decoding the node at once, for any split. */
class StreamingTextDecoderTest {
    static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    static final Charset[] CHARSETS = {UTF_8, WINDOWS_31J};

    /** Pieces that exercise every rule and every boundary: references whole and cut, CR/LF, NUL, multi-byte. */
    static final String[] TEXT_ATOMS = {
        "a", "Z", "0", "9", "x", "X", ";", "=", "#", " ", "<", "\\",
        "&", "&&", "&amp;", "&amp", "&am", "&AMP", "&not", "&notin;", "&notit;", "&noti", "&notin", "&nota",
        "&CounterClockwiseContourIntegral;", "&CounterClockwise", "&Co", "&NotEqualTilde;", "&fjlig;", "&Afr;",
        "&#", "&#x", "&#X", "&#65;", "&#65", "&#x41", "&#x1F600;", "&#0;", "&#x110000", "&#xD800;", "&#128;",
        "&#x9F", "&#0000000000000000065;", "&#x00000000000041", "&#99999999999999999", "&#;", "&#xg",
        "\r", "\n", "\r\n", "\u0000", "é", "€", "\uD83D\uDE00", "表", "ア", "ｱ", "中",
    };
    /** Raw bytes added to the atoms: malformed or partial in one charset or the other. */
    static final byte[][] BYTE_ATOMS = {
        {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F}, {(byte) 0x80},
        {(byte) 0x83}, {(byte) 0x95}, {(byte) 0x83, 0x41}, {(byte) 0xA0}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
    };

    static byte[] atom(int index, Charset charset) {
        if (index < TEXT_ATOMS.length) {
            return TEXT_ATOMS[index].getBytes(charset); // unmappable chars become '?', which is fine
        }
        return BYTE_ATOMS[index - TEXT_ATOMS.length];
    }

    static byte[] concat(List<Integer> atoms, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int index : atoms) {
            out.writeBytes(atom(index, charset));
        }
        return out.toByteArray();
    }

    /** Feeds buf in the pieces cut at {@code cuts} (sorted, within [0, length]) and returns the whole result. */
    static String streamed(StreamingTextDecoder decoder, byte[] bytes, int[] cuts, TextMode mode) {
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int cut : cuts) {
            decoder.feed(bytes, start, cut, mode, out);
            assertTrue(decoder.heldCharCount() <= NamedCharacterReferences.maxNameLength() + 1,
                    "held back " + decoder.heldCharCount() + " chars");
            assertTrue(decoder.carriedByteCount() <= 4, "carried " + decoder.carriedByteCount() + " bytes");
            start = cut;
        }
        decoder.feed(bytes, start, bytes.length, mode, out);
        decoder.finish(out);
        assertFalse(decoder.isHoldingBack());
        return out.toString();
    }

    @Test
    void anySplitGivesTheSameTextAsDecodingAtOnce() {
        int atomCount = TEXT_ATOMS.length + BYTE_ATOMS.length;
        qt().withExamples(3000).forAll(
                lists().of(integers().between(0, atomCount - 1)).ofSizeBetween(0, 40),
                lists().of(integers().between(0, 100_000)).ofSizeBetween(0, 12),
                arbitrary().enumValues(TextMode.class),
                integers().between(0, CHARSETS.length - 1))
            .checkAssert((atoms, cutSeeds, mode, charsetIndex) -> {
                Charset charset = CHARSETS[charsetIndex];
                byte[] bytes = concat(atoms, charset);
                int[] cuts = new int[cutSeeds.size()];
                for (int i = 0; i < cuts.length; i++) {
                    cuts[i] = cutSeeds.get(i) % (bytes.length + 1);
                }
                Arrays.sort(cuts);
                String expected = HtmlDecoder.text(bytes, 0, bytes.length, charset, mode);
                StreamingTextDecoder decoder = new StreamingTextDecoder(charset);
                assertEquals(expected, streamed(decoder, bytes, cuts, mode), "random cuts " + Arrays.toString(cuts));
                int[] everyByte = new int[bytes.length];
                for (int i = 0; i < everyByte.length; i++) {
                    everyByte[i] = i;
                }
                assertEquals(expected, streamed(decoder, bytes, everyByte, mode), "byte by byte, reused decoder");
            });
    }

    @Test
    void decidedTextIsEmittedAtOnce() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        assertEquals("abc", feed(decoder, "abc&am", TextMode.DATA));
        assertEquals("&;", feed(decoder, "p;;", TextMode.DATA));
        assertEquals("", decoder.finish());
    }

    @Test
    void crLfSplitAcrossPieces() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        assertEquals("a\n", feed(decoder, "a\r", TextMode.RAWTEXT)); // the LF is emitted for the CR at once
        assertTrue(decoder.isHoldingBack());
        assertEquals("", feed(decoder, "", TextMode.RAWTEXT));
        assertEquals("b", feed(decoder, "\nb", TextMode.RAWTEXT));
        assertEquals("\n", feed(decoder, "\r", TextMode.RAWTEXT));
        assertEquals("", decoder.finish());
        assertEquals("\n\n", feed(decoder, "\r\r", TextMode.RAWTEXT) + decoder.finish());
    }

    @Test
    void longestMatchWaitsForMoreInput() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        assertEquals("", feed(decoder, "&not", TextMode.DATA));
        assertEquals("\u2209", feed(decoder, "in;", TextMode.DATA));
        assertEquals("", feed(decoder, "&not", TextMode.DATA));
        assertEquals("\u00ACit;", feed(decoder, "it;", TextMode.DATA));
        assertEquals("", feed(decoder, "&not", TextMode.DATA));
        assertEquals("\u00AC", decoder.finish());
    }

    @Test
    void multiByteCharSplitAcrossPieces() {
        byte[] euro = "€".getBytes(UTF_8);
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        StringBuilder out = new StringBuilder();
        decoder.feed(euro, 0, 1, TextMode.DATA, out);
        decoder.feed(euro, 1, 2, TextMode.DATA, out);
        assertEquals("", out.toString());
        decoder.feed(euro, 2, 3, TextMode.DATA, out);
        assertEquals("€", out.toString());
        decoder.feed(euro, 0, 2, TextMode.DATA, out);
        decoder.finish(out);
        assertEquals("€\uFFFD", out.toString()); // an incomplete char at the end of the node
    }

    @Test
    void shiftJisTrailByteInNextPiece() {
        byte[] bytes = {(byte) 0x83, 0x41, '&', 'a', 'm', 'p', ';'}; // ア&amp;
        StreamingTextDecoder decoder = new StreamingTextDecoder(WINDOWS_31J);
        StringBuilder out = new StringBuilder();
        decoder.feed(bytes, 0, 1, TextMode.RCDATA, out);
        decoder.feed(bytes, 1, 4, TextMode.RCDATA, out);
        decoder.feed(bytes, 4, 7, TextMode.RCDATA, out);
        decoder.finish(out);
        assertEquals("\u30A2&", out.toString());
    }

    @Test
    void longNumericReferenceIsHeldBackInBoundedSpace() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        StringBuilder out = new StringBuilder();
        feed(decoder, "&#x", TextMode.DATA);
        byte[] zeros = new byte[1000];
        Arrays.fill(zeros, (byte) '0');
        for (int i = 0; i < 100; i++) {
            decoder.feed(zeros, 0, zeros.length, TextMode.DATA, out);
            assertTrue(decoder.heldCharCount() <= 10);
        }
        assertEquals("", out.toString());
        assertEquals("A", feed(decoder, "41;", TextMode.DATA));
        feed(decoder, "&#", TextMode.DATA);
        for (int i = 0; i < 100; i++) {
            decoder.feed("987654321".getBytes(UTF_8), 0, 9, TextMode.DATA, out);
            assertTrue(decoder.heldCharCount() <= 10);
        }
        assertEquals("\uFFFD", decoder.finish());
    }

    @Test
    void textModeMustNotChangeWithinANode() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        feed(decoder, "a", TextMode.DATA);
        assertThrows(IllegalArgumentException.class, () -> feed(decoder, "b", TextMode.RCDATA));
        assertThrows(IllegalStateException.class, () -> decoder.setCharset(WINDOWS_31J));
        decoder.finish();
        assertEquals("b", feed(decoder, "b", TextMode.RCDATA)); // a new node may have another mode
        decoder.finish();
        decoder.setCharset(WINDOWS_31J);
        assertEquals(WINDOWS_31J, decoder.charset());
    }

    @Test
    void resetForgetsWhatWasHeldBack() {
        StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
        feed(decoder, "x&am", TextMode.DATA);
        StringBuilder out = new StringBuilder();
        decoder.feed(new byte[] {(byte) 0xE2}, 0, 1, TextMode.DATA, out);
        decoder.reset();
        assertFalse(decoder.isHoldingBack());
        assertEquals("p;", feed(decoder, "p;", TextMode.DATA) + decoder.finish());
    }

    @Test
    void finishWithoutFeedIsEmpty() {
        assertEquals("", new StreamingTextDecoder(UTF_8).finish());
    }

    @Test
    void everyModeStreams() {
        for (TextMode mode : TextMode.values()) {
            String input = "a&amp;\u0000\r\n&#x41;&lt\r";
            byte[] bytes = input.getBytes(UTF_8);
            List<String> pieces = new ArrayList<>();
            StreamingTextDecoder decoder = new StreamingTextDecoder(UTF_8);
            for (int i = 0; i < bytes.length; i++) {
                pieces.add(decoder.feed(bytes, i, i + 1, mode));
            }
            pieces.add(decoder.finish());
            assertEquals(HtmlDecoder.text(bytes, 0, bytes.length, UTF_8, mode), String.join("", pieces), mode.name());
        }
    }

    static String feed(StreamingTextDecoder decoder, String text, TextMode mode) {
        byte[] bytes = text.getBytes(decoder.charset());
        return decoder.feed(bytes, 0, bytes.length, mode);
    }
}
