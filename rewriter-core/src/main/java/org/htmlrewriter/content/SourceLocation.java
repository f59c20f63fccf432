package org.htmlrewriter.content;

/**
 * Where something was in the input: the byte range {@code [start, end)} counted from the first byte written to the
 * rewriter and, when the rewriter counts lines ({@code HtmlRewriter.Builder.countLines(true)}), the line and column
 * of its start. Content that has no bytes (an end tag implied by the HTML parsing rules) has an empty range at the
 * place it was implied. Immutable and thread-safe.
 */
public final class SourceLocation {
    private final long start;
    private final long end;
    /** 0 when lines were not counted. */
    private final long line;
    private final long column;

    /**
     * The range {@code [start, end)}.
     *
     * @param start offset of the first byte
     * @param end   offset just after the last byte
     * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
     */
    public SourceLocation(long start, long end) {
        this(start, end, 0, 0, true);
    }

    /**
     * The range {@code [start, end)}, starting at a line and column.
     *
     * @param start  offset of the first byte
     * @param end    offset just after the last byte
     * @param line   the 1-based line of {@code start}
     * @param column the 1-based column of {@code start}, in characters from the line's start
     * @throws IllegalArgumentException if {@code start < 0}, {@code end < start}, or line or column is below 1
     */
    public SourceLocation(long start, long end, long line, long column) {
        this(start, end, line, column, false);
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("bad line or column " + line + ":" + column);
        }
    }

    private SourceLocation(long start, long end, long line, long column, boolean unused) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
        this.start = start;
        this.end = end;
        this.line = line;
        this.column = column;
    }

    /** {@return whether {@link #line} and {@link #column} are known (the rewriter counted lines)} */
    public boolean hasLine() {
        return line > 0;
    }

    /**
     * The line of the start, from 1. Lines end at LF, CR and CRLF (one line break), as the HTML standard's newline
     * normalization reads them.
     *
     * @return the 1-based line of {@link #start}
     * @throws IllegalStateException if lines were not counted ({@code HtmlRewriter.Builder.countLines})
     */
    public long line() {
        requireLine();
        return line;
    }

    /**
     * The column of the start, from 1: the number of characters (code points in the document's charset) between
     * the line's start and {@link #start}, plus one.
     *
     * @return the 1-based column of {@link #start}
     * @throws IllegalStateException if lines were not counted ({@code HtmlRewriter.Builder.countLines})
     */
    public long column() {
        requireLine();
        return column;
    }

    private void requireLine() {
        if (line == 0) {
            throw new IllegalStateException("lines are not counted: turn it on with "
                    + "HtmlRewriter.Builder.countLines(true)");
        }
    }

    /** {@return offset of the first byte} */
    public long start() {
        return start;
    }

    /** {@return offset just after the last byte} */
    public long end() {
        return end;
    }

    /** {@return number of bytes} */
    public long length() {
        return end - start;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceLocation l && l.start == start && l.end == end && l.line == line
                && l.column == column;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(start) * 31 + Long.hashCode(end)) * 31 + Long.hashCode(line * 31 + column);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")" + (line > 0 ? " at " + line + ":" + column : "");
    }
}
