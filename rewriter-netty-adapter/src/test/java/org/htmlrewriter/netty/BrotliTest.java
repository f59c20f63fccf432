package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.htmlrewriter.netty.Fixtures.Result;
import org.htmlrewriter.netty.Fixtures.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Content-Encoding: br} bodies, decoded with {@code org.brotli:dec}: real encoder output (made once with the
 * {@code brotli} 1.0.9 command-line tool and kept here as Base64), and larger streams from a minimal test encoder
 * that writes uncompressed meta-blocks, to drive the look-ahead queue across many input chunks.
 */
class BrotliTest {
    /** {@code brotli -q 11 -w 16} of {@link HtmlRewritingHandlerTest#PAGE}. */
    static final byte[] PAGE_BR = Base64.getDecoder().decode("IkEAgJEarLlzInVbqk9hLHXFcSxyZMKNF50cMLcvaQskTyipU8ARcLoxjNIHHnjNGWTAIamxqLpMIei+FzkENa/kfZLbcQeK/ycm13z/IAGNre2E66nWaQ4Unz35FlY7MIo1RxQ=");
    /** {@code brotli -q 5} of {@link #rows()}. */
    static final byte[] ROWS_BR = Base64.getDecoder().decode(""
            + "QiUQgJj++P+lLEGYd+bbNiFXeRIQCFAr1vqfJgLkP+j2IBXRTz2zY8Ttp+pQbBZEXXeeUmZSV0wp8NhQ33tK6bCajkkxZgiQye9b"
            + "P/nux4fXL3j76l6B//389fn//yJ/G8/Dud//kR//fV6J+dnPP3Ffam4z6fn7/vnz3++/3171uf/vsr0Z4XxczQzM5w9wmOH5OhAz"
            + "roOvtoCG+TkoJzDzezAVpdAwXJ3i/Ju/h1TpxZ1/h0rZkmdApVgmlPA+MMIIElNJ+Np2D2wIX9vtQQ/CV1zlCuH5hBdSwYDwCIQS"
            + "k84OEzhps9KwLKwuJfFqG04W1ZiS2lAbniyuM7PcgY9wKNlC4AnpTipr6aCl1eaUsAMf0XBKpgfbzGoPttUqDNpqk5cM2mlzvQkE"
            + "n7Rl0iCCmHUdFIR0ddsgjqQykXbQRT3NTV/3YTroiQrKFCCDONIneDsomJKQTgLBlHR5SSDYknu9CQRHipliMMH9ps30h+ng4Jbm"
            + "pZNA8PbMDgRCb88OIRB6pctoiEAIyrQ+BlebEEvoiRMIcQ8TCIR0hvI6OGTJja4hhFKKR6oEQtGaTgJHNZWXjoBJXW9HwKTKpCO0"
            + "PeHcI+1KfCfOoN0eYSEQfmdY6pAwpBQgQwlT6mjYUMIszaWTQFh7DoJA2Cn7cYs60mGcKVuADCWcM4Tp0HAlm3uGEq6U6ShDCY80"
            + "c42GEt7KpgAZhvApaH0cU2vaSZicMQyRV+FhGCKQbONuMY51TAFUDhCIcM/4QSAibdNJIKLU4MMx88uLa80ZJDtMJJIGmoYl0krE"
            + "FotYh22WKuSGJTLS2j2GJbKp/tqxtaatxG7BsbQ7Q9sOG32lJJ0Eoq80ykvDyoJqI539aFiilBCr4YhK4sSe4Yiq5KaTQNRSjQrD"
            + "EY20VvMW51gf6o3ko0MunTSriEogOpInewxHdKRaUoYjumcs0OGip2klk0DMk9hY/BN4iHbUm2RKO3As9O+qTAetWHOko4PHkr/W"
            + "WDvkxdfSrHboWPnXvAS5xRsZHU7pkQ47PACk67n/AbyT4QVQQqA8R5C02OWBPlSgWi6lDNruWj4YtJNaNBnuAJcJ5/BiwCP2aVka"
            + "N4BY1CYpJRCLVD/hgEsAtkaXTEL9idU5XnVgrKUZhm0AEuvaNaUEYiNx8XkDkNju8vjRwcMxQBz/IUYFarPr5j0YtK3RJ8+greYW"
            + "k+EcMFktZZNQg+JeygB2wDsAJ3GaxQHFaTl3huKknfhz4Dk56VVzhuI0lXaG4rTalwzF1Q4p7TBDd/GVDvtCc66WDMWVJvYGQyeX"
            + "yk4GuJJ87gzFabVgGDrcm7Xnwsnoe+6pEZEy/NEepJZ3vQmyUGpz6STIQtHQsFE8BR5Ec/VmyGIpzesaGbJEcqaQIQw/AU1zD4bI"
            + "EKlTYRsgMkS6WfgNEBmicfBkiAypZS43QYajQG03nQQZorE5c0Ta09LLMlwFAG29vRkKlHDZyVBAS8PLUKC0tv4YCkhwaXDgCWiZ"
            + "FbK0x7nk5HNXvUOHy0CNTzrMC821bQwFtG2KGAqUyGgZCkhZ+nXgCWhnZDB0wtyQnqGg1nrOULB2vZWF4QjdqKmHZHgPgFrnpzvM"
            + "ipqy2DrMhap5SpWhoDYdOUNBCU68Diio5eQZOmFubpGhoERnYweeoNbSztAJc9lJAKr5nbtjoh1rO7nmzbCEIMFbfQMsIUq5+XQD"
            + "HCFp16EZjpA0TQQajpC1GY0ajlAkrKw74E8AaRnhMp6QtgN7hkI14eQZNQiTm2JzHNjkzZ4McKnlgw34+JRfhg34OPql2ICPo6GY"
            + "Dfg4mqVJtASOZmkJgbA0ZGeHvnAr0HjuBGBpu10HgTXemcoAPqOnHoRvFxwS0fbAkNTkhoPAqYLJ+AyXzBrJULi0KewMkJpebhKY"
            + "RNPJE5gkWTINK8OtQKpR5CCItLEyDkRLOWIwTS6lBBDJ7mwOglR2cBCkJkdLAKnN5SeBSVIjCgdBtOnPGCAS160dBK20OKiohJlg"
            + "B0G1njyDSVNFk3GgWroKBmjOYGUcaC3ITQJoqr1kfEZr3nJJAJXO5c5BUM3RMkC1a9UZimo2gRmg2g32GPxunuGWqpEGs5q9B1KO"
            + "+BvQEgPN9ovBxLB2OHkCMdRs+xtMjKSbaNyAZjU7EEiJluFccJmgnbXB0MuEkqfFZHCZIN7WSwxGkLK5iIWsxnJLxUqQ1QTN2Ung"
            + "MiG13uHgcZlQy5VMAlgNDQcDbKmu5QwmK21+MsBKs0rqIFiNVhYDrDajHgZYTR0ag8lKeTDAlgwYYMUrmwSwWh4MsFJjZRxYqXcu"
            + "OQhWwkq7g+Ck8dx0EJzGVpgBTtrFCQeZnHb5SQCn3bQ/A1wtLJsMP+rmU/Cug9Myq9fBbZW4dYSDPgY4bU+eAU5TJ8kAJ929Eg6C"
            + "q8XREsBpMAcZOiy31A37DroYPNQeUVecwPAv0NZOZzDeaY6VwkPVSd3Ta6FzwZhnS/n6bMBjuBacwvbgi00KciNHhmfBC9EaK2Oa"
            + "bcxQZx4OuhUMtFotlhvr3ItGw5fhVPBCUk4+DvoUDJG8b51DLgWAhGkhhwCk8Sd2CEDSYNkhAO12mmUwgTbREgAk+vg4pIC005UO"
            + "AdScq04ASN207tABaLP9MQNA0vjbIYDSzckzALRedMYTkLghh0NMkBqVOASopZozAGt8BYkAWFtddQKgZD8FhwBLSLQMBbXZR5sB"
            + "KNkhxyHAGphSAqA2230zAGtWtARACfMjDgFKY1w6BFizrjoBUIIfn0NA0rjOOwSkuVIygDQUJAYT5V5ogaGQZP8mh4A0GG8dFLK4"
            + "L99AIJST4g5aaaOC5FUnAGlnajGAtEbLANJUzxmeBVBqv26HHpA0EzkOsbJjQa5hZwDXgGgJwLV9+UkA1tKVM4BrVEoJTC0JArDW"
            + "voIBrGmcwgBO3Xfi0AFra60zmDjl9uEQsEariKGwduMzBhNrrxwxKlC7mpVSAqt4FqRW3xwC0XbSjQGi1WhlgEjyD3QI5HYPskS0"
            + "BEF2bQABpNYHAURTk8kAkbBnjEMgtfVVJzBJyoncIZCSEi1DkV3ggwCi7Su3MUCl3i/hEKimSVEGaA2NlgCqnWnNANU65GOA1tyU"
            + "EkAlLjQ7BJozWhkHKs0ecg6BailHDCbN9RUMUA0GBwNUuhvWHALV2gozWM3WBcmXKiSA0VgnGWC0zU6GN3WjtEvEW+ho0lraHcfL"
            + "l0BIFU3HyQsXg9zwjMF6XgQhIwww0u4Leg264zR1N7dFXgYvXgchtyhFcTMYQdNkFoPVbFyQG5cywPz8WTDff72lA999vTEE3369"
            + "ZQQ=");

    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);
    private final List<String> events = new ArrayList<>();
    private final RewritingListener recorder = new RewritingListener() {
        @Override
        public void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
            events.add("fail " + outcome + " " + cause.getMessage());
        }
    };

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    /** The document {@link #ROWS_BR} holds: a 33 KB table. */
    static byte[] rows() {
        StringBuilder sb = new StringBuilder("<!doctype html><html><body><div class=ad>x</div><table>");
        for (int i = 0; i < 400; i++) {
            sb.append("<tr><td class=n>").append(i).append("</td><td><a href=\"http://example.com/")
                    .append(i * 7 % 1000).append("\">item ").append(i * i % 977).append("</a></td></tr>");
        }
        return sb.append("</table></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid brotli stream of {@code data} in uncompressed meta-blocks of at most {@code block} bytes. */
    static byte[] brotliStored(byte[] data, int block) {
        BitWriter w = new BitWriter();
        w.bits(0, 1); // WBITS: window 2^16 - 16
        for (int off = 0; off < data.length; off += block) {
            int n = Math.min(block, data.length - off);
            w.bits(0, 1); // ISLAST = 0
            w.bits(0, 2); // MNIBBLES = 4
            w.bits(n - 1, 16); // MLEN - 1
            w.bits(1, 1); // ISUNCOMPRESSED
            w.align();
            w.out.write(data, off, n);
        }
        w.bits(1, 1); // ISLAST
        w.bits(1, 1); // ISLASTEMPTY
        w.align();
        return w.out.toByteArray();
    }

    /** Bits, least significant first, as brotli packs them. */
    private static final class BitWriter {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pending;
        int count;

        void bits(int value, int n) {
            for (int i = 0; i < n; i++) {
                pending |= ((value >>> i) & 1) << count;
                if (++count == 8) {
                    align();
                }
            }
        }

        void align() {
            if (count > 0) {
                out.write(pending);
                pending = 0;
                count = 0;
            }
        }
    }

    private HtmlRewritingConfig config() {
        return HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).listener(recorder).build();
    }

    private Result exchange(HtmlRewritingConfig config, byte[] body, Split split) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        head.headers().set("content-encoding", "br").set("content-length", body.length);
        return fx.exchange(config, Fixtures.get("/"), head, body, split);
    }

    private static byte[] expected(byte[] page) {
        return Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, page);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void realBrotliBodiesAreDecodedAndRewritten(Split split) {
        byte[] page = HtmlRewritingHandlerTest.PAGE.getBytes(StandardCharsets.UTF_8);
        for (byte[][] c : new byte[][][] {{PAGE_BR, page}, {ROWS_BR, rows()}}) {
            Result r = exchange(config(), c[0], split);
            assertEquals(HttpResponseStatus.OK, r.head.status());
            assertArrayEquals(expected(c[1]), r.body, split.toString());
            assertFalse(r.head.headers().contains("content-encoding"));
            assertFalse(r.head.headers().contains("content-length"));
            assertTrue(r.complete);
        }
        assertEquals(List.of(), events);
    }

    @ParameterizedTest
    @EnumSource(value = Split.class, names = {"FULL", "WHOLE", "SEVEN_OFFSET"})
    void bodiesLargerThanTheLookAheadStreamThrough(Split split) {
        byte[] page = HtmlRewritingHandlerTest.PAGE.repeat(600).getBytes(StandardCharsets.UTF_8); // 300 KB
        Result r = exchange(config(), brotliStored(page, 5000), split);
        assertEquals(List.of(), events);
        assertArrayEquals(expected(page), r.body);
        assertTrue(r.complete);
        assertTrue(r.messages.size() > 3 || split == Split.FULL || split == Split.WHOLE,
                "output leaves as input arrives");
    }

    @Test
    void outputIsNotHeldBackBeyondTheLookAhead() {
        // With a 64 KiB window the decoder runs once 128 KiB are queued: most of a large body has left before its
        // end arrives (lag: the queue, the ring buffer, one piece).
        BodyDecoder decoder = BodyDecoder.forEncoding("br", Long.MAX_VALUE);
        byte[] page = HtmlRewritingHandlerTest.PAGE.repeat(3000).getBytes(StandardCharsets.UTF_8);
        byte[] br = brotliStored(page, 5000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < br.length - 1; off += 1000) {
            decoder.decode(Unpooled.wrappedBuffer(br, off, Math.min(1000, br.length - 1 - off)), out::write);
        }
        int lookahead = BodyDecoder.Brotli.lookaheadFor(br[0] & 0xFF);
        assertEquals((1 << 16) - 16 + BodyDecoder.Brotli.SLACK, lookahead);
        assertTrue(out.size() >= page.length - lookahead - (1 << 16) - BodyDecoder.PIECE, "" + out.size());
        decoder.decode(Unpooled.wrappedBuffer(br, br.length - 1, 1), out::write);
        decoder.finish(out::write);
        assertArrayEquals(page, out.toByteArray());
        decoder.close();
    }

    @Test
    void windowSizesFromTheFirstByte() {
        // WBITS (RFC 7932 section 9.1): 0 -> 16; 1 + 3 bits n != 0 -> 17 + n; 1 000 + 3 bits m -> 17 or 8 + m.
        assertEquals((1 << 16) - 16, BodyDecoder.Brotli.lookaheadFor(0) - BodyDecoder.Brotli.SLACK);
        assertEquals((1 << 22) - 16, BodyDecoder.Brotli.lookaheadFor(0b1011) - BodyDecoder.Brotli.SLACK);
        assertEquals((1 << 24) - 16, BodyDecoder.Brotli.lookaheadFor(0b1111) - BodyDecoder.Brotli.SLACK);
        assertEquals((1 << 17) - 16, BodyDecoder.Brotli.lookaheadFor(0b0000_0001) - BodyDecoder.Brotli.SLACK);
        assertEquals((1 << 10) - 16, BodyDecoder.Brotli.lookaheadFor(0b0010_0001) - BodyDecoder.Brotli.SLACK);
        // the tool shrinks the window to fit a small input: ROWS_BR (33 KB) has lgwin 16
        assertEquals((1 << 16) - 16, BodyDecoder.Brotli.lookaheadFor(ROWS_BR[0] & 0xFF) - BodyDecoder.Brotli.SLACK);
    }

    @Test
    void truncatedBrotliAfterOutputAbortsTheResponse() {
        byte[] page = HtmlRewritingHandlerTest.PAGE.repeat(600).getBytes(StandardCharsets.UTF_8);
        byte[] br = brotliStored(page, 5000);
        Result r = exchange(config(), Arrays.copyOf(br, br.length - 1000), Split.SEVEN_OFFSET);
        assertEquals(HttpResponseStatus.OK, r.head.status());
        assertFalse(r.complete, "a truncated body must not end with the terminating chunk");
        assertFalse(r.channelOpen);
        assertTrue(r.body.length > 0);
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("fail ABORTED"), events.toString());
    }

    @Test
    void truncatedSmallBrotliIsA502() {
        Result r = exchange(config(), Arrays.copyOf(ROWS_BR, ROWS_BR.length / 2), Split.WHOLE);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertTrue(events.get(0).startsWith("fail BAD_GATEWAY"), events.toString());
    }

    @Test
    void corruptBrotliIsA502() {
        byte[] junk = "not brotli at all, just text that goes on for a while".getBytes(StandardCharsets.UTF_8);
        Result r = exchange(config(), junk, Split.WHOLE);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertFalse(r.channelOpen);
    }

    @Test
    void decompressionBombIsCapped() {
        HtmlRewritingConfig capped = HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES)
                .listener(recorder).maxDecodedBytes(10_000).build();
        Result r = exchange(capped, ROWS_BR, Split.WHOLE);
        assertEquals(HttpResponseStatus.BAD_GATEWAY, r.head.status());
        assertTrue(events.get(0).contains("exceeds 10000"), events.toString());
    }

    @Test
    void aStreamThatNeedsMoreLookAheadThanQueuedFailsCleanly() {
        // A skippable metadata meta-block larger than the look-ahead, before any content.
        BitWriter w = new BitWriter();
        w.bits(0, 1); // WBITS
        w.bits(0, 1); // ISLAST = 0
        w.bits(3, 2); // MNIBBLES = 0: metadata
        w.bits(0, 1); // reserved
        w.bits(3, 2); // MSKIPBYTES = 3
        w.bits(200_000 - 1, 24); // MSKIPLEN - 1
        w.align();
        w.out.writeBytes(new byte[200_000]);
        byte[] prefix = w.out.toByteArray();
        byte[] rest = brotliStored(HtmlRewritingHandlerTest.PAGE.getBytes(StandardCharsets.UTF_8), 5000);
        byte[] stream = Arrays.copyOf(prefix, prefix.length + rest.length - 1);
        System.arraycopy(rest, 1, stream, prefix.length, rest.length - 1); // the second WBITS is not repeated
        BodyDecoder decoder = BodyDecoder.forEncoding("br", Long.MAX_VALUE);
        try {
            DecompressionException e = org.junit.jupiter.api.Assertions.assertThrows(DecompressionException.class,
                    () -> decoder.decode(Unpooled.wrappedBuffer(stream), (b, off, len) -> { }));
            assertTrue(e.getMessage().contains("look-ahead"), e.getMessage());
        } finally {
            decoder.close();
        }
    }
}
