package org.htmlrewriter.cli;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;

/**
 * A large HTML document generated piece by piece (never held whole): a head, then numbered sections of about
 * 8 KB of article markup until at least the requested size, then a tail. The same size always gives the same
 * bytes. Also an origin server that streams it at the pace its socket takes it ({@link ChunkedWriteHandler},
 * {@link PieceInput}), so the origin itself never buffers the body. Immutable; the origin's handlers are confined to their event loop.
 */
final class GeneratedHtml {
    private static final byte[] HEAD = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>big</title>"
            + "</head>\n<body>\n<!-- generated -->\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "<footer>end</footer>\n</body></html>\n".getBytes(StandardCharsets.UTF_8);
    private static final String SECTION;

    static {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 8000; i++) {
            sb.append("<p>Paragraph ").append(i).append(" with <a href=\"http://example.org/p/").append(i)
                    .append("\">a link</a>, <em>emphasis</em> and caf\u00e9 &amp; text.</p>\n");
            if (i % 7 == 0) {
                sb.append("<div class=\"ad\"><img src=\"/ad.gif\" alt=\"\"><!-- ad --></div>\n");
            }
            if (i % 11 == 0) {
                sb.append("<img src=\"/img/").append(i).append(".png\" alt=\"figure\">\n");
            }
        }
        SECTION = sb.toString();
    }

    private GeneratedHtml() {
    }

    /** Hands each piece of a document of at least {@code minBytes} bytes to {@code out}, in order. */
    static void forEachPiece(long minBytes, Consumer<byte[]> out) {
        Pieces p = new Pieces(minBytes);
        for (byte[] piece = p.next(); piece != null; piece = p.next()) {
            out.accept(piece);
        }
    }

    /** Length and CRC-32 of the document as generated ({@code settings == null}) or as the library rewrites it. */
    static long[] digest(long minBytes, RewriterSettings settings) {
        CRC32 crc = new CRC32();
        long[] length = {0};
        if (settings == null) {
            forEachPiece(minBytes, piece -> {
                crc.update(piece);
                length[0] += piece.length;
            });
        } else {
            HtmlRewriter rewriter = settings.newRewriter((b, off, len) -> {
                crc.update(b, off, len);
                length[0] += len;
            });
            forEachPiece(minBytes, piece -> rewriter.write(piece, 0, piece.length));
            rewriter.end();
        }
        return new long[] {length[0], crc.getValue()};
    }

    /** The pieces of one document, one after another. Confined. */
    static final class Pieces {
        private final long minBytes;
        private long produced;
        private int section = -1;
        private boolean done;

        Pieces(long minBytes) {
            this.minBytes = minBytes;
        }

        /** The next piece, or null at the end. */
        byte[] next() {
            byte[] piece;
            if (done) {
                return null;
            } else if (section < 0) {
                piece = HEAD;
                section = 0;
            } else if (produced + TAIL.length < minBytes) {
                piece = ("<section data-n=\"" + section++ + "\">\n" + SECTION + "</section>\n")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                piece = TAIL;
                done = true;
            }
            produced += piece.length;
            return piece;
        }
    }

    /**
     * Starts an origin on 127.0.0.1 that answers every request with a chunked {@code text/html} document of at
     * least {@code minBytes} bytes, streamed as its socket drains; {@code produced} counts body bytes handed over.
     */
    static Channel startOrigin(EventLoopGroup group, long minBytes, AtomicLong produced)
            throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new ChunkedWriteHandler(),
                                new SimpleChannelInboundHandler<HttpObject>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                        if (msg instanceof HttpRequest) {
                                            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                                                    HttpResponseStatus.OK);
                                            head.headers().set(HttpHeaderNames.CONTENT_TYPE,
                                                    "text/html; charset=utf-8");
                                            HttpUtil.setTransferEncodingChunked(head, true);
                                            ctx.write(head);
                                            ctx.writeAndFlush(new HttpChunkedInput(
                                                    new PieceInput(new Pieces(minBytes)::next, produced)));
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }
}
