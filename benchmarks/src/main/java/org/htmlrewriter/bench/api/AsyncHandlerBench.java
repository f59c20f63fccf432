package org.htmlrewriter.bench.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.htmlrewriter.AsyncHtmlRewriter;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.bench.InputState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an asynchronous handler that completes at once costs next to a synchronous one (issue 15): the same
 * element handler on every {@code a[href]} (set an attribute), run synchronously in an {@link HtmlRewriter}, and as
 * an asynchronous handler returning an already-completed stage in an {@link AsyncHtmlRewriter}; 1 KiB writes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AsyncHandlerBench {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private RewriterSettings sync;
    private RewriterSettings async;
    private final CountingOutputSink sink = new CountingOutputSink();

    @Setup
    public void setup() {
        sync = HtmlRewriter.builder().onElement("a[href]", el -> el.setAttribute("data-seen", "1")).settings();
        async = HtmlRewriter.builder().onElementAsync("a[href]", el -> {
            el.setAttribute("data-seen", "1");
            return DONE;
        }).settings();
    }

    @Benchmark
    public long synchronousHandler(InputState in) {
        sink.bytes = 0;
        for (byte[] doc : in.docs) {
            RewriterBench.rewrite(sync, doc, 1024, sink);
        }
        return sink.bytes;
    }

    @Benchmark
    public long completedAsynchronousHandler(InputState in) {
        sink.bytes = 0;
        for (byte[] doc : in.docs) {
            AsyncHtmlRewriter r = async.newAsyncRewriter(sink);
            for (int off = 0; off < doc.length; off += 1024) {
                // completes before write returns: nothing is pending, so no stage needs waiting for
                r.write(doc, off, Math.min(1024, doc.length - off)).toCompletableFuture().join();
            }
            r.end().toCompletableFuture().join();
        }
        return sink.bytes;
    }
}
