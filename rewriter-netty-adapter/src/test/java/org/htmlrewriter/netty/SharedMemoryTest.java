package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.MemoryBudget;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.netty.Fixtures.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every response a config rewrites counts against its shared memory budget: hostile pages held open on some
 * connections make the next rewrite that would exceed it fail, not the heap; the others go on; a response that
 * ends, fails or loses its client gives its share back at once. What the handlers hold outside their rewriters is
 * counted too ({@link HtmlRewritingConfig#bufferedBytes()}).
 */
class SharedMemoryTest {
    private static final byte[] DIVS = "<div class=x>".repeat(100).getBytes(StandardCharsets.US_ASCII);

    private final LeakChecks leaks = new LeakChecks();
    private final Fixtures fx = new Fixtures(leaks);

    @AfterEach
    void noLeaks() {
        leaks.assertAllReleased();
        LeakChecks.assertNoDetectedLeaks();
    }

    /** A rewrite whose causes of failure are recorded. */
    private static final class Failures implements RewritingListener {
        final List<Throwable> causes = new ArrayList<>();

        @Override
        public void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
            causes.add(cause);
        }
    }

    private EmbeddedChannel open(HtmlRewritingConfig config) {
        EmbeddedChannel ch = fx.channel(config);
        ch.writeInbound(Fixtures.get("/"));
        ReferenceCountUtil.release(ch.readInbound());
        ch.writeOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html; charset=utf-8"));
        return ch;
    }

    /** Writes a hundred more open elements; false once the channel was closed by a failure. */
    private boolean deeper(EmbeddedChannel ch) {
        Result r = new Result();
        Fixtures.write(ch, new DefaultHttpContent(fx.heap(DIVS, 0, DIVS.length)), r);
        Fixtures.collect(ch, r);
        return ch.isOpen();
    }

    @Test
    void stalledDeepPagesExhaustTheBudgetNotTheHeapAndGiveItBack() {
        long limit = 1 << 20;
        MemoryBudget budget = MemoryBudget.of(limit + limit / 4);
        Failures failures = new Failures();
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES)
                .memoryLimit(limit).sharedMemoryBudget(budget).listener(failures).build();
        EmbeddedChannel first = open(config);
        EmbeddedChannel second = open(config);
        try {
            while (budget.used() < limit * 3 / 4) {
                assertTrue(deeper(first), "the first page stays within its own limit");
            }
            long firstShare = budget.used();
            int rounds = 0;
            while (deeper(second)) {
                rounds++;
                assertTrue(rounds < 10_000, "the second page never failed");
            }
            assertTrue(failures.causes.get(0) instanceof MemoryLimitExceededException, failures.causes.toString());
            assertTrue(first.isOpen(), "the first page goes on");
            assertEquals(firstShare, budget.used(), "the failed rewrite gave its share back");

            // A third, ordinary page still fits next to the first.
            byte[] page = HtmlRewritingHandlerTest.PAGE.getBytes(StandardCharsets.UTF_8);
            Result r = fx.exchange(config, Fixtures.get("/"), Fixtures.html(HttpResponseStatus.OK, "text/html"),
                    page, Fixtures.Split.SEVEN_OFFSET);
            assertTrue(r.complete);
            assertArrayEquals(Fixtures.expected(HtmlRewritingHandlerTest.RULES, StandardCharsets.UTF_8, page), r.body);

            first.close(); // the client goes away
            assertEquals(0, budget.used(), "an abandoned rewrite gives its share back at once");
            assertEquals(0, config.bufferedBytes());
        } finally {
            first.finishAndReleaseAll();
            second.finishAndReleaseAll();
        }
    }

    @Test
    void bytesHeldWhileTheCharsetIsSniffedAreCountedAndGivenBack() {
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).build();
        EmbeddedChannel ch = fx.channel(config);
        try {
            ch.writeInbound(Fixtures.get("/"));
            ReferenceCountUtil.release(ch.readInbound());
            ch.writeOutbound(Fixtures.html(HttpResponseStatus.OK, "text/html"));
            byte[] start = "<html><head><title>x</title>".getBytes(StandardCharsets.US_ASCII);
            ch.writeOutbound(new DefaultHttpContent(fx.heap(start, 0, start.length)));
            assertEquals(HtmlRewritingConfig.PRESCAN_BYTES + start.length, config.bufferedBytes(),
                    "the sniff buffer and the held original chunk");
            ch.writeOutbound(new DefaultLastHttpContent());
            Result r = new Result();
            Fixtures.collect(ch, r);
            assertTrue(r.complete);
            assertEquals(0, config.bufferedBytes());
        } finally {
            ch.finishAndReleaseAll();
        }
        assertEquals(0, config.bufferedBytes());
    }

    @Test
    void aClientLeavingWhileBytesAreHeldGivesThemBack() {
        HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(HtmlRewritingHandlerTest.RULES).build();
        EmbeddedChannel ch = fx.channel(config);
        ch.writeInbound(Fixtures.get("/"));
        ReferenceCountUtil.release(ch.readInbound());
        Result r = new Result();
        Fixtures.write(ch, Fixtures.html(HttpResponseStatus.OK, "text/html"), r);
        byte[] start = "<html>".getBytes(StandardCharsets.US_ASCII);
        Fixtures.write(ch, new DefaultHttpContent(fx.heap(start, 0, start.length)), r);
        assertFalse(config.bufferedBytes() == 0);
        ch.close();
        ch.finishAndReleaseAll();
        assertEquals(0, config.bufferedBytes());
        assertTrue(r.promises.stream().allMatch(p -> p.isDone() && !p.isSuccess()));
    }
}
