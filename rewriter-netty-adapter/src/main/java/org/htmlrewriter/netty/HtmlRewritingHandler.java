package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.htmlrewriter.AsyncHtmlRewriter;
import org.htmlrewriter.EncodingSniffer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;

/**
 * Rewrites HTML response bodies in flight. Place it in the client-facing pipeline of a server or proxy, after the
 * codec (and after an optional {@code HttpContentCompressor}, which then re-compresses what it rewrote):
 * {@code HttpServerCodec → [HttpContentCompressor] → HtmlRewritingHandler → your handler}. It remembers each
 * request as it is read (a {@link RequestInfo}: method, version, URI and a read-only copy of the headers), and
 * rewrites the matching response's body as its {@link HttpContent} chunks are written: each chunk written yields
 * its output at once (there is no aggregation).
 *
 * <p><b>The request, for the rules.</b> Responses are matched to requests in order (HTTP/1.1 answers pipelined
 * requests in the order they came), and each response's rewriter gets the {@link RequestInfo} of the request it
 * answers as its document's {@linkplain org.htmlrewriter.DocumentContext#attachment() attachment}: a rule reads it
 * with {@link RequestInfo#of(org.htmlrewriter.DocumentContext) RequestInfo.of(el.context())}, to depend on the
 * host, a cookie or the path. The {@link RewriterFactory} is given it too.
 *
 * <p><b>Which responses.</b> Only 2xx responses other than 204, 205 and 206, with a media type the
 * {@linkplain HtmlRewritingConfig#mediaTypes config} lists (default {@code text/html} only; XML types such as
 * {@code application/xhtml+xml} are never rewritten, see {@link HtmlRewritingConfig.Builder#mediaTypes}), to
 * requests other than {@code HEAD} and {@code CONNECT}, with no {@code Content-Encoding} or exactly one of
 * {@code gzip}, {@code x-gzip}, {@code deflate}, {@code identity} and, when the pure-Java decoder
 * {@code org.brotli:dec} is on the class path (a dependency of this module), {@code br}, in a charset the
 * rewriter works in (ASCII-compatible, or UTF-16). Everything else, including 1xx, upgrades and whatever follows
 * a {@code 101}, is passed on untouched: the same message objects, headers included (but see broken messages
 * below).
 *
 * <p><b>Headers of a rewritten response.</b> {@code Content-Length} and {@code Accept-Ranges} are removed,
 * {@code Transfer-Encoding: chunked} is set (to an HTTP/1.0 client, or in an HTTP/1.0 response:
 * {@code Connection: close}, and the connection is closed after the body), a strong {@code ETag} is made weak, and
 * {@code Content-Encoding} is removed when the body was decoded. Everything else is kept. The headers are held back
 * until the first rewritten byte is ready, so that a failure before it can still become a {@code 502}. A response
 * to {@code HEAD} gets the same header changes when its headers say the {@code GET} would be rewritten (so that
 * {@code HEAD} and {@code GET} agree on {@code Content-Length}: there is none); only the body can tell a
 * {@code GET} whose {@code <meta>} names a charset the rewriter cannot work in, which then passes through with the
 * origin's headers.
 *
 * <p><b>Charset.</b> Found by {@link EncodingSniffer} (default UTF-8), as browsers find it: a byte order mark
 * (UTF-8, UTF-16LE, UTF-16BE) wins over everything; else the {@code Content-Type} charset, read as a WHATWG label
 * ({@code iso-8859-1} is windows-1252; an unknown label is ignored); else a {@code <meta>} (or XML declaration)
 * within the first {@value HtmlRewritingConfig#PRESCAN_BYTES} bytes; else UTF-8. UTF-16 bodies are rewritten in
 * UTF-16 (the output keeps the byte order and the byte order mark); bodies in a charset the rewriter cannot work in
 * (such as ISO-2022-JP) pass through untouched.
 *
 * <p><b>Failures</b> (a handler threw, the memory limit or the decoded-size cap was hit, the compressed body is
 * corrupt or truncated): see {@link FailureMode}. After a failure the handler closes the connection and discards
 * (releases) whatever is still written to it; the {@link RewritingListener} is told in every case.
 *
 * <p><b>Broken messages.</b> A message whose {@link HttpObject#decoderResult() decoder result} is a failure (for
 * instance what an {@code HttpClientCodec} makes of invalid chunk framing) means the origin's response is cut off
 * or unreadable; it is never passed on, rewritten or not. A broken response head becomes a {@code 502}; a broken
 * body chunk ends the response as a failure: a {@code 502} if no byte of a rewritten body was sent yet, else the
 * connection is closed without the terminating chunk, and <em>reset</em> ({@code SO_LINGER} 0, where the channel
 * supports it) when the client could not otherwise tell a cut-off body from a complete one (an HTTP/1.0 client or
 * a body that ends with the connection). The same holds for passed-through bodies. Whoever forwards an origin's
 * response must turn a premature end of the origin connection into such a broken {@code LastHttpContent} (or close
 * the client connection itself): a {@code LastHttpContent} that reports success completes the response.
 *
 * <p><b>Memory and backpressure.</b> Per response the handler holds the rewriter (bounded by its memory limit),
 * {@value HtmlRewritingConfig#PRESCAN_BYTES} bytes for charset sniffing, at most 64 KiB of original body chunks
 * while the charset is undecided, and the output of one input chunk; per request read ahead of its response, its
 * {@link RequestInfo} (as large as the codec in front lets a request line and headers be: whoever accepts pipelined
 * requests should bound how many are read ahead, as the CLI's proxy does). A compressed chunk is decoded a piece at
 * a time: after each {@value #OUTPUT_PIECE} bytes of output the output is written, and when the channel is not
 * writable decoding waits (the chunk is kept, later writes queue behind it) until {@code channelWritabilityChanged}
 * says it is, so a small compressed chunk never becomes a large amount of queued output. A proxy that stops reading
 * its origin while the client channel is not writable (as the CLI's proxy does) therefore keeps memory per response
 * bounded; writing on regardless grows the queue, as it would grow Netty's outbound buffer.
 *
 * <p><b>Asynchronous handlers.</b> When the settings for a response {@linkplain RewriterSettings#hasAsyncHandlers()
 * have asynchronous handlers} ({@link org.htmlrewriter.HtmlRewriter.Builder#onElementAsync onElementAsync},
 * {@link org.htmlrewriter.HtmlRewriter.Builder#onDocumentEndAsync onDocumentEndAsync}), the response is rewritten by
 * an {@link AsyncHtmlRewriter} whose continuations run on the channel's event loop ({@code ctx.executor()}), so the
 * sink, the buffers and the channel are still touched by that thread only, and the loop never waits: while a stage is
 * pending it serves other channels. Meanwhile the body chunk being rewritten is kept (its backing array, or the copy
 * of a direct buffer or the decoded piece of a compressed one, is read in place when the rewriter goes on; the
 * handler releases the chunk once its write stage completed), the chunks written after it queue (later messages
 * too, in order), and the channel reads as not writable: the handler clears the
 * {@linkplain io.netty.channel.ChannelOutboundBuffer#setUserDefinedWritability(int, boolean) user-defined
 * writability} bit {@value #ASYNC_WRITABILITY_INDEX}. A proxy that reads its origin only while the client channel is
 * writable (as the CLI's does) therefore stops reading the origin when a stage is pending, so what a fast origin sent
 * is buffered only as far as its connection had already read it (one socket read). When the stage completes the
 * handler goes on with the chunk, writes its output, handles the queued chunks, sets the bit again and flushes. A
 * stage that completes exceptionally is a handler that threw: {@link FailureMode} applies exactly as for a
 * synchronous handler (a {@code 502}, a cut-off response, or with {@link FailureMode#PASS_THROUGH} the rest of the
 * body unchanged). Output is written per input chunk, as without asynchronous handlers, not while a stage is pending.
 * If the client goes away ({@code channelInactive}) or the handler is removed, the rewriter is cancelled: the pending
 * stage is no longer waited for, its later completion changes nothing, and every buffer is released. An asynchronous
 * end-tag handler registered by a synchronous element handler ({@code el.onEndTagAsync} inside {@code onElement})
 * does not make the settings asynchronous: the synchronous rewriter refuses it, which fails like a throwing handler;
 * register that element handler with {@code onElementAsync} (returning a completed stage) instead.
 *
 * <p><b>Buffer ownership and reference counts.</b> Like any outbound handler, it takes ownership of each message
 * written to it: every message is either passed on or released exactly once, and every write promise is completed
 * (passed on, combined, or failed) on every path, including failures and disconnects. Rewritten output is a
 * (possibly composite) buffer whose unchanged parts are retained slices of the input buffer when that is
 * heap-backed; a direct input buffer is copied once into a reused array, and unchanged parts still leave as slices
 * of the input buffer. Callers must not use a buffer after writing it.
 *
 * <p><b>Threads.</b> Not sharable: one instance per channel, used on that channel's event loop only. The config
 * (and the handlers in its rules) may be shared by all channels and must be thread-safe.
 */
public final class HtmlRewritingHandler extends ChannelDuplexHandler {
    /** Decoded output written out at a time: {@value} bytes. */
    static final int OUTPUT_PIECE = 64 * 1024;
    private static final int MAX_HELD_ORIGINAL_BYTES = 64 * 1024;
    /** A byte order mark is at most this long. */
    private static final int BOM_BYTES = 3;
    private static final EncodingSniffer SNIFFER = EncodingSniffer.withDefault(StandardCharsets.UTF_8);

    /**
     * The {@linkplain ChannelOutboundBuffer#setUserDefinedWritability(int, boolean) user-defined writability} bit
     * (index {@value}) the handler clears while an asynchronous handler's stage is pending, so that the channel reads
     * as not writable and a proxy that reads its origin only while the client channel is writable stops reading.
     */
    public static final int ASYNC_WRITABILITY_INDEX = 29;

    private enum State { AWAIT_HEADERS, PASS_THROUGH, REWRITING, DISCARD }

    private final HtmlRewritingConfig config;
    private final ArrayDeque<RequestInfo> requests = new ArrayDeque<>();
    /** Messages written while a response's decoding waits for the channel, in order. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private State state = State.AWAIT_HEADERS;
    private boolean upgraded;
    private boolean resuming;
    /** The writability bit {@link #ASYNC_WRITABILITY_INDEX} is cleared: a stage is pending. */
    private boolean stalled;
    private Rewrite current;
    /** The response being passed through, and whether its end is the end of the connection. */
    private RequestInfo passThroughRequest;
    private boolean passThroughCloseDelimited;

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
        if (suspended() || !waiting.isEmpty()) {
            int bytes = msg instanceof HttpContent c ? c.content().readableBytes() : 0;
            waiting.add(new Waiting(msg, promise, bytes));
            waitingBytes += bytes;
            config.addBuffered(bytes);
            return;
        }
        dispatch(ctx, msg, promise);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (state == State.DISCARD) {
            discard(msg, promise);
            return;
        }
        if (upgraded || !(msg instanceof HttpObject)) {
            ctx.write(msg, promise);
            return;
        }
        switch (state) {
            case AWAIT_HEADERS -> writeAwaitingHeaders(ctx, msg, promise);
            case PASS_THROUGH -> passThroughBody(ctx, msg, promise);
            case REWRITING -> {
                if (msg instanceof HttpContent content) {
                    current.onContent(ctx, content, promise);
                } else {
                    ctx.write(msg, promise);
                }
            }
            default -> throw new AssertionError(state);
        }
    }

    /** Whether written messages must queue: output waits for the channel, or an asynchronous handler's stage. */
    private boolean suspended() {
        return current != null && (current.suspended || current.awaiting);
    }

    /** Bytes of body chunks queued behind a response whose decoding waits for the channel to become writable. */
    long waitingBytes() {
        return waitingBytes;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            resume(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** The channel takes output again: go on decoding, then handle what was written meanwhile. */
    private void resume(ChannelHandlerContext ctx) {
        if (resuming) {
            return;
        }
        resuming = true;
        try {
            Rewrite r = current;
            if (r != null && r.suspended) {
                r.suspended = false;
                r.pump(ctx);
            }
            dispatchWaiting(ctx);
        } finally {
            resuming = false;
        }
    }

    /** Handles what was written while the response before waited, until one waits again; then flushes. */
    private void dispatchWaiting(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && !suspended()) {
            Waiting w = waiting.poll();
            waitingBytes -= w.bytes();
            config.addBuffered(-w.bytes());
            dispatch(ctx, w.msg(), w.promise());
        }
        stall(ctx, current != null && current.awaiting);
        ctx.flush();
    }

    /**
     * An asynchronous handler's stage for response {@code r} completed (on the event loop): go on with its input
     * chunk, then with what was written meanwhile.
     */
    private void stageCompleted(ChannelHandlerContext ctx, Rewrite r, Throwable failure) {
        if (current != r || !r.awaiting) {
            return; // abandoned or failed meanwhile: nothing to go on with
        }
        // Like resume(): a writability change fired meanwhile must not re-enter.
        resuming = true;
        try {
            r.awaiting = false;
            stall(ctx, false); // before going on, so that output is not held back for a bit of our own
            r.afterStage(ctx, failure);
            dispatchWaiting(ctx);
        } finally {
            resuming = false;
        }
    }

    /**
     * Clears ({@code stall}) or sets the writability bit {@link #ASYNC_WRITABILITY_INDEX}; Netty tells the pipeline
     * (and so the proxy) of the change by {@code channelWritabilityChanged}.
     */
    private void stall(ChannelHandlerContext ctx, boolean stall) {
        if (stalled == stall) {
            return;
        }
        stalled = stall;
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null) { // null once the channel is closed
            out.setUserDefinedWritability(ASYNC_WRITABILITY_INDEX, !stall);
        }
    }

    private static void discard(Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.tryFailure(new ClosedChannelException());
    }

    private void discardWaiting(Throwable cause) {
        Waiting w;
        while ((w = waiting.poll()) != null) {
            ReferenceCountUtil.release(w.msg());
            w.promise().tryFailure(cause);
        }
        config.addBuffered(-waitingBytes);
        waitingBytes = 0;
    }

    private void writeAwaitingHeaders(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse response)) {
            if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
                brokenBody(ctx, content, promise, null, true);
            } else {
                ctx.write(msg, promise);
            }
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200 && code != 101 && response.decoderResult().isSuccess()) {
            ctx.write(msg, promise); // an interim response: the final one for this request is still to come
            return;
        }
        RequestInfo request = requests.poll();
        if (request == null) {
            request = new RequestInfo(HttpMethod.GET, HttpVersion.HTTP_1_1, "");
        }
        if (response.decoderResult().isFailure()) {
            brokenHead(ctx, request, response, promise);
            return;
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
        String charsetLabel = charsetParameter(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        Charset headerCharset = EncodingSniffer.charsetForLabel(charsetLabel).orElse(null);
        if (reason == null && request.method().equals(HttpMethod.HEAD)) {
            reason = headResponse(request, response, decoder, headerCharset);
            decoder.close();
        }
        if (reason != null) {
            notifyPassedThrough(request, reason);
            if (!(msg instanceof LastHttpContent)) {
                startPassThrough(request, response);
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
        current = new Rewrite(ctx, request, header, headerPromise, decoder, charsetLabel, headerCharset);
        state = State.REWRITING;
        if (body != null) {
            current.onContent(ctx, body, bodyPromise);
        }
    }

    private void startPassThrough(RequestInfo request, HttpResponse response) {
        state = State.PASS_THROUGH;
        passThroughRequest = request;
        passThroughCloseDelimited = request.version().equals(HttpVersion.HTTP_1_0)
                || response.protocolVersion().equals(HttpVersion.HTTP_1_0)
                || (!HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response));
    }

    private void passThroughBody(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            brokenBody(ctx, content, promise, passThroughRequest, passThroughCloseDelimited);
            return;
        }
        if (msg instanceof LastHttpContent) {
            state = State.AWAIT_HEADERS;
            passThroughRequest = null;
        }
        ctx.write(msg, promise);
    }

    /** A passed-through body was cut off: abort the response. */
    private void brokenBody(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise,
            RequestInfo request, boolean reset) {
        Throwable cause = content.decoderResult().cause();
        content.release();
        promise.tryFailure(cause);
        state = State.DISCARD;
        passThroughRequest = null;
        discardWaiting(cause);
        abortConnection(ctx, reset);
        RequestInfo told = request != null ? request : new RequestInfo(HttpMethod.GET, HttpVersion.HTTP_1_1, "");
        safely(() -> config.listener().brokenResponse(told, cause, RewritingListener.Outcome.ABORTED));
    }

    /** A response head that could not be read: a 502 instead. */
    private void brokenHead(ChannelHandlerContext ctx, RequestInfo request, HttpResponse response,
            ChannelPromise promise) {
        Throwable cause = response.decoderResult().cause();
        ReferenceCountUtil.release(response);
        promise.tryFailure(cause);
        state = State.DISCARD;
        discardWaiting(cause);
        sendBadGateway(ctx, request.version());
        safely(() -> config.listener().brokenResponse(request, cause, RewritingListener.Outcome.BAD_GATEWAY));
    }

    private static void sendBadGateway(ChannelHandlerContext ctx, HttpVersion version) {
        byte[] text = "502 Bad Gateway: the response could not be rewritten\n".getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse badGateway = new DefaultFullHttpResponse(version, HttpResponseStatus.BAD_GATEWAY,
                Unpooled.wrappedBuffer(text));
        badGateway.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=us-ascii")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(badGateway).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Ends a response that was cut off: what was written is flushed, then the connection is closed, without a
     * terminating chunk; with {@code reset}, with a TCP reset ({@code SO_LINGER} 0) so that a client reading a
     * close-delimited body sees an error rather than a shorter body.
     */
    static void abortConnection(ChannelHandlerContext ctx, boolean reset) {
        ctx.flush();
        if (reset) {
            try {
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // Not a socket, or already closed: a plain close is all there is.
            }
        }
        ctx.close();
    }

    /** Why a response is not rewritten, or {@code null} if it is eligible (encoding and charset checked later). */
    private String ineligibility(RequestInfo request, HttpResponse response) {
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

    /**
     * A response to HEAD whose headers are eligible: gives it the headers the GET would get if its charset can be
     * rewritten, as far as the headers tell (the header's charset, else the sniffer's default). Returns the reason it
     * passes through.
     */
    private String headResponse(RequestInfo request, HttpResponse response, BodyDecoder decoder,
            Charset headerCharset) {
        Charset charset = headerCharset != null ? headerCharset : SNIFFER.defaultCharset();
        try {
            if (config.rewriterFactory().settingsFor(request, response, charset) == null) {
                return "HEAD request";
            }
        } catch (IllegalArgumentException e) {
            return "HEAD request";
        }
        adjustHeaders(response, request, !decoder.isIdentity());
        return "HEAD request (headers as for a rewritten GET)";
    }

    /**
     * The headers of a rewritten body: no length, no ranges, weak validator, decoded; chunked, or to HTTP/1.0
     * closed after the body (returns true then).
     */
    private static boolean adjustHeaders(HttpResponse header, RequestInfo request, boolean decoded) {
        HttpHeaders h = header.headers();
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.remove(HttpHeaderNames.ACCEPT_RANGES);
        if (decoded) {
            h.remove(HttpHeaderNames.CONTENT_ENCODING);
        }
        String etag = h.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.startsWith("W/")) {
            h.set(HttpHeaderNames.ETAG, "W/" + etag);
        }
        if (request.version().equals(HttpVersion.HTTP_1_0) || header.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            h.remove(HttpHeaderNames.TRANSFER_ENCODING);
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return true;
        }
        HttpUtil.setTransferEncodingChunked(header, true);
        return false;
    }

    /** The {@code charset} parameter of a {@code Content-Type} value, unquoted, or {@code null}. */
    static String charsetParameter(String contentType) {
        return contentType == null ? null : org.htmlrewriter.RewritingRules.charsetParameter(contentType);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abandon(ctx, new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        abandon(ctx, new ClosedChannelException());
    }

    /**
     * The channel went away mid-response: free everything (an asynchronous rewriter is cancelled: its pending stage
     * is no longer waited for) and fail what is pending.
     */
    private void abandon(ChannelHandlerContext ctx, Throwable cause) {
        Rewrite r = current;
        if (r != null) {
            current = null;
            r.releaseAll(cause);
            safely(() -> config.listener().rewriteFailed(r.request, cause, RewritingListener.Outcome.ABORTED));
        }
        discardWaiting(cause);
        state = State.DISCARD;
        stall(ctx, false);
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

    /** A message written while decoding waits for the channel. */
    private record Waiting(Object msg, ChannelPromise promise, int bytes) {
    }

    /** How far one input chunk has got. */
    private enum Stage { DECODE, FINISH, DONE }

    /** The state of one eligible response. */
    private final class Rewrite implements BodyDecoder.Consumer {
        final RequestInfo request;
        final HttpResponse header;
        final ChannelPromise headerPromise;
        final BodyDecoder decoder;
        final OutputCollector sink;
        /** The {@code Content-Type} charset label, and its charset ({@code null} if none or not usable). */
        final String charsetLabel;
        final Charset headerCharset;
        final long startNanos = System.nanoTime();
        final ChannelHandlerContext ctx;
        boolean headerSent;
        boolean closeAfterBody;
        /** The rewriter once the charset is known: {@code rewriter}, or {@code async} for asynchronous handlers. */
        HtmlRewriter rewriter;
        AsyncHtmlRewriter async;
        boolean rewriting;
        /**
         * A stage of {@code async} is pending: the input chunk (and the array handed to it) is kept as it is and
         * nothing more is fed or decoded until {@link #afterStage}; written messages queue meanwhile.
         */
        boolean awaiting;
        /** The rest of a decoded piece, to feed once the pending write (of the sniffed bytes) completes. */
        byte[] queuedArray;
        int queuedOff;
        int queuedLen;
        /** {@code async.end()} was called. */
        boolean endStarted;
        boolean passThroughDecided;
        boolean bailOutReported;
        byte[] sniff;
        int sniffLength;
        List<Held> held = new ArrayList<>();
        int heldBytes;
        List<ChannelPromise> pending = new ArrayList<>();
        byte[] scratch = new byte[0];
        long bodyBytesIn;
        /** The input chunk being worked on (this owns one reference), its promise and what is left to decode. */
        HttpContent input;
        ChannelPromise inputPromise;
        ByteBuf remaining;
        Stage stage;
        /** Output waits for the channel to become writable. */
        boolean suspended;
        /** What this response holds outside the rewriter, as last told to the config. */
        long buffered;

        Rewrite(ChannelHandlerContext ctx, RequestInfo request, HttpResponse header, ChannelPromise headerPromise,
                BodyDecoder decoder, String charsetLabel, Charset headerCharset) {
            this.ctx = ctx;
            this.request = request;
            this.header = header;
            this.headerPromise = headerPromise;
            this.decoder = decoder;
            this.charsetLabel = charsetLabel;
            this.headerCharset = headerCharset;
            this.sink = new OutputCollector(ctx.alloc());
            // With a usable charset label only a byte order mark can change the decision; without, a <meta> can.
            this.sniff = new byte[headerCharset != null ? BOM_BYTES : HtmlRewritingConfig.PRESCAN_BYTES];
            recount();
        }

        /** Tells the config what this response holds now: sniff buffer, held chunks, a waiting input chunk. */
        void recount() {
            long now = (sniff == null ? 0 : sniff.length) + heldBytes
                    + ((suspended || awaiting) && input != null ? input.content().readableBytes() : 0);
            config.addBuffered(now - buffered);
            buffered = now;
        }

        void onContent(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
            if (content.decoderResult().isFailure()) {
                content.release();
                fail(ctx, content.decoderResult().cause(), promise);
                return;
            }
            bodyBytesIn += content.content().readableBytes();
            input = content;
            inputPromise = promise;
            remaining = decoder.isIdentity() ? null : content.content().duplicate();
            stage = Stage.DECODE;
            pump(ctx);
        }

        /** Works on the input chunk until it is used up, or until its output must wait for the channel. */
        void pump(ChannelHandlerContext ctx) {
            HttpContent content = input;
            boolean last = content instanceof LastHttpContent;
            try {
                while (true) {
                    boolean paused = false;
                    if (stage == Stage.DECODE) {
                        if (decoder.isIdentity()) {
                            feedIdentity(content.content());
                        } else {
                            paused = decoder.decode(remaining, this);
                        }
                        if (!paused) {
                            stage = last ? Stage.FINISH : Stage.DONE;
                        }
                    }
                    if (awaiting) {
                        return;
                    }
                    if (!paused && stage == Stage.FINISH) {
                        paused = decoder.finish(this);
                        if (!paused) {
                            stage = Stage.DONE;
                        }
                    }
                    if (!rewriting && !passThroughDecided && stage == Stage.DONE && (last
                            || heldBytes + content.content().readableBytes() > MAX_HELD_ORIGINAL_BYTES)) {
                        decideFromSniff();
                    }
                    if (awaiting) {
                        return;
                    }
                    if (passThroughDecided) {
                        passThrough(ctx, last);
                        return;
                    }
                    if (!rewriting) {
                        // Still sniffing: keep the original in case the body must go through untouched after all.
                        held.add(new Held(content, inputPromise));
                        heldBytes += content.content().readableBytes();
                        input = null;
                        remaining = null;
                        return;
                    }
                    if (paused) {
                        emit(ctx, sink.take(), null, ctx.newPromise());
                        if (!ctx.channel().isWritable()) {
                            ctx.flush();
                            if (!ctx.channel().isWritable()) {
                                suspended = true;
                                return;
                            }
                        }
                        continue;
                    }
                    if (last && !endStarted) {
                        endStarted = true;
                        if (async == null) {
                            rewriter.end();
                            reportBailOut();
                        } else if (await(async.end())) {
                            return;
                        }
                    }
                    ChannelPromise written = emit(ctx, sink.take(),
                            last ? ((LastHttpContent) content).trailingHeaders() : null, inputPromise);
                    releaseInput();
                    if (last) {
                        finished(written);
                    }
                    return;
                }
            } catch (Throwable t) {
                fail(ctx, t, inputPromise);
            } finally {
                if (!awaiting) {
                    // While a stage is pending the rewriter still reads the chunk's array: its bytes stay slices.
                    sink.clearSource();
                }
                recount();
            }
        }

        /**
         * Feeds the rewriter: at once, or asynchronously ({@link #awaiting} then); while a write of the sniffed bytes
         * is pending, the rest of the piece is kept to follow it.
         */
        private void feed(byte[] b, int off, int len) {
            if (async == null) {
                rewriter.write(b, off, len);
                reportBailOut();
            } else if (awaiting) {
                queuedArray = b;
                queuedOff = off;
                queuedLen = len;
            } else {
                await(async.write(b, off, len));
            }
        }

        /**
         * A stage of {@code async}: if already complete, throws its failure (as a synchronous rewriter would have)
         * and returns false; else stops reading upstream and returns true, and the event loop goes on in
         * {@link #stageCompleted} when it completes.
         */
        private boolean await(CompletionStage<Void> pending) {
            CompletableFuture<Void> f = pending.toCompletableFuture();
            if (f.isDone()) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    throw unwrap(e);
                }
                reportBailOut();
                return false;
            }
            awaiting = true;
            stall(ctx, true);
            f.whenComplete((ignored, failure) -> {
                try {
                    ctx.executor().execute(() -> stageCompleted(ctx, this, failure));
                } catch (RejectedExecutionException e) {
                    // The event loop is gone, and with it the channel: channelInactive let go of everything.
                }
            });
            return true;
        }

        /** The pending stage completed: fail as a synchronous rewriter's exception would, or go on. */
        void afterStage(ChannelHandlerContext ctx, Throwable failure) {
            if (failure != null) {
                fail(ctx, unwrap(failure), inputPromise);
                return;
            }
            try {
                reportBailOut();
                if (queuedArray != null) {
                    byte[] b = queuedArray;
                    queuedArray = null;
                    feed(b, queuedOff, queuedLen);
                    if (awaiting) {
                        return;
                    }
                }
            } catch (Throwable t) {
                fail(ctx, t, inputPromise);
                return;
            }
            pump(ctx);
        }

        /** Whether the decoder may go on: while sniffing, and while the output of this piece is small. */
        @Override
        public boolean wantsMore() {
            return !passThroughDecided && !awaiting && sink.gathered() < OUTPUT_PIECE;
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
            if (rewriting) {
                feed(b, off, len);
                return;
            }
            if (passThroughDecided) {
                return;
            }
            if (sniffLength == 0 && len >= sniff.length) {
                // This piece alone decides: look at it in place, so that its bytes can still leave as slices.
                decideFrom(b, off, sniff.length);
                if (rewriting) {
                    feed(b, off, len);
                }
                return;
            }
            int take = Math.min(len, sniff.length - sniffLength);
            System.arraycopy(b, off, sniff, sniffLength, take);
            sniffLength += take;
            if (sniffLength == sniff.length || SNIFFER.decidedBy(sniff, 0, sniffLength, charsetLabel).isPresent()) {
                decideFromSniff();
                if (rewriting && len > take) {
                    feed(b, off + take, len - take);
                }
            }
        }

        private void decideFromSniff() {
            decideFrom(sniff, 0, sniffLength);
        }

        /**
         * From the body's first bytes ({@link EncodingSniffer}): a byte order mark, else the header's charset, else a
         * {@code <meta>}, else UTF-8.
         */
        private void decideFrom(byte[] first, int off, int len) {
            decide(SNIFFER.sniff(first, off, len, charsetLabel).charset());
        }

        /**
         * The charset is known: start rewriting (feeding the sniffed bytes first), or decide to pass the response
         * through when the charset or the factory refuses.
         */
        private void decide(Charset charset) {
            RewriterSettings settings = null;
            String refusal = null;
            try {
                settings = config.rewriterFactory().settingsFor(request, header, charset);
                if (settings == null) {
                    refusal = "the rewriter factory declined";
                }
            } catch (IllegalArgumentException e) {
                refusal = "charset " + charset.name() + ": " + e.getMessage(); // one the rewriter cannot work in
            }
            if (refusal != null) {
                passThroughDecided = true;
                notifyPassedThrough(request, refusal);
                return;
            }
            if (settings.hasAsyncHandlers()) {
                // Continuations run on the event loop, which owns the sink and the channel.
                async = settings.newAsyncRewriter(sink, request, ctx.executor());
            } else {
                rewriter = settings.newRewriter(sink, request);
            }
            rewriting = true;
            closeAfterBody = adjustHeaders(header, request, !decoder.isIdentity());
            Charset used = charset;
            safely(() -> config.listener().rewriteStarted(request, used));
            for (Held h : held) {
                pending.add(h.promise());
                h.content().release();
            }
            held.clear();
            heldBytes = 0;
            // The sniffed bytes were copied out of their buffers, so they leave as copies.
            byte[] copy = sniff;
            sniff = null;
            if (sniffLength > 0) {
                feed(copy, 0, sniffLength);
            }
        }

        /** The sniff showed the body cannot be rewritten: send everything as it came, the input included. */
        private void passThrough(ChannelHandlerContext ctx, boolean last) {
            headerSent = true;
            ctx.write(header, headerPromise);
            for (Held h : held) {
                ctx.write(h.content(), h.promise());
            }
            held.clear();
            HttpContent content = input;
            input = null;
            ctx.write(content, inputPromise);
            close();
            current = null;
            if (last) {
                state = State.AWAIT_HEADERS;
            } else {
                startPassThrough(request, header);
            }
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
            List<ChannelPromise> waitingPromises = pending;
            pending = new ArrayList<>();
            ChannelPromise combined = ctx.newPromise();
            combined.addListener((Future<? super Void> f) -> {
                for (ChannelPromise w : waitingPromises) {
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
            Throwable cause = async != null ? async.failure() : rewriter.failure();
            if (!bailOutReported && cause != null) {
                bailOutReported = true;
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
            discardWaiting(cause);
            stall(ctx, false);
            RewritingListener.Outcome outcome;
            if (beforeBody) {
                outcome = RewritingListener.Outcome.BAD_GATEWAY;
                sendBadGateway(ctx, header.protocolVersion());
            } else {
                outcome = RewritingListener.Outcome.ABORTED;
                // No terminating chunk: the client must see a truncated response, not a short complete one.
                abortConnection(ctx, closeAfterBody);
            }
            safely(() -> config.listener().rewriteFailed(request, cause, outcome));
        }

        private void releaseInput() {
            if (input != null) {
                input.release();
                input = null;
            }
            remaining = null;
        }

        /** Frees buffers and the decoder; fails held and pending promises with {@code cause}. */
        void releaseAll(Throwable cause) {
            if (input != null) {
                inputPromise.tryFailure(cause);
                releaseInput();
            }
            suspended = false;
            awaiting = false;
            queuedArray = null;
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
            if (rewriter != null) {
                try {
                    // Gives its memory (and its share of a shared budget) back now; nothing after end().
                    rewriter.abort();
                } catch (IllegalStateException ignored) {
                    // Only from inside one of its own handlers, which never closes a response.
                }
            } else if (async != null) {
                // Also stops waiting for a pending stage; the sink is never called again.
                async.cancel();
            }
            sniff = null;
            heldBytes = 0;
            recount();
        }
    }

    /** What a failed stage failed with: the rewriter's exception, not the wrapper a dependent stage adds. */
    static RuntimeException unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException e ? e : new CompletionException(t);
    }

    private static void complete(ChannelPromise promise, Future<? super Void> f) {
        if (f.isSuccess()) {
            promise.trySuccess();
        } else {
            promise.tryFailure(f.cause());
        }
    }

}
