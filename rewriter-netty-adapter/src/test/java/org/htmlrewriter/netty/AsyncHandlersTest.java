package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.netty.Fixtures.Result;
import org.htmlrewriter.netty.Fixtures.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Asynchronous handlers in the handler: each pending stage stops the response (and, through the channel's
 * writability, the origin) until it completes; the output is what the same handlers give run synchronously. Stages
 * are completed by the test on the channel's thread (an {@link EmbeddedChannel} has no other), some right away, some
 * after more of the body was written; {@code AsyncProxyLoadTest} completes them on another executor.
 */
class AsyncHandlersTest {
    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);
    private final RecordingListener recorder = new RecordingListener();
    /** Stages handed out by the asynchronous handlers and not completed yet, oldest first. */
    private final ArrayDeque<CompletableFuture<Void>> gates = new ArrayDeque<>();
    /** Hand out stages already complete instead. */
    private boolean completeAtOnce;

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    private CompletableFuture<Void> gate() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        if (completeAtOnce) {
            gate.complete(null);
        } else {
            gates.add(gate);
        }
        return gate;
    }

    /** The mutations, synchronously: what the asynchronous rules must give. */
    static final Consumer<HtmlRewriter.Builder> SYNC = b -> b
            .onElement("esi\\:include[src]", el -> el.replace("<b>" + el.getAttribute("src") + "</b>",
                    ContentType.HTML))
            .onElement("section", el -> el.onEndTag(end -> end.after("<!--/section-->", ContentType.HTML)))
            .onElement("a[href^='http://']", el -> el.setAttribute("rel", "noopener"))
            .onDocumentEnd(end -> end.append("<!--footer-->", ContentType.HTML));

    /** The same mutations, each after a stage of {@link #gate()}; the anchors' rule stays synchronous. */
    private Consumer<HtmlRewriter.Builder> asyncRules() {
        return b -> b
                .onElementAsync("esi\\:include[src]", el -> gate().thenRun(() -> el.replace(
                        "<b>" + el.getAttribute("src") + "</b>", ContentType.HTML)))
                .onElementAsync("section", el -> {
                    el.onEndTagAsync(end -> gate().thenRun(() -> end.after("<!--/section-->", ContentType.HTML)));
                    return gate();
                })
                .onElement("a[href^='http://']", el -> el.setAttribute("rel", "noopener"))
                .onDocumentEndAsync(end -> gate().thenRun(() -> end.append("<!--footer-->", ContentType.HTML)));
    }

    private HtmlRewritingConfig asyncConfig(FailureMode mode) {
        return HtmlRewritingConfig.builder().rules(asyncRules()).listener(recorder).failureMode(mode).build();
    }

    static String page(int includes, int filler) {
        StringBuilder s = new StringBuilder("<!doctype html><html><head><title>t</title></head><body>");
        for (int i = 0; i < includes; i++) {
            s.append("<section><p>").append("words ".repeat(filler)).append("<a href=\"http://x/").append(i)
                    .append("\">a</a><esi:include src=\"/f/").append(i).append("\"></esi:include>tail ")
                    .append(i).append("</section>");
        }
        return s.append("</body></html>").toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse head(String encoding) {
        HttpResponse head = Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8");
        if (encoding != null) {
            head.headers().set("content-encoding", encoding);
        }
        return head;
    }

    /**
     * Completes pending stages one at a time, letting the event loop go on after each, until none is left; while
     * one is pending the channel must read as not writable (so a proxy stops reading its origin).
     */
    private void settle(EmbeddedChannel ch) {
        ch.runPendingTasks();
        while (!gates.isEmpty()) {
            assertFalse(ch.isWritable(), "not writable while a stage is pending");
            gates.poll().complete(null);
            ch.runPendingTasks();
        }
        assertTrue(ch.isWritable() || !ch.isOpen(), "writable again once nothing is pending");
    }

    /** Writes the messages one by one, completing the stages after each ({@code lagging}: only after the last). */
    private Result run(HtmlRewritingConfig config, HttpResponse head, List<Object> messages, boolean lagging) {
        EmbeddedChannel ch = fx.channel(config);
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            Result r = new Result();
            Fixtures.write(ch, head, r);
            for (Object msg : messages) {
                Fixtures.write(ch, msg, r);
                if (!lagging) {
                    settle(ch);
                }
            }
            settle(ch);
            Fixtures.collect(ch, r);
            return r;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** The body in chunks of the given sizes (cycled), heap or direct, ended by an empty last chunk. */
    private List<Object> chunks(byte[] body, int[] sizes, boolean direct) {
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (int k = 0; i < body.length; k++) {
            int n = Math.min(sizes[k % sizes.length], body.length - i);
            ByteBuf b = direct ? fx.direct(body, i, n) : fx.offsetHeap(body, i, n);
            out.add(new DefaultHttpContent(b));
            i += n;
        }
        out.add(new DefaultLastHttpContent());
        return out;
    }

    static byte[] gzip(byte[] data) {
        try {
            return HtmlRewritingHandlerTest.gzip(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertAllPromisesSucceeded(Result r) {
        for (ChannelPromise p : r.promises) {
            assertTrue(p.isSuccess(), () -> "write failed or pending: " + p.cause());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void givesTheSynchronousOutputForEverySplit(Split split) {
        byte[] body = utf8(page(3, 40));
        byte[] expected = Fixtures.expected(SYNC, StandardCharsets.UTF_8, body);
        for (boolean lagging : new boolean[] {false, true}) {
            recorder.events.clear();
            List<Object> messages = fx.responseMessages(head(null), body, split);
            HttpResponse head = (HttpResponse) messages.remove(0);
            Result r = run(asyncConfig(FailureMode.FAIL), head, messages, lagging);
            assertEquals(new String(expected, StandardCharsets.UTF_8), r.text());
            assertTrue(r.complete);
            assertEquals("chunked", r.head.headers().get("transfer-encoding"));
            assertAllPromisesSucceeded(r);
            assertEquals(List.of("start UTF-8", "done"), recorder.events);
        }
    }

    @Test
    void anyChunkingAndAnyCompletionOrderGiveTheSynchronousOutput() {
        qt().withExamples(40).withFixedSeed(20_261_203L)
                .forAll(integers().between(1, 6), integers().between(1, 300), integers().between(1, 300),
                        integers().between(0, 7))
                .checkAssert((includes, size1, size2, mode) -> {
                    byte[] page = utf8(page(includes, size1 % 50));
                    boolean gzipped = (mode & 1) != 0;
                    boolean direct = (mode & 2) != 0;
                    completeAtOnce = (mode & 4) != 0;
                    byte[] body = gzipped ? gzip(page) : page;
                    Result r = run(asyncConfig(FailureMode.FAIL), head(gzipped ? "gzip" : null),
                            chunks(body, new int[] {size1, size2}, direct), size1 % 2 == 0);
                    assertArrayEquals(Fixtures.expected(SYNC, StandardCharsets.UTF_8, page), r.body,
                            () -> new String(r.body, StandardCharsets.UTF_8));
                    assertTrue(r.complete);
                    assertAllPromisesSucceeded(r);
                    leaks.assertAllReleased();
                });
    }

    @Test
    void nothingMoreIsTakenWhileAStageIsPending() {
        EmbeddedChannel ch = fx.channel(asyncConfig(FailureMode.FAIL));
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            Result r = new Result();
            String page = "<html><body><p>before</p><esi:include src=\"/a\"></esi:include><p>after</p>";
            Fixtures.write(ch, head(null), r);
            ByteBuf first = fx.heap(utf8(page), 0, page.length());
            Fixtures.write(ch, new DefaultHttpContent(first), r);
            assertEquals(1, gates.size());
            assertFalse(ch.isWritable(), "the channel reads as not writable, so the origin is not read");
            assertTrue(first.refCnt() > 0, "the chunk is kept while the rewriter still reads it");
            ByteBuf second = fx.heap(utf8("<p>more</p>"), 0, 11);
            Fixtures.write(ch, new DefaultHttpContent(second), r);
            Fixtures.write(ch, new DefaultLastHttpContent(), r);
            Fixtures.collect(ch, r);
            assertEquals(0, r.messages.size(), "nothing is written while the first chunk's stage is pending");
            assertEquals(1, gates.size(), "queued chunks are not fed meanwhile");
            assertFalse(r.promises.get(1).isDone());
            settle(ch);
            Fixtures.collect(ch, r);
            assertEquals("<html><body><p>before</p><b>/a</b><p>after</p><p>more</p><!--footer-->",
                    r.text());
            assertTrue(r.complete);
            assertAllPromisesSucceeded(r);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void alreadyCompletedStagesNeverStopTheChannel() {
        completeAtOnce = true;
        byte[] body = utf8(page(4, 10));
        EmbeddedChannel ch = fx.channel(asyncConfig(FailureMode.FAIL));
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            Result r = new Result();
            List<Object> messages = fx.responseMessages(head(null), body, Split.SEVEN_OFFSET);
            for (Object msg : messages) {
                Fixtures.write(ch, msg, r);
                assertTrue(ch.isWritable());
            }
            Fixtures.collect(ch, r);
            assertArrayEquals(Fixtures.expected(SYNC, StandardCharsets.UTF_8, body), r.body);
            assertAllPromisesSucceeded(r);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /**
     * A gzip body of two members, the first ending a little after an include: while its stage is pending, the
     * decoder must not inflate the second member over the piece the rewriter still reads.
     */
    @Test
    void aPendingStageAtTheEndOfAGzipMemberKeepsItsPiece() {
        String one = "<html><body><p>" + "x".repeat(100) + "</p><esi:include src=\"/a\"></esi:include>end of one";
        String two = "<p>" + "second member ".repeat(20) + "</p></body></html>";
        byte[] a = gzip(utf8(one));
        byte[] b = gzip(utf8(two));
        byte[] body = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, body, a.length, b.length);
        List<Object> messages = new ArrayList<>();
        messages.add(new DefaultLastHttpContent(fx.heap(body, 0, body.length)));
        Result r = run(asyncConfig(FailureMode.FAIL), head("gzip"), messages, false);
        assertArrayEquals(Fixtures.expected(SYNC, StandardCharsets.UTF_8, utf8(one + two)), r.body,
                () -> new String(r.body, StandardCharsets.UTF_8));
    }

    /** A stage that fails does what a throwing synchronous handler does, in each failure mode and split. */
    @ParameterizedTest
    @EnumSource(Split.class)
    void aFailedStageIsAThrowingHandler(Split split) {
        String page = page(1, 10) + "<span class=late>late</span>" + "<p>" + "y".repeat(3000) + "</p>"
                + "<span class=later>x</span><a href=\"http://after/\">a</a>";
        for (FailureMode mode : FailureMode.values()) {
            for (String selector : List.of("html", "span.later")) {
                recorder.events.clear();
                HtmlRewritingConfig sync = HtmlRewritingConfig.builder().listener(recorder).failureMode(mode)
                        .rules(SYNC.andThen(b -> b.onElement(selector, el -> {
                            throw new IllegalStateException("boom");
                        }))).build();
                Result expected = fx.exchange(sync, Fixtures.get("/"), head(null), utf8(page), split);
                List<String> expectedEvents = new ArrayList<>(recorder.events);
                recorder.events.clear();
                HtmlRewritingConfig async = HtmlRewritingConfig.builder().listener(recorder).failureMode(mode)
                        .rules(asyncRules().andThen(b -> b.onElementAsync(selector,
                                el -> gate().thenRun(() -> {
                                    throw new IllegalStateException("boom");
                                })))).build();
                List<Object> messages = fx.responseMessages(head(null), utf8(page), split);
                HttpResponse head = (HttpResponse) messages.remove(0);
                Result actual = run(async, head, messages, false);
                String what = mode + " " + selector + " " + split;
                assertEquals(expected.head.status(), actual.head.status(), what);
                assertEquals(expected.text(), actual.text(), what);
                assertEquals(expected.complete, actual.complete, what);
                assertEquals(expected.channelOpen, actual.channelOpen, what);
                assertEquals(expectedEvents, recorder.events, what);
                for (ChannelPromise p : actual.promises) {
                    assertTrue(p.isDone(), what);
                }
            }
        }
    }

    @Test
    void theClientGoingAwayCancelsThePendingStageAndReleasesEverything() {
        List<String> sunk = new ArrayList<>();
        EmbeddedChannel ch = fx.channel(asyncConfig(FailureMode.FAIL));
        ch.writeInbound(Fixtures.get("/"));
        ReferenceCountUtil.release(ch.readInbound());
        Result r = new Result();
        Fixtures.write(ch, head(null), r);
        ByteBuf first = fx.heap(utf8(page(2, 5)), 0, utf8(page(2, 5)).length);
        Fixtures.write(ch, new DefaultHttpContent(first), r);
        ByteBuf queued = fx.direct(utf8("<p>queued</p>"), 0, 13);
        Fixtures.write(ch, new DefaultHttpContent(queued), r);
        assertFalse(gates.isEmpty());
        ch.close();
        assertEquals(0, first.refCnt(), "the chunk the rewriter was reading is released");
        assertEquals(0, queued.refCnt(), "queued chunks are released");
        // The stage completes after the cancel: the rewriter must neither write nor fail anything now.
        while (!gates.isEmpty()) {
            gates.poll().complete(null);
        }
        ch.runPendingTasks();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            sunk.add(msg.getClass().getSimpleName());
            ReferenceCountUtil.release(msg);
        }
        assertEquals(List.of(), sunk);
        assertEquals("fail ABORTED", recorder.last());
        for (ChannelPromise p : r.promises.subList(1, r.promises.size())) {
            assertTrue(p.isDone() && !p.isSuccess());
        }
        ch.finishAndReleaseAll();
    }

    @Test
    void aLastChunkWrittenAsOneFullResponseWaitsForTheDocumentEnd() {
        byte[] body = utf8(page(1, 3));
        List<Object> messages = fx.responseMessages(head(null), body, Split.FULL);
        EmbeddedChannel ch = fx.channel(asyncConfig(FailureMode.FAIL));
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            Result r = new Result();
            Fixtures.write(ch, messages.get(0), r);
            // The include, the section's start and end, then the document end: four stages one after another.
            int stages = 0;
            while (!gates.isEmpty()) {
                assertFalse(r.promises.get(0).isDone(), "the response completes after the last stage only");
                gates.poll().complete(null);
                ch.runPendingTasks();
                stages++;
            }
            assertEquals(4, stages);
            Fixtures.collect(ch, r);
            assertTrue(r.text().endsWith("<!--footer-->"), r.text());
            assertTrue(r.complete && r.promises.get(0).isSuccess());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void settingsSayWhetherTheyAreAsynchronous() {
        HtmlRewriter.Builder sync = HtmlRewriter.builder();
        SYNC.accept(sync);
        assertFalse(sync.settings().hasAsyncHandlers());
        HtmlRewriter.Builder async = HtmlRewriter.builder();
        asyncRules().accept(async);
        assertTrue(async.settings().hasAsyncHandlers());
        assertTrue(HtmlRewriter.builder().onDocumentEndAsync(end -> gate()).settings().hasAsyncHandlers());
    }

    @Test
    void aStageLeftPendingAtTheLastChunkKeepsItsPromise() {
        EmbeddedChannel ch = fx.channel(asyncConfig(FailureMode.FAIL));
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            Result r = new Result();
            Fixtures.write(ch, head(null), r);
            Fixtures.write(ch, new DefaultLastHttpContent(fx.heap(utf8("<p>x</p>"), 0, 8)), r);
            assertEquals(1, gates.size(), "the document end's stage");
            LastHttpContent none = ch.readOutbound();
            assertEquals(null, none);
            assertFalse(r.promises.get(1).isDone());
            settle(ch);
            Fixtures.collect(ch, r);
            assertEquals("<p>x</p><!--footer-->", r.text());
            assertAllPromisesSucceeded(r);
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
