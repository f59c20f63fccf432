package org.htmlrewriter;

import java.nio.charset.Charset;

/**
 * Receives the rewritten document, in order, as it is produced.
 *
 * <p>Buffer ownership: the array passed to {@link #write} belongs to the rewriter or to the caller of
 * {@link HtmlRewriter#write} (unchanged input leaves as slices of the input array). It is valid only during the call;
 * copy what you keep. Called only from the thread calling {@code write}/{@code end}.
 */
@FunctionalInterface
public interface OutputSink {
    /** The next {@code len} bytes of output ({@code len > 0}). */
    void write(byte[] b, int off, int len);

    /**
     * The document's charset changed (only with {@link HtmlRewriter.Builder#adjustCharsetOnMetaTag}): output from now
     * on is in {@code charset}. The default does nothing.
     */
    default void charsetChanged(Charset charset) {
    }
}
