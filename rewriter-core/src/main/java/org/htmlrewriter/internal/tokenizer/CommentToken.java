package org.htmlrewriter.internal.tokenizer;

/**
 * A comment (regular, bogus, or a {@code <![CDATA[} outside foreign content) as ranges into {@link #buf}.
 * Reused by its tokenizer; valid only during the sink call.
 *
 * <p>The comment's data is exactly {@code buf[dataStart, dataEnd)} raw (NUL and CR not yet normalised):
 * for {@code <!--x-->} it is {@code x}, for {@code <?x>} it is {@code ?x}, for {@code </ x>} it is
 * {@code " x"}, for {@code <!x>} it is {@code x}.
 */
public final class CommentToken {
    public byte[] buf;
    /** Whole comment from {@code <} to just after its end (or end of input). */
    public int start, end;
    public int dataStart, dataEnd;
    /** True for {@code <!--...}; false for bogus comments. */
    public boolean regular;
    public long streamOffset;

    void shift(int delta) {
        start += delta;
        end += delta;
        dataStart += delta;
        dataEnd += delta;
    }
}
