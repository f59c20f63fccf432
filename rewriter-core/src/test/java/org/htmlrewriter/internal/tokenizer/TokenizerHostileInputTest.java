package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs stream through with bounded memory: generated on the fly (never materialised), fed in chunks, the
 * reported bytes checked against the input by length and CRC, and the tokenizer's held bytes sampled after every
 * chunk. The timeouts only guard against quadratic behaviour; throughput is measured by the benchmarks.
 */
class TokenizerHostileInputTest {
    private static final Duration GENEROUS = Duration.ofSeconds(120);

    /** Counts and checksums everything reported; captures nothing unless asked. */
    private static final class CountingSink implements TokenSink {
        final CRC32 crc = new CRC32();
        long bytes;
        long tags;
        long comments;
        boolean captureTags;

        private void take(byte[] b, int s, int e) {
            crc.update(b, s, e - s);
            bytes += e - s;
        }

        @Override
        public void text(byte[] buf, int start, int end, TextMode mode) {
            take(buf, start, end);
        }

        @Override
        public void passThrough(byte[] buf, int start, int end) {
            take(buf, start, end);
        }

        @Override
        public boolean captureTag(TagToken tag) {
            return captureTags;
        }

        @Override
        public void startTag(TagToken tag) {
            tags++;
            if (tag.captured) {
                take(tag.buf, tag.start, tag.end);
            }
        }

        @Override
        public void endTag(TagToken tag) {
            startTag(tag);
        }

        @Override
        public void comment(CommentToken c) {
            comments++;
            take(c.buf, c.start, c.end);
        }

        @Override
        public void doctype(DoctypeToken d) {
            take(d.buf, d.start, d.end);
        }

        @Override
        public void end() {
        }
    }

    /** prefix, then {@code middle} repeated {@code times}, then suffix; fed in chunks of {@code chunk} bytes. */
    private static long[] stream(Tokenizer t, byte[][] parts, long[] times, int chunk) {
        CRC32 crc = new CRC32();
        long total = 0;
        long maxHeld = 0;
        byte[] buf = new byte[chunk];
        int fill = 0;
        for (int p = 0; p < parts.length; p++) {
            for (long r = 0; r < times[p]; r++) {
                byte[] part = parts[p];
                int i = 0;
                while (i < part.length) {
                    int n = Math.min(part.length - i, chunk - fill);
                    System.arraycopy(part, i, buf, fill, n);
                    fill += n;
                    i += n;
                    if (fill == chunk) {
                        crc.update(buf, 0, fill);
                        total += fill;
                        t.write(buf, 0, fill);
                        maxHeld = Math.max(maxHeld, t.heldCapacity());
                        fill = 0;
                    }
                }
            }
        }
        crc.update(buf, 0, fill);
        total += fill;
        t.write(buf, 0, fill);
        t.end();
        return new long[] {total, crc.getValue(), maxHeld};
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void check(CountingSink sink, long[] result, long maxHeldAllowed) {
        assertEquals(result[0], sink.bytes, "every byte reported once");
        assertEquals(result[1], sink.crc.getValue(), "bytes reported in order, unchanged");
        assertTrue(result[2] <= maxHeldAllowed, "held " + result[2] + " bytes, allowed " + maxHeldAllowed);
    }

    @Test
    void hundredMegabyteCommentStreamsWhenNobodyCapturesIt() {
        assertTimeoutPreemptively(GENEROUS, () -> {
            CountingSink sink = new CountingSink();
            Tokenizer t = new Tokenizer(sink, null);
            long[] r = stream(t, new byte[][] {b("<p>a<!--"), b("0123456789-abcdefghijklmnopqrstuvwxyz- -->-<!-\n"),
                b("--><p>b")}, new long[] {1, 100_000_000 / 48, 1}, 8192);
            check(sink, r, 4096);
        });
    }

    @Test
    void oneMegabyteAttributeValueIsHeldOnlyWhileItsTagIsCaptured() {
        byte[][] parts = {b("<div data-x=\""), b("abcdefghij&amp;<>'= /"), b("\">text</div>")};
        long[] times = {1, 1_000_000 / 21, 1};
        CountingSink streaming = new CountingSink();
        check(streaming, stream(new Tokenizer(streaming, null), parts, times, 4096), 4096);
        assertEquals(2, streaming.tags);
        CountingSink capturing = new CountingSink();
        capturing.captureTags = true;
        // The whole tag is held: about 1 MB, in a tail that grows by doubling.
        check(capturing, stream(new Tokenizer(capturing, null), parts, times, 4096), 3_000_000);
        assertEquals(2, capturing.tags);
    }

    @Test
    void aMillionNestedElements() {
        assertTimeoutPreemptively(GENEROUS, () -> {
            CountingSink sink = new CountingSink();
            sink.captureTags = true;
            long[] r = stream(new Tokenizer(sink, null), new byte[][] {b("<div class=a>"), b("x"), b("</div>")},
                    new long[] {1_000_000, 1, 1_000_000}, 1024);
            check(sink, r, 4096);
            assertEquals(2_000_000, sink.tags);
        });
    }

    @Test
    void aHundredThousandStrayEndTags() {
        assertTimeoutPreemptively(GENEROUS, () -> {
            CountingSink sink = new CountingSink();
            sink.captureTags = true;
            long[] r = stream(new Tokenizer(sink, null), new byte[][] {b("<b>"), b("</b>")},
                    new long[] {1, 100_000}, 1000);
            check(sink, r, 4096);
            assertEquals(100_001, sink.tags);
        });
    }

    @Test
    void oneByteChunksTenMillionTimes() {
        assertTimeoutPreemptively(GENEROUS, () -> {
            CountingSink sink = new CountingSink();
            sink.captureTags = true;
            Tokenizer t = new Tokenizer(sink, null);
            t.setCaptureComments(true);
            long[] r = stream(t, new byte[][] {b("<a href='x'>t&amp;</a><!--c-->")}, new long[] {10_000_000 / 30}, 1);
            check(sink, r, 4096);
        });
    }

    @Test
    void aTokenLongerThanTheMemoryLimitFailsWithTheTypedError() {
        CountingSink sink = new CountingSink();
        sink.captureTags = true;
        Tokenizer t = new Tokenizer(sink, null);
        t.setMemoryLimit(100_000);
        byte[] chunk = b("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        t.write(b("<div title='"), 0, 12);
        org.junit.jupiter.api.Assertions.assertThrows(org.htmlrewriter.MemoryLimitExceededException.class, () -> {
            for (int i = 0; i < 2000; i++) {
                t.write(chunk, 0, chunk.length);
            }
        });
        assertTrue(sink.bytes == 0, "nothing of the unfinished tag was reported");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> t.write(chunk, 0, 1));
    }
}
