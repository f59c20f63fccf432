package org.htmlrewriter;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A {@link HttpResponse.BodyHandler} for {@link java.net.http.HttpClient} that rewrites HTML response bodies as
 * they arrive and hands the rewritten bytes to another body handler, which makes the result ({@code String},
 * file, stream...).
 *
 * <pre>{@code
 * HttpResponse<String> res = client.send(request,
 *     RewritingBodyHandler.of(rules, HttpResponse.BodyHandlers.ofString()));
 * }</pre>
 *
 * <p><b>Which bodies.</b> A body is rewritten when its {@code Content-Type} is one of the rules' media types
 * ({@code text/html} by default) with a charset the rewriter works in, taken from the header's {@code charset}
 * parameter (UTF-8 without one), and it has no {@code Content-Encoding} other than {@code identity} (the client does
 * not decompress; a compressed body cannot be rewritten, so do not ask for one). Every other body goes to the
 * downstream handler untouched, and so are responses without a body (1xx, 204, 304; an empty body, such as a
 * {@code HEAD} response's, stays empty: no document-end content is added). The response headers are those of the
 * original response: a {@code Content-Length} there describes the body before rewriting.
 *
 * <p><b>Streaming and failures.</b> Each part of the body is rewritten as it arrives ({@link RewritingProcessor}):
 * nothing is buffered beyond one part's output, and a streaming downstream handler
 * ({@code ofInputStream}, {@code ofLines}, {@code ofPublisher}) sees the rewritten body as it comes. A rewriting
 * failure cancels the response body and completes the downstream body with that {@link RewritingException} (for
 * {@code client.send}, an {@link java.io.IOException} whose cause it is).
 *
 * <p><b>Buffers.</b> The client's body buffers are read while they are delivered and not kept; the downstream
 * subscriber receives new buffers, which it owns.
 *
 * <p><b>Threads.</b> Immutable and thread-safe: one handler may serve every request. Each response gets its own
 * rewriter; the handlers of the rules may run on the client's threads, several at once.
 *
 * @param <T> the type of the response body the downstream handler makes
 */
public final class RewritingBodyHandler<T> implements HttpResponse.BodyHandler<T> {
    private final RewritingRules rules;
    private final HttpResponse.BodyHandler<T> downstream;

    private RewritingBodyHandler(RewritingRules rules, HttpResponse.BodyHandler<T> downstream) {
        this.rules = rules;
        this.downstream = downstream;
    }

    /**
     * A handler rewriting HTML bodies with {@code rules} before {@code downstream} makes the body.
     *
     * @param rules      the rewriting rules (compiled per charset)
     * @param downstream makes the response body from the rewritten bytes
     * @param <T>        the type of the response body
     * @return the handler
     * @throws NullPointerException if either argument is null
     */
    public static <T> RewritingBodyHandler<T> of(RewritingRules rules, HttpResponse.BodyHandler<T> downstream) {
        return new RewritingBodyHandler<>(Objects.requireNonNull(rules, "rules"),
                Objects.requireNonNull(downstream, "downstream"));
    }

    /**
     * The subscriber for one response: the downstream handler's, fed rewritten bytes if the response is to be
     * rewritten, else the downstream handler's as it is.
     *
     * @param info the response's status and headers
     * @return the body subscriber for that response
     */
    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
        HttpResponse.BodySubscriber<T> body = downstream.apply(info);
        int status = info.statusCode();
        if (status < 200 || status == 204 || status == 304) {
            return body;
        }
        String encoding = info.headers().firstValue("Content-Encoding").orElse("identity").trim();
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) {
            return body;
        }
        RewriterSettings settings = rules.settingsForContentType(
                info.headers().firstValue("Content-Type").orElse(null));
        return settings == null ? body : subscriber(settings, body);
    }

    /**
     * A body subscriber that rewrites every body it receives with {@code settings} (whatever its type) and passes
     * the rewritten bytes to {@code downstream}: for use in a {@link HttpResponse.BodyHandler} of your own. An empty
     * body stays empty.
     *
     * @param settings   the rewriting configuration (its charset is the body's)
     * @param downstream receives the rewritten body and makes the result
     * @param <T>        the type of the response body
     * @return a subscriber for one response
     * @throws NullPointerException if either argument is null
     */
    public static <T> HttpResponse.BodySubscriber<T> subscriber(RewriterSettings settings,
            HttpResponse.BodySubscriber<T> downstream) {
        Objects.requireNonNull(downstream, "downstream");
        RewritingProcessor processor = new RewritingProcessor(settings, true);
        processor.subscribe(downstream);
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<T> getBody() {
                return downstream.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                processor.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                processor.onNext(item);
            }

            @Override
            public void onError(Throwable throwable) {
                processor.onError(throwable);
            }

            @Override
            public void onComplete() {
                processor.onComplete();
            }
        };
    }
}
