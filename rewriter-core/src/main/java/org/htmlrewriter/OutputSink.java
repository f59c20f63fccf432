package org.htmlrewriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Objects;

/**
 * Receives the rewritten document, in order, as it is produced.
 *
 * <p>Buffer ownership: the array passed to {@link #write} belongs to the rewriter or to the caller of
 * {@link HtmlRewriter#write} (unchanged input leaves as slices of the input array). It is valid only during the call;
 * copy what you keep. Called only from the thread calling {@code write}/{@code end}.
 *
 * <p>Threads: a sink is called by one rewriter, from the thread using that rewriter; it need not be thread-safe
 * unless it is shared between rewriters.
 */
@FunctionalInterface
public interface OutputSink {
    /**
     * A sink writing to {@code out}. The stream is neither flushed nor closed by the rewriter: flush or close it after
     * {@link HtmlRewriter#end()}. The stream receives slices of arrays valid only during its {@code write} call (it
     * must not keep them, as {@link OutputStream} implementations do not). Not thread-safe beyond what {@code out} is.
     *
     * <p>An {@link IOException} from {@code out} is rethrown, from {@link HtmlRewriter#write} or
     * {@link HtmlRewriter#end}, as an {@link UncheckedIOException} whose cause it is; the rewriter is then poisoned,
     * as after any failure (with graceful bail-out it is not recovered from either: the sink itself failed).
     *
     * <pre>{@code
     * HtmlRewriter rewriter = settings.newRewriter(OutputSink.of(out));
     * }</pre>
     *
     * @param out the stream receiving the rewritten document
     * @return a sink writing to {@code out}
     * @throws NullPointerException if {@code out} is null
     */
    static OutputSink of(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return (b, off, len) -> {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * The next {@code len} bytes of output ({@code len > 0}).
     *
     * @param b   an array holding them; valid only during this call
     * @param off where they start in {@code b}
     * @param len how many there are
     */
    void write(byte[] b, int off, int len);

    /**
     * The document's charset changed (only with {@link HtmlRewriter.Builder#adjustCharsetOnMetaTag}): output from now
     * on is in {@code charset}. Never called for a UTF-16 document (a {@code <meta>} does not change its charset, as
     * in browsers: its output stays UTF-16 in the input's byte order) nor by {@link HtmlRewriter#rewrite(String,
     * RewriterSettings)}. The default does nothing.
     *
     * @param charset the charset of the output that follows
     */
    default void charsetChanged(Charset charset) {
    }
}
