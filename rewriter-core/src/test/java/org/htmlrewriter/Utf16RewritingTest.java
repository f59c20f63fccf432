package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.htmlrewriter.content.Attribute;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * UTF-16 documents (little-endian, big-endian, and byte order from a byte order mark) are rewritten as the same
 * document in UTF-8 would be, with the output in the input's UTF-16; writes may split code units and surrogate
 * pairs; and what no handler changes comes back byte for byte, unpaired surrogates and an odd trailing byte
 * included.
 */
@Tag("slow")
class Utf16RewritingTest {
    private static final int EXAMPLES = Integer.getInteger("htmlrewriter.qtExamples", 150);
    private static final String[] ASTRAL = {"\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\ud834\udd1e"};
    private static final char[] LONE = {'\ud800', '\udbff', '\udc00', '\udfff', '\ud83d'};

    private static QuickTheory theory() {
        return qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 16_2024L)).withExamples(EXAMPLES)
                .withShrinkCycles(10);
    }

    /** The UTF-16 byte order variants: the charset given to the builder, and the byte order mark put in front. */
    private enum Variant {
        LE(StandardCharsets.UTF_16LE, false, ""),
        BE(StandardCharsets.UTF_16BE, true, ""),
        BOM_LE(StandardCharsets.UTF_16, false, "\ufeff"),
        BOM_BE(StandardCharsets.UTF_16, true, "\ufeff"),
        NO_BOM(StandardCharsets.UTF_16, false, "");

        final Charset charset;
        final boolean bigEndian;
        final String prefix;

        Variant(Charset charset, boolean bigEndian, String prefix) {
            this.charset = charset;
            this.bigEndian = bigEndian;
            this.prefix = prefix;
        }
    }

    /** The code units of {@code s} as bytes, exactly (unpaired surrogates too, which a JDK encoder replaces). */
    static byte[] utf16(String s, boolean bigEndian) {
        byte[] b = new byte[2 * s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b[2 * i + (bigEndian ? 0 : 1)] = (byte) (c >> 8);
            b[2 * i + (bigEndian ? 1 : 0)] = (byte) c;
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte... b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Output bytes and the failure graceful bail-out recovered from (its class name, or "none"). */
    private record Outcome(byte[] bytes, String failure) {
    }

    /** The output for {@code in} written in pieces of the given sizes (cycled), each in a fresh array. */
    private static Outcome outcome(RewriterSettings s, byte[] in, int[] sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = ChunkingPropertiesTest.write(s, in, sizes, out);
        return new Outcome(out.toByteArray(), r.failure() == null ? "none" : r.failure().getClass().getSimpleName());
    }

    private static byte[] run(RewriterSettings s, byte[] in, int[] sizes) {
        return outcome(s, in, sizes).bytes();
    }

    /** Whole input, 1, 2 and 3 bytes (splitting code units and surrogate pairs), and random sizes. */
    private static List<int[]> chunkings(long seed, int length) {
        Random r = new Random(seed ^ 0x16);
        int[] random = new int[12];
        for (int i = 0; i < random.length; i++) {
            random[i] = 1 + r.nextInt(r.nextBoolean() ? 9 : 200);
        }
        return List.of(new int[] {Math.max(1, length)}, new int[] {1}, new int[] {2}, new int[] {3}, random);
    }

    /** A random messy document with astral characters spliced in (never inside a pair). */
    private static String document(long seed) {
        Random r = new Random(seed);
        StringBuilder doc = new StringBuilder(RandomHtml.messy(seed, 30));
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            doc.insert(safeIndex(doc, r), ASTRAL[r.nextInt(ASTRAL.length)]);
        }
        return doc.toString();
    }

    private static int safeIndex(CharSequence s, Random r) {
        int at = r.nextInt(s.length() + 1);
        return at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at)) ? at - 1 : at;
    }

    @Test
    void aUtf16RewriteIsTheUtf8RewriteOfTheSameDocumentInUtf16() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            String doc = document(seed);
            StringBuilder handlers = new StringBuilder();
            HtmlRewriter.Builder b = ChunkingPropertiesTest.randomHandlers(seed, handlers);
            RewriterSettings utf8 = b.charset(StandardCharsets.UTF_8).settings();
            Variant v = Variant.values()[(int) Math.floorMod(seed, (long) Variant.values().length)];
            RewriterSettings s = b.charset(v.charset).settings();
            String text = v.prefix + doc;
            Outcome utf8Outcome = outcome(utf8, text.getBytes(StandardCharsets.UTF_8), new int[] {Integer.MAX_VALUE});
            byte[] expected = utf16(new String(utf8Outcome.bytes(), StandardCharsets.UTF_8), v.bigEndian);
            byte[] in = utf16(text, v.bigEndian);
            for (int[] sizes : chunkings(seed, in.length)) {
                Outcome o = outcome(s, in, sizes);
                String where = "seed " + seed + ", " + v + ", chunks " + Arrays.toString(sizes) + "\nhandlers:\n"
                        + handlers + "document: " + doc;
                assertArrayEquals(expected, o.bytes(), where);
                assertEquals(utf8Outcome.failure(), o.failure(), where);
            }
        });
    }

    @Test
    void handlersThatChangeNothingGiveTheInputBackByteForByte() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed * 7 + 1);
            StringBuilder doc = new StringBuilder(document(seed));
            for (int i = 0, n = r.nextInt(5); i < n; i++) {
                doc.insert(safeIndex(doc, r), LONE[r.nextInt(LONE.length)]);
            }
            Variant v = Variant.values()[r.nextInt(Variant.values().length)];
            byte[] in = utf16(v.prefix + doc, v.bigEndian);
            if (r.nextInt(3) == 0) {
                in = concat(in, (byte) r.nextInt(256)); // an odd trailing byte
            }
            RewriterSettings s = ChunkingPropertiesTest.readOnlyHandlerBuilder(seed).charset(v.charset).settings();
            for (int[] sizes : chunkings(seed, in.length)) {
                assertArrayEquals(in, run(s, in, sizes), "seed " + seed + ", " + v + ", chunks "
                        + Arrays.toString(sizes));
            }
            assertArrayEquals(in, run(HtmlRewriter.builder().charset(v.charset).settings(), in, new int[] {5}));
        });
    }

    /**
     * Handlers read a UTF-16 document as a UTF-16 decoder does: an unpaired surrogate and an odd trailing byte are
     * each one U+FFFD, and everything else is the same as in the UTF-8 document with those U+FFFDs.
     */
    @Test
    void handlersReadWhatAUtf16DecoderReads() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed * 5 + 2);
            StringBuilder doc = new StringBuilder(document(seed));
            for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
                doc.insert(safeIndex(doc, r), LONE[r.nextInt(LONE.length)]);
            }
            boolean odd = r.nextBoolean();
            boolean bigEndian = r.nextBoolean();
            byte[] in = utf16(doc.toString(), bigEndian);
            if (odd) {
                in = concat(in, (byte) 'x');
            }
            String decoded = withoutLoneSurrogates(doc) + (odd ? "\ufffd" : "");
            List<String> expected = trace(StandardCharsets.UTF_8, decoded.getBytes(StandardCharsets.UTF_8),
                    new int[] {Integer.MAX_VALUE});
            Charset cs = bigEndian ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
            for (int[] sizes : chunkings(seed, in.length)) {
                assertEquals(expected, trace(cs, in, sizes), "seed " + seed + ", chunks " + Arrays.toString(sizes));
            }
        });
    }

    private static String withoutLoneSurrogates(CharSequence s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return b.toString();
    }

    /** What read-only handlers see: elements with their attributes, whole text nodes, comments, doctypes. */
    private static List<String> trace(Charset cs, byte[] in, int[] sizes) {
        List<String> seen = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        RewriterSettings s = HtmlRewriter.builder().charset(cs)
                .onElement("*", el -> {
                    StringBuilder e = new StringBuilder("<" + el.tagName());
                    for (Attribute a : el.attributes()) {
                        e.append(' ').append(a.name()).append('=').append(a.value());
                    }
                    seen.add(e.toString());
                })
                .onDocumentText(t -> {
                    text.append(t.text());
                    if (t.isLastInTextNode()) {
                        seen.add("text " + text);
                        text.setLength(0);
                    }
                })
                .onDocumentComment(c -> seen.add("comment " + c.text()))
                .onDocumentDoctype(d -> seen.add("doctype " + d.name())).settings();
        run(s, in, sizes);
        return seen;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Examples

    @Test
    void aUtf16PageIsRewrittenInUtf16() {
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16LE)
                .onElement("a[href^='http://']", el -> el.setAttribute("href",
                        "https://" + el.getAttribute("href").substring(7)))
                .onElement("p", el -> el.append(" \u20ac\ud83d\ude00", TEXT)).settings();
        byte[] in = "<p>h\u00e9llo \ud83d\ude00 <a href='http://e.org/\u00e9'>x</a>".getBytes(StandardCharsets.UTF_16LE);
        assertEquals("<p>h\u00e9llo \ud83d\ude00 <a href=\"https://e.org/\u00e9\">x</a> \u20ac\ud83d\ude00",
                new String(Rewrites.rewriteBytes(s, in), StandardCharsets.UTF_16LE));
    }

    @Test
    void theByteOrderMarkDecidesTheByteOrderAndStays() {
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16)
                .onElement("p", el -> el.setAttribute("class", "\u00e9")).settings();
        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "<p>x</p>".getBytes(StandardCharsets.UTF_16BE));
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "<p>x</p>".getBytes(StandardCharsets.UTF_16LE));
        assertArrayEquals(concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                "<p class=\"\u00e9\">x</p>".getBytes(StandardCharsets.UTF_16BE)), Rewrites.rewriteBytes(s, be));
        assertArrayEquals(concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "<p class=\"\u00e9\">x</p>".getBytes(StandardCharsets.UTF_16LE)), Rewrites.rewriteBytes(s, le));
        assertArrayEquals("<p class=\"\u00e9\">x</p>".getBytes(StandardCharsets.UTF_16LE),
                Rewrites.rewriteBytes(s, "<p>x</p>".getBytes(StandardCharsets.UTF_16LE)),
                "no byte order mark: little-endian, as browsers read the utf-16 label");
    }

    @Test
    void anUnpairedSurrogateIsReadAsUfffdAndKeptAsItWas() {
        List<String> texts = new ArrayList<>();
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16BE)
                .onDocumentText(t -> texts.add(t.text()))
                .onElement("p", el -> el.before("[" + el.getAttribute("title") + "]", TEXT)).settings();
        byte[] in = utf16("<p title=\udc01>a\ud800</p>", true);
        byte[] out = Rewrites.runBytes(s, in, 1);
        assertArrayEquals(utf16("[\ufffd]<p title=\udc01>a\ud800</p>", true), out);
        assertEquals("a\ufffd", String.join("", texts));
    }

    @Test
    void anOddTrailingByteStaysLastOrBecomesUfffdWhenContentFollowsIt() {
        byte[] in = concat("<p>a".getBytes(StandardCharsets.UTF_16LE), (byte) 'z');
        RewriterSettings setId = HtmlRewriter.builder().charset(StandardCharsets.UTF_16LE)
                .onElement("p", el -> el.setAttribute("id", "x")).onDocumentText(t -> { }).settings();
        assertArrayEquals(concat("<p id=\"x\">a".getBytes(StandardCharsets.UTF_16LE), (byte) 'z'),
                Rewrites.rewriteBytes(setId, in), "the odd byte is still the last one");
        RewriterSettings append = HtmlRewriter.builder().charset(StandardCharsets.UTF_16LE)
                .onDocumentEnd(e -> e.append("<!--end-->", HTML)).settings();
        assertEquals("<p>a\ufffd<!--end-->", new String(Rewrites.rewriteBytes(append, in), StandardCharsets.UTF_16LE));
    }

    @Test
    void aMetaNeverSwitchesAUtf16Document() {
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16LE).adjustCharsetOnMetaTag(true)
                .onElement("p", el -> el.append("\u20ac", TEXT)).settings();
        byte[] in = "<meta charset=windows-1252><p>h\u00e9llo</p>".getBytes(StandardCharsets.UTF_16LE);
        RecordingSink out = new RecordingSink();
        HtmlRewriter r = s.newRewriter(out);
        r.write(in);
        r.end();
        assertEquals(List.of(), out.charsetChanges);
        assertEquals("<meta charset=windows-1252><p>h\u00e9llo\u20ac</p>",
                new String(out.bytes.toByteArray(), StandardCharsets.UTF_16LE));
        assertEquals(StandardCharsets.UTF_16LE, s.charset());
    }

    @Test
    void whatIsHeldBetweenWritesStaysSmallAndTheLimitHolds() {
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16LE).memoryLimit(4096)
                .onElement("p", el -> { }).onDocumentText(t -> { }).settings();
        HtmlRewriter r = s.newRewriter((b, off, len) -> { });
        byte[] text = "\u00e9\ud83d\ude00 text ".repeat(2000).getBytes(StandardCharsets.UTF_16LE);
        for (int i = 0; i < text.length; i += 333) {
            r.write(text, i, Math.min(333, text.length - i));
            assertTrue(r.heldBytes() <= 64, () -> "held " + r.heldBytes());
        }
        r.end();
        byte[] hugeTag = ("<p title='" + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_16LE);
        HtmlRewriter tooBig = s.newRewriter((b, off, len) -> { });
        assertThrows(MemoryLimitExceededException.class, () -> tooBig.write(hugeTag));
    }

    @Test
    void gracefulBailOutPassesTheRestThroughInUtf16() {
        RewriterSettings s = HtmlRewriter.builder().charset(StandardCharsets.UTF_16BE).gracefulBailOut(true)
                .onElement("b", el -> {
                    throw new IllegalStateException("boom");
                })
                .onElement("i", el -> el.setAttribute("x", "\u00e9")).settings();
        byte[] in = utf16("<i>\ud83d\ude00</i><b>\udc00</b><i>\u00e9</i>", true);
        byte[] out = Rewrites.rewriteBytes(s, in);
        assertEquals("<i x=\"\u00e9\">\ud83d\ude00</i><b>\ufffd</b><i>\u00e9</i>",
                new String(out, StandardCharsets.UTF_16BE));
        assertArrayEquals(Arrays.copyOfRange(in, 2 * "<i>\ud83d\ude00</i>".length(), in.length),
                Arrays.copyOfRange(out, out.length - (in.length - 2 * "<i>\ud83d\ude00</i>".length()), out.length),
                "the rest, unpaired surrogate included, exactly as it came");
    }
}
