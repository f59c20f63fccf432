package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.compression.DecompressionException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns a response body's bytes, as they arrive, into the bytes to rewrite: as they are ({@code identity}) or
 * inflated ({@code gzip}, including concatenated members, and {@code deflate}, zlib-wrapped or raw) or, when the
 * pure-Java decoder {@code org.brotli:dec} is on the class path, brotli-decoded ({@code br}). Decoded output is
 * produced in pieces of at most {@value #PIECE} bytes and counted against a cap, so a small compressed chunk
 * cannot make it allocate much (decompression bombs fail with {@link DecompressionException}). The consumer can
 * pause decoding after any piece ({@link Consumer#wantsMore()}): {@link #decode} and {@link #finish} then return
 * {@code true} and are called again, with what is left of the input, once the consumer is ready for more, so one
 * small compressed chunk never has to be expanded at once.
 *
 * <p>Buffers: {@link #decode} reads its argument during the call and never keeps it; the arrays handed to the
 * consumer are valid during that call only (for identity they are the input buffer's own backing array, so the
 * consumer can map them back to slices of it). Confined to one thread; {@link #close} frees the inflater.
 */
abstract class BodyDecoder {
    static final int PIECE = 16 * 1024;

    /** Receives decoded bytes. */
    interface Consumer {
        void accept(byte[] b, int off, int len);

        /** Asked after each piece: whether decoding goes on now, or pauses (the call returns {@code true}). */
        default boolean wantsMore() {
            return true;
        }
    }

    /**
     * {@code new org.brotli.dec.BrotliInputStream(InputStream)} as an {@code (InputStream)InputStream} handle, or
     * null when the optional {@code org.brotli:dec} classes are absent. Found by name rather than compiled against:
     * that jar declares no module name, so the adapter's module descriptor could only require it by the jar's file
     * name; this way the adapter's module requires nothing for it, and the decoder is used wherever it is visible.
     */
    private static final MethodHandle NEW_BROTLI_STREAM = brotliStreamConstructor();

    /** Whether {@code br} can be decoded: the optional {@code org.brotli:dec} classes are present. */
    static final boolean BROTLI_AVAILABLE = NEW_BROTLI_STREAM != null;

    private static MethodHandle brotliStreamConstructor() {
        try {
            Class<?> type = Class.forName("org.brotli.dec.BrotliInputStream", false,
                    BodyDecoder.class.getClassLoader());
            return MethodHandles.publicLookup().findConstructor(type, MethodType.methodType(void.class,
                    InputStream.class)).asType(MethodType.methodType(InputStream.class, InputStream.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Whether {@link #forEncoding} has a decoder for a coding (trimmed, lowercase) of {@code Accept-Encoding}. */
    static boolean canDecode(String coding) {
        return switch (coding) {
            case "gzip", "x-gzip", "deflate", "identity" -> true;
            case "br" -> BROTLI_AVAILABLE;
            default -> false;
        };
    }

    /** The decoder for a {@code Content-Encoding} value (already trimmed, lowercase), or {@code null} if unknown. */
    static BodyDecoder forEncoding(String encoding, long maxDecodedBytes) {
        switch (encoding) {
            case "", "identity":
                return new Identity();
            case "gzip", "x-gzip":
                return new Gzip(maxDecodedBytes);
            case "deflate":
                return new Deflate(maxDecodedBytes);
            case "br":
                return BROTLI_AVAILABLE ? new Brotli(maxDecodedBytes) : null;
            default:
                return null;
        }
    }

    /**
     * Decodes {@code in}, advancing its reader index over what was consumed. Returns {@code false} when all of it
     * was used and nothing decoded is held back; {@code true} when the consumer paused: call again with the rest of
     * {@code in} (possibly empty: decoded bytes may still be waiting) before giving it more.
     */
    abstract boolean decode(ByteBuf in, Consumer out);

    /**
     * The body ended: hands {@code out} whatever decoded bytes were still held back, then throws
     * {@link DecompressionException} if the compressed stream is incomplete. Returns {@code true} if the consumer
     * paused (call again), {@code false} when done.
     */
    abstract boolean finish(Consumer out);

    /** Bytes handed to the consumer so far. */
    abstract long decodedBytes();

    boolean isIdentity() {
        return false;
    }

    void close() {
    }

    /** No encoding: heap buffers are handed over in place, direct ones copied once into a reused array. */
    static final class Identity extends BodyDecoder {
        private byte[] scratch = new byte[0];
        private long decoded;

        @Override
        boolean decode(ByteBuf in, Consumer out) {
            int n = in.readableBytes();
            if (n == 0) {
                return false;
            }
            decoded += n;
            if (in.hasArray()) {
                out.accept(in.array(), in.arrayOffset() + in.readerIndex(), n);
            } else {
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, Math.min(scratch.length * 2, 1 << 20))];
                }
                in.getBytes(in.readerIndex(), scratch, 0, n);
                out.accept(scratch, 0, n);
            }
            in.skipBytes(n);
            return false;
        }

        @Override
        boolean finish(Consumer out) {
            return false;
        }

        @Override
        long decodedBytes() {
            return decoded;
        }

        @Override
        boolean isIdentity() {
            return true;
        }
    }

    /** Shared inflating loop. */
    abstract static class Inflating extends BodyDecoder {
        private final long maxDecodedBytes;
        private final byte[] piece = new byte[PIECE];
        protected Inflater inflater;
        private long decoded;

        Inflating(long maxDecodedBytes) {
            this.maxDecodedBytes = maxDecodedBytes;
        }

        /** What {@link #inflate} stopped at. */
        enum Inflated { ENDED, NEEDS_INPUT, PAUSED }

        /**
         * Inflates from {@code in} (advancing its reader index by what was consumed) until the deflate stream ends,
         * input runs out (all of it consumed and no output held back) or the consumer pauses.
         */
        protected Inflated inflate(ByteBuf in, Consumer out, CRC32 crc) {
            int readable = in.readableBytes();
            ByteBuffer nio = in.nioBuffer(in.readerIndex(), readable);
            inflater.setInput(nio);
            try {
                while (true) {
                    int n = inflater.inflate(piece);
                    if (n > 0) {
                        decoded += n;
                        if (decoded > maxDecodedBytes) {
                            throw new DecompressionException("decoded body exceeds " + maxDecodedBytes + " bytes");
                        }
                        if (crc != null) {
                            crc.update(piece, 0, n);
                        }
                        out.accept(piece, 0, n);
                    }
                    if (inflater.finished()) {
                        in.skipBytes(readable - inflater.getRemaining());
                        return Inflated.ENDED;
                    }
                    if (inflater.needsDictionary()) {
                        throw new DecompressionException("deflate stream needs a preset dictionary");
                    }
                    if (n == 0 && inflater.needsInput()) {
                        in.skipBytes(readable);
                        return Inflated.NEEDS_INPUT;
                    }
                    if (n > 0 && !out.wantsMore()) {
                        // The inflater may still hold output for input it has consumed: the next call gets it.
                        in.skipBytes(readable - inflater.getRemaining());
                        return Inflated.PAUSED;
                    }
                }
            } catch (DataFormatException e) {
                throw new DecompressionException("corrupt compressed body: " + e.getMessage(), e);
            } finally {
                // The inflater must not keep a reference to a buffer that is about to be released.
                inflater.setInput(EMPTY);
            }
        }

        @Override
        long decodedBytes() {
            return decoded;
        }

        @Override
        void close() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    /** RFC 1952 members, one after another; bytes after a member that do not start another are ignored. */
    static final class Gzip extends Inflating {
        private static final int FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;

        private enum State { HEADER, EXTRA_LENGTH, EXTRA, NAME, COMMENT, HEADER_CRC, BODY, TRAILER, TRAILING }

        private State state = State.HEADER;
        private final byte[] small = new byte[10];
        private int smallLength;
        private int flags;
        private int extraRemaining;
        private boolean memberSeen;
        private final CRC32 crc = new CRC32();

        Gzip(long maxDecodedBytes) {
            super(maxDecodedBytes);
        }

        @Override
        boolean decode(ByteBuf in, Consumer out) {
            while (in.isReadable() || state == State.BODY) {
                switch (state) {
                    case HEADER -> {
                        if (!fill(in, 10)) {
                            return false;
                        }
                        if ((small[0] & 0xFF) != 0x1F || (small[1] & 0xFF) != 0x8B || small[2] != 8) {
                            throw new DecompressionException("not a gzip stream");
                        }
                        flags = small[3] & 0xFF;
                        smallLength = 0;
                        state = State.EXTRA_LENGTH;
                    }
                    case EXTRA_LENGTH -> {
                        if ((flags & FEXTRA) == 0) {
                            state = State.NAME;
                        } else if (fill(in, 2)) {
                            extraRemaining = (small[0] & 0xFF) | (small[1] & 0xFF) << 8;
                            smallLength = 0;
                            state = State.EXTRA;
                        }
                    }
                    case EXTRA -> {
                        int skip = Math.min(extraRemaining, in.readableBytes());
                        in.skipBytes(skip);
                        extraRemaining -= skip;
                        if (extraRemaining == 0) {
                            state = State.NAME;
                        }
                    }
                    case NAME -> {
                        if ((flags & FNAME) == 0 || skipZeroTerminated(in)) {
                            state = State.COMMENT;
                        }
                    }
                    case COMMENT -> {
                        if ((flags & FCOMMENT) == 0 || skipZeroTerminated(in)) {
                            state = State.HEADER_CRC;
                        }
                    }
                    case HEADER_CRC -> {
                        if ((flags & FHCRC) == 0 || fill(in, 2)) {
                            smallLength = 0;
                            if (inflater == null) {
                                inflater = new Inflater(true);
                            } else {
                                inflater.reset();
                            }
                            crc.reset();
                            state = State.BODY;
                        }
                    }
                    case BODY -> {
                        Inflated r = inflate(in, out, crc);
                        if (r == Inflated.PAUSED) {
                            return true;
                        }
                        if (r == Inflated.NEEDS_INPUT) {
                            return false;
                        }
                        state = State.TRAILER;
                        if (!out.wantsMore()) {
                            // The member's last piece paused the consumer: the next member must not inflate over it.
                            return true;
                        }
                    }
                    case TRAILER -> {
                        if (!fill(in, 8)) {
                            return false;
                        }
                        long expectedCrc = (small[0] & 0xFFL) | (small[1] & 0xFFL) << 8 | (small[2] & 0xFFL) << 16
                                | (small[3] & 0xFFL) << 24;
                        long expectedSize = (small[4] & 0xFFL) | (small[5] & 0xFFL) << 8
                                | (small[6] & 0xFFL) << 16 | (small[7] & 0xFFL) << 24;
                        if (expectedCrc != crc.getValue() || expectedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
                            throw new DecompressionException("gzip trailer does not match the data (CRC or size)");
                        }
                        smallLength = 0;
                        memberSeen = true;
                        state = State.TRAILING;
                    }
                    case TRAILING -> {
                        if ((in.getByte(in.readerIndex()) & 0xFF) == 0x1F) {
                            state = State.HEADER;
                        } else {
                            in.skipBytes(in.readableBytes());
                        }
                    }
                    default -> throw new AssertionError(state);
                }
            }
            return false;
        }

        /** Collects {@code n} bytes into {@link #small} across calls; true when complete. */
        private boolean fill(ByteBuf in, int n) {
            int take = Math.min(n - smallLength, in.readableBytes());
            in.readBytes(small, smallLength, take);
            smallLength += take;
            return smallLength == n;
        }

        private static boolean skipZeroTerminated(ByteBuf in) {
            int zero = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
            if (zero < 0) {
                in.skipBytes(in.readableBytes());
                return false;
            }
            in.readerIndex(zero + 1);
            return true;
        }

        @Override
        boolean finish(Consumer out) {
            if (!memberSeen || (state != State.TRAILING && !(state == State.HEADER && smallLength == 0))) {
                throw new DecompressionException("gzip body ended before its end (truncated)");
            }
            return false;
        }
    }

    /** HTTP "deflate": meant to be zlib-wrapped (RFC 1950), but raw deflate is common; the first two bytes tell. */
    static final class Deflate extends Inflating {
        private final byte[] head = new byte[2];
        private int headLength;
        /** The first two bytes, once read, until the inflater has taken them. */
        private ByteBuf headLeft;
        /** Whether the last inflate paused, so output may be held back even with no input left. */
        private boolean paused;
        private boolean ended;

        Deflate(long maxDecodedBytes) {
            super(maxDecodedBytes);
        }

        @Override
        boolean decode(ByteBuf in, Consumer out) {
            if (!ended && inflater == null) {
                int take = Math.min(2 - headLength, in.readableBytes());
                in.readBytes(head, headLength, take);
                headLength += take;
                if (headLength < 2) {
                    return false;
                }
                int cmf = head[0] & 0xFF;
                boolean zlib = (cmf & 0x0F) == 8 && ((cmf << 8) | (head[1] & 0xFF)) % 31 == 0;
                inflater = new Inflater(!zlib);
                headLeft = io.netty.buffer.Unpooled.wrappedBuffer(head);
            }
            if (!ended && headLeft != null) {
                Inflated r = inflate(headLeft, out, null);
                if (r == Inflated.PAUSED) {
                    return true;
                }
                headLeft = null;
                ended = r == Inflated.ENDED;
            }
            if (!ended && (in.isReadable() || paused)) {
                Inflated r = inflate(in, out, null);
                paused = r == Inflated.PAUSED;
                ended = r == Inflated.ENDED;
                if (paused) {
                    return true;
                }
            }
            if (ended) {
                in.skipBytes(in.readableBytes());
            }
            return false;
        }

        @Override
        boolean finish(Consumer out) {
            if (!ended) {
                throw new DecompressionException("deflate body ended before its end (truncated)");
            }
            return false;
        }
    }

    /**
     * {@code br} (RFC 7932) with the pure-Java {@code org.brotli:dec} 0.1.2 decoder. That decoder pulls its input
     * from an {@link InputStream}, cannot pause for input that has not arrived yet, and hands out output only when
     * its ring buffer (one window, {@code 2^lgwin - 16} bytes, named by the stream's first byte) is full or the
     * stream ends. So compressed bytes are queued, and the decoder runs only while at least a window plus
     * {@value #SLACK} bytes are queued (or the body has ended): enough for the window's worth of output it may
     * produce before anything comes out, since brotli never expands data by more than a few bytes per
     * meta-block. Consequences: output lags input by up to one window (for most pages, the decoder starts at the
     * end of the body), and memory per response is about two windows plus {@value #SLACK} bytes: 128 KiB at
     * {@code lgwin} 16, 8 MiB at the common {@code lgwin} 22, at most 32 MiB at 24. A stream that needs more
     * input than that to make progress (only long runs of metadata or empty meta-blocks do) fails with
     * {@link DecompressionException} rather than block.
     */
    static final class Brotli extends BodyDecoder {
        static final int SLACK = 64 * 1024;

        private final long maxDecodedBytes;
        private final Queue queue = new Queue();
        private final byte[] piece = new byte[PIECE];
        private InputStream decoder;
        /** Bytes the decoder must have queued before it runs; known from the stream's first byte. */
        private int lookahead = -1;
        private long decoded;
        private boolean streamEnded;

        Brotli(long maxDecodedBytes) {
            this.maxDecodedBytes = maxDecodedBytes;
        }

        /** The look-ahead for a stream that starts with {@code firstByte}: its window plus {@link #SLACK}. */
        static int lookaheadFor(int firstByte) {
            int lgwin;
            if ((firstByte & 1) == 0) {
                lgwin = 16;
            } else if (((firstByte >>> 1) & 7) != 0) {
                lgwin = 17 + ((firstByte >>> 1) & 7);
            } else {
                int m = (firstByte >>> 4) & 7;
                if (m == 1) {
                    throw new DecompressionException("brotli large-window streams are not supported");
                }
                lgwin = m == 0 ? 17 : 8 + m;
            }
            return (1 << lgwin) - 16 + SLACK;
        }

        @Override
        boolean decode(ByteBuf in, Consumer out) {
            if (lookahead < 0 && in.isReadable()) {
                lookahead = lookaheadFor(in.getByte(in.readerIndex()) & 0xFF);
            }
            // Large inputs are taken in parts, so the queue never holds much more than the look-ahead.
            do {
                if (streamEnded) {
                    in.skipBytes(in.readableBytes()); // bytes after the end of the stream are ignored, as for gzip
                    return false;
                }
                queue.append(in, Math.min(in.readableBytes(), lookahead + SLACK - queue.available()));
                if (run(out)) {
                    return true;
                }
            } while (in.isReadable());
            return false;
        }

        @Override
        boolean finish(Consumer out) {
            queue.ended = true;
            if (run(out)) {
                return true;
            }
            if (!streamEnded) {
                throw new DecompressionException("brotli body ended before its end (truncated)");
            }
            return false;
        }

        /** Decodes while enough input is queued (or all of it has arrived); true if the consumer paused. */
        private boolean run(Consumer out) {
            try {
                while (!streamEnded && (queue.ended || (lookahead > 0 && queue.available() >= lookahead))) {
                    if (decoder == null) {
                        decoder = newBrotliStream(queue);
                    }
                    int n = decoder.read(piece, 0, piece.length);
                    if (n < 0) {
                        streamEnded = true;
                    } else if (n > 0) {
                        decoded += n;
                        if (decoded > maxDecodedBytes) {
                            throw new DecompressionException("decoded body exceeds " + maxDecodedBytes + " bytes");
                        }
                        out.accept(piece, 0, n);
                        if (!out.wantsMore()) {
                            return true;
                        }
                    } else {
                        throw new DecompressionException("brotli decoder made no progress");
                    }
                }
                return false;
            } catch (IOException | RuntimeException e) {
                if (e instanceof DecompressionException d) {
                    throw d;
                }
                String why = queue.starved ? "brotli stream needs more than " + lookahead + " bytes of look-ahead"
                        : "corrupt brotli body: " + e.getMessage();
                throw new DecompressionException(why, e);
            }
        }

        /** A brotli decoder reading {@code in} (its constructor may read the stream's start, hence the I/O). */
        private static InputStream newBrotliStream(InputStream in) throws IOException {
            try {
                return (InputStream) NEW_BROTLI_STREAM.invokeExact(in);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                // The constructor declares IOException only.
                throw new IllegalStateException(e);
            }
        }

        @Override
        long decodedBytes() {
            return decoded;
        }

        @Override
        void close() {
            decoder = null; // holds only heap arrays; nothing to free
        }

        /**
         * Queued compressed bytes, read by the decoder. Running dry before the body has ended is an error
         * ({@link #run} only lets the decoder read with enough queued), reported as an {@link IOException}
         * because the decoder would take an end-of-stream for the end of the body.
         */
        private static final class Queue extends InputStream {
            private byte[] bytes = new byte[0];
            private int start;
            private int end;
            boolean ended;
            boolean starved;

            @Override
            public int available() {
                return end - start;
            }

            void append(ByteBuf in, int n) {
                if (bytes.length - end < n) {
                    int live = end - start;
                    byte[] target = bytes.length - live >= n ? bytes : new byte[Math.max(live + n, 4096)];
                    System.arraycopy(bytes, start, target, 0, live);
                    bytes = target;
                    start = 0;
                    end = live;
                }
                in.readBytes(bytes, end, n);
                end += n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (start == end) {
                    if (ended) {
                        return -1;
                    }
                    starved = true;
                    throw new IOException("no more input queued");
                }
                int n = Math.min(len, end - start);
                System.arraycopy(bytes, start, b, off, n);
                start += n;
                return n;
            }
        }
    }
}
