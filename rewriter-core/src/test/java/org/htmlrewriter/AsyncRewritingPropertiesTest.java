package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous handlers give exactly the output of the same handlers run synchronously, whatever the chunking and
 * whatever the order and timing in which their stages complete: random documents, random handler sets (those of
 * {@link ChunkingPropertiesTest}) in which random element, end-tag and document-end handlers are asynchronous, their
 * actions run on other threads after random delays, or at once, or before the stage is returned.
 */
class AsyncRewritingPropertiesTest {
    private static final int EXAMPLES = Integer.getInteger("htmlrewriter.qtExamples", 120);
    private static final ScheduledExecutorService THREADS = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "async-handler-completion");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    /** Completes stages in every way a handler might: already done, soon on another thread, later after a delay. */
    static final class RandomLater implements ChunkingPropertiesTest.Later {
        private final Random random;

        RandomLater(long seed) {
            this.random = new Random(seed);
        }

        private synchronized int next(int bound) {
            return random.nextInt(bound);
        }

        @Override
        public boolean makeAsync() {
            return next(4) != 0;
        }

        @Override
        public CompletionStage<Void> later(ChunkingPropertiesTest.ThrowingAction action) {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            Runnable run = () -> {
                try {
                    action.run();
                    stage.complete(null);
                } catch (Throwable e) {
                    stage.completeExceptionally(e);
                }
            };
            switch (next(5)) {
                case 0 -> run.run(); // completed before it is returned: no suspension at all
                case 1, 2 -> THREADS.execute(run); // completes while the rewriter subscribes, or just after
                case 3 -> THREADS.schedule(run, next(300), TimeUnit.MICROSECONDS);
                default -> THREADS.schedule(run, 1, TimeUnit.MILLISECONDS);
            }
            return stage;
        }
    }

    /** The asynchronous rewrite of {@code in} in pieces of the given sizes (cycled), as {@link ChunkingPropertiesTest#run}. */
    static String runAsync(RewriterSettings s, byte[] in, int[] sizes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncHtmlRewriter r = s.newAsyncRewriter(out::write);
        int k = 0;
        for (int i = 0; i < in.length; ) {
            int n = Math.min(sizes[k++ % sizes.length], in.length - i);
            byte[] piece = new byte[n + 2];
            System.arraycopy(in, i, piece, 1, n);
            r.write(piece, 1, n).toCompletableFuture().get(20, TimeUnit.SECONDS);
            i += n;
        }
        r.end().toCompletableFuture().get(20, TimeUnit.SECONDS);
        String failure = r.failure() == null ? "" : "\n[bailed out: " + r.failure().getClass().getSimpleName() + "]";
        synchronized (out) {
            return new String(out.toByteArray(), StandardCharsets.ISO_8859_1) + failure;
        }
    }

    @Test
    void asynchronousHandlersWriteWhatSynchronousOnesWrite() {
        qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 2026_1202L)).withExamples(EXAMPLES).withShrinkCycles(10)
                .forAll(longs().all()).checkAssert(seed -> {
                    String html = RandomHtml.messy(seed, 30);
                    StringBuilder handlers = new StringBuilder();
                    RewriterSettings sync = ChunkingPropertiesTest.randomHandlers(seed, handlers, false, null)
                            .settings();
                    RewriterSettings async = ChunkingPropertiesTest.randomHandlers(seed, new StringBuilder(), false,
                            new RandomLater(seed)).settings();
                    byte[] in = html.getBytes(StandardCharsets.UTF_8);
                    String expected = ChunkingPropertiesTest.run(sync, in, new int[] {in.length + 1});
                    Random chunking = new Random(seed);
                    int[][] sizes = {{1 + chunking.nextInt(5)}, {1 + chunking.nextInt(64), 1 + chunking.nextInt(9)},
                        {in.length + 1}};
                    for (int[] s : sizes) {
                        String actual;
                        try {
                            actual = runAsync(async, in, s);
                        } catch (Exception e) {
                            throw new AssertionError("seed " + seed + ": " + e + "\nhandlers:\n" + handlers, e);
                        }
                        assertEquals(expected, actual, () -> "seed " + seed + ", chunks "
                                + java.util.Arrays.toString(s) + "\nhandlers:\n" + handlers + "document: " + html);
                    }
                });
    }
}
