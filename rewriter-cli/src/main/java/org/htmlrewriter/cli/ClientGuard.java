package org.htmlrewriter.cli;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the proxy guarantees its client about HTTP, for one client connection; it sits right after the
 * {@code HttpServerCodec}, so it sees every request as decoded and every response message as it is encoded.
 *
 * <p><b>Requests.</b> A request the codec could not read (a bad request line, headers over the size limit,
 * {@code Content-Length} with {@code Transfer-Encoding}, several or malformed {@code Content-Length}s, bad chunk
 * framing) or that this proxy does not take (no or several {@code Host}s or a malformed one, a target that is not
 * a path or an {@code http} URL, {@code CONNECT}) is answered {@code 400}; a {@code Transfer-Encoding} other than
 * {@code chunked} {@code 501}; an HTTP version other than 1.x {@code 505}. Nothing of such a request goes upstream,
 * and the connection is closed after the answer (which waits for the responses to earlier pipelined requests). The
 * close is <em>lingering</em>: output is shut down and input read and dropped for up to {@value #LINGER_MILLIS} ms,
 * so that the client reads the answer before the connection goes (closing with unread input would reset it). A
 * request body that turns out broken after its head went upstream makes {@link Frontend} drop the origin
 * connection (the origin sees a cut-off request) and the client gets a {@code 400}, or a cut-off response.
 *
 * <p><b>Pipelining.</b> At most {@value #MAX_PIPELINED} requests are read ahead of their responses; then reading
 * pauses.
 *
 * <p><b>Timeouts.</b> A connection waiting for a request head (new, or idle between requests) is closed after the
 * header timeout. During an exchange, an {@link IdleStateEvent} (from the {@code IdleStateHandler} in front of the
 * codec: no byte read, no output progress for the idle timeout) closes it, unless the proxy is only waiting for
 * the origin (the request is complete and nothing is queued for the client): the origin's timeout is the
 * {@code Backend}'s. The answer is {@code 408} if no response head was sent yet, else the response is cut off.
 *
 * <p><b>Failures of the origin's response</b> ({@link #upstreamFailed}): before the response head went to the
 * client, a {@code 502} or {@code 504} instead; after it, the response is cut off: no terminating chunk, and a reset
 * connection ({@code SO_LINGER} 0) when the client could not otherwise tell (an HTTP/1.0 client, or a body that
 * ends with the connection).
 *
 * <p><b>Overload.</b> On a connection over the connection limit, the first request is answered {@code 503}.
 *
 * <p>Reading is paused while any of the reasons {@link #block} was given holds. Confined to the channel's event
 * loop; one per channel. Buffers: a request it rejects is released, everything else is passed on.
 */
final class ClientGuard extends ChannelDuplexHandler {
    static final int MAX_PIPELINED = 8;
    static final long LINGER_MILLIS = 2000;

    /** Reasons to stop reading from the client. */
    static final int CONNECTING = 1;
    static final int UPSTREAM_UNWRITABLE = 2;
    private static final int PIPELINE_FULL = 4;
    private static final int REJECTING = 8;

    /** Fired to the handlers after this one when a request body turns out broken after its head was passed on. */
    static final Object REQUEST_BODY_BROKEN = new Object() {
        @Override
        public String toString() {
            return "REQUEST_BODY_BROKEN";
        }
    };

    private final ProxyOptions options;
    private final boolean overloaded;
    private ChannelHandlerContext ctx;
    /** Versions and methods of the requests passed on whose responses are not complete yet, oldest first. */
    private final ArrayDeque<HttpRequestLine> outstanding = new ArrayDeque<>();
    private boolean requestBodyOpen;
    /** The final response head of the oldest outstanding request went out; its body ends with the connection. */
    private boolean headSent;
    private boolean closeDelimited;
    /** A request was refused: the status to answer once the earlier responses are done. */
    private HttpResponseStatus refusal;
    private String refusalReason;
    /** The connection is being closed: everything read or written is dropped. */
    private boolean closing;
    private int readBlocks;
    private ScheduledFuture<?> headTimer;

    private record HttpRequestLine(HttpVersion version, HttpMethod method) {
    }

    ClientGuard(ProxyOptions options, boolean overloaded) {
        this.options = options;
        this.overloaded = overloaded;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        armHeadTimer();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelHeadTimer();
        closing = true;
        ctx.fireChannelInactive();
    }

    // ---- requests

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing || refusal != null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            cancelHeadTimer();
            String problem = overloaded ? "the proxy is at its connection limit" : problem(request);
            if (problem != null) {
                ReferenceCountUtil.release(msg);
                refuse(overloaded ? HttpResponseStatus.SERVICE_UNAVAILABLE : statusFor(request), problem);
                return;
            }
            outstanding.add(new HttpRequestLine(request.protocolVersion(), request.method()));
            requestBodyOpen = !(msg instanceof LastHttpContent);
            if (outstanding.size() >= MAX_PIPELINED) {
                block(PIPELINE_FULL);
            }
        } else if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                String why = "bad request body: " + content.decoderResult().cause().getMessage();
                ReferenceCountUtil.release(msg);
                ctx.fireUserEventTriggered(REQUEST_BODY_BROKEN);
                failExchange(HttpResponseStatus.BAD_REQUEST, why);
                return;
            }
            if (msg instanceof LastHttpContent) {
                requestBodyOpen = false;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why a request is refused, or {@code null}. */
    static String problem(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            return "the request could not be read: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return "HTTP version " + version.text() + " is not supported";
        }
        HttpHeaders h = request.headers();
        List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!te.isEmpty() && (te.size() > 1 || !te.get(0).trim().equalsIgnoreCase("chunked"))) {
            return "unsupported Transfer-Encoding " + String.join(", ", te);
        }
        if (!te.isEmpty() && h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "both Content-Length and Transfer-Encoding";
        }
        if (h.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1) {
            return "more than one Content-Length";
        }
        List<String> hosts = h.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return "more than one Host";
        }
        if (hosts.isEmpty() && version.minorVersion() >= 1) {
            return "no Host";
        }
        if (!hosts.isEmpty() && !isHost(hosts.get(0))) {
            return "malformed Host";
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return "CONNECT is not supported by this reverse proxy";
        }
        String uri = request.uri();
        boolean originForm = uri.startsWith("/");
        boolean absoluteForm = uri.regionMatches(true, 0, "http://", 0, 7)
                || uri.regionMatches(true, 0, "https://", 0, 8);
        boolean asterisk = uri.equals("*") && request.method().equals(HttpMethod.OPTIONS);
        if (!originForm && !absoluteForm && !asterisk) {
            return "request target is neither a path nor an http URL";
        }
        if (absoluteForm) {
            try {
                java.net.URI.create(uri);
            } catch (IllegalArgumentException e) {
                return "malformed request target";
            }
        }
        return null;
    }

    private static HttpResponseStatus statusFor(HttpRequest request) {
        if (request.decoderResult().isSuccess()) {
            if (request.protocolVersion().majorVersion() != 1) {
                return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
            }
            String te = request.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
            if (te != null && !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                    && request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING).size() == 1
                    && !te.trim().equalsIgnoreCase("chunked")) {
                return HttpResponseStatus.NOT_IMPLEMENTED;
            }
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** A {@code uri-host [ ":" port ]} a server can route by: reg-name, IPv4 or a bracketed IPv6 literal. */
    static boolean isHost(String host) {
        String h = host.trim();
        if (h.isEmpty() || h.length() > 1024) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Refuses the request just read: answered once the responses to the earlier ones are done. */
    private void refuse(HttpResponseStatus status, String reason) {
        refusal = status;
        refusalReason = reason;
        block(REJECTING);
        if (outstanding.isEmpty()) {
            sendErrorAndClose(status, reason);
        }
    }

    // ---- responses

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (closing) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        if (msg instanceof HttpResponse response && response.status().code() >= 200) {
            headSent = true;
            HttpRequestLine request = outstanding.peek();
            closeDelimited = (request != null && request.version().minorVersion() == 0)
                    || response.protocolVersion().minorVersion() == 0
                    || (!HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response));
        }
        boolean done = msg instanceof LastHttpContent && headSent;
        ctx.write(msg, promise);
        if (done) {
            responseDone();
        }
    }

    private void responseDone() {
        headSent = false;
        outstanding.poll();
        if (outstanding.size() < MAX_PIPELINED) {
            unblock(PIPELINE_FULL);
        }
        if (outstanding.isEmpty()) {
            if (refusal != null) {
                sendErrorAndClose(refusal, refusalReason);
            } else {
                armHeadTimer();
            }
        }
    }

    /**
     * The origin's response to the oldest outstanding request cannot be completed: answer {@code status} instead
     * if its head has not gone out, else cut it off. Does nothing when no request is outstanding.
     */
    void upstreamFailed(HttpResponseStatus status, String reason) {
        if (!closing && !outstanding.isEmpty()) {
            failExchange(status, reason);
        }
    }

    private void failExchange(HttpResponseStatus status, String reason) {
        if (headSent) {
            abort();
        } else {
            sendErrorAndClose(status, reason);
        }
    }

    /** Cuts the response off: no terminating chunk; a reset where the client could not otherwise tell. */
    private void abort() {
        closing = true;
        cancelHeadTimer();
        ctx.flush();
        if (closeDelimited) {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ctx.close();
    }

    /** Answers {@code status} (the connection closes after it, lingering) and drops everything after. */
    private void sendErrorAndClose(HttpResponseStatus status, String reason) {
        closing = true;
        cancelHeadTimer();
        byte[] text = (status + ": " + reason.replaceAll("[\\r\\n]", " ") + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(text));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CONNECTION, "close");
        if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            res.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> lingerAndClose());
    }

    /** Shuts output down and reads (and drops) input for a while, so the client sees the answer, then closes. */
    private void lingerAndClose() {
        if (!(ctx.channel() instanceof SocketChannel socket) || !socket.isActive()) {
            ctx.close();
            return;
        }
        socket.shutdownOutput().addListener((ChannelFutureListener) f -> {
            readBlocks = 0;
            socket.config().setAutoRead(true);
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    // ---- reading and timeouts

    /** Stops reading from the client for {@code reason} (one of the constants) until {@link #unblock}. */
    void block(int reason) {
        readBlocks |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    void unblock(int reason) {
        if ((readBlocks & reason) == 0) {
            return;
        }
        readBlocks &= ~reason;
        if (readBlocks == 0 && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void armHeadTimer() {
        cancelHeadTimer();
        if (closing) {
            return;
        }
        headTimer = ctx.executor().schedule(() -> {
            headTimer = null;
            if (outstanding.isEmpty() && !closing && refusal == null) {
                // A new or idle connection that did not send a complete request head in time.
                closing = true;
                ctx.close();
            }
        }, options.headerTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelHeadTimer() {
        if (headTimer != null) {
            headTimer.cancel(false);
            headTimer = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (!closing && !outstanding.isEmpty() && !waitingForOrigin()) {
                failExchange(HttpResponseStatus.REQUEST_TIMEOUT, "no progress for "
                        + options.idleTimeout().toMillis() / 1000.0 + " s");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The request is complete and nothing waits to be sent to the client: the origin has the next move. */
    private boolean waitingForOrigin() {
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return !requestBodyOpen && (out == null || out.totalPendingWriteBytes() == 0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A client connection error (reset, broken pipe): nothing more can be said to it.
        closing = true;
        ctx.close();
    }

    @Override
    public String toString() {
        return "ClientGuard(outstanding " + outstanding.size() + (closing ? ", closing" : "")
                + (refusal != null ? ", refusing " + refusal.code() : "") + ")";
    }
}
