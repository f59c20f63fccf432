package org.htmlrewriter.bench.api;

import org.htmlrewriter.OutputSink;

/**
 * An output sink that consumes what the rewriter writes by counting it and folding in one byte of each slice
 * (so the JIT cannot drop the writes). Confined to one thread; keeps no reference to the arrays it is handed.
 */
final class CountingOutputSink implements OutputSink {
    long bytes;
    long checksum;

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
        if (len > 0) {
            checksum += b[off];
        }
    }
}
