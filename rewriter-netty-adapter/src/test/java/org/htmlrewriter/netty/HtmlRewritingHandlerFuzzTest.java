package org.htmlrewriter.netty;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of {@link HtmlRewritingHandler}. The input's first {@value #OPTION_BYTES} bytes choose
 * the response (status, request version, framing: {@code Content-Length}, chunked with random chunk sizes and
 * optional trailers, or close-delimited; {@code Content-Type} and charset; {@code Content-Encoding}: none,
 * {@code identity}, gzip/deflate of the body, truncated gzip/deflate, or the raw bytes labelled gzip), the config
 * (rules with or without a throwing handler, text and comment handlers, failure mode, memory limit, decoded-size
 * cap) and how the raw HTTP bytes are split (1 byte, whole, or random sizes); the rest is the body. The raw
 * response goes through Netty's {@link HttpResponseDecoder} (so the handler sees the {@code HttpContent} splits a
 * real connection makes) and then through the handler on an {@link EmbeddedChannel} whose allocator tracks every
 * buffer.
 *
 * <p>Checked: no exception but the documented ones (the pipeline records none; a write fails only with the
 * failure the handler reports or a closed channel); every write promise completes; every buffer is released
 * (refCnt 0) and, checked every {@value #LEAK_CHECK_EVERY} inputs and at the end, Netty's paranoid detector
 * reported no leak; and the outcome the {@link RewritingListener} reports matches what came out: rewritten (body
 * equals what {@link HtmlRewriter} makes of the decoded body in the reported charset, headers adjusted), passed
 * through (the entity body unchanged), bailed out (equals the library's graceful output), a {@code 502} before the
 * body or an abort after it (closed connection, no terminating chunk, body a prefix of the library's output), and
 * a failure only for a documented cause. Seeds: {@code fuzz-corpus/netty/}; see fuzz-corpus/README.md.
 */
@Tag("slow")
class HtmlRewritingHandlerFuzzTest {
    static final int OPTION_BYTES = 6;
    static final int LEAK_CHECK_EVERY = 512;

    private static final int[] STATUSES = {200, 200, 200, 201, 404, 500, 203, 200};
    private static final String[] CONTENT_TYPES = {
        "text/html; charset=utf-8", "text/html", "text/html; charset=windows-1252", "text/html;charset=\"Shift_JIS\"",
        "application/xhtml+xml", "text/html; charset=utf-16", "text/plain", null, "TEXT/HTML; Charset=EUC-JP",
        "text/html; charset=no-such-charset", "text/html; charset=gbk", "text/html; charset=iso-8859-1",
        "image/png", "text/html; charset=UTF-16LE", "text/html ; charset=koi8-r", "text/html; charset="
    };
    private static final long[] MAX_DECODED = {64L << 20, 64, 4096, 64L << 20};
    private static final long[] MEMORY_LIMITS = {16L << 20, 1024, 4096, 16L << 20};

    private static int runs;

    /** Rules as in {@link HtmlRewritingHandlerTest} plus the extras the options byte asks for. */
    static Consumer<HtmlRewriter.Builder> rules(int choice) {
        Consumer<HtmlRewriter.Builder> rules = HtmlRewritingHandlerTest.RULES;
        if ((choice & 2) != 0) {
            rules = rules.andThen(b -> b.onElement("span", el -> {
                throw new IllegalStateException("boom");
            }));
        }
        if ((choice & 4) != 0) {
            // Every chunk is replaced (re-encoded as text), so the output does not depend on where chunks split.
            rules = rules.andThen(b -> b.onText("p", t -> t.replace(t.text().replace('e', '3'), ContentType.TEXT)));
        }
        if ((choice & 8) != 0) {
            rules = rules.andThen(b -> b.onDocumentComment(c -> c.setText("c")));
        }
        if ((choice & 16) != 0) {
            rules = rules.andThen(b -> b.onElement("body > *", el -> el.before("<i>x</i>", ContentType.HTML)));
        }
        return rules;
    }

    @FuzzTest(maxDuration = "10m")
    void exchange(byte[] input) throws IOException {
        byte[] options = Arrays.copyOf(input, OPTION_BYTES);
        byte[] page = input.length > OPTION_BYTES ? Arrays.copyOfRange(input, OPTION_BYTES, input.length) : new byte[0];
        Exchange x = new Exchange(options, page);
        LeakChecks leaks = new LeakChecks();
        try {
            x.run(leaks);
        } finally {
            leaks.assertAllReleased();
        }
        if (++runs % LEAK_CHECK_EVERY == 0) {
            LeakChecks.assertNoDetectedLeaks();
        }
    }

    @AfterAll
    static void noDetectedLeaks() {
        LeakChecks.assertNoDetectedLeaks();
    }

    /** One decoded set of choices and what it led to. */
    static final class Exchange {
        final int status;
        final boolean http10;
        final int framing;
        final boolean trailers;
        final String contentType;
        final int encoding;
        final boolean deflate;
        final boolean identityHeader;
        final long maxDecoded;
        final long memoryLimit;
        final FailureMode mode;
        final int ruleChoice;
        final int splitMode;
        final int seed;
        final byte[] page;
        final byte[] entity;
        final List<String> events = new ArrayList<>();
        final List<Throwable> causes = new ArrayList<>();
        final List<Charset> charsets = new ArrayList<>();

        Exchange(byte[] o, byte[] page) throws IOException {
            status = STATUSES[o[0] & 7];
            http10 = (o[0] & 8) != 0;
            framing = (o[0] >> 4) & 3;
            trailers = (o[0] & 0x40) != 0;
            contentType = CONTENT_TYPES[o[1] & 15];
            encoding = o[2] & 3;
            deflate = (o[2] & 4) != 0;
            identityHeader = (o[2] & 8) != 0;
            maxDecoded = MAX_DECODED[(o[2] >> 4) & 3];
            memoryLimit = MEMORY_LIMITS[(o[2] >> 6) & 3];
            mode = (o[3] & 1) != 0 ? FailureMode.PASS_THROUGH : FailureMode.FAIL;
            ruleChoice = o[3] & 0xff;
            splitMode = o[4] & 0xff;
            seed = o[5] & 0xff;
            this.page = page;
            entity = switch (encoding) {
                case 1 -> compress(page);
                case 2 -> {
                    byte[] c = compress(page);
                    yield Arrays.copyOf(c, c.length == 0 ? 0 : seed % c.length);
                }
                default -> page;
            };
        }

        private byte[] compress(byte[] data) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = deflate ? new DeflaterOutputStream(out, new Deflater(6, false))
                    : new GZIPOutputStream(out)) {
                z.write(data);
            }
            return out.toByteArray();
        }

        String contentEncoding() {
            return switch (encoding) {
                case 1, 2 -> deflate ? "deflate" : "gzip";
                case 3 -> "gzip";
                default -> identityHeader ? "identity" : null;
            };
        }

        /** The response as it comes over the wire. */
        byte[] wire() {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Whatever\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (contentEncoding() != null) {
                head.append("Content-Encoding: ").append(contentEncoding()).append("\r\n");
            }
            head.append("ETag: \"e1\"\r\nAccept-Ranges: bytes\r\nX-Kept: yes\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (framing) {
                case 1 -> {
                    head.append("Transfer-Encoding: chunked\r\n\r\n");
                    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                    Random random = new Random(seed);
                    for (int i = 0; i < entity.length; ) {
                        int n = Math.min(entity.length - i, 1 + random.nextInt(1 + (seed & 0x3f) * 37));
                        out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(entity, i, n);
                        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                        i += n;
                    }
                    out.writeBytes((trailers ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                case 2 -> {
                    // Close-delimited: the body ends where the connection does.
                    head.append("\r\n");
                    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                    out.writeBytes(entity);
                }
                default -> {
                    head.append("Content-Length: ").append(entity.length).append("\r\n\r\n");
                    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
                    out.writeBytes(entity);
                }
            }
            return out.toByteArray();
        }

        /** The wire bytes split as the options say: the decoder makes one or more HttpContents per piece. */
        List<byte[]> pieces(byte[] wire) {
            List<byte[]> pieces = new ArrayList<>();
            Random random = new Random(seed * 31L + splitMode);
            int max = switch (splitMode & 3) {
                case 0 -> 1;
                case 1 -> Math.max(1, wire.length);
                case 2 -> 1 + (splitMode >> 2);
                default -> 1 + (splitMode >> 2) * 61;
            };
            for (int i = 0; i < wire.length; ) {
                int n = Math.min(wire.length - i, (splitMode & 3) >= 2 ? 1 + random.nextInt(max) : max);
                pieces.add(Arrays.copyOfRange(wire, i, i + n));
                i += n;
            }
            return pieces;
        }

        HtmlRewritingConfig config() {
            return HtmlRewritingConfig.builder().rules(rules(ruleChoice)).failureMode(mode).memoryLimit(memoryLimit)
                    .maxDecodedBytes(maxDecoded).listener(new RewritingListener() {
                        @Override
                        public void passedThrough(RequestInfo request, String reason) {
                            events.add("pass");
                        }

                        @Override
                        public void rewriteStarted(RequestInfo request, Charset charset) {
                            events.add("start");
                            charsets.add(charset);
                        }

                        @Override
                        public void rewriteCompleted(RequestInfo request, long in, long decoded, long out, long ns) {
                            events.add("done");
                        }

                        @Override
                        public void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
                            events.add("fail " + outcome);
                            causes.add(cause);
                        }
                    }).build();
        }

        void run(LeakChecks leaks) {
            EmbeddedChannel origin = new EmbeddedChannel(new HttpResponseDecoder());
            origin.config().setAllocator(leaks.allocator());
            EmbeddedChannel client = new EmbeddedChannel();
            client.config().setAllocator(leaks.allocator());
            client.pipeline().addLast(new HtmlRewritingHandler(config()));
            Fixtures.Result result = new Fixtures.Result();
            try {
                HttpRequest request = new DefaultHttpRequest(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                        HttpMethod.GET, "/");
                client.writeInbound(request);
                ReferenceCountUtil.release(client.readInbound());
                for (byte[] piece : pieces(wire())) {
                    ByteBuf b = leaks.allocator().heapBuffer(piece.length);
                    b.writeBytes(piece);
                    origin.writeInbound(b);
                    forward(origin, client, result);
                }
                if (framing == 2) {
                    origin.finish(); // the end of the connection ends a close-delimited body
                    forward(origin, client, result);
                }
                Fixtures.collect(client, result);
                for (ChannelPromise p : result.promises) {
                    if (!p.isDone()) {
                        throw new AssertionError("a write promise was left incomplete; " + describe());
                    }
                    if (!p.isSuccess() && !(p.cause() instanceof ClosedChannelException)
                            && !causes.contains(p.cause())) {
                        throw new AssertionError("a write failed with an unreported cause; " + describe(), p.cause());
                    }
                }
                check(result);
                client.checkException();
            } finally {
                origin.finishAndReleaseAll();
                client.finishAndReleaseAll();
            }
        }

        private void forward(EmbeddedChannel origin, EmbeddedChannel client, Fixtures.Result result) {
            Object msg;
            while ((msg = origin.readInbound()) != null) {
                if (((HttpObject) msg).decoderResult().isFailure()) {
                    ReferenceCountUtil.release(msg);
                    throw new AssertionError("the test made malformed HTTP; " + describe(),
                            ((HttpObject) msg).decoderResult().cause());
                }
                ChannelPromise p = client.newPromise();
                result.promises.add(p);
                if (!client.isOpen()) {
                    // EmbeddedChannel drops writes to a closed channel without releasing them; a real one releases.
                    ReferenceCountUtil.release(msg);
                    p.setFailure(new ClosedChannelException());
                    continue;
                }
                try {
                    client.writeOneOutbound(msg, p);
                    client.flushOutbound();
                    client.runPendingTasks();
                } catch (Exception e) {
                    if (!(e instanceof ClosedChannelException) && !causes.contains(e)) {
                        throw new AssertionError("undocumented exception from a write; " + describe(), e);
                    }
                }
            }
        }

        /** What the library makes of the decoded body in one write, and whether it failed. */
        private static final class Library {
            byte[] output;
            RewritingException thrown;
            RewritingException bailedOut;
        }

        private Library library(Charset charset) {
            HtmlRewriter.Builder b = HtmlRewriter.builder().charset(charset).memoryLimit(memoryLimit)
                    .gracefulBailOut(mode == FailureMode.PASS_THROUGH);
            rules(ruleChoice).accept(b);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HtmlRewriter r = b.build(out::write);
            Library lib = new Library();
            try {
                r.write(page, 0, page.length);
                r.end();
                lib.bailedOut = r.failure();
            } catch (RewritingException e) {
                lib.thrown = e;
            }
            lib.output = out.toByteArray();
            return lib;
        }

        private void check(Fixtures.Result r) {
            if (r.head == null) {
                throw new AssertionError("no response head came out; " + describe());
            }
            // A bail-out (PASSED_THROUGH) may be followed by a failure that makes the body unreadable (a corrupt or
            // truncated compressed body still fails the response in PASS_THROUGH mode): the last failure decides.
            int failed = -1;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).startsWith("fail") && (failed < 0 || !events.get(i).equals("fail PASSED_THROUGH"))) {
                    failed = i;
                }
            }
            int causeIndex = failed < 0 ? -1
                    : (int) events.subList(0, failed).stream().filter(e -> e.startsWith("fail")).count();
            String outcome = failed >= 0 ? events.get(failed)
                    : events.contains("done") ? "done" : events.contains("pass") ? "pass" : "none";
            switch (outcome) {
                case "pass" -> {
                    require(r.head.status().code() == status, "status changed on pass-through");
                    require(Arrays.equals(entity, r.body), "pass-through changed the body");
                    require(r.complete, "pass-through response not complete");
                    require(!(status == 200 && encoding == 0 && contentType != null
                            && contentType.startsWith("text/html;")
                            && (contentType.contains("utf-8") || contentType.contains("windows-1252"))),
                            "an eligible response was passed through");
                }
                case "done" -> {
                    Library lib = library(charsets.get(0));
                    require(lib.thrown == null && lib.bailedOut == null,
                            "the handler completed where the library fails: "
                                    + (lib.thrown != null ? lib.thrown : lib.bailedOut));
                    require(encoding != 2 && encoding != 3, "a truncated or corrupt body completed");
                    require(r.head.status().code() == status, "status changed");
                    require(Arrays.equals(lib.output, r.body), "body differs from the library's output");
                    require(r.complete, "rewritten response not complete");
                    require(!r.head.headers().contains("content-length"), "content-length kept");
                    require(!r.head.headers().contains("accept-ranges"), "accept-ranges kept");
                    require("W/\"e1\"".equals(r.head.headers().get("etag")), "etag not weakened");
                    require("yes".equals(r.head.headers().get("x-kept")), "header lost");
                    require(encoding == 0 || !r.head.headers().contains("content-encoding"),
                            "content-encoding kept");
                    require(!trailers || framing != 1 || "t".equals(r.trailers.get("x-trailer")), "trailer lost");
                }
                case "fail PASSED_THROUGH" -> {
                    require(mode == FailureMode.PASS_THROUGH, "bail-out without PASS_THROUGH");
                    Throwable cause = causes.get(0);
                    require(cause instanceof RewritingException, "bail-out for a non-rewriter failure: " + cause);
                    require(r.complete, "bailed-out response not complete");
                    Library lib = library(charsets.get(0));
                    if (cause instanceof HandlerException && encoding == 0) {
                        require(Arrays.equals(lib.output, r.body), "bailed-out body differs from the library's");
                    }
                }
                case "fail BAD_GATEWAY", "fail ABORTED" -> {
                    Throwable cause = causes.get(causeIndex);
                    boolean decoding = cause instanceof DecompressionException;
                    require(decoding ? encoding != 0 : cause instanceof RewritingException,
                            "failure for an undocumented cause: " + cause);
                    require(decoding || mode == FailureMode.FAIL, "a rewriter failure aborted under PASS_THROUGH");
                    require(!r.channelOpen, "connection left open after a failure");
                    if (outcome.equals("fail BAD_GATEWAY")) {
                        require(r.head.status().code() == 502, "502 expected, got " + r.head.status());
                    } else {
                        require(r.head.status().code() == status, "status changed before an abort");
                        require(!r.complete, "aborted response ended with the terminating chunk");
                        boolean bailedOut = causeIndex > 0;
                        if (!bailedOut && (!decoding || encoding == 2
                                || cause.getMessage().startsWith("decoded body exceeds"))) {
                            Library lib = library(charsets.get(0));
                            require(r.body.length <= lib.output.length
                                    && Arrays.equals(lib.output, 0, r.body.length, r.body, 0, r.body.length),
                                    "aborted body is not a prefix of the library's output");
                        }
                    }
                    if (cause instanceof HandlerException) {
                        require(library(charsets.get(0)).thrown instanceof HandlerException,
                                "handler failure the library does not have");
                    } else if (cause instanceof MemoryLimitExceededException) {
                        require(memoryLimit < (16L << 20), "memory limit hit with the default limit on a small page");
                    }
                }
                default -> throw new AssertionError("no outcome reported: " + events + "; " + describe());
            }
        }

        private void require(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what + "; " + describe());
            }
        }

        String describe() {
            return "status " + status + (http10 ? " HTTP/1.0" : "") + " framing " + framing + " type " + contentType
                    + " encoding " + contentEncoding() + "/" + encoding + " maxDecoded " + maxDecoded + " limit "
                    + memoryLimit + " mode " + mode + " rules " + ruleChoice + " split " + splitMode + " seed " + seed
                    + " events " + events + " causes " + causes + " page "
                    + new String(page, 0, Math.min(page.length, 300), StandardCharsets.ISO_8859_1);
        }
    }
}
