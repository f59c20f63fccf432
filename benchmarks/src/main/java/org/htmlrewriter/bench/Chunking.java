package org.htmlrewriter.bench;

/**
 * The chunk-size parameter of the streaming benchmarks: a number of bytes ({@code "1024"}, {@code "16384"}) or
 * {@value #WHOLE} (the whole document in one write). Stateless.
 */
public final class Chunking {
    public static final String WHOLE = "whole";

    private Chunking() {
    }

    /** The chunk size in bytes, {@link Integer#MAX_VALUE} for {@value #WHOLE}. */
    public static int parse(String chunk) {
        if (chunk.equals(WHOLE)) {
            return Integer.MAX_VALUE;
        }
        int size = Integer.parseInt(chunk);
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunk);
        }
        return size;
    }
}
