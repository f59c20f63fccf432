package org.htmlrewriter.internal.tokenizer;

/**
 * A DOCTYPE as ranges into {@link #buf}; a missing name or identifier has start and end {@code -1}.
 * Reused by its tokenizer; valid only during the sink call. Ranges are raw (the name is not lowercased).
 */
public final class DoctypeToken {
    public byte[] buf;
    public int start, end;
    public int nameStart, nameEnd;
    public int publicIdStart, publicIdEnd;
    public int systemIdStart, systemIdEnd;
    public boolean forceQuirks;
    public long streamOffset;

    void reset(int start) {
        this.start = start;
        nameStart = nameEnd = publicIdStart = publicIdEnd = systemIdStart = systemIdEnd = -1;
        forceQuirks = false;
    }

    void shift(int delta) {
        start += delta;
        end += delta;
        if (nameStart >= 0) { nameStart += delta; nameEnd += delta; }
        if (publicIdStart >= 0) { publicIdStart += delta; publicIdEnd += delta; }
        if (systemIdStart >= 0) { systemIdStart += delta; systemIdEnd += delta; }
    }
}
