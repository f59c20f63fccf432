package org.htmlrewriter;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An {@link OutputStream} filter that rewrites the HTML written to it: bytes written here are fed to a
 * {@link HtmlRewriter} whose output goes to the wrapped stream.
 *
 * <pre>{@code
 * try (OutputStream out = new RewritingOutputStream(response.getOutputStream(), settings)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Ending and aborting.</b> {@link #close()} ends the document: handlers for the end of input run and content
 * still owed to open elements is written, so the output is a whole document. When the input failed (a read error, a
 * cancelled transfer), call {@link #abort()} instead: it closes the wrapped stream without finishing the document,
 * so a cut-off page is not made to look complete. A write that failed also makes {@code close()} only close the
 * wrapped stream.
 *
 * <pre>{@code
 * RewritingOutputStream out = new RewritingOutputStream(response, settings);
 * try {
 *     in.transferTo(out);
 * } catch (IOException readOrWriteFailed) {
 *     out.abort();                 // the page is cut short: do not finish it
 *     throw readOrWriteFailed;
 * }
 * out.close();                     // the whole input went through: finish the document
 * }</pre>
 *
 * <p><b>Ownership.</b> This stream owns the wrapped stream: {@link #close()} and {@link #abort()} close it. Arrays passed to
 * {@code write} are read during the call only. The wrapped stream receives slices of those arrays (or of the
 * rewriter's own buffers) and must not keep them after its {@code write} returns, as {@link OutputSink} requires.
 *
 * <p><b>Flushing.</b> The rewriter writes everything it can decide before each {@code write} returns; only an
 * incomplete token at the end of what was written is held back (a partial tag, a partial character reference or
 * character, what a handler needs whole). {@link #flush()} flushes the wrapped stream; it cannot force out those
 * held bytes, which only the next {@code write} or {@link #close()} complete.
 *
 * <p><b>Errors.</b> An {@link IOException} from the wrapped stream propagates as that {@code IOException}.
 * Rewriting failures propagate as the unchecked {@link RewritingException}s of {@link HtmlRewriter#write}; after
 * one, the rewriter is poisoned (unless the settings ask for graceful bail-out), so further writes throw
 * {@link IllegalStateException}. {@code close()} still closes the wrapped stream when ending the document fails.
 *
 * <p><b>Threads.</b> Not thread-safe: one stream per document, used by one thread at a time (like the
 * {@link HtmlRewriter} it drives).
 */
public final class RewritingOutputStream extends FilterOutputStream {
    private final HtmlRewriter rewriter;
    private boolean closed;
    /** A write failed: the rewriter is poisoned, so close() only closes the wrapped stream. */
    private boolean failed;

    /**
     * A stream rewriting into {@code out} with a new rewriter made from {@code settings}.
     *
     * @param out the stream receiving the rewritten document; closed by {@link #close()}
     * @param settings the rewriting configuration
     * @throws NullPointerException if either argument is null
     */
    public RewritingOutputStream(OutputStream out, RewriterSettings settings) {
        super(Objects.requireNonNull(out, "out"));
        Objects.requireNonNull(settings, "settings");
        this.rewriter = settings.newRewriter((b, off, len) -> {
            try {
                this.out.write(b, off, len);
            } catch (IOException e) {
                throw new WrappedIOException(e);
            }
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        try {
            rewriter.write(b, off, len);
        } catch (WrappedIOException e) {
            failed = true;
            throw e.getCause();
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /** Flushes the wrapped stream (bytes the rewriter holds back for an incomplete token stay held). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    /**
     * Ends the document, then closes the wrapped stream (also when ending fails). Closing twice does nothing. After
     * a {@code write} failed, only closes the wrapped stream (the rewriter is poisoned).
     *
     * @throws IOException from the wrapped stream
     * @throws RewritingException when ending the document fails (the wrapped stream is closed anyway)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failed) {
            out.close();
            return;
        }
        try {
            rewriter.end();
        } catch (WrappedIOException e) {
            closeQuietlyAfter(e.getCause());
            throw e.getCause();
        } catch (RuntimeException e) {
            closeQuietlyAfter(e);
            throw e;
        }
        out.close();
    }

    /**
     * Ends without finishing the document (see {@link HtmlRewriter#abort()}): nothing more is written, the rewriter
     * lets go of what it holds, and the wrapped stream is closed. For when the input failed. Does nothing after
     * {@link #close()} or an earlier abort.
     *
     * @throws IOException from closing the wrapped stream
     */
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        rewriter.abort();
        out.close();
    }

    /** {@return the rewriter's recovered failure with graceful bail-out ({@link HtmlRewriter#failure()}), or null} */
    public RewritingException failure() {
        return rewriter.failure();
    }

    private void closeQuietlyAfter(Throwable primary) {
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }

    /** Carries the wrapped stream's IOException through the rewriter's unchecked sink call. */
    private static final class WrappedIOException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        WrappedIOException(IOException cause) {
            super(cause);
        }
    }
}
