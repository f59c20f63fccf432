package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RewritingInputStreamTest {
    private static final RewriterSettings SETTINGS = HtmlRewriter.builder()
            .onElement("a[href]", el -> el.setAttribute("href", "https://p.example" + el.getAttribute("href")))
            .onElement("div", el -> el.after("!", TEXT))
            .onDocumentEnd(e -> e.append("<!--end-->", HTML))
            .settings();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads everything, {@code readSize} bytes at a time (1: the single-byte read). */
    private static byte[] readAll(InputStream in, int readSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[readSize];
        while (true) {
            if (readSize == 1) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
            } else {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return out.toByteArray();
                }
                assertTrue(n > 0, "a read of a non-empty range returns at least one byte or -1");
                out.write(buf, 0, n);
            }
        }
    }

    /** Delivers its bytes in pieces of at most {@code piece} bytes per read; counts closes; can fail. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final int piece;
        private int pos;
        int closes;
        int failAt = -1;

        TrickleStream(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            throw new AssertionError("the rewriting stream reads in chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (failAt >= 0 && pos >= failAt) {
                failAt = -1;
                throw new IOException("connection reset");
            }
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), data.length - pos);
            if (failAt >= 0) {
                n = Math.min(n, failAt - pos);
            }
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    @Test
    void readsTheDocumentRewrittenAndThenEndOfStreamForever() throws IOException {
        byte[] html = utf8("<p><a href=/x>l</a><div>d</div>\u00e9");
        try (RewritingInputStream in = new RewritingInputStream(new ByteArrayInputStream(html), SETTINGS)) {
            assertEquals("<p><a href=\"https://p.example/x\">l</a><div>d</div>!\u00e9<!--end-->",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[8], 0, 8));
            assertEquals(0, in.read(new byte[8], 0, 0), "an empty read returns 0, even at the end");
            assertEquals(0, in.available());
        }
    }

    @Test
    void sameBytesAsTheOneShotRewriteWhateverTheChunkReadAndUpstreamSizes() {
        qt().withFixedSeed(20261202L).withExamples(300)
                .forAll(longs().all(), integers().between(1, 64), integers().between(1, 70), integers().between(1, 50))
                .checkAssert((seed, chunk, readSize, piece) -> {
                    byte[] html = utf8(RandomHtml.messy(seed, 40));
                    byte[] expected = utf8(HtmlRewriter.rewrite(new String(html, StandardCharsets.UTF_8), SETTINGS));
                    try (RewritingInputStream in = new RewritingInputStream(new TrickleStream(html, piece), SETTINGS,
                            chunk)) {
                        assertArrayEquals(expected, readAll(in, readSize));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void availableCountsOnlyRewrittenBytesAlreadyHeldAndNeverReadsUpstream() throws IOException {
        TrickleStream upstream = new TrickleStream(utf8("<div>abc</div><div>def</div>"), 1000);
        try (RewritingInputStream in = new RewritingInputStream(upstream, SETTINGS, 14)) {
            assertEquals(0, in.available(), "nothing was read yet");
            assertEquals('<', in.read());
            assertEquals("div>abc</div>!".length(), in.available(), "the rest of the first chunk's output");
            in.readNBytes(in.available());
            assertEquals(0, in.available());
        }
    }

    @Test
    void holdsAtMostOneChunkOfOutputPlusTheIncompleteTokenWhateverTheDocumentSize() throws IOException {
        int chunk = 4096;
        InputStream huge = new InputStream() { // 5 MB of markup, made as it is read
            private final byte[] unit = utf8("<p class=x>some text <a href=/y>link</a></p>\n");
            private long left = 5_000_000;

            @Override
            public int read() {
                throw new AssertionError("the rewriting stream reads in chunks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = unit[(int) ((5_000_000 - left + i) % unit.length)];
                }
                left -= n;
                return n;
            }
        };
        long total = 0;
        int maxAvailable = 0;
        try (RewritingInputStream in = new RewritingInputStream(huge, SETTINGS, chunk)) {
            byte[] buf = new byte[100];
            for (int n; (n = in.read(buf, 0, 1)) > 0; ) {
                maxAvailable = Math.max(maxAvailable, in.available());
                total += n + in.readNBytes(buf, 0, Math.min(buf.length, in.available()));
            }
        }
        assertTrue(total > 5_000_000, "every byte came through, rewritten: " + total);
        // One chunk's output: the chunk, the held tail of the previous one (one tag), and the rewritten hrefs.
        int perChunkGrowth = (chunk / 40 + 1) * "https://p.example".length();
        assertTrue(maxAvailable <= chunk + perChunkGrowth + 64, "held at most " + maxAvailable);
    }

    @Test
    void closeClosesTheWrappedStreamOnceAndLaterUseFails() throws IOException {
        TrickleStream upstream = new TrickleStream(utf8("<p>x</p>"), 100);
        RewritingInputStream in = new RewritingInputStream(upstream, SETTINGS);
        in.close();
        in.close();
        assertEquals(1, upstream.closes);
        assertThrows(IOException.class, in::read);
        assertThrows(IOException.class, in::available);
    }

    @Test
    void anIOExceptionFromTheWrappedStreamPropagatesAndReadingMayGoOn() throws IOException {
        TrickleStream upstream = new TrickleStream(utf8("<div>abc</div><div>def</div>"), 5);
        upstream.failAt = 10;
        try (RewritingInputStream in = new RewritingInputStream(upstream, SETTINGS, 5)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            IOException e = assertThrows(IOException.class, () -> {
                for (int b; (b = in.read()) >= 0; ) {
                    got.write(b);
                }
            });
            assertEquals("connection reset", e.getMessage());
            got.write(in.readAllBytes());
            assertEquals("<div>abc</div>!<div>def</div>!<!--end-->", got.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRewritingFailureComesAfterTheOutputBeforeItAndThenOnEveryRead() throws IOException {
        RuntimeException boom = new IllegalStateException("boom");
        RewriterSettings failing = HtmlRewriter.builder().onElement("b", el -> {
            throw boom;
        }).settings();
        byte[] html = utf8("<p>before</p>" + "x".repeat(100) + "<b>after</b>");
        try (RewritingInputStream in = new RewritingInputStream(new ByteArrayInputStream(html), failing, 8)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            HandlerException e = assertThrows(HandlerException.class, () -> {
                for (int b; (b = in.read()) >= 0; ) {
                    got.write(b);
                }
            });
            assertSame(boom, e.getCause());
            assertEquals("<p>before</p>" + "x".repeat(100), got.toString(StandardCharsets.UTF_8),
                    "everything before the failing tag was readable first");
            assertSame(e, assertThrows(HandlerException.class, in::read));
        }
    }

    @Test
    void withGracefulBailOutTheRestPassesThroughAndFailureTellsWhy() throws IOException {
        RewriterSettings graceful = HtmlRewriter.builder().gracefulBailOut(true).onElement("b", el -> {
            throw new IllegalStateException("boom");
        }).onElement("p", el -> el.setAttribute("id", "1")).settings();
        try (RewritingInputStream in = new RewritingInputStream(
                new ByteArrayInputStream(utf8("<p>a</p><b>b</b><p>c</p>")), graceful, 3)) {
            assertEquals("<p id=\"1\">a</p><b>b</b><p>c</p>", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertInstanceOf(HandlerException.class, in.failure());
        }
    }

    @Test
    void badArgumentsAreRefused() {
        InputStream empty = InputStream.nullInputStream();
        assertThrows(NullPointerException.class, () -> new RewritingInputStream(null, SETTINGS));
        assertThrows(NullPointerException.class, () -> new RewritingInputStream(empty, null));
        assertThrows(IllegalArgumentException.class, () -> new RewritingInputStream(empty, SETTINGS, 0));
        RewritingInputStream in = new RewritingInputStream(empty, SETTINGS);
        assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], 3, 2));
    }
}
