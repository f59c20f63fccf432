package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;

/**
 * Rewrites HTML response bodies in flight. Place it in the client-facing pipeline of a server or proxy, after the
 * codec (and after an optional {@code HttpContentCompressor}, which then re-compresses what it rewrote):
 * {@code HttpServerCodec → [HttpContentCompressor] → HtmlRewritingHandler → your handler}. It remembers each
 * request (method, version) as it is read, and rewrites the matching response's body as its {@link HttpContent}
 * chunks are written: each chunk written yields its output at once (there is no aggregation), so memory per
 * response stays bounded by the rewriter's memory limit plus at most {@value HtmlRewritingConfig#PRESCAN_BYTES}
 * bytes held for charset sniffing (and, for a {@code br} body, about two of its windows: the available pure-Java
 * decoder can only decode a window's worth of queued input at a time, so its output lags by up to one window).
 *
 * <p><b>Which responses.</b> Only 2xx responses other than 204, 205 and 206, with a media type the
 * {@linkplain HtmlRewritingConfig#mediaTypes config} lists, to requests other than {@code HEAD} and
 * {@code CONNECT}, with no {@code Content-Encoding} or exactly one of {@code gzip}, {@code x-gzip},
 * {@code deflate}, {@code identity} and, when the pure-Java decoder {@code org.brotli:dec} is on the class path
 * (a dependency of this module), {@code br}, in an ASCII-compatible charset. Everything else, including 1xx, upgrades and
 * whatever follows a {@code 101}, is passed on untouched: the same message objects, headers included.
 *
 * <p><b>Headers of a rewritten response.</b> {@code Content-Length} and {@code Accept-Ranges} are removed,
 * {@code Transfer-Encoding: chunked} is set (to an HTTP/1.0 client: {@code Connection: close}, and the connection
 * is closed after the body), a strong {@code ETag} is made weak, and {@code Content-Encoding} is removed when the
 * body was decoded. Everything else is kept. The headers are held back until the first rewritten byte is ready,
 * so that a failure before it can still become a {@code 502}.
 *
 * <p><b>Charset.</b> The {@code Content-Type} charset, else a byte order mark, else a {@code <meta>} within the
 * first {@value HtmlRewritingConfig#PRESCAN_BYTES} bytes, else UTF-8. UTF-16 bodies are passed through.
 *
 * <p><b>Failures</b> (a handler threw, the memory limit or the decoded-size cap was hit, the compressed body is
 * corrupt or truncated): see {@link FailureMode}. After a failure the handler closes the connection and discards
 * (releases) whatever is still written to it; the {@link RewritingListener} is told in every case.
 *
 * <p><b>Buffer ownership and reference counts.</b> Like any outbound handler, it takes ownership of each message
 * written to it: every message is either passed on or released exactly once, and every write promise is completed
 * (passed on, combined, or failed) on every path, including failures and disconnects. Rewritten output is a
 * (possibly composite) buffer whose unchanged parts are retained slices of the input buffer when that is
 * heap-backed; a direct input buffer is copied once into a reused array, and unchanged parts still leave as slices
 * of the input buffer. Callers must not use a buffer after writing it.
 *
 * <p><b>Backpressure.</b> Output is produced only as input is written, at most the input's size plus inserted
 * content, so a proxy that stops reading its origin while the client channel is not writable (as the CLI's proxy
 * does) keeps memory bounded.
 *
 * <p><b>Threads.</b> Not sharable: one instance per channel, used on that channel's event loop only. The config
 * (and the handlers in its rules) may be shared by all channels and must be thread-safe.
 */
public final class HtmlRewritingHandler extends ChannelDuplexHandler {
    private static final int MAX_HELD_ORIGINAL_BYTES = 64 * 1024;

    private enum State { AWAIT_HEADERS, PASS_THROUGH, REWRITING, DISCARD }

    private final HtmlRewritingConfig config;
    private final ArrayDeque<RequestInfo> requests = new ArrayDeque<>();
    private State state = State.AWAIT_HEADERS;
    private boolean upgraded;
    private Rewrite current;

    /**
     * A handler for one channel.
     *
     * @param config the configuration (may be shared by every channel)
     * @throws NullPointerException if {@code config} is null
     */
    public HtmlRewritingHandler(HtmlRewritingConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            requests.add(RequestInfo.of(request));
            if (config.narrowAcceptEncoding()) {
                narrowAcceptEncoding(request.headers());
            }
        }
        ctx.fireChannelRead(msg);
    }

    static void narrowAcceptEncoding(HttpHeaders headers) {
        String accept = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
        if (accept == null) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        for (String part : accept.split(",")) {
            String coding = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (BodyDecoder.canDecode(coding)) {
                if (kept.length() > 0) {
                    kept.append(", ");
                }
                kept.append(part.trim());
            }
        }
        if (kept.length() == 0) {
            headers.remove(HttpHeaderNames.ACCEPT_ENCODING);
        } else {
            headers.set(HttpHeaderNames.ACCEPT_ENCODING, kept.toString());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (upgraded || !(msg instanceof HttpObject)) {
            if (state == State.DISCARD) {
                discard(msg, promise);
            } else {
                ctx.write(msg, promise);
            }
            return;
        }
        switch (state) {
            case AWAIT_HEADERS -> writeAwaitingHeaders(ctx, msg, promise);
            case PASS_THROUGH -> {
                if (msg instanceof LastHttpContent) {
                    state = State.AWAIT_HEADERS;
                }
                ctx.write(msg, promise);
            }
            case REWRITING -> {
                if (msg instanceof HttpContent content) {
                    current.onContent(ctx, content, promise);
                } else {
                    ctx.write(msg, promise);
                }
            }
            case DISCARD -> discard(msg, promise);
            default -> throw new AssertionError(state);
        }
    }

    private static void discard(Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.tryFailure(new ClosedChannelException());
    }

    private void writeAwaitingHeaders(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse response)) {
            ctx.write(msg, promise);
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200 && code != 101) {
            ctx.write(msg, promise); // an interim response: the final one for this request is still to come
            return;
        }
        RequestInfo request = requests.poll();
        if (request == null) {
            request = new RequestInfo(HttpMethod.GET, HttpVersion.HTTP_1_1, "");
        }
        if (code == 101) {
            upgraded = true;
            notifyPassedThrough(request, "status 101 (upgrade)");
            ctx.write(msg, promise);
            return;
        }
        String reason = ineligibility(request, response);
        BodyDecoder decoder = null;
        if (reason == null) {
            String encoding = response.headers().get(HttpHeaderNames.CONTENT_ENCODING, "").trim()
                    .toLowerCase(Locale.ROOT);
            decoder = encoding.indexOf(',') >= 0 ? null
                    : BodyDecoder.forEncoding(encoding, config.maxDecodedBytes());
            if (decoder == null) {
                reason = "Content-Encoding " + encoding;
            }
        }
        Charset headerCharset = null;
        if (reason == null) {
            String label = charsetParameter(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
            if (label != null) {
                headerCharset = CharsetSniffer.lookup(label);
                if (headerCharset == null) {
                    reason = "unknown charset " + label;
                }
            }
        }
        if (reason != null) {
            notifyPassedThrough(request, reason);
            if (!(msg instanceof LastHttpContent)) {
                state = State.PASS_THROUGH;
            }
            ctx.write(msg, promise);
            return;
        }
        HttpResponse header = response;
        ChannelPromise headerPromise = promise;
        HttpContent body = null;
        ChannelPromise bodyPromise = null;
        if (msg instanceof FullHttpResponse full) {
            // Split into headers and body; the body takes over the message's one reference.
            header = new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers());
            body = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
            headerPromise = ctx.newPromise();
            bodyPromise = ctx.newPromise();
            PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
            combiner.addAll(headerPromise, bodyPromise);
            combiner.finish(promise);
        }
        current = new Rewrite(ctx, request, header, headerPromise, decoder);
        state = State.REWRITING;
        if (headerCharset != null) {
            current.decide(ctx, headerCharset, null);
            if (current.passThroughDecided && body == null) {
                // The named charset cannot be rewritten: the response goes through as it is.
                current.close();
                current = null;
                state = State.PASS_THROUGH;
                ctx.write(header, headerPromise);
                return;
            }
        }
        if (body != null) {
            current.onContent(ctx, body, bodyPromise);
        }
    }

    /** Why a response is not rewritten, or {@code null} if it is eligible (encoding and charset checked later). */
    private String ineligibility(RequestInfo request, HttpResponse response) {
        if (request.method().equals(HttpMethod.HEAD)) {
            return "HEAD request";
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return "CONNECT request";
        }
        int code = response.status().code();
        if (code < 200 || code >= 300 || code == 204 || code == 205 || code == 206) {
            return "status " + code;
        }
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null) {
            return "no Content-Type";
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!config.mediaTypes().contains(mediaType)) {
            return "Content-Type " + mediaType;
        }
        String transferEncoding = response.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            return "Transfer-Encoding " + transferEncoding;
        }
        return null;
    }

    /** The {@code charset} parameter of a {@code Content-Type} value, unquoted, or {@code null}. */
    static String charsetParameter(String contentType) {
        return contentType == null ? null : org.htmlrewriter.RewritingRules.charsetParameter(contentType);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abandon(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        abandon(new ClosedChannelException());
    }

    /** The channel went away mid-response: free everything and fail what is pending. */
    private void abandon(Throwable cause) {
        Rewrite r = current;
        if (r != null) {
            current = null;
            r.releaseAll(cause);
            safely(() -> config.listener().rewriteFailed(r.request, cause, RewritingListener.Outcome.ABORTED));
        }
        state = State.DISCARD;
    }

    private void notifyPassedThrough(RequestInfo request, String reason) {
        safely(() -> config.listener().passedThrough(request, reason));
    }

    private static void safely(Runnable listenerCall) {
        try {
            listenerCall.run();
        } catch (RuntimeException ignored) {
            // A listener must not break the response it is told about.
        }
    }

    /** A held original body chunk and its promise, kept while the charset is being sniffed. */
    private record Held(HttpContent content, ChannelPromise promise) {
    }

    /** The state of one eligible response. */
    private final class Rewrite implements BodyDecoder.Consumer {
        final RequestInfo request;
        final HttpResponse header;
        final ChannelPromise headerPromise;
        final BodyDecoder decoder;
        final OutputCollector sink;
        final long startNanos = System.nanoTime();
        boolean headerSent;
        boolean closeAfterBody;
        HtmlRewriter rewriter;
        boolean passThroughDecided;
        boolean bailOutReported;
        byte[] sniff = new byte[HtmlRewritingConfig.PRESCAN_BYTES];
        int sniffLength;
        List<Held> held = new ArrayList<>();
        int heldBytes;
        List<ChannelPromise> pending = new ArrayList<>();
        byte[] scratch = new byte[0];
        long bodyBytesIn;

        Rewrite(ChannelHandlerContext ctx, RequestInfo request, HttpResponse header, ChannelPromise headerPromise,
                BodyDecoder decoder) {
            this.request = request;
            this.header = header;
            this.headerPromise = headerPromise;
            this.decoder = decoder;
            this.sink = new OutputCollector(ctx.alloc());
        }

        void onContent(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
            boolean last = content instanceof LastHttpContent;
            try {
                ByteBuf in = content.content();
                bodyBytesIn += in.readableBytes();
                if (decoder.isIdentity()) {
                    feedIdentity(in);
                } else {
                    decoder.decode(in.duplicate(), this);
                }
                if (rewriter == null && !passThroughDecided) {
                    boolean tooMuchHeld = heldBytes + in.readableBytes() > MAX_HELD_ORIGINAL_BYTES;
                    if (last || tooMuchHeld) {
                        decideFromSniff(ctx);
                    }
                }
                if (passThroughDecided) {
                    passThrough(ctx, content, promise, last);
                    return;
                }
                if (rewriter == null) {
                    // Still sniffing: keep the original in case the body must go through untouched after all.
                    held.add(new Held(content.retain(), promise));
                    heldBytes += content.content().readableBytes();
                    return;
                }
                if (last) {
                    decoder.finish(this);
                    rewriter.end();
                    reportBailOut();
                }
                ChannelPromise written = emit(ctx, sink.take(),
                        last ? ((LastHttpContent) content).trailingHeaders() : null, promise);
                if (last) {
                    finished(written);
                }
            } catch (Throwable t) {
                fail(ctx, t, promise);
            } finally {
                sink.clearSource();
                content.release();
            }
        }

        /** Unencoded input: hand the rewriter the buffer's own array, or one copy of a direct buffer. */
        private void feedIdentity(ByteBuf in) {
            int n = in.readableBytes();
            if (n == 0) {
                return;
            }
            byte[] array;
            int start;
            if (in.hasArray()) {
                array = in.array();
                start = in.arrayOffset() + in.readerIndex();
            } else {
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, Math.min(Math.max(scratch.length * 2, 4096), 1 << 20))];
                }
                in.getBytes(in.readerIndex(), scratch, 0, n);
                array = scratch;
                start = 0;
            }
            sink.source(array, start, n, in, in.readerIndex());
            accept(array, start, n);
        }

        /** Decoded body bytes: sniffed, or rewritten. */
        @Override
        public void accept(byte[] b, int off, int len) {
            if (rewriter != null) {
                rewriter.write(b, off, len);
                reportBailOut();
                return;
            }
            if (passThroughDecided) {
                return;
            }
            int take = Math.min(len, sniff.length - sniffLength);
            System.arraycopy(b, off, sniff, sniffLength, take);
            sniffLength += take;
            Charset bom = CharsetSniffer.byteOrderMark(sniff, sniffLength);
            if (bom != null || sniffLength == sniff.length) {
                decideFromSniff(null);
                if (rewriter != null && len > take) {
                    rewriter.write(b, off + take, len - take);
                    reportBailOut();
                }
            }
        }

        private void decideFromSniff(ChannelHandlerContext unused) {
            Charset cs = CharsetSniffer.byteOrderMark(sniff, sniffLength);
            if (cs == null) {
                cs = CharsetSniffer.prescan(sniff, sniffLength);
            }
            decide(null, cs == null ? StandardCharsets.UTF_8 : cs, sniff);
        }

        /**
         * The charset is known: start rewriting (feeding {@code sniffed} bytes first), or decide to pass the
         * response through when the charset or the factory refuses.
         */
        void decide(ChannelHandlerContext ignored, Charset charset, byte[] sniffed) {
            RewriterSettings settings = null;
            String refusal = null;
            if (!isAsciiCompatible(charset)) {
                refusal = "charset " + charset.name() + " is not ASCII-compatible";
            } else {
                try {
                    settings = config.rewriterFactory().settingsFor(request, header, charset);
                    if (settings == null) {
                        refusal = "the rewriter factory declined";
                    }
                } catch (IllegalArgumentException e) {
                    refusal = "charset " + charset.name() + ": " + e.getMessage();
                }
            }
            if (refusal != null) {
                passThroughDecided = true;
                notifyPassedThrough(request, refusal);
                return;
            }
            rewriter = settings.newRewriter(sink);
            adjustHeaders();
            Charset used = charset;
            safely(() -> config.listener().rewriteStarted(request, used));
            for (Held h : held) {
                pending.add(h.promise());
                h.content().release();
            }
            held.clear();
            if (sniffed != null && sniffLength > 0) {
                // The sniffed bytes were copied out of their buffers, so they leave as copies.
                byte[] copy = sniff;
                sniff = null;
                rewriter.write(copy, 0, sniffLength);
                reportBailOut();
            } else {
                sniff = null;
            }
        }

        private void adjustHeaders() {
            HttpHeaders h = header.headers();
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
            h.remove(HttpHeaderNames.ACCEPT_RANGES);
            if (!decoder.isIdentity()) {
                h.remove(HttpHeaderNames.CONTENT_ENCODING);
            }
            String etag = h.get(HttpHeaderNames.ETAG);
            if (etag != null && !etag.startsWith("W/")) {
                h.set(HttpHeaderNames.ETAG, "W/" + etag);
            }
            if (request.version().equals(HttpVersion.HTTP_1_0) || header.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                h.remove(HttpHeaderNames.TRANSFER_ENCODING);
                h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                closeAfterBody = true;
            } else {
                HttpUtil.setTransferEncodingChunked(header, true);
            }
        }

        /** The sniff showed the body cannot be rewritten: send everything as it came. */
        private void passThrough(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise,
                boolean last) {
            headerSent = true;
            ctx.write(header, headerPromise);
            for (Held h : held) {
                ctx.write(h.content(), h.promise());
            }
            held.clear();
            ctx.write(content.retain(), promise);
            close();
            current = null;
            state = last ? State.AWAIT_HEADERS : State.PASS_THROUGH;
        }

        /** Writes what one input chunk produced; returns the write's promise, or null if nothing was written. */
        private ChannelPromise emit(ChannelHandlerContext ctx, ByteBuf out, HttpHeaders trailers,
                ChannelPromise promise) {
            if (!headerSent) {
                if (!out.isReadable() && trailers == null) {
                    out.release();
                    pending.add(promise);
                    return null;
                }
                headerSent = true;
                writeOut(ctx, header, headerPromise);
            }
            HttpContent msg;
            if (trailers != null) {
                DefaultLastHttpContent lastContent = new DefaultLastHttpContent(out);
                lastContent.trailingHeaders().set(trailers);
                msg = lastContent;
            } else {
                msg = new DefaultHttpContent(out);
            }
            return writeOut(ctx, msg, promise);
        }

        /** Writes {@code msg}; promises of input that produced no output complete with it. */
        private ChannelPromise writeOut(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (pending.isEmpty()) {
                ChannelPromise p = promise.unvoid();
                ctx.write(msg, p);
                return p;
            }
            List<ChannelPromise> waiting = pending;
            pending = new ArrayList<>();
            ChannelPromise combined = ctx.newPromise();
            combined.addListener((Future<? super Void> f) -> {
                for (ChannelPromise w : waiting) {
                    complete(w, f);
                }
                complete(promise, f);
            });
            ctx.write(msg, combined);
            return combined;
        }

        private void finished(ChannelPromise lastWrite) {
            long nanos = System.nanoTime() - startNanos;
            close();
            current = null;
            state = State.AWAIT_HEADERS;
            safely(() -> config.listener().rewriteCompleted(request, bodyBytesIn, decoder.decodedBytes(),
                    sink.bytesOut(), nanos));
            if (closeAfterBody) {
                // HTTP/1.0 without a length: the end of the body is the end of the connection.
                state = State.DISCARD;
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void reportBailOut() {
            if (!bailOutReported && rewriter.failure() != null) {
                bailOutReported = true;
                Throwable cause = rewriter.failure();
                safely(() -> config.listener().rewriteFailed(request, cause,
                        RewritingListener.Outcome.PASSED_THROUGH));
            }
        }

        private void fail(ChannelHandlerContext ctx, Throwable cause, ChannelPromise promise) {
            boolean beforeBody = !headerSent;
            releaseAll(cause);
            promise.tryFailure(cause);
            current = null;
            state = State.DISCARD;
            RewritingListener.Outcome outcome;
            if (beforeBody) {
                headerPromise.tryFailure(cause);
                outcome = RewritingListener.Outcome.BAD_GATEWAY;
                byte[] text = "502 Bad Gateway: the response could not be rewritten\n"
                        .getBytes(StandardCharsets.US_ASCII);
                FullHttpResponse badGateway = new DefaultFullHttpResponse(header.protocolVersion(),
                        HttpResponseStatus.BAD_GATEWAY, Unpooled.wrappedBuffer(text));
                badGateway.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(badGateway).addListener(ChannelFutureListener.CLOSE);
            } else {
                outcome = RewritingListener.Outcome.ABORTED;
                // No terminating chunk: the client must see a truncated response, not a short complete one.
                ctx.flush();
                ctx.close();
            }
            safely(() -> config.listener().rewriteFailed(request, cause, outcome));
        }

        /** Frees buffers and the decoder; fails held and pending promises with {@code cause}. */
        void releaseAll(Throwable cause) {
            for (Held h : held) {
                h.content().release();
                h.promise().tryFailure(cause);
            }
            held.clear();
            for (ChannelPromise p : pending) {
                p.tryFailure(cause);
            }
            pending.clear();
            if (!headerSent) {
                headerPromise.tryFailure(cause);
            }
            close();
        }

        void close() {
            sink.release();
            decoder.close();
        }
    }

    private static void complete(ChannelPromise promise, Future<? super Void> f) {
        if (f.isSuccess()) {
            promise.trySuccess();
        } else {
            promise.tryFailure(f.cause());
        }
    }

    /** Whether markup in this charset is ASCII bytes (no UTF-16/32, no ISO-2022 shift states). */
    static boolean isAsciiCompatible(Charset cs) {
        String name = cs.name().toLowerCase(Locale.ROOT);
        if (name.startsWith("iso-2022") || name.contains("utf-16") || name.contains("utf-32")
                || name.equals("utf-7") || name.equals("hz-gb-2312")) {
            return false;
        }
        try {
            byte[] probe = "<>/=\"' azAZ09!-".getBytes(cs);
            return java.util.Arrays.equals(probe, "<>/=\"' azAZ09!-".getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
