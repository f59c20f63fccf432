package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;

/** Builds exchanges on an {@link EmbeddedChannel} in every way a body can be split. Not thread-safe. */
final class Fixtures {
    /** How a response body is handed to the handler. */
    enum Split {
        /** One {@code FullHttpResponse}. */
        FULL,
        /** Headers, then the whole body in one {@code LastHttpContent}. */
        WHOLE,
        /** Headers, one {@code HttpContent} per byte, then an empty {@code LastHttpContent}. */
        ONE_BYTE,
        /** Chunks of 7 bytes from heap buffers whose reader index and array offset are not 0. */
        SEVEN_OFFSET,
        /** Chunks of 13 bytes in direct buffers. */
        DIRECT_13
    }

    /** What came out of the handler for one response. */
    static final class Result {
        HttpResponse head;
        byte[] body;
        boolean complete;
        HttpHeaders trailers;
        List<ChannelPromise> promises = new ArrayList<>();
        List<Object> messages = new ArrayList<>();
        boolean channelOpen;

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final LeakChecks leaks;

    Fixtures(LeakChecks leaks) {
        this.leaks = leaks;
    }

    EmbeddedChannel channel(HtmlRewritingConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(leaks.allocator());
        ch.pipeline().addLast(new HtmlRewritingHandler(config));
        return ch;
    }

    static HttpRequest get(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    static HttpRequest request(HttpMethod method, HttpVersion version) {
        return new DefaultHttpRequest(version, method, "/");
    }

    static HttpResponse html(HttpResponseStatus status, String contentType) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        if (contentType != null) {
            r.headers().set("content-type", contentType);
        }
        return r;
    }

    /** Sends the request in, then the response out split as asked; returns what the handler wrote. */
    Result exchange(HtmlRewritingConfig config, HttpRequest request, HttpResponse head, byte[] body, Split split) {
        EmbeddedChannel ch = channel(config);
        try {
            return exchange(ch, request, head, body, split);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    Result exchange(EmbeddedChannel ch, HttpRequest request, HttpResponse head, byte[] body, Split split) {
        ch.writeInbound(request);
        ReferenceCountUtil.release(ch.readInbound());
        Result r = new Result();
        for (Object msg : responseMessages(head, body, split)) {
            write(ch, msg, r);
        }
        collect(ch, r);
        return r;
    }

    /** Writes one message to the handler as a real pipeline would, recording its promise in {@code r}. */
    static void write(EmbeddedChannel ch, Object msg, Result r) {
        ChannelPromise p = ch.newPromise();
        r.promises.add(p);
        if (!ch.isOpen()) {
            // EmbeddedChannel drops writes to a closed channel without releasing them; a real one releases.
            ReferenceCountUtil.release(msg);
            p.setFailure(new java.nio.channels.ClosedChannelException());
            return;
        }
        try {
            ch.writeOneOutbound(msg, p);
            ch.flushOutbound();
            ch.runPendingTasks();
        } catch (Exception e) {
            // The handler closed the channel (a 502 or an abort): later writes fail, as they should.
            if (!(e instanceof java.nio.channels.ClosedChannelException)) {
                throw e;
            }
        }
    }

    /**
     * Feeds raw response bytes, {@code pieceSize} at a time, through Netty's {@code HttpResponseDecoder} and writes
     * whatever it makes of them (broken messages included) to the handler on {@code client}; with
     * {@code closeAtEnd}, the origin connection then ends. Returns what came out.
     */
    Result throughDecoder(EmbeddedChannel client, byte[] wire, int pieceSize, boolean closeAtEnd) {
        EmbeddedChannel origin = new EmbeddedChannel(new io.netty.handler.codec.http.HttpResponseDecoder());
        origin.config().setAllocator(leaks.allocator());
        Result r = new Result();
        try {
            for (int i = 0; i < wire.length; i += pieceSize) {
                origin.writeInbound(heap(wire, i, Math.min(pieceSize, wire.length - i)));
                forward(origin, client, r);
            }
            if (closeAtEnd) {
                origin.finish();
                forward(origin, client, r);
            }
        } finally {
            origin.finishAndReleaseAll();
        }
        collect(client, r);
        return r;
    }

    private static void forward(EmbeddedChannel origin, EmbeddedChannel client, Result r) {
        Object msg;
        while ((msg = origin.readInbound()) != null) {
            write(client, msg, r);
        }
    }

    /** Reads (and releases) everything written out so far into {@code r}. */
    static void collect(EmbeddedChannel ch, Result r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Object msg;
        while ((msg = ch.readOutbound()) != null) {
            r.messages.add(msg.getClass().getSimpleName());
            try {
                if (msg instanceof HttpResponse res && r.head == null) {
                    r.head = res;
                }
                if (msg instanceof HttpContent c) {
                    ByteBuf b = c.content();
                    byte[] bytes = new byte[b.readableBytes()];
                    b.getBytes(b.readerIndex(), bytes);
                    out.writeBytes(bytes);
                }
                if (msg instanceof LastHttpContent last) {
                    r.complete = true;
                    r.trailers = last.trailingHeaders().copy();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        r.body = r.body == null ? out.toByteArray() : concat(r.body, out.toByteArray());
        r.channelOpen = ch.isOpen();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    List<Object> responseMessages(HttpResponse head, byte[] body, Split split) {
        List<Object> out = new ArrayList<>();
        if (split == Split.FULL) {
            out.add(new DefaultFullHttpResponse(head.protocolVersion(), head.status(), heap(body, 0, body.length),
                    head.headers(), io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE));
            return out;
        }
        out.add(head);
        int size = switch (split) {
            case WHOLE -> Math.max(1, body.length);
            case ONE_BYTE -> 1;
            case SEVEN_OFFSET -> 7;
            case DIRECT_13 -> 13;
            default -> throw new AssertionError();
        };
        for (int i = 0; i < body.length; i += size) {
            int n = Math.min(size, body.length - i);
            ByteBuf b = split == Split.DIRECT_13 ? direct(body, i, n)
                    : split == Split.SEVEN_OFFSET ? offsetHeap(body, i, n) : heap(body, i, n);
            boolean last = split == Split.WHOLE && i + n == body.length;
            out.add(last ? new DefaultLastHttpContent(b) : new DefaultHttpContent(b));
        }
        if (split != Split.WHOLE || body.length == 0) {
            out.add(new DefaultLastHttpContent());
        }
        return out;
    }

    ByteBuf heap(byte[] data, int off, int len) {
        ByteBuf b = leaks.allocator().heapBuffer(len);
        b.writeBytes(data, off, len);
        return b;
    }

    /** A heap buffer whose array offset is 3 and reader index 2, to exercise the slice mapping. */
    ByteBuf offsetHeap(byte[] data, int off, int len) {
        byte[] padded = new byte[len + 9];
        Arrays.fill(padded, (byte) '#');
        System.arraycopy(data, off, padded, 5, len);
        ByteBuf b = Unpooled.wrappedBuffer(padded, 3, len + 4);
        leaks.track(b);
        b.readerIndex(2).writerIndex(2 + len);
        return b;
    }

    ByteBuf direct(byte[] data, int off, int len) {
        ByteBuf b = leaks.allocator().directBuffer(len);
        b.writeBytes(data, off, len);
        return b;
    }

    /** What the library itself makes of {@code input} with these rules and charset. */
    static byte[] expected(Consumer<HtmlRewriter.Builder> rules, java.nio.charset.Charset charset, byte[] input) {
        HtmlRewriter.Builder b = HtmlRewriter.builder().charset(charset);
        rules.accept(b);
        RewriterSettings settings = b.settings();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = settings.newRewriter(out::write);
        r.write(input, 0, input.length);
        r.end();
        return out.toByteArray();
    }
}
