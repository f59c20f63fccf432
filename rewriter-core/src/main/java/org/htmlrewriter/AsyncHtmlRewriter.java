package org.htmlrewriter;

import java.lang.ref.Cleaner;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.htmlrewriter.internal.rewrite.CompiledSettings;
import org.htmlrewriter.internal.rewrite.RewriterEngine;
import org.htmlrewriter.internal.transcode.Utf16Transcoder;

/**
 * A streaming HTML rewriter for one document whose handlers may be asynchronous
 * ({@link HtmlRewriter.Builder#onElementAsync}, {@link org.htmlrewriter.content.Element#onEndTagAsync},
 * {@link HtmlRewriter.Builder#onDocumentEndAsync}): a handler can wait for I/O without blocking a thread, and the
 * rewriter waits with it. Made by {@link RewriterSettings#newAsyncRewriter}.
 *
 * <pre>{@code
 * RewriterSettings settings = HtmlRewriter.builder()
 *     .onElementAsync("esi\\:include[src]", el -> fragments.fetch(el.getAttribute("src"))
 *         .thenAccept(html -> el.replace(html, ContentType.HTML)))
 *     .onElement("a[href]", el -> el.setAttribute("rel", "noopener"))      // synchronous handlers mix freely
 *     .settings();
 * AsyncHtmlRewriter rewriter = settings.newAsyncRewriter(sink);
 * rewriter.write(chunk, 0, chunk.length)                                   // next write once this completes
 *     .thenCompose(done -> rewriter.end());
 * }</pre>
 *
 * <p><b>Flow.</b> {@link #write} returns at once with a stage that completes when the chunk is fully processed.
 * While an asynchronous handler's stage is pending, the rewriter processes nothing after its element (or end tag,
 * or the document end), and the output up to that element has already gone to the sink: a slow handler delays only
 * what follows it. The next {@code write} (or {@code end}) waits for the previous stage: calling it earlier throws
 * {@link IllegalStateException}. Output is the same as with the same handlers run synchronously, whatever the
 * chunking and whatever the order and timing in which stages complete.
 *
 * <p><b>Buffers.</b> The array passed to {@code write} is read until the returned stage completes and must not be
 * changed until then: the rewriter goes on reading the rest of it after a pending handler, without copying it
 * (for a UTF-16 document, the transcoded rest is copied). Unchanged parts go to the sink as slices of that array,
 * valid during the sink call only.
 *
 * <p><b>Threads.</b> Processing runs on the thread calling {@code write} or {@code end} until a handler's stage is
 * pending, then goes on, once that stage completes, on the thread that completed it, or on the executor given to
 * {@link RewriterSettings#newAsyncRewriter(OutputSink, Object, Executor)} (an event loop, say). Handlers, the sink and
 * the returned stages' dependent actions run on those threads, one at a time: a handler's view may be used from any
 * thread until its stage completes, and everything done before the completion is seen after it. {@link #cancel} may
 * be called from any thread; the other methods from one thread at a time, as the stages order them.
 *
 * <p><b>Errors.</b> As for {@link HtmlRewriter}: a handler that throws, or whose stage completes exceptionally, fails
 * the rewriter with a {@link HandlerException}. The failure completes the stage of the {@code write} or {@code end}
 * in progress exceptionally (with the {@link RewritingException}), after the output decided before it was written;
 * with {@linkplain HtmlRewriter.Builder#gracefulBailOut graceful bail-out} the rest of the input passes through
 * unchanged instead and {@link #failure()} tells what happened. Misuse (a write while one is pending, after
 * {@code end} or {@code cancel}) throws {@link IllegalStateException} at once.
 */
public final class AsyncHtmlRewriter {
    private final RewriterEngine engine;
    private final DocumentContext context;
    /** Drops everything once cancelled: the sink is never called after {@link #cancel}. */
    private final OutputSink guardedSink;
    /** What the engine writes to: the guarded sink, or the UTF-16 transcoder in front of it. */
    private final OutputSink engineSink;
    private final Utf16Transcoder utf16;
    private final Utf16Transcoder.Feed feed = this::feedTranscoded;
    private final Executor resumeOn;
    private final boolean gracefulBailOut;
    private final Cleaner.Cleanable memoryRelease;

    private final Object lock = new Object();
    // Guarded by lock.
    /** The stage of the write or end being processed, until it completes; null when idle. */
    private CompletableFuture<Void> inProgress;
    /** A thread is processing (not waiting for a handler's stage). */
    private boolean processing;
    /** A handler's stage is being subscribed to: a completion meanwhile is left for the subscribing thread. */
    private boolean subscribing;
    private boolean completedWhileSubscribing;
    private Throwable failureWhileSubscribing;
    private boolean ended;
    private volatile boolean cancelled;

    // Used by the processing thread only (handed from one to the next through lock).
    private byte[] input;
    private int inputPos;
    private int inputEnd;
    /** UTF-16: transcoded input the engine has not taken yet (copies), and where the first one's rest starts. */
    private final ArrayDeque<byte[]> transcoded = new ArrayDeque<>();
    private int transcodedPos;
    private long transcodedBytes;
    private boolean endRequested;
    private boolean inputEndedInTranscoder;
    private boolean endReached;
    private Throwable failure;
    private boolean bailedOut;
    private boolean released;

    AsyncHtmlRewriter(CompiledSettings settings, OutputSink sink, Object attachment, Executor resumeOn) {
        this.context = new DocumentContext(attachment);
        this.guardedSink = new OutputSink() {
            @Override
            public void write(byte[] b, int off, int len) {
                if (!cancelled) {
                    sink.write(b, off, len);
                }
            }

            @Override
            public void charsetChanged(Charset charset) {
                if (!cancelled) {
                    sink.charsetChanged(charset);
                }
            }
        };
        this.utf16 = Utf16Transcoder.forCharset(settings.charset(), guardedSink);
        this.engineSink = utf16 != null ? utf16 : guardedSink;
        this.engine = new RewriterEngine(utf16 != null ? settings.forTranscodedInput() : settings, engineSink, context,
                true);
        this.resumeOn = resumeOn;
        this.gracefulBailOut = settings.gracefulBailOut();
        this.memoryRelease = settings.hasSharedMemory()
                ? HtmlRewriter.CLEANER.register(this, engine.memoryReleaser()) : null;
    }

    /**
     * Rewrites {@code chunk[off, off + len)}, the next bytes of the document.
     *
     * @param chunk the array holding the next bytes; read until the returned stage completes, and not to be changed
     *        until then
     * @param off where those bytes start in {@code chunk}
     * @param len how many there are
     * @return a stage that completes when the chunk is fully processed, exceptionally with the
     *         {@link RewritingException} if the rewriter fails (without graceful bail-out), or with a
     *         {@link CancellationException} if it is cancelled meanwhile
     * @throws IllegalStateException if the previous write's stage has not completed, or after {@link #end},
     *         {@link #cancel} or a failure
     */
    public CompletionStage<Void> write(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        CompletableFuture<Void> result = start(false);
        input = chunk;
        inputPos = off;
        inputEnd = off + len;
        run(false, null);
        return result.minimalCompletionStage();
    }

    /**
     * Rewrites the whole array.
     *
     * @param chunk the next bytes of the document, not to be changed until the returned stage completes
     * @return as {@link #write(byte[], int, int)}
     */
    public CompletionStage<Void> write(byte[] chunk) {
        return write(chunk, 0, chunk.length);
    }

    /**
     * Ends the document: processes what the end of input decides (elements still open, document-end handlers).
     *
     * @return a stage that completes when the document is done (everything written to the sink), exceptionally as
     *         for {@link #write(byte[], int, int)}
     * @throws IllegalStateException if a write's stage has not completed, or after {@code end}, {@link #cancel} or a
     *         failure
     */
    public CompletionStage<Void> end() {
        CompletableFuture<Void> result = start(true);
        endRequested = true;
        run(false, null);
        return result.minimalCompletionStage();
    }

    /**
     * Abandons the document, from any thread: the sink is never called again once this returns, a pending handler's
     * stage is no longer waited for (its completion is ignored), the stage of a write or end in progress completes
     * with a {@link CancellationException}, and what the rewriter holds is let go (its share of a
     * {@link MemoryBudget} too). Output already written is a prefix the caller should treat as truncated. Does nothing
     * after the document ended or an earlier cancel.
     */
    public void cancel() {
        CompletableFuture<Void> result;
        boolean releaseNow;
        synchronized (lock) {
            if (cancelled || (ended && inProgress == null)) {
                return;
            }
            cancelled = true;
            result = inProgress;
            inProgress = null;
            releaseNow = !processing;
        }
        if (releaseNow) {
            releaseMemory();
        } // else the processing thread lets go when it sees the flag
        if (result != null) {
            result.completeExceptionally(new CancellationException("the rewriter was cancelled"));
        }
    }

    /** {@return this document's state, which its handlers reach through their views' {@code context()}} */
    public DocumentContext context() {
        return context;
    }

    /** {@return the failure graceful bail-out recovered from, or {@code null}} */
    public RewritingException failure() {
        synchronized (lock) {
            return bailedOut ? (RewritingException) failure : null;
        }
    }

    /**
     * Bytes held right now: the incomplete token and text tail, and for a UTF-16 document the transcoded input not yet
     * processed. Call it between stages, not while the rewriter processes on another thread.
     *
     * @return the number of bytes held
     */
    public long heldBytes() {
        synchronized (lock) {
            return (bailedOut || released ? 0 : engine.heldBytes()) + (utf16 == null ? 0 : utf16.heldBytes())
                    + transcodedBytes;
        }
    }

    private CompletableFuture<Void> start(boolean ending) {
        synchronized (lock) {
            if (cancelled) {
                throw new IllegalStateException("the rewriter was cancelled");
            }
            if (inProgress != null) {
                throw new IllegalStateException((ending ? "end()" : "write()") + " called before the stage of the "
                        + "previous write completed");
            }
            if (ended) {
                throw new IllegalStateException("end() was already called");
            }
            if (failure != null && !bailedOut) {
                throw new IllegalStateException("the rewriter failed earlier: " + failure.getMessage(), failure);
            }
            if (ending) {
                ended = true;
            }
            processing = true;
            inProgress = new CompletableFuture<>();
            return inProgress;
        }
    }

    /**
     * Processes until the request in progress is done or a handler's stage is pending; {@code resuming}: first goes on
     * after the stage that was pending, which completed with {@code stageFailure} (null if normally).
     */
    private void run(boolean resuming, Throwable stageFailure) {
        while (true) {
            CompletionStage<?> pending;
            try {
                if (cancelled) {
                    stopCancelled();
                    return;
                }
                if (resuming) {
                    resuming = false;
                    if (!bailedOut) {
                        engine.resume(stageFailure);
                    }
                }
                pending = process();
            } catch (StopAfterFailure e) {
                return;
            } catch (RuntimeException | Error e) {
                if (recover(e)) {
                    continue;
                }
                return;
            }
            if (pending == null) {
                complete();
                return;
            }
            synchronized (lock) {
                subscribing = true;
                completedWhileSubscribing = false;
            }
            pending.whenComplete((ignored, e) -> stageCompleted(e));
            synchronized (lock) {
                subscribing = false;
                if (completedWhileSubscribing) {
                    resuming = true;
                    stageFailure = failureWhileSubscribing;
                    failureWhileSubscribing = null;
                    continue;
                }
                processing = false;
                if (!cancelled) {
                    return;
                }
            }
            stopCancelled(); // cancelled while we subscribed: nobody else lets go
            return;
        }
    }

    private void stageCompleted(Throwable e) {
        synchronized (lock) {
            if (subscribing) {
                completedWhileSubscribing = true;
                failureWhileSubscribing = e;
                return;
            }
            if (cancelled) {
                return;
            }
            processing = true;
        }
        if (resumeOn == null) {
            run(true, e);
            return;
        }
        try {
            resumeOn.execute(() -> run(true, e));
        } catch (RuntimeException rejected) {
            // The executor is gone (an event loop shut down): nothing can go on.
            synchronized (lock) {
                processing = false;
            }
            fatal(rejected);
        }
    }

    /**
     * Goes on with the request in progress: the stage of a pending handler, or null once the request is done (the
     * chunk processed; for {@code end}, the document done).
     */
    private CompletionStage<?> process() {
        CompletionStage<?> pending = pendingStage();
        if (pending != null) {
            return pending;
        }
        if (utf16 == null) {
            while (inputPos < inputEnd) {
                if (bailedOut) {
                    engineSink.write(input, inputPos, inputEnd - inputPos);
                    inputPos = inputEnd;
                    break;
                }
                // The engine takes the whole rest: if it fails, its bail-out writes all of it.
                int from = inputPos;
                inputPos = inputEnd;
                inputPos = from + engine.feed(input, from, inputEnd - from);
                pending = engine.pendingStage();
                if (pending != null) {
                    return pending;
                }
            }
            input = null;
        } else {
            if (input != null) {
                byte[] in = input;
                input = null;
                utf16.write(in, inputPos, inputEnd - inputPos, feed); // whatever the engine cannot take now is queued
            }
            pending = drainTranscoded();
            if (pending != null) {
                return pending;
            }
            if (endRequested && !inputEndedInTranscoder) {
                inputEndedInTranscoder = true;
                utf16.endInput(feed);
                pending = drainTranscoded();
                if (pending != null) {
                    return pending;
                }
            }
            utf16.flushOutput();
        }
        if (!endRequested) {
            return null;
        }
        if (!bailedOut && !endReached) {
            endReached = engine.finishAsync();
            pending = engine.pendingStage();
            if (pending != null) {
                return pending;
            }
            if (!endReached) {
                throw new IllegalStateException("the engine paused with nothing pending");
            }
        }
        if (!bailedOut) {
            engine.finishedAsync();
        }
        if (utf16 != null) {
            utf16.endOutput();
        }
        return null;
    }

    private CompletionStage<?> pendingStage() {
        return bailedOut ? null : engine.pendingStage();
    }

    /** UTF-16: the transcoder's next piece of UTF-8; queued (copied) while the engine cannot take it. */
    private void feedTranscoded(byte[] b, int off, int len) {
        if (!transcoded.isEmpty() || pendingStage() != null) {
            queue(b, off, len);
            return;
        }
        if (bailedOut) {
            engineSink.write(b, off, len);
            return;
        }
        int taken;
        try {
            taken = engine.feed(b, off, len);
        } catch (RuntimeException | Error e) {
            // As in HtmlRewriter: recovered here, so that the transcoder's rest of the chunk goes on (raw).
            if (!recover(e)) {
                throw new StopAfterFailure();
            }
            return;
        }
        if (taken < len) {
            queue(b, off + taken, len - taken);
        }
    }

    /** Unwinds the transcoder after a failure already reported ({@link #fatal}). */
    private static final class StopAfterFailure extends RuntimeException {
        StopAfterFailure() {
            super(null, null, false, false);
        }
    }

    private void queue(byte[] b, int off, int len) {
        if (len > 0) {
            transcoded.add(Arrays.copyOfRange(b, off, off + len));
            transcodedBytes += len;
        }
    }

    private CompletionStage<?> drainTranscoded() {
        while (!transcoded.isEmpty()) {
            byte[] b = transcoded.peek();
            int rest = b.length - transcodedPos;
            int taken;
            if (bailedOut) {
                engineSink.write(b, transcodedPos, rest);
                taken = rest;
            } else {
                // The engine takes the whole rest: if it fails, its bail-out writes all of it.
                int from = transcodedPos;
                transcodedPos = b.length;
                transcodedBytes -= rest;
                taken = engine.feed(b, from, rest);
                transcodedPos = from;
                transcodedBytes += rest;
            }
            transcodedPos += taken;
            transcodedBytes -= taken;
            if (transcodedPos == b.length) {
                transcoded.poll();
                transcodedPos = 0;
            }
            CompletionStage<?> pending = pendingStage();
            if (pending != null) {
                return pending;
            }
        }
        return null;
    }

    /**
     * The engine failed: with graceful bail-out (a {@link RewritingException}) the rest passes through and processing
     * goes on (true); otherwise the decided output is written and the request fails (false).
     */
    private boolean recover(Throwable e) {
        synchronized (lock) {
            failure = e;
        }
        releaseMemory();
        if (gracefulBailOut && e instanceof RewritingException && !bailedOut) {
            synchronized (lock) {
                bailedOut = true;
            }
            engine.bailOut();
            return true;
        }
        engine.flushDecidedOutput();
        if (utf16 != null) {
            try {
                utf16.flushOutput();
            } catch (RuntimeException ignored) {
                // the sink itself failed: there is nothing more to write
            }
        }
        fatal(e);
        return false;
    }

    private void fatal(Throwable e) {
        CompletableFuture<Void> result;
        synchronized (lock) {
            if (failure == null) {
                failure = e;
            }
            result = inProgress;
            inProgress = null;
            processing = false;
        }
        releaseMemory();
        input = null;
        transcoded.clear();
        transcodedBytes = 0;
        if (result != null) {
            result.completeExceptionally(e);
        }
    }

    private void complete() {
        CompletableFuture<Void> result;
        synchronized (lock) {
            result = inProgress;
            inProgress = null;
            processing = false;
        }
        if (endRequested) {
            releaseMemory();
        }
        if (result != null) {
            result.complete(null);
        }
    }

    private void stopCancelled() {
        synchronized (lock) {
            processing = false;
        }
        releaseMemory();
        input = null;
        transcoded.clear();
        transcodedBytes = 0;
    }

    private void releaseMemory() {
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
        }
        if (memoryRelease != null) {
            memoryRelease.clean();
        } else {
            engine.releaseMemory();
        }
    }
}
