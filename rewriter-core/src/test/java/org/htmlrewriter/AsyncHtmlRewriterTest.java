package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.junit.jupiter.api.Test;

/** The contract of {@link AsyncHtmlRewriter}: waiting, ordering, misuse, failures, cancellation, threads. */
class AsyncHtmlRewriterTest {
    private static final String PAGE = "<p>before</p><esi:include src=/frag></esi:include><p>after</p>";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPendingHandlerHoldsWhatFollowsItsElementButNotWhatPrecedesIt() throws Exception {
        CompletableFuture<String> fragment = new CompletableFuture<>();
        RewriterSettings settings = HtmlRewriter.builder()
                .onElementAsync("esi\\:include[src]", el -> fragment.thenAccept(html -> el.replace(html,
                        ContentType.HTML)))
                .onElement("p", el -> el.setAttribute("class", "seen"))
                .settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = settings.newAsyncRewriter(out::write);
        CompletionStage<Void> written = rewriter.write(bytes(PAGE));

        assertFalse(written.toCompletableFuture().isDone(), "the chunk waits for the handler");
        assertEquals("<p class=\"seen\">before</p>", text(out), "output up to the element is already out");

        fragment.complete("<b>fragment</b>");
        await(written);
        await(rewriter.end());
        assertEquals("<p class=\"seen\">before</p><b>fragment</b><p class=\"seen\">after</p>", text(out));
    }

    @Test
    void theViewIsUsableFromAnotherThreadUntilTheStageCompletesAndNotAfter() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicReference<Element> kept = new AtomicReference<>();
        try {
            RewriterSettings settings = HtmlRewriter.builder()
                    .onElementAsync("esi\\:include", el -> CompletableFuture.runAsync(() -> {
                        kept.set(el);
                        el.setAttribute("src", "/other");
                        el.append("inside", ContentType.TEXT);
                        el.onEndTagAsync(end -> CompletableFuture.runAsync(() -> end.after("!", ContentType.TEXT),
                                other));
                    }, other))
                    .settings();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AsyncHtmlRewriter rewriter = settings.newAsyncRewriter(out::write);
            await(rewriter.write(bytes(PAGE)));
            await(rewriter.end());
            assertEquals("<p>before</p><esi:include src=\"/other\">inside</esi:include>!<p>after</p>", text(out));
            assertThrows(IllegalStateException.class, () -> kept.get().setAttribute("x", "y"));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void writingBeforeThePreviousStageCompletedIsRefused() {
        CompletableFuture<Void> never = new CompletableFuture<>();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder().onElementAsync("esi\\:include", el -> never).settings()
                .newAsyncRewriter((b, o, n) -> { });
        rewriter.write(bytes(PAGE));
        assertThrows(IllegalStateException.class, () -> rewriter.write(bytes("<p>more")));
        assertThrows(IllegalStateException.class, rewriter::end);
    }

    @Test
    void asynchronousHandlersNeedTheAsynchronousRewriter() {
        RewriterSettings async = HtmlRewriter.builder().onElementAsync("p", el -> CompletableFuture.completedFuture(null))
                .settings();
        assertThrows(IllegalStateException.class, () -> async.newRewriter((b, o, n) -> { }));
        assertThrows(IllegalStateException.class, () -> HtmlRewriter.rewrite("<p>x", async));

        RewriterSettings endTagAsync = HtmlRewriter.builder()
                .onElement("p", el -> el.onEndTagAsync(end -> CompletableFuture.completedFuture(null))).settings();
        HandlerException e = assertThrows(HandlerException.class, () -> HtmlRewriter.rewrite("<p>x</p>", endTagAsync));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void synchronousSettingsRunInTheAsynchronousRewriterToo() throws Exception {
        RewriterSettings settings = HtmlRewriter.builder().onElement("p", el -> el.setAttribute("id", "1")).settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = settings.newAsyncRewriter(out::write);
        CompletionStage<Void> written = rewriter.write(bytes("<p>a</p>"));
        assertTrue(written.toCompletableFuture().isDone(), "nothing to wait for: done when write returns");
        await(rewriter.end());
        assertEquals("<p id=\"1\">a</p>", text(out));
    }

    @Test
    void aStageCompletedExceptionallyFailsTheRewriterAsAThrowingHandlerDoes() throws Exception {
        CompletableFuture<Void> fails = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder().onElementAsync("esi\\:include", el -> fails).settings()
                .newAsyncRewriter(out::write);
        CompletionStage<Void> written = rewriter.write(bytes(PAGE));
        IllegalArgumentException cause = new IllegalArgumentException("fragment service down");
        fails.completeExceptionally(cause);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(written));
        assertInstanceOf(HandlerException.class, e.getCause());
        assertSame(cause, e.getCause().getCause());
        assertEquals("<p>before</p>", text(out), "the decided prefix is written");
        assertThrows(IllegalStateException.class, () -> rewriter.write(bytes("x")));
        assertNull(rewriter.failure());
    }

    @Test
    void withGracefulBailOutAFailedStageLetsTheRestPassThroughUnchanged() throws Exception {
        CompletableFuture<Void> fails = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder().gracefulBailOut(true)
                .onElementAsync("esi\\:include", el -> fails).onElement("p", el -> el.setAttribute("id", "x"))
                .settings().newAsyncRewriter(out::write);
        byte[] page = bytes(PAGE);
        CompletionStage<Void> written = rewriter.write(page, 0, 20);
        await(written);
        CompletionStage<Void> rest = rewriter.write(page, 20, page.length - 20);
        fails.completeExceptionally(new IllegalStateException("down"));
        await(rest);
        await(rewriter.write(bytes("<p>tail</p>")));
        await(rewriter.end());
        assertEquals("<p id=\"x\">before</p><esi:include src=/frag></esi:include><p>after</p><p>tail</p>",
                text(out));
        assertInstanceOf(HandlerException.class, rewriter.failure());
    }

    @Test
    void aHandlerReturningNullOrThrowingFailsWithAHandlerException() {
        for (AsyncElementHandler h : List.<AsyncElementHandler>of(el -> null, el -> {
            throw new java.io.IOException("no");
        })) {
            AsyncHtmlRewriter rewriter = HtmlRewriter.builder().onElementAsync("p", h).settings()
                    .newAsyncRewriter((b, o, n) -> { });
            ExecutionException e = assertThrows(ExecutionException.class, () -> await(rewriter.write(bytes("<p>"))));
            assertInstanceOf(HandlerException.class, e.getCause());
        }
    }

    @Test
    void cancelStopsEverythingAndTheSinkIsNeverCalledAgain() throws Exception {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        List<String> sinkCalls = new ArrayList<>();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder()
                .onElementAsync("esi\\:include", el -> slow.thenRun(() -> el.append("late", ContentType.TEXT)))
                .settings().newAsyncRewriter((b, o, n) -> sinkCalls.add(new String(b, o, n, StandardCharsets.UTF_8)));
        CompletionStage<Void> written = rewriter.write(bytes(PAGE));
        int calls = sinkCalls.size();

        rewriter.cancel();
        slow.complete(null);

        ExecutionException e = assertThrows(ExecutionException.class, () -> await(written));
        assertInstanceOf(CancellationException.class, e.getCause());
        assertEquals(calls, sinkCalls.size(), "no sink call after cancel");
        assertThrows(IllegalStateException.class, () -> rewriter.write(bytes("x")));
        rewriter.cancel(); // idempotent
    }

    @Test
    void processingGoesOnWhereTheRewriterWasToldTo() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "the-event-loop"));
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "some-io-thread"));
        try {
            List<String> sinkThreads = new ArrayList<>();
            AsyncHtmlRewriter rewriter = HtmlRewriter.builder()
                    .onElementAsync("esi\\:include", el -> CompletableFuture.runAsync(() -> { }, io))
                    .settings().newAsyncRewriter((b, o, n) -> {
                        synchronized (sinkThreads) {
                            sinkThreads.add(Thread.currentThread().getName());
                        }
                    }, null, loop);
            await(loop.submit(() -> rewriter.write(bytes(PAGE))).get());
            await(loop.submit(rewriter::end).get());
            synchronized (sinkThreads) {
                assertFalse(sinkThreads.isEmpty());
                assertTrue(sinkThreads.stream().allMatch("the-event-loop"::equals), sinkThreads.toString());
            }
        } finally {
            loop.shutdownNow();
            io.shutdownNow();
        }
    }

    @Test
    void theDocumentEndMayWaitToo() throws Exception {
        CompletableFuture<String> footer = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder()
                .onDocumentEndAsync(end -> footer.thenAccept(html -> end.append(html, ContentType.HTML)))
                .settings().newAsyncRewriter(out::write);
        await(rewriter.write(bytes("<p>x")));
        CompletionStage<Void> ended = rewriter.end();
        assertFalse(ended.toCompletableFuture().isDone());
        footer.complete("<footer>f</footer>");
        await(ended);
        assertEquals("<p>x<footer>f</footer>", text(out));
    }

    @Test
    void impliedElementsMayWaitBeforeTheTextThatImpliesThem() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder()
                .onElementAsync("body", el -> gate.thenRun(() -> el.prepend("<nav>n</nav>", ContentType.HTML)))
                .settings().newAsyncRewriter(out::write);
        CompletionStage<Void> written = rewriter.write(bytes("<title>t</title>hello <b>world</b>"));
        assertEquals("<title>t</title>", text(out));
        gate.complete(null);
        await(written);
        await(rewriter.end());
        assertEquals("<title>t</title><nav>n</nav>hello <b>world</b>", text(out));
    }

    @Test
    void utf16DocumentsWaitAndResumeLikeOthers() throws Exception {
        Charset utf16 = StandardCharsets.UTF_16LE;
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter rewriter = HtmlRewriter.builder().charset(utf16)
                .onElementAsync("esi\\:include", el -> gate.thenRun(() -> el.replace("\u00e9t\u00e9", ContentType.TEXT)))
                .settings().newAsyncRewriter(out::write);
        byte[] page = PAGE.getBytes(utf16);
        CompletionStage<Void> written = rewriter.write(page, 0, 61); // an odd split, inside a code unit
        gate.complete(null);
        await(written);
        await(rewriter.write(page, 61, page.length - 61));
        await(rewriter.end());
        synchronized (out) {
            assertEquals("<p>before</p>\u00e9t\u00e9<p>after</p>", out.toString(utf16));
        }
        assertEquals(0, rewriter.heldBytes());
    }
}
