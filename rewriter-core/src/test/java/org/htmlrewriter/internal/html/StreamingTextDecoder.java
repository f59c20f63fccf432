package org.htmlrewriter.internal.html;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * Decodes the text of one text node that arrives in pieces (the tokenizer reports text as it goes, split at chunk
 * boundaries), giving for any split exactly what {@link HtmlDecoder#text} gives for the whole node at once.
 *
 * <p>Use: {@link #feed} each raw piece of the node in order, then {@link #finish} at the end of the node; the
 * decoder is then ready for the next node. Each call appends what can be decided so far. It holds back only:
 * the bytes of an incomplete multi-byte char (at most a few bytes), and an incomplete character reference (an
 * {@code &} and at most {@link NamedCharacterReferences#maxNameLength()} chars after it, or a numeric reference
 * kept in a compact form of at most 10 chars). A CR at the end of a piece is emitted as LF at once; an LF starting
 * the next piece is then dropped.
 *
 * <p>Thread-safety: none; one instance per document, used by one thread at a time. Ownership: the bytes passed to
 * {@link #feed} are read during the call only (never retained), and the decoder appends to the caller's
 * {@link StringBuilder}, or returns a new String from the convenience overloads. Reusable: after
 * {@link #finish} (or {@link #reset}) it holds nothing of the previous node.
 */
public final class StreamingTextDecoder {
    private Charset charset;
    private CharsetDecoder decoder;
    /** UTF-8 is decoded by {@link Utf8Decoding} (WHATWG rules), other charsets by {@link #decoder}. */
    private boolean utf8;
    /** Bytes of an incomplete multi-byte char left over from the previous piece; then the next piece's bytes. */
    private byte[] bytes = new byte[64];
    private int carriedBytes;
    /** work[0, heldChars) is an undecided character reference; decoded chars of the next piece go after it. */
    private char[] work = new char[256];
    private int heldChars;
    /** The previous piece ended with CR (already emitted as LF): an LF starting the next chars belongs to it. */
    private boolean dropLeadingLf;
    /** Mode of the node being decoded, null between nodes. */
    private TextMode mode;

    /** A decoder for documents in {@code charset}, which must be ASCII-compatible (see {@link HtmlDecoder}). */
    public StreamingTextDecoder(Charset charset) {
        setCharset(charset);
    }

    /** The charset pieces are decoded with. */
    public Charset charset() {
        return charset;
    }

    /**
     * Switches the charset, e.g. after a {@code <meta charset>} was acted on; only between nodes.
     *
     * @throws IllegalStateException in the middle of a node
     */
    public void setCharset(Charset charset) {
        if (mode != null) {
            throw new IllegalStateException("charset change in the middle of a text node");
        }
        this.charset = charset;
        this.utf8 = StandardCharsets.UTF_8.equals(charset);
        this.decoder = WebCharsets.newDecoder(charset);
    }

    /**
     * Decodes the next piece {@code buf[start, end)} of the current text node and appends what is decided.
     *
     * @param mode the node's text mode; every piece of a node must have the same one
     * @throws IllegalArgumentException if {@code mode} differs from the previous pieces' mode of this node
     */
    public void feed(byte[] buf, int start, int end, TextMode mode, StringBuilder out) {
        if (this.mode == null) {
            this.mode = mode;
        } else if (this.mode != mode) {
            throw new IllegalArgumentException("text mode changed within a node: " + this.mode + " then " + mode);
        }
        int charsEnd;
        if (carriedBytes == 0 && isAscii(buf, start, end)) {
            // ASCII-compatible charsets decode ASCII bytes to themselves: widen, skipping the CharsetDecoder.
            ensureWorkCapacity(heldChars + (end - start));
            char[] chars = work;
            int j = heldChars;
            for (int i = start; i < end; i++) {
                chars[j++] = (char) buf[i];
            }
            charsEnd = j;
        } else {
            int n = carriedBytes + (end - start);
            if (bytes.length < n) {
                bytes = Arrays.copyOf(bytes, Math.max(n, bytes.length * 2));
            }
            System.arraycopy(buf, start, bytes, carriedBytes, end - start);
            charsEnd = decodeBytes(n, false);
        }
        process(charsEnd, false, out);
    }

    /** Ends the current node: appends everything still held back (an incomplete char as U+FFFD). */
    public void finish(StringBuilder out) {
        if (mode != null) {
            int charsEnd = decodeBytes(carriedBytes, true);
            process(charsEnd, true, out);
        }
        reset();
    }

    /** {@link #feed(byte[], int, int, TextMode, StringBuilder)} returning the decided text as a new String. */
    public String feed(byte[] buf, int start, int end, TextMode mode) {
        StringBuilder out = new StringBuilder(end - start);
        feed(buf, start, end, mode, out);
        return out.toString();
    }

    /** {@link #finish(StringBuilder)} returning the rest of the node's text as a new String. */
    public String finish() {
        StringBuilder out = new StringBuilder();
        finish(out);
        return out.toString();
    }

    /** Forgets the current node (anything held back is dropped); the charset stays. */
    public void reset() {
        mode = null;
        carriedBytes = 0;
        heldChars = 0;
        dropLeadingLf = false;
        decoder.reset();
    }

    /** Whether anything is held back: an incomplete char, character reference, or a CR whose LF may follow. */
    public boolean isHoldingBack() {
        return carriedBytes > 0 || heldChars > 0 || dropLeadingLf;
    }

    /** Chars of an undecided character reference held back (for tests of the memory bound). */
    int heldCharCount() {
        return heldChars;
    }

    /** Bytes of an incomplete char held back (for tests of the memory bound). */
    int carriedByteCount() {
        return carriedBytes;
    }

    /** Decodes bytes[0, n) after the held chars; leaves an incomplete trailing char in bytes[0, carriedBytes). */
    private int decodeBytes(int n, boolean endOfInput) {
        if (utf8) {
            ensureWorkCapacity(heldChars + n);
            long result = Utf8Decoding.decode(bytes, 0, n, endOfInput, work, heldChars);
            int consumed = (int) (result >>> 32);
            carriedBytes = n - consumed;
            System.arraycopy(bytes, consumed, bytes, 0, carriedBytes);
            return (int) result;
        }
        ensureWorkCapacity(heldChars + (int) Math.ceil(n * (double) decoder.maxCharsPerByte()) + 8);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, n);
        CharBuffer outChars = CharBuffer.wrap(work, heldChars, work.length - heldChars);
        while (true) {
            CoderResult result = decoder.decode(in, outChars, endOfInput);
            if (result.isOverflow()) {
                outChars = grow(outChars);
                continue;
            }
            if (endOfInput) {
                result = decoder.flush(outChars);
                if (result.isOverflow()) {
                    outChars = grow(outChars);
                    continue;
                }
                decoder.reset();
            }
            break;
        }
        carriedBytes = in.remaining();
        System.arraycopy(bytes, in.position(), bytes, 0, carriedBytes);
        return outChars.position();
    }

    private CharBuffer grow(CharBuffer outChars) {
        int used = outChars.position();
        work = Arrays.copyOf(work, work.length * 2);
        CharBuffer grown = CharBuffer.wrap(work, used, work.length - used);
        return grown;
    }

    /** Applies the HTML rules to work[0, charsEnd) and keeps an undecided reference at the start of work. */
    private void process(int charsEnd, boolean endOfInput, StringBuilder out) {
        if (charsEnd == 0) {
            return; // nothing decoded yet (e.g. only part of a multi-byte char): keep dropLeadingLf as it is
        }
        int from = 0;
        if (dropLeadingLf) {
            dropLeadingLf = false;
            if (work[0] == '\n') {
                from = 1; // heldChars is 0 whenever dropLeadingLf is set: work[0] is the first new char
            }
        }
        int references = mode.decodesCharacterReferences() ? CharacterReferences.IN_TEXT : CharacterReferences.NONE;
        int consumed = CharacterReferences.appendDecoded(work, from, charsEnd, references, mode.replacesNul(),
                endOfInput, out);
        if (consumed < charsEnd) {
            int tailEnd = compactNumericTail(work, consumed, charsEnd);
            System.arraycopy(work, consumed, work, 0, tailEnd - consumed);
            heldChars = tailEnd - consumed;
        } else {
            heldChars = 0;
            dropLeadingLf = charsEnd > from && work[charsEnd - 1] == '\r';
        }
    }

    private void ensureWorkCapacity(int capacity) {
        if (work.length < capacity) {
            work = Arrays.copyOf(work, Math.max(capacity, work.length * 2));
        }
    }

    private static boolean isAscii(byte[] buf, int start, int end) {
        for (int i = start; i < end; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rewrites an undecided numeric reference {@code chars[from, to)} (an {@code &#} or {@code &#x} followed by
     * digits, as {@link CharacterReferences#appendDecoded} leaves it) in place to an equivalent short form: leading
     * zeros dropped and the value capped at 0x110000, which decodes the same whatever follows. This keeps what a
     * streaming decoder holds back bounded even for {@code &#000...}. Other tails are left alone.
     *
     * @return the new end of the tail
     */
    private static int compactNumericTail(char[] chars, int from, int to) {
        if (to - from < 3 || chars[from] != '&' || chars[from + 1] != '#') {
            return to;
        }
        int digitsStart = from + 2;
        int radix = 10;
        if (chars[digitsStart] == 'x' || chars[digitsStart] == 'X') {
            radix = 16;
            digitsStart++;
        }
        if (digitsStart == to) {
            return to;
        }
        int value = 0;
        for (int i = digitsStart; i < to; i++) {
            value = CharacterReferences.appendDigit(value, Character.digit(chars[i], radix), radix);
        }
        String digits = Integer.toString(value, radix);
        digits.getChars(0, digits.length(), chars, digitsStart);
        return digitsStart + digits.length();
    }
}
