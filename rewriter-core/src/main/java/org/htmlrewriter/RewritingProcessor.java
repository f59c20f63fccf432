package org.htmlrewriter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Flow.Processor} that rewrites one HTML document flowing through a reactive pipeline as lists of byte
 * buffers (the item type of {@link java.net.http.HttpResponse.BodySubscriber} and of many HTTP clients and servers):
 * each list received is rewritten and its output sent on as a list holding one buffer.
 *
 * <pre>{@code
 * RewritingProcessor processor = new RewritingProcessor(settings);
 * publisher.subscribe(processor);      // the document's bytes
 * processor.subscribe(subscriber);     // receives them rewritten
 * }</pre>
 *
 * <p><b>Reactive Streams.</b> One upstream subscription and one subscriber: a second subscriber gets
 * {@code onError(IllegalStateException)}, a second upstream subscription is cancelled. The subscriber's demand is
 * passed upstream as it is: each list received yields at most one list sent, and a list whose rewriting produced no
 * output (the rewriter holds an incomplete tag) is not sent, one more list being requested upstream in its place.
 * When upstream completes, the end of the document is produced ({@link HtmlRewriter#end()}) and sent as a last list
 * once the subscriber has demand, then {@code onComplete}. A {@code request(n)} with {@code n <= 0} cancels
 * upstream and signals {@code onError(IllegalArgumentException)}. {@code cancel()} cancels upstream and drops the
 * rewriter. Upstream {@code onError} is passed on. A rewriting failure cancels upstream and is signalled as
 * {@code onError} with the {@link RewritingException} (after the output before it, a correct prefix, was sent).
 *
 * <p><b>Buffering.</b> Nothing is queued: the output of one list is sent before the next is requested. What is held
 * is one list's output (its input, plus the rewriter's incomplete token, bounded by the memory limit, plus content
 * handlers insert), and the document's end until the subscriber has demand for it.
 *
 * <p><b>Ownership.</b> Received buffers are read during {@code onNext} only, and consumed (their position moves to
 * their limit); none is kept. Each buffer sent is a new heap buffer that the subscriber owns.
 *
 * <p><b>Threads.</b> Signals from upstream must be serial (as Reactive Streams requires); the rewriting runs on the
 * thread that delivers them. {@code request} and {@code cancel} may be called from any thread; the signals this
 * processor sends are serial. One processor per document.
 */
public final class RewritingProcessor implements Flow.Processor<List<ByteBuffer>, List<ByteBuffer>> {
    private final HtmlRewriter rewriter;
    private final OutputBuffer output = new OutputBuffer(16 * 1024);
    private final AtomicReference<Flow.Subscriber<? super List<ByteBuffer>>> downstream = new AtomicReference<>();
    private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
    private final AtomicBoolean subscribedDownstream = new AtomicBoolean();
    /** Downstream demand not yet met. */
    private final AtomicLong demand = new AtomicLong();
    /** The document's end, waiting for demand; taken (set to null) by whoever sends it. */
    private final AtomicReference<List<ByteBuffer>> tail = new AtomicReference<>();
    private volatile boolean done;
    private byte[] scratch;
    /** For HTTP bodies: an empty body (a HEAD response's) stays empty instead of getting the document's end. */
    private final boolean emptyStaysEmpty;
    private boolean sawBytes;

    /**
     * A processor rewriting with a new rewriter made from {@code settings}.
     *
     * @param settings the rewriting configuration
     * @throws NullPointerException if {@code settings} is null
     */
    public RewritingProcessor(RewriterSettings settings) {
        this(settings, false);
    }

    RewritingProcessor(RewriterSettings settings, boolean emptyStaysEmpty) {
        this.rewriter = Objects.requireNonNull(settings, "settings").newRewriter(output);
        this.emptyStaysEmpty = emptyStaysEmpty;
    }

    /**
     * Adds the one subscriber that receives the rewritten document. It is given its subscription once this
     * processor has its upstream subscription.
     *
     * @param subscriber the subscriber
     * @throws NullPointerException if {@code subscriber} is null
     */
    @Override
    public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (!downstream.compareAndSet(null, subscriber)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("a RewritingProcessor has one subscriber only"));
            return;
        }
        connect();
    }

    /**
     * Receives the upstream subscription (a second one is cancelled).
     *
     * @param subscription the upstream subscription
     * @throws NullPointerException if {@code subscription} is null
     */
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (!upstream.compareAndSet(null, subscription)) {
            subscription.cancel();
            return;
        }
        connect();
    }

    /** Once both ends are there, gives the subscriber its subscription (exactly once). */
    private void connect() {
        Flow.Subscriber<? super List<ByteBuffer>> s = downstream.get();
        if (s != null && upstream.get() != null && subscribedDownstream.compareAndSet(false, true)) {
            s.onSubscribe(new Downstream());
        }
    }

    /**
     * Rewrites one list of buffers and sends its output on (or requests another list if there is none).
     *
     * @param item the next bytes of the document
     * @throws NullPointerException if {@code item} or one of its buffers is null
     */
    @Override
    public void onNext(List<ByteBuffer> item) {
        Objects.requireNonNull(item, "item");
        if (done) {
            return;
        }
        try {
            for (ByteBuffer b : item) {
                write(Objects.requireNonNull(b, "buffer"));
            }
        } catch (RuntimeException e) {
            failAndCancel(e);
            return;
        }
        if (output.size() == 0) {
            upstream.get().request(1);
            return;
        }
        demand.decrementAndGet();
        List<ByteBuffer> out = List.of(ByteBuffer.wrap(output.takeAll()));
        synchronized (this) {
            if (!done) {
                downstream.get().onNext(out);
            }
        }
    }

    private void write(ByteBuffer b) {
        sawBytes |= b.hasRemaining();
        if (b.hasArray()) {
            rewriter.write(b);
            return;
        }
        if (scratch == null) {
            scratch = new byte[8 * 1024];
        }
        while (b.hasRemaining()) {
            int n = Math.min(b.remaining(), scratch.length);
            b.get(scratch, 0, n);
            rewriter.write(scratch, 0, n);
        }
    }

    /**
     * Passes an upstream failure on to the subscriber.
     *
     * @param throwable the failure
     * @throws NullPointerException if {@code throwable} is null
     */
    @Override
    public void onError(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        terminate(throwable);
    }

    /** Ends the document and sends its end on (once the subscriber has demand), then completes. */
    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        if (emptyStaysEmpty && !sawBytes) {
            terminate(null);
            return;
        }
        try {
            rewriter.end();
        } catch (RuntimeException e) {
            terminate(e);
            return;
        }
        if (output.size() == 0) {
            terminate(null);
            return;
        }
        tail.set(List.of(ByteBuffer.wrap(output.takeAll())));
        sendTailIfDemanded();
    }

    /** Sends the document's end and completes, if it is waiting and there is demand; whoever takes it sends it. */
    private void sendTailIfDemanded() {
        if (demand.get() > 0 && !done) {
            List<ByteBuffer> last = tail.getAndSet(null);
            if (last != null) {
                synchronized (this) {
                    if (!done) {
                        downstream.get().onNext(last);
                        terminate(null);
                    }
                }
            }
        }
    }

    private void failAndCancel(RuntimeException e) {
        upstream.get().cancel();
        terminate(e);
    }

    /** Sends {@code onError(failure)}, or {@code onComplete} if it is null, unless the end was signalled already. */
    private synchronized void terminate(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        if (failure == null) {
            downstream.get().onComplete();
        } else {
            downstream.get().onError(failure);
        }
    }

    /** The subscriber's subscription. */
    private final class Downstream implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                failAndCancel(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            if (tail.get() != null) {
                sendTailIfDemanded();
            } else {
                upstream.get().request(n);
                sendTailIfDemanded(); // upstream may have completed meanwhile
            }
        }

        @Override
        public void cancel() {
            if (done) {
                return;
            }
            done = true;
            tail.set(null);
            upstream.get().cancel();
        }
    }
}
