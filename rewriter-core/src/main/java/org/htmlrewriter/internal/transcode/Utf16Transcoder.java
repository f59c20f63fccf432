package org.htmlrewriter.internal.transcode;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.htmlrewriter.OutputSink;

/**
 * A UTF-16 document at the edges of the byte-level engine, which reads ASCII-compatible bytes only: the input's code
 * units are fed to the engine as UTF-8 ({@link #write}, {@link #endInput}), and what the engine writes is turned back
 * into code units in the input's byte order (this is the engine's {@link OutputSink}).
 *
 * <p><b>Exact round trip.</b> Every input code unit sequence maps to bytes that map back to the same code units, so
 * output the engine copies from its input comes back as the very bytes that came in, including what is not valid
 * UTF-16, which UTF-8 cannot carry:
 * <ul>
 * <li>a surrogate pair is the 4-byte UTF-8 of its code point; any other unit is its 1- to 3-byte UTF-8;</li>
 * <li>an unpaired surrogate {@code U+D800 + v} ({@code v < 2048}) becomes {@code F1 80+(v>>6) 80+(v&63)}: the
 * first three bytes of a 4-byte sequence, never followed by a continuation byte (what follows is ASCII, a lead byte
 * or the end), so the engine's WHATWG decoder reads it as one U+FFFD, as a UTF-16 decoder reads an unpaired
 * surrogate, and the output side (which checks the byte after it) tells it from a real character;</li>
 * <li>an odd trailing byte becomes {@code FF} (never in UTF-8, read as one U+FFFD, as a UTF-16 decoder reads it);
 * if it is still the last thing the engine writes, the original byte goes out; if the engine writes more after it
 * (content appended at the end), it goes out as U+FFFD, the character it stood for.</li>
 * </ul>
 * Content the engine inserts is UTF-8 encoded from strings: valid, so none of it is taken for those forms. A byte
 * order mark is an ordinary U+FEFF: it round-trips like any character.
 *
 * <p><b>Byte order.</b> UTF-16LE and UTF-16BE are fixed; {@link StandardCharsets#UTF_16} takes the order of a byte
 * order mark at the start and is little-endian without one (as the WHATWG {@code utf-16} label is); the output
 * uses the input's order.
 *
 * <p><b>Memory.</b> Two fixed buffers (about 6 KiB of UTF-8 for the engine, 8 KiB of UTF-16 for the sink, allocated
 * on first use); between calls at most 3 input bytes (half a code unit, a high surrogate) and 4 output bytes (an
 * incomplete sequence, the odd byte's marker) are held ({@link #heldBytes}).
 *
 * <p>Not thread-safe: one per document, used by the rewriter's thread.
 */
public final class Utf16Transcoder implements OutputSink {
    /** Receives the engine's input: UTF-8 bytes in an array valid during the call only. */
    @FunctionalInterface
    public interface Feed {
        /**
         * The next bytes of the document in UTF-8.
         *
         * @param b   the array holding them
         * @param off where they start
         * @param len how many there are
         */
        void accept(byte[] b, int off, int len);
    }

    private static final int UTF8_CAPACITY = 6 * 1024;
    private static final int UTF16_CAPACITY = 8 * 1024;
    /** The most UTF-8 one input code unit can add: an unpaired high surrogate's marker and a 3-byte unit. */
    private static final int MAX_PER_UNIT = 6;
    private static final int ODD_BYTE_MARKER = 0xFF;
    private static final int LONE_SURROGATE_LEAD = 0xF1;

    private final OutputSink sink;
    private boolean bigEndian;
    private boolean orderKnown;

    // Input side
    private byte[] utf8;
    private int utf8Length;
    /** The first byte of a code unit whose second has not come, or -1. */
    private int pendingByte = -1;
    /** A high surrogate waiting for the unit after it, or -1. */
    private int pendingHigh = -1;
    /** The document's odd trailing byte, or -1: known at the end of input. */
    private int oddByte = -1;

    // Output side
    private byte[] utf16;
    private int utf16Length;
    private final int[] sequence = new int[4];
    private int sequenceLength;
    private int sequenceNeeded;
    private boolean oddMarkerPending;

    private Utf16Transcoder(OutputSink sink, boolean bigEndian, boolean orderKnown) {
        this.sink = sink;
        this.bigEndian = bigEndian;
        this.orderKnown = orderKnown;
    }

    /** Whether {@code charset} is one of the UTF-16 charsets this transcodes: UTF-16, UTF-16LE, UTF-16BE. */
    public static boolean isUtf16(Charset charset) {
        return charset.equals(StandardCharsets.UTF_16) || charset.equals(StandardCharsets.UTF_16LE)
                || charset.equals(StandardCharsets.UTF_16BE);
    }

    /** A transcoder for a document in {@code charset} writing to {@code sink}, or null if it is not UTF-16. */
    public static Utf16Transcoder forCharset(Charset charset, OutputSink sink) {
        if (charset.equals(StandardCharsets.UTF_16LE)) {
            return new Utf16Transcoder(sink, false, true);
        }
        if (charset.equals(StandardCharsets.UTF_16BE)) {
            return new Utf16Transcoder(sink, true, true);
        }
        if (charset.equals(StandardCharsets.UTF_16)) {
            return new Utf16Transcoder(sink, false, false);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Input: UTF-16 to the engine's UTF-8

    /** Transcodes {@code in[off, off + len)}, the next input bytes, feeding the UTF-8 to {@code feed} in pieces. */
    public void write(byte[] in, int off, int len, Feed feed) {
        if (utf8 == null) {
            utf8 = new byte[UTF8_CAPACITY];
        }
        int i = off;
        int end = off + len;
        if (pendingByte >= 0 && i < end) {
            int first = pendingByte;
            pendingByte = -1;
            unit(first, in[i++] & 0xFF, feed);
        }
        while (i + 1 < end) {
            int b0 = in[i] & 0xFF;
            int b1 = in[i + 1] & 0xFF;
            i += 2;
            int u = bigEndian ? (b0 << 8) | b1 : b0 | (b1 << 8);
            if (u < 0x80 && pendingHigh < 0 && orderKnown) {
                if (utf8Length > UTF8_CAPACITY - MAX_PER_UNIT) {
                    flushInput(feed);
                }
                utf8[utf8Length++] = (byte) u;
            } else {
                unit(b0, b1, feed);
            }
        }
        if (i < end) {
            pendingByte = in[i] & 0xFF;
        }
        flushInput(feed);
    }

    /** The input has ended: an unpaired high surrogate and an odd trailing byte are fed as their markers. */
    public void endInput(Feed feed) {
        if (utf8 == null) {
            utf8 = new byte[UTF8_CAPACITY];
        }
        if (pendingHigh >= 0) {
            loneSurrogate(pendingHigh);
            pendingHigh = -1;
        }
        if (pendingByte >= 0) {
            oddByte = pendingByte;
            pendingByte = -1;
            utf8[utf8Length++] = (byte) ODD_BYTE_MARKER;
        }
        flushInput(feed);
    }

    /** One code unit, from its two bytes in input order. */
    private void unit(int b0, int b1, Feed feed) {
        if (!orderKnown) {
            orderKnown = true;
            bigEndian = b0 == 0xFE && b1 == 0xFF;
        }
        int u = bigEndian ? (b0 << 8) | b1 : b0 | (b1 << 8);
        if (utf8Length > UTF8_CAPACITY - MAX_PER_UNIT) {
            flushInput(feed);
        }
        if (pendingHigh >= 0) {
            if (u >= 0xDC00 && u <= 0xDFFF) {
                int cp = Character.toCodePoint((char) pendingHigh, (char) u);
                pendingHigh = -1;
                put(0xF0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3F));
                put(0x80 | ((cp >> 6) & 0x3F));
                put(0x80 | (cp & 0x3F));
                return;
            }
            loneSurrogate(pendingHigh);
            pendingHigh = -1;
        }
        if (u < 0x80) {
            put(u);
        } else if (u < 0x800) {
            put(0xC0 | (u >> 6));
            put(0x80 | (u & 0x3F));
        } else if (u >= 0xD800 && u <= 0xDBFF) {
            pendingHigh = u;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            loneSurrogate(u);
        } else {
            put(0xE0 | (u >> 12));
            put(0x80 | ((u >> 6) & 0x3F));
            put(0x80 | (u & 0x3F));
        }
    }

    private void loneSurrogate(int u) {
        int v = u - 0xD800;
        put(LONE_SURROGATE_LEAD);
        put(0x80 | (v >> 6));
        put(0x80 | (v & 0x3F));
    }

    private void put(int b) {
        utf8[utf8Length++] = (byte) b;
    }

    private void flushInput(Feed feed) {
        if (utf8Length > 0) {
            int n = utf8Length;
            utf8Length = 0;
            feed.accept(utf8, 0, n);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Output: the engine's UTF-8 back to UTF-16

    @Override
    public void write(byte[] b, int off, int len) {
        if (utf16 == null) {
            utf16 = new byte[UTF16_CAPACITY];
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            int x = b[i] & 0xFF;
            if (sequenceLength > 0) {
                if (x >= 0x80 && x <= 0xBF) {
                    sequence[sequenceLength++] = x;
                    if (sequenceLength == sequenceNeeded) {
                        sequenceComplete();
                    }
                    continue;
                }
                sequenceCutShort();
            }
            if (oddMarkerPending) {
                oddMarkerPending = false;
                out(0xFFFD); // content follows the odd byte: it is the character it stood for
            }
            if (x < 0x80) {
                out(x);
            } else if (x >= 0xC2 && x <= 0xF4) {
                sequence[0] = x;
                sequenceLength = 1;
                sequenceNeeded = x < 0xE0 ? 2 : x < 0xF0 ? 3 : 4;
            } else if (x == ODD_BYTE_MARKER) {
                oddMarkerPending = true;
            } else {
                out(0xFFFD);
            }
        }
    }

    private void sequenceComplete() {
        int[] s = sequence;
        sequenceLength = 0;
        switch (sequenceNeeded) {
            case 2 -> out(((s[0] & 0x1F) << 6) | (s[1] & 0x3F));
            case 3 -> out(((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
            default -> {
                int cp = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
                if (cp >= 0x10000 && cp <= 0x10FFFF) {
                    out(Character.highSurrogate(cp));
                    out(Character.lowSurrogate(cp));
                } else {
                    out(0xFFFD);
                }
            }
        }
    }

    /** A sequence ended before its last byte: an unpaired surrogate's form, or (never from the engine) U+FFFD. */
    private void sequenceCutShort() {
        int[] s = sequence;
        if (sequenceLength == 3 && s[0] == LONE_SURROGATE_LEAD && s[1] <= 0x9F) {
            out(0xD800 + (((s[1] & 0x3F) << 6) | (s[2] & 0x3F)));
        } else {
            out(0xFFFD);
        }
        sequenceLength = 0;
    }

    private void out(int unit) {
        if (utf16Length > UTF16_CAPACITY - 2) {
            flushOutput();
        }
        if (!orderKnown) {
            orderKnown = true; // output with no input at all: little-endian
        }
        if (bigEndian) {
            utf16[utf16Length++] = (byte) (unit >> 8);
            utf16[utf16Length++] = (byte) unit;
        } else {
            utf16[utf16Length++] = (byte) unit;
            utf16[utf16Length++] = (byte) (unit >> 8);
        }
    }

    /** Hands the transcoded output gathered so far to the sink. */
    public void flushOutput() {
        if (utf16Length > 0) {
            int n = utf16Length;
            utf16Length = 0;
            sink.write(utf16, 0, n);
        }
    }

    /** The engine has written everything: what is still open goes out, then everything is flushed. */
    public void endOutput() {
        if (utf16 == null) {
            utf16 = new byte[UTF16_CAPACITY];
        }
        if (sequenceLength > 0) {
            sequenceCutShort();
        }
        if (oddMarkerPending) {
            oddMarkerPending = false;
            if (oddByte < 0) {
                out(0xFFFD); // a marker the input side did not make: never from the engine
            } else {
                if (utf16Length == UTF16_CAPACITY) {
                    flushOutput();
                }
                utf16[utf16Length++] = (byte) oddByte; // the last output byte: the input's own
            }
        }
        flushOutput();
    }

    /** Bytes held between calls: half a code unit and a high surrogate of input, an open sequence of output. */
    public long heldBytes() {
        return (pendingByte >= 0 ? 1 : 0) + (pendingHigh >= 0 ? 2 : 0) + sequenceLength + (oddMarkerPending ? 1 : 0);
    }
}
