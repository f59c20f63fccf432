package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.htmlrewriter.netty.Fixtures.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A compressed body is decoded a piece at a time and only while the client channel takes output: a few kilobytes
 * that inflate to megabytes never turn into megabytes of queued output, and the output is still exactly what the
 * library makes of the decoded body.
 */
class DecodedOutputBackpressureTest {
    /** How much the simulated client lets queue up before its channel turns unwritable. */
    private static final int CLIENT_WINDOW = 64 * 1024;
    /** Queued output never exceeds the window by more than one piece of output (and a little rewriting slack). */
    private static final int QUEUE_BOUND = CLIENT_WINDOW + HtmlRewritingHandler.OUTPUT_PIECE + 16 * 1024;

    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    /**
     * A client that reads only when the test says so: content written to the channel counts as unread, and the
     * channel is unwritable (a user-defined writability bit) while more than {@link #CLIENT_WINDOW} is unread.
     */
    static final class SlowClient extends ChannelOutboundHandlerAdapter {
        long unread;
        long peakUnread;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpContent c) {
                unread += c.content().readableBytes();
                peakUnread = Math.max(peakUnread, unread);
                if (unread > CLIENT_WINDOW) {
                    ctx.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
                }
            }
            ctx.write(msg, promise);
        }

        /** The client read everything: writable again. */
        void readAll(EmbeddedChannel ch) {
            unread = 0;
            ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            ch.runPendingTasks();
        }
    }

    private static byte[] page(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder("<!doctype html><html><head><title>t</title></head><body><table>");
        for (int i = 0; i < rows; i++) {
            // Mostly the same row: compresses extremely well, as a bomb does.
            b.append("<tr><td class=ad>buy</td><td><a href=\"http://example.com/\">x</a></td><td>")
                    .append(random.nextInt(50) == 0 ? "row " + i : "same").append("</td></tr>\n");
        }
        return b.append("</table></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deflate(byte[] data, boolean zlib, boolean gzip) throws IOException {
        if (gzip) {
            return HtmlRewritingHandlerTest.gzip(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(9, !zlib))) {
            d.write(data);
        }
        return out.toByteArray();
    }

    /** Sends the compressed body in chunks of {@code chunk} bytes, reading at the client only when it is stuck. */
    private Result run(byte[] compressed, String encoding, int chunk, SlowClient client, List<Long> queuedWhileStuck) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(leaks.allocator());
        ch.pipeline().addLast(client, new HtmlRewritingHandler(
                HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).build()));
        Result r = new Result();
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set("content-type", "text/html").set("content-encoding", encoding);
            List<Object> messages = new ArrayList<>();
            messages.add(head);
            for (int i = 0; i < compressed.length; i += chunk) {
                messages.add(new DefaultHttpContent(fx.heap(compressed, i, Math.min(chunk, compressed.length - i))));
            }
            messages.add(new DefaultLastHttpContent());
            for (Object msg : messages) {
                Fixtures.write(ch, msg, r);
                drain(ch, client, r, queuedWhileStuck);
            }
            drain(ch, client, r, queuedWhileStuck);
            return r;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** While the channel is stuck: note what is queued, then let the client read it all. */
    private static void drain(EmbeddedChannel ch, SlowClient client, Result r, List<Long> queuedWhileStuck) {
        while (!ch.isWritable()) {
            queuedWhileStuck.add(client.unread);
            Fixtures.collect(ch, r);
            client.readAll(ch);
        }
        Fixtures.collect(ch, r);
    }

    @Test
    void aSmallCompressedChunkThatInflatesToMegabytesIsWrittenAsTheClientReads() throws IOException {
        byte[] page = page(200_000, 1); // about 16 MB of HTML
        byte[] gz = deflate(page, false, true);
        assertTrue(gz.length < page.length / 100, "a bomb-like ratio: " + gz.length + " of " + page.length);
        SlowClient client = new SlowClient();
        List<Long> stuck = new ArrayList<>();
        Result r = run(gz, "gzip", gz.length, client, stuck); // the whole compressed body in one chunk
        assertTrue(r.complete);
        assertArrayEquals(Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, page), r.body);
        assertTrue(stuck.size() > 100, "the client was stuck " + stuck.size() + " times");
        assertTrue(client.peakUnread <= QUEUE_BOUND, "peak unread output " + client.peakUnread);
        for (var p : r.promises) {
            assertTrue(p.isSuccess());
        }
    }

    @Test
    void writesMadeWhileDecodingWaitsQueueBehindItInOrder() throws IOException {
        byte[] page = page(50_000, 2);
        byte[] gz = deflate(page, false, true);
        EmbeddedChannel ch = new EmbeddedChannel();
        SlowClient client = new SlowClient();
        ch.config().setAllocator(leaks.allocator());
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).build();
        HtmlRewritingHandler handler = new HtmlRewritingHandler(config);
        ch.pipeline().addLast(client, handler);
        Result r = new Result();
        try {
            ch.writeInbound(Fixtures.get("/"), Fixtures.get("/second"));
            ReferenceCountUtil.release(ch.readInbound());
            ReferenceCountUtil.release(ch.readInbound());
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set("content-type", "text/html").set("content-encoding", "gzip");
            Fixtures.write(ch, head, r);
            Fixtures.write(ch, new DefaultHttpContent(fx.heap(gz, 0, gz.length)), r);
            assertFalse(ch.isWritable(), "decoding waits for the client");
            assertFalse(r.promises.get(1).isDone(), "the chunk is not written out yet");
            // The rest of the exchange arrives meanwhile: the end of this response, and a whole second one.
            Fixtures.write(ch, new DefaultLastHttpContent(), r);
            HttpResponse second = Fixtures.html(HttpResponseStatus.OK, "text/plain");
            Fixtures.write(ch, second, r);
            byte[] plain = "plain".getBytes(StandardCharsets.US_ASCII);
            Fixtures.write(ch, new DefaultLastHttpContent(fx.heap(plain, 0, plain.length)), r);
            assertEquals(plain.length, handler.waitingBytes());
            assertTrue(config.bufferedBytes() > plain.length, "the waiting chunks and the paused input are counted");
            Result first = new Result();
            List<Long> stuck = new ArrayList<>();
            drain(ch, client, first, stuck);
            byte[] expected = Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, page);
            byte[] both = java.util.Arrays.copyOf(expected, expected.length + plain.length);
            System.arraycopy(plain, 0, both, expected.length, plain.length);
            assertArrayEquals(both, first.body, "the first body, then the second");
            assertEquals(List.of("DefaultHttpResponse", "DefaultHttpContent"), first.messages.subList(0, 2));
            assertEquals("DefaultLastHttpContent", first.messages.get(first.messages.size() - 1));
            assertEquals(0, handler.waitingBytes());
            assertEquals(0, config.bufferedBytes());
            for (var p : r.promises) {
                assertTrue(p.isSuccess());
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theClientGoingAwayWhileDecodingWaitsReleasesEverything() throws IOException {
        byte[] gz = deflate(page(50_000, 3), false, true);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(leaks.allocator());
        ch.pipeline().addLast(new SlowClient(), new HtmlRewritingHandler(
                HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).build()));
        Result r = new Result();
        ch.writeInbound(Fixtures.get("/"));
        ReferenceCountUtil.release(ch.readInbound());
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("content-type", "text/html").set("content-encoding", "gzip");
        Fixtures.write(ch, head, r);
        ByteBuf body = fx.heap(gz, 0, gz.length);
        Fixtures.write(ch, new DefaultHttpContent(body), r);
        LastHttpContent end = new DefaultLastHttpContent();
        Fixtures.write(ch, end, r);
        assertTrue(body.refCnt() > 0, "held while decoding waits");
        ch.close();
        ch.finishAndReleaseAll();
        assertEquals(0, body.refCnt());
        for (var p : r.promises) {
            assertTrue(p.isDone());
        }
    }

    @Test
    void anyChunkingAndAnyDeflateFlavourGivesTheLibrarysOutputWithBoundedQueues() {
        qt().withExamples(12).withFixedSeed(20_251_107L)
                .forAll(integers().between(1, 40_000), integers().between(1, 70_000), integers().between(0, 2))
                .checkAssert((rows, chunk, flavour) -> {
                    byte[] page = page(rows, rows);
                    byte[] compressed;
                    try {
                        compressed = deflate(page, flavour == 1, flavour == 2);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    SlowClient client = new SlowClient();
                    Result r = run(compressed, flavour == 2 ? "gzip" : "deflate", chunk, client, new ArrayList<>());
                    assertTrue(r.complete);
                    assertArrayEquals(Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8,
                            page), r.body);
                    assertTrue(client.peakUnread <= QUEUE_BOUND, "peak unread " + client.peakUnread);
                    leaks.assertAllReleased();
                });
    }
}
