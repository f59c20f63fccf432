package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RewritingProcessorTest {
    private static final RewriterSettings SETTINGS = HtmlRewriter.builder()
            .onElement("a[href]", el -> el.setAttribute("href", "https://p.example" + el.getAttribute("href")))
            .onDocumentEnd(e -> e.append("<!--end-->", HTML))
            .settings();

    /** A publisher driven by the test: records demand and cancellation, sends what it is told to. */
    private static final class ScriptedUpstream implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Records every signal; requests only when told to; checks that onNext never exceeds its demand. */
    private static final class Recorder implements Flow.Subscriber<List<ByteBuffer>> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> items = new ArrayList<>();
        Flow.Subscription subscription;
        long demand;
        boolean completed;
        Throwable error;
        int subscriptions;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            subscriptions++;
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            assertTrue(demand > 0, "onNext without demand");
            assertTrue(!completed && error == null, "onNext after the end");
            demand--;
            StringBuilder sb = new StringBuilder();
            for (ByteBuffer b : item) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                bytes.write(a, 0, a.length);
                sb.append(new String(a, StandardCharsets.UTF_8));
            }
            items.add(sb.toString());
        }

        @Override
        public void onError(Throwable t) {
            assertTrue(!completed && error == null, "a second terminal signal");
            error = t;
        }

        @Override
        public void onComplete() {
            assertTrue(!completed && error == null, "a second terminal signal");
            completed = true;
        }

        void request(long n) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            subscription.request(n);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** A processor between a scripted upstream and a recorder, both connected. */
    private static final class Pipeline {
        final RewritingProcessor processor;
        final ScriptedUpstream up = new ScriptedUpstream();
        final Recorder down = new Recorder();

        Pipeline(RewriterSettings settings) {
            processor = new RewritingProcessor(settings);
            processor.subscribe(down);
            processor.onSubscribe(up);
        }
    }

    private static List<ByteBuffer> item(String... parts) {
        List<ByteBuffer> list = new ArrayList<>();
        for (String p : parts) {
            list.add(ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    @Test
    void passesDemandUpstreamAsItIsAndSendsEachListsOutputAsOneList() {
        RewritingProcessor p = new RewritingProcessor(SETTINGS);
        ScriptedUpstream up = new ScriptedUpstream();
        Recorder down = new Recorder();
        p.subscribe(down);
        assertNull(down.subscription, "the subscriber waits for the upstream subscription");
        p.onSubscribe(up);
        assertEquals(1, down.subscriptions);
        down.request(2);
        assertEquals(2, up.requested);
        p.onNext(item("<p><a href=/x>", "l</a>"));
        p.onNext(item("</p>"));
        assertEquals(List.of("<p><a href=\"https://p.example/x\">l</a>", "</p>"), down.items);
        assertEquals(2, up.requested, "no more than the subscriber asked for");
    }

    @Test
    void aListThatYieldsNoOutputIsNotSentAndAnotherIsRequestedInItsPlace() {
        Pipeline pipe = new Pipeline(SETTINGS);
        RewritingProcessor p = pipe.processor;
        ScriptedUpstream up = pipe.up;
        Recorder down = pipe.down;
        down.request(1);
        p.onNext(item("<a hr")); // an incomplete tag: held, nothing to send
        assertEquals(List.of(), down.items);
        assertEquals(2, up.requested, "one more list requested in place of the empty one");
        p.onNext(item("ef=/y>z"));
        assertEquals(List.of("<a href=\"https://p.example/y\">z"), down.items);
    }

    @Test
    void theDocumentsEndWaitsForDemandThenCompletes() {
        Pipeline pipe = new Pipeline(SETTINGS);
        RewritingProcessor p = pipe.processor;
        ScriptedUpstream up = pipe.up;
        Recorder down = pipe.down;
        down.request(1);
        p.onNext(item("<p>x"));
        p.onComplete();
        assertEquals(false, down.completed, "the end is owed but there is no demand for it");
        down.request(5);
        assertEquals(List.of("<p>x", "<!--end-->"), down.items);
        assertTrue(down.completed);
    }

    @Test
    void theEndIsSentAtOnceWhenThereIsDemandLeft() {
        RewritingProcessor p = new RewritingProcessor(SETTINGS);
        Recorder down = new Recorder();
        p.onSubscribe(new ScriptedUpstream());
        p.subscribe(down);
        down.request(Long.MAX_VALUE);
        down.request(Long.MAX_VALUE); // demand saturates, it does not overflow
        p.onNext(item("<p>x"));
        p.onComplete();
        assertEquals("<p>x<!--end-->", down.text());
        assertTrue(down.completed);
    }

    @Test
    void sameBytesAsTheOneShotRewriteHoweverTheBodyIsCutIntoListsAndBuffers() {
        qt().withFixedSeed(20261202L).withExamples(200)
                .forAll(longs().all(), integers().between(1, 40), integers().between(1, 4))
                .checkAssert((seed, piece, perList) -> {
                    String html = RandomHtml.messy(seed, 40);
                    byte[] in = html.getBytes(StandardCharsets.UTF_8);
                    Pipeline pipe = new Pipeline(SETTINGS);
                    RewritingProcessor p = pipe.processor;
                    ScriptedUpstream up = pipe.up;
                    Recorder down = pipe.down;
                    down.request(1);
                    int pos = 0;
                    while (pos < in.length) {
                        assertTrue(up.requested > 0, "upstream sends only on demand");
                        List<ByteBuffer> list = new ArrayList<>();
                        for (int i = 0; i < perList && pos < in.length; i++) {
                            int n = Math.min(piece, in.length - pos);
                            // read-only and direct buffers too, as HTTP clients hand them out
                            ByteBuffer b = (i % 2 == 0) ? ByteBuffer.wrap(in, pos, n).slice().asReadOnlyBuffer()
                                    : ByteBuffer.allocateDirect(n).put(in, pos, n).flip();
                            list.add(b);
                            pos += n;
                        }
                        up.requested--;
                        p.onNext(list);
                        if (down.demand == 0) {
                            down.request(1);
                        }
                    }
                    p.onComplete();
                    down.request(1);
                    assertEquals(HtmlRewriter.rewrite(html, SETTINGS), down.text());
                    assertTrue(down.completed);
                });
    }

    @Test
    void cancelCancelsUpstreamAndLaterSignalsAreIgnored() {
        Pipeline pipe = new Pipeline(SETTINGS);
        RewritingProcessor p = pipe.processor;
        ScriptedUpstream up = pipe.up;
        Recorder down = pipe.down;
        down.request(3);
        down.subscription.cancel();
        assertTrue(up.cancelled);
        p.onNext(item("<p>late"));
        p.onComplete();
        assertEquals(List.of(), down.items);
        assertEquals(false, down.completed);
    }

    @Test
    void aNonPositiveRequestCancelsUpstreamAndSignalsIllegalArgumentException() {
        Pipeline pipe = new Pipeline(SETTINGS);
        RewritingProcessor p = pipe.processor;
        ScriptedUpstream up = pipe.up;
        Recorder down = pipe.down;
        down.subscription.request(0);
        assertTrue(up.cancelled);
        assertInstanceOf(IllegalArgumentException.class, down.error);
    }

    @Test
    void anUpstreamErrorIsPassedOn() {
        Pipeline pipe = new Pipeline(SETTINGS);
        RewritingProcessor p = pipe.processor;
        Recorder down = pipe.down;
        down.request(1);
        RuntimeException reset = new RuntimeException("reset");
        p.onError(reset);
        assertSame(reset, down.error);
    }

    @Test
    void aRewritingFailureSendsTheOutputBeforeItThenCancelsUpstreamAndSignalsTheFailure() {
        RuntimeException boom = new IllegalStateException("boom");
        RewriterSettings failing = HtmlRewriter.builder().onElement("b", el -> {
            throw boom;
        }).settings();
        Pipeline pipe = new Pipeline(failing);
        RewritingProcessor p = pipe.processor;
        ScriptedUpstream up = pipe.up;
        Recorder down = pipe.down;
        down.request(5);
        p.onNext(item("<p>ok</p>"));
        p.onNext(item("more <b>x</b>"));
        assertTrue(up.cancelled);
        assertInstanceOf(HandlerException.class, down.error);
        assertSame(boom, down.error.getCause());
        assertEquals("<p>ok</p>", down.text());
    }

    @Test
    void aSecondSubscriberGetsAnErrorAndASecondUpstreamIsCancelled() {
        RewritingProcessor p = new RewritingProcessor(SETTINGS);
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        p.subscribe(first);
        p.subscribe(second);
        assertEquals(1, second.subscriptions);
        assertInstanceOf(IllegalStateException.class, second.error);
        ScriptedUpstream up = new ScriptedUpstream();
        ScriptedUpstream other = new ScriptedUpstream();
        p.onSubscribe(up);
        p.onSubscribe(other);
        assertTrue(other.cancelled);
        assertEquals(false, up.cancelled);
        assertThrows(NullPointerException.class, () -> p.onNext(null));
    }

    @Test
    void worksBetweenTheJdksOwnPublisherAndSubscriberAcrossThreads() throws Exception {
        RewritingProcessor p = new RewritingProcessor(SETTINGS);
        StringBuilder got = new StringBuilder();
        java.util.concurrent.CompletableFuture<String> done = new java.util.concurrent.CompletableFuture<>();
        p.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription s;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                this.s = s;
                s.request(1);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer b : item) {
                    got.append(StandardCharsets.UTF_8.decode(b));
                }
                s.request(1);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(got.toString());
            }
        });
        StringBuilder html = new StringBuilder();
        try (SubmissionPublisher<List<ByteBuffer>> pub = new SubmissionPublisher<>()) {
            pub.subscribe(p);
            for (int i = 0; i < 500; i++) {
                String part = "<li><a href=/" + i + ">" + i + "</a></li>";
                html.append(part);
                pub.submit(item(part.substring(0, 7), part.substring(7)));
            }
        }
        assertEquals(HtmlRewriter.rewrite(html.toString(), SETTINGS), done.get(10, TimeUnit.SECONDS));
    }
}
