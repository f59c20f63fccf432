package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The tokenizer's structure on raw bytes, and its chunking invariance. */
class TokenizerTest {

    static RecordingSink tokenize(byte[] input, int chunk, boolean captureTags) {
        RecordingSink sink = new RecordingSink();
        sink.captureTags = captureTags;
        Tokenizer t = new Tokenizer(sink, null);
        t.setCaptureComments(captureTags);
        t.setCaptureDoctypes(captureTags);
        for (int i = 0; i < input.length; i += chunk) {
            t.write(input, i, Math.min(chunk, input.length - i));
        }
        t.end();
        return sink;
    }

    static List<String> tokens(String html) {
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        RecordingSink whole = tokenize(in, Math.max(1, in.length), true);
        assertArrayEquals(in, whole.raw.toByteArray(), "pass-through of " + html);
        for (int chunk : new int[] {1, 2, 3, 7}) {
            RecordingSink split = tokenize(in, chunk, true);
            assertEquals(whole.tokens, split.tokens, "chunk size " + chunk + " for " + html);
            assertArrayEquals(in, split.raw.toByteArray(), "pass-through, chunk " + chunk + " of " + html);
        }
        return whole.tokens;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "<div class=a id='b' hidden data-x=\"y z\">text</div>|[<div class=[a] id=[b] hidden data-x=[y z]>, 'text', </div>]",
        "a<b>c|['a', <b>, 'c']",
        "<br/>|[<br/>]",
        "<a b=>|[<a b=[]>]",
        "<a =b>|[<a =b>]",
        "<a b='c'd>|[<a b=[c] d>]",
        "< a>|['< a>']",
        "<3|['<3']",
        "</>x|['x']",
        "</ x>|[<!-- x-->]",
        "<?php x ?>|[<!--?php x ?-->]",
        "<!x>|[<!--x-->]",
        "<!-->|[<!---->]",
        "<!--->|[<!---->]",
        "<!----->|[<!----->]",
        "<!--a-->|[<!--a-->]",
        "<!--a--!>|[<!--a-->]",
        "<!--a--!-->|[<!--a--!-->]",
        "<!---x-->|[<!---x-->]",
        "<!--a|[<!--a-->]",
        "<!--a--|[<!--a-->]",
        "<!|[<!---->]",
        "<!DOCTYPE html>|[<!DOCTYPE html null null>]",
        "<!doctype html PUBLIC \"p\" 's'>|[<!DOCTYPE html p s>]",
        "<!DOCTYPE html SYSTEM 's'>|[<!DOCTYPE html null s>]",
        "<!DOCTYPE>|[<!DOCTYPE null null null quirks>]",
        "<!DOCTYPE html bogus>|[<!DOCTYPE html null null quirks>]",
        "<!DOCTYPE html PUB|[<!DOCTYPE html null null quirks>]",
        "<!DOCTYPE html PUBLIC \"a>|[<!DOCTYPE html a null quirks>]",
        "<div class=\"x|[]",
        "<div|[]",
        "<|['<']",
        "</|['</']",
        "<![CDATA[x]]>|[<!--[CDATA[x]]-->]",
    })
    void tokenizesStructure(String html, String expected) {
        assertEquals(expected, tokens(html).toString());
    }

    @Test
    void rcdataEndsOnlyAtTheAppropriateEndTag() {
        byte[] in = "a</b></tit></title x=1>c<b>".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 5, 100}) {
            RecordingSink sink = new RecordingSink();
            Tokenizer t = new Tokenizer(sink, null);
            t.setTextMode(TextMode.RCDATA);
            t.setLastStartTagName("title");
            for (int i = 0; i < in.length; i += chunk) {
                t.write(in, i, Math.min(chunk, in.length - i));
            }
            t.end();
            assertEquals("[RCDATA:'a</b></tit>', </title x=[1]>, 'c', <b>]", sink.tokens.toString());
            assertArrayEquals(in, sink.raw.toByteArray());
        }
    }

    @Test
    void scriptDataEscapes() {
        byte[] in = "<!--<script></script>--></script>x".getBytes(StandardCharsets.UTF_8);
        RecordingSink sink = new RecordingSink();
        Tokenizer t = new Tokenizer(sink, null);
        t.setTextMode(TextMode.SCRIPT_DATA);
        t.setLastStartTagName("script");
        t.write(in, 0, in.length);
        t.end();
        assertEquals("[SCRIPT_DATA:'<!--<script></script>-->', </script>, 'x']", sink.tokens.toString());
    }

    @Test
    void cdataSectionStateEndsAtBrackets() {
        byte[] in = "a]]]b]]>c".getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 2, 100}) {
            RecordingSink sink = new RecordingSink();
            Tokenizer t = new Tokenizer(sink, null);
            t.setTextMode(TextMode.CDATA_SECTION);
            for (int i = 0; i < in.length; i += chunk) {
                t.write(in, i, Math.min(chunk, in.length - i));
            }
            t.end();
            assertEquals("[CDATA_SECTION:'a]]]b', 'c']", sink.tokens.toString());
            assertArrayEquals(in, sink.raw.toByteArray());
        }
    }

    @Test
    void uncapturedTagsStreamButKeepTheirNames() {
        byte[] in = "<div class=\"a very long attribute value\">x</div>".getBytes(StandardCharsets.UTF_8);
        RecordingSink sink = tokenize(in, 3, false);
        assertEquals("[<div>, 'x', </div>]", sink.tokens.toString());
        assertArrayEquals(in, sink.raw.toByteArray());
    }

    private static final String[] PIECES = {"<", ">", "/", "!", "-", "--", "?", "=", "\"", "'", " ", "\n", "\r",
        "\0", "a", "B", "div", "script", "title", "style", "svg", "<!--", "-->", "<![CDATA[", "]]>", "]", "[",
        "DOCTYPE", "PUBLIC", "SYSTEM", "&amp;", "&", ";", "#", "é", "\u00ff", "x=y", "</", "/>", "<a ", "<!"};

    static Gen<String> htmlish() {
        return SourceDSL.integers().between(0, Integer.MAX_VALUE).zip(SourceDSL.integers().between(0, 60),
                (seed, n) -> {
                    Random r = new Random(seed);
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        sb.append(PIECES[r.nextInt(PIECES.length)]);
                    }
                    return sb.toString();
                });
    }

    @Test
    void passThroughAndTokensDoNotDependOnChunking() {
        qt().withExamples(3000).forAll(htmlish(), SourceDSL.integers().between(0, Integer.MAX_VALUE))
                .checkAssert((html, seed) -> {
                    byte[] in = html.getBytes(StandardCharsets.UTF_8);
                    for (boolean capture : new boolean[] {true, false}) {
                        RecordingSink whole = tokenize(in, Math.max(1, in.length), capture);
                        assertArrayEquals(in, whole.raw.toByteArray(), html);
                        RecordingSink random = tokenizeRandomly(in, new Random(seed), capture);
                        assertArrayEquals(in, random.raw.toByteArray(), html);
                        assertEquals(whole.tokens, random.tokens, html);
                    }
                });
    }

    @Test
    void randomBytesPassThrough() {
        qt().withExamples(1000).forAll(SourceDSL.integers().between(0, Integer.MAX_VALUE))
                .checkAssert(seed -> {
                    Random r = new Random(seed);
                    byte[] in = new byte[r.nextInt(300)];
                    for (int i = 0; i < in.length; i++) {
                        // Bias towards markup bytes so that random input reaches every state.
                        in[i] = r.nextInt(3) == 0 ? (byte) MARKUP_BYTES.charAt(r.nextInt(MARKUP_BYTES.length()))
                                : (byte) r.nextInt(256);
                    }
                    RecordingSink whole = tokenize(in, Math.max(1, in.length), true);
                    RecordingSink random = tokenizeRandomly(in, r, true);
                    assertArrayEquals(in, whole.raw.toByteArray());
                    assertArrayEquals(in, random.raw.toByteArray());
                    assertEquals(whole.tokens, random.tokens);
                });
    }

    private static final String MARKUP_BYTES = "<>/!-?='\" a[]D";

    @Test
    void passThroughOnlyModeReportsTheSameBytesAndCapturedTokensInFewerCalls() {
        qt().withExamples(2000).forAll(htmlish(), SourceDSL.integers().between(0, Integer.MAX_VALUE))
                .checkAssert((html, seed) -> {
                    byte[] in = html.getBytes(StandardCharsets.UTF_8);
                    for (boolean capture : new boolean[] {true, false}) {
                        RecordingSink normal = tokenize(in, Math.max(1, in.length), capture);
                        RecordingSink sink = new RecordingSink();
                        sink.captureTags = capture;
                        Tokenizer t = new Tokenizer(sink, null);
                        t.setPassThroughOnly(true);
                        t.setCaptureComments(capture);
                        t.setCaptureDoctypes(capture);
                        Random r = new Random(seed);
                        for (int i = 0; i < in.length; ) {
                            int n = Math.min(in.length - i, 1 + r.nextInt(16));
                            t.write(in, i, n);
                            i += n;
                        }
                        t.end();
                        assertArrayEquals(in, sink.raw.toByteArray(), html);
                        assertEquals(withoutText(capture ? normal.tokens : List.of()), sink.tokens, html);
                    }
                });
    }

    private static List<String> withoutText(List<String> tokens) {
        return tokens.stream().filter(s -> !s.endsWith("'")).collect(java.util.stream.Collectors.toList());
    }

    static RecordingSink tokenizeRandomly(byte[] in, Random r, boolean capture) {
        RecordingSink sink = new RecordingSink();
        sink.captureTags = capture;
        Tokenizer t = new Tokenizer(sink, null);
        t.setCaptureComments(capture);
        t.setCaptureDoctypes(capture);
        int i = 0;
        while (i < in.length) {
            int n = Math.min(in.length - i, 1 + r.nextInt(r.nextBoolean() ? 4 : 64));
            t.write(in, i, n);
            i += n;
        }
        t.end();
        return sink;
    }
}
