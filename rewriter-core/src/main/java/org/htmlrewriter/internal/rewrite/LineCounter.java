package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Lines and columns of input offsets ({@code Builder.countLines}), counted over the input's bytes as they pass.
 * A line ends at LF, at CR, and at CRLF (one line break, as the HTML standard's newline normalization reads it);
 * columns count characters: code points of the document's charset (UTF-8 continuation bytes and the trail bytes of
 * legacy multi-byte charsets do not count), from 1.
 *
 * <p>Bytes that are gone cannot be counted later, so the counter keeps the position at a mark, the earliest offset
 * that can still be asked (what the engine has not written out yet), and a copy of the bytes from the mark that
 * earlier chunks left (what the engine itself still holds, charged to its memory account); positions are counted
 * from the mark, or from the last position asked when that is nearer, over that copy and the current chunk.
 *
 * <p>One per document, confined to the engine's thread.
 */
final class LineCounter {
    private final org.htmlrewriter.internal.memory.MemoryAccount account;
    private Charset charset;
    private boolean utf8;
    private boolean singleByte;

    // The position at the mark.
    private long mark;
    private long markLine = 1;
    private long markColumn = 1;
    private boolean markAfterCr;
    // The last position counted (at or after the mark).
    private long at;
    private long line = 1;
    private long column = 1;
    private boolean afterCr;

    /** Capacity of the kept copy that is reused whatever it holds. */
    private static final int SMALL = 256;

    // Bytes from the mark: tail[0, tailLen), then the current chunk's.
    private byte[] tail = new byte[0];
    private int tailLen;
    private long tailCharged;
    private byte[] chunk;
    private int chunkOff;
    private int chunkLen;

    LineCounter(Charset charset, org.htmlrewriter.internal.memory.MemoryAccount account) {
        this.account = account;
        setCharset(charset);
    }

    void setCharset(Charset cs) {
        charset = cs;
        utf8 = cs.equals(StandardCharsets.UTF_8);
        singleByte = !utf8 && cs.newEncoder().maxBytesPerChar() <= 1.0f;
    }

    /** A chunk whose first byte is at the end of what was fed before; readable until {@link #chunkDone}. */
    void chunk(byte[] b, int off, int len) {
        chunk = b;
        chunkOff = off;
        chunkLen = len;
    }

    /**
     * The chunk's first {@code taken} bytes were read; nothing before {@code keepFrom} will be asked again: moves the
     * mark there and keeps a copy of the bytes from it.
     */
    void chunkDone(int taken, long keepFrom) {
        chunkLen = taken;
        long end = mark + tailLen + taken;
        long keep = Math.max(mark, Math.min(keepFrom, end));
        if (at > keep) {
            at = mark;
            line = markLine;
            column = markColumn;
            afterCr = markAfterCr;
        }
        count(keep);
        markLine = line;
        markColumn = column;
        markAfterCr = afterCr;
        int kept = (int) (end - keep);
        // The copy goes into the kept array when it fits (most chunks keep a few bytes, or none): no array per chunk.
        // A large array is let go once what it holds is small, so its charge does not outlive the token that grew it.
        byte[] copy = kept <= tail.length && tail.length <= Math.max(SMALL, 4L * kept) ? tail
                : new byte[Math.max(kept, SMALL)];
        int fromTail = (int) Math.max(0, Math.min(kept, mark + tailLen - keep));
        if (fromTail > 0) {
            System.arraycopy(tail, (int) (keep - mark), copy, 0, fromTail);
        }
        if (kept > fromTail) {
            System.arraycopy(chunk, chunkOff + (int) (keep + fromTail - mark - tailLen), copy, fromTail,
                    kept - fromTail);
        }
        tail = copy;
        tailLen = kept;
        mark = keep;
        chunk = null;
        chunkLen = 0;
        long charge = tail.length;
        if (charge != tailCharged) {
            if (charge > tailCharged) {
                account.charge(charge - tailCharged, "the input kept for line counting");
            } else {
                account.release(tailCharged - charge);
            }
            tailCharged = charge;
        }
    }

    /** {@return the 1-based line of {@code offset}} and sets {@link #columnOfLast}. */
    long lineOf(long offset) {
        if (offset < mark) {
            throw new IllegalStateException("offset " + offset + " is before the line counter's mark " + mark);
        }
        if (offset < at) {
            at = mark;
            line = markLine;
            column = markColumn;
            afterCr = markAfterCr;
        }
        count(Math.min(offset, mark + tailLen + chunkLen));
        return line;
    }

    /** {@return the column of the offset last given to {@link #lineOf}} */
    long columnOfLast() {
        return column;
    }

    private byte byteAt(long offset) {
        int i = (int) (offset - mark);
        return i < tailLen ? tail[i] : chunk[chunkOff + i - tailLen];
    }

    /** Counts from {@link #at} to {@code to}. */
    private void count(long to) {
        long o = at;
        while (o < to) {
            byte b = byteAt(o);
            if (b == '\n') {
                if (!afterCr) {
                    line++;
                    column = 1;
                }
                afterCr = false;
                o++;
            } else if (b == '\r') {
                line++;
                column = 1;
                afterCr = true;
                o++;
            } else {
                afterCr = false;
                if (utf8 || singleByte) {
                    if (singleByte || (b & 0xC0) != 0x80) {
                        column++;
                    }
                    o++;
                } else {
                    // A legacy multi-byte charset: the characters of the run up to the next line break.
                    long runEnd = o;
                    while (runEnd < to && byteAt(runEnd) != '\n' && byteAt(runEnd) != '\r') {
                        runEnd++;
                    }
                    byte[] run = new byte[(int) (runEnd - o)];
                    for (int i = 0; i < run.length; i++) {
                        run[i] = byteAt(o + i);
                    }
                    String s = new String(run, charset);
                    column += s.codePointCount(0, s.length());
                    o = runEnd;
                }
            }
        }
        at = o;
    }
}
