package org.htmlrewriter.content;

/**
 * Where something was in the input: the byte range {@code [start, end)} counted from the first byte written to the
 * rewriter. Content that has no bytes (an end tag implied by the HTML parsing rules) has an empty range at the place
 * it was implied. Immutable.
 */
public final class SourceLocation {
    private final long start;
    private final long end;

    /**
     * The range {@code [start, end)}.
     *
     * @param start offset of the first byte
     * @param end   offset just after the last byte
     * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
     */
    public SourceLocation(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range " + start + ".." + end);
        }
        this.start = start;
        this.end = end;
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
        return o instanceof SourceLocation && ((SourceLocation) o).start == start && ((SourceLocation) o).end == end;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
