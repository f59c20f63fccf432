package org.htmlrewriter.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.compression.DecompressionException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Turns a response body's bytes, as they arrive, into the bytes to rewrite: as they are ({@code identity}) or
 * inflated ({@code gzip}, including concatenated members, and {@code deflate}, zlib-wrapped or raw). Inflated
 * output is produced in pieces of at most {@value #PIECE} bytes and counted against a cap, so a small compressed
 * chunk cannot make it allocate much (decompression bombs fail with {@link DecompressionException}).
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
            default:
                return null;
        }
    }

    abstract void decode(ByteBuf in, Consumer out);

    /** The body ended: throws {@link DecompressionException} if the compressed stream is incomplete. */
    abstract void finish();

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
        void decode(ByteBuf in, Consumer out) {
            int n = in.readableBytes();
            if (n == 0) {
                return;
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
        }

        /** The array {@link #decode} used for a direct buffer; its index 0 is the buffer's reader index. */
        byte[] scratch() {
            return scratch;
        }

        @Override
        void finish() {
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

        /**
         * Inflates from {@code in} (advancing its reader index by what was consumed) until the stream ends or input
         * runs out; returns true if the deflate stream ended.
         */
        protected boolean inflate(ByteBuf in, Consumer out, CRC32 crc) {
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
                        return true;
                    }
                    if (inflater.needsDictionary()) {
                        throw new DecompressionException("deflate stream needs a preset dictionary");
                    }
                    if (n == 0 && inflater.needsInput()) {
                        in.skipBytes(readable);
                        return false;
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
        void decode(ByteBuf in, Consumer out) {
            while (in.isReadable()) {
                switch (state) {
                    case HEADER -> {
                        if (!fill(in, 10)) {
                            return;
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
                        if (inflate(in, out, crc)) {
                            state = State.TRAILER;
                        }
                    }
                    case TRAILER -> {
                        if (!fill(in, 8)) {
                            return;
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
        void finish() {
            if (!memberSeen || (state != State.TRAILING && !(state == State.HEADER && smallLength == 0))) {
                throw new DecompressionException("gzip body ended before its end (truncated)");
            }
        }
    }

    /** HTTP "deflate": meant to be zlib-wrapped (RFC 1950), but raw deflate is common; the first two bytes tell. */
    static final class Deflate extends Inflating {
        private final byte[] head = new byte[2];
        private int headLength;
        private boolean ended;

        Deflate(long maxDecodedBytes) {
            super(maxDecodedBytes);
        }

        @Override
        void decode(ByteBuf in, Consumer out) {
            if (ended) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (inflater == null) {
                int take = Math.min(2 - headLength, in.readableBytes());
                in.readBytes(head, headLength, take);
                headLength += take;
                if (headLength < 2) {
                    return;
                }
                int cmf = head[0] & 0xFF;
                boolean zlib = (cmf & 0x0F) == 8 && ((cmf << 8) | (head[1] & 0xFF)) % 31 == 0;
                inflater = new Inflater(!zlib);
                io.netty.buffer.ByteBuf headBuf = io.netty.buffer.Unpooled.wrappedBuffer(head);
                ended = inflate(headBuf, out, null);
            }
            if (!ended && in.isReadable()) {
                ended = inflate(in, out, null);
            }
            if (ended) {
                in.skipBytes(in.readableBytes());
            }
        }

        @Override
        void finish() {
            if (!ended) {
                throw new DecompressionException("deflate body ended before its end (truncated)");
            }
        }
    }
}
