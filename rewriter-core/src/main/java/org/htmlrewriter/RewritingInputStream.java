package org.htmlrewriter;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} that reads an HTML document from another stream and returns it rewritten: the pull-style
 * counterpart of {@link RewritingOutputStream}, for code that wants to read (a template engine's output, a file, an
 * HTTP body handed on as a stream).
 *
 * <pre>{@code
 * try (InputStream in = new RewritingInputStream(Files.newInputStream(page), settings)) {
 *     in.transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Buffering.</b> Each time its rewritten output runs dry, the stream reads at most one chunk (the
 * {@code chunkSize} given to the constructor, {@value #DEFAULT_CHUNK_SIZE} bytes by default) from the wrapped
 * stream and rewrites it. What it holds is therefore bounded by one chunk of input plus the rewriter's own held
 * bytes (the incomplete token at the chunk's end, bounded by the settings' memory limit) plus whatever content the
 * handlers insert while that chunk is rewritten: for handlers that insert bounded content, the stream's memory is
 * bounded whatever the document's size. Unchanged input is copied once, into that output buffer.
 *
 * <p><b>End of stream.</b> When the wrapped stream ends, the document is ended ({@link HtmlRewriter#end()}: content
 * owed to open elements and document-end handlers is produced); {@code read} returns {@code -1} once that output
 * has been read, and on every later call.
 *
 * <p><b>{@code available()}</b> returns how many rewritten bytes can be read without reading the wrapped stream (and
 * so without blocking): possibly 0 even though more will come.
 *
 * <p><b>Errors.</b> An {@link IOException} from the wrapped stream propagates as is; the document is not ended, and
 * reading again reads the wrapped stream again. A rewriting failure ({@link RewritingException}, unchecked: a
 * handler that threw, a memory limit, an ambiguity in strict mode) is thrown after the output produced before it
 * (a correct prefix of the result) has been read; from then on every {@code read} throws it again. With
 * {@linkplain HtmlRewriter.Builder#gracefulBailOut graceful bail-out} the rest of the input is passed through
 * unchanged instead, and {@link #failure()} tells what happened.
 *
 * <p><b>Ownership and threads.</b> This stream owns the wrapped stream: {@link #close()} closes it (without ending
 * the document: whatever was not read is dropped). Arrays passed to {@code read} are written during the call only.
 * Not thread-safe: one stream per document, read by one thread at a time.
 */
public final class RewritingInputStream extends InputStream {
    /** The default number of bytes read from the wrapped stream at a time: {@value}. */
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024;

    private final InputStream in;
    private final HtmlRewriter rewriter;
    private final OutputBuffer output;
    private final byte[] chunk;
    private boolean inputEnded;
    private boolean closed;
    private RuntimeException failure;

    /**
     * A stream reading {@code in} rewritten with a new rewriter made from {@code settings}, in chunks of
     * {@value #DEFAULT_CHUNK_SIZE} bytes.
     *
     * @param in       the stream the document is read from; closed by {@link #close()}
     * @param settings the rewriting configuration
     * @throws NullPointerException if either argument is null
     */
    public RewritingInputStream(InputStream in, RewriterSettings settings) {
        this(in, settings, DEFAULT_CHUNK_SIZE);
    }

    /**
     * A stream reading {@code in} rewritten with a new rewriter made from {@code settings}, reading at most
     * {@code chunkSize} bytes from {@code in} at a time.
     *
     * @param in        the stream the document is read from; closed by {@link #close()}
     * @param settings  the rewriting configuration
     * @param chunkSize how many bytes to read from {@code in} at a time, at least 1
     * @throws NullPointerException     if {@code in} or {@code settings} is null
     * @throws IllegalArgumentException if {@code chunkSize} is less than 1
     */
    public RewritingInputStream(InputStream in, RewriterSettings settings, int chunkSize) {
        this.in = Objects.requireNonNull(in, "in");
        Objects.requireNonNull(settings, "settings");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1: " + chunkSize);
        }
        this.chunk = new byte[chunkSize];
        this.output = new OutputBuffer(Math.min(chunkSize + 1024, OutputBuffer.RETAINED));
        this.rewriter = settings.newRewriter(output);
    }

    /**
     * Reads one rewritten byte.
     *
     * @return the byte (0 to 255), or -1 at the end of the document
     * @throws IOException         from the wrapped stream, or if this stream is closed
     * @throws RewritingException  if rewriting failed (after the output before the failure was read)
     */
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Reads up to {@code len} rewritten bytes, blocking (on the wrapped stream) until at least one is available or
     * the document ended.
     *
     * @param b   where to put them
     * @param off where in {@code b} to start
     * @param len at most how many to read
     * @return how many were read (at least 1 if {@code len > 0}), or -1 at the end of the document
     * @throws IOException               from the wrapped stream, or if this stream is closed
     * @throws RewritingException        if rewriting failed (after the output before the failure was read)
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return 0;
        }
        while (output.size() == 0) {
            if (failure != null) {
                throw failure;
            }
            if (inputEnded) {
                return -1;
            }
            fill();
        }
        return output.read(b, off, len);
    }

    /** Reads one chunk from the wrapped stream and rewrites it (or ends the document at its end). */
    private void fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        try {
            if (n < 0) {
                inputEnded = true;
                rewriter.end();
            } else {
                rewriter.write(chunk, 0, n);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Rewritten bytes that can be read without reading the wrapped stream (0 when more must be read first, or at the
     * end).
     *
     * @return how many bytes {@code read} can return without blocking
     * @throws IOException if this stream is closed
     */
    @Override
    public int available() throws IOException {
        ensureOpen();
        return output.size();
    }

    /**
     * Closes the wrapped stream and drops unread output (the document is not ended). Closing twice does nothing.
     *
     * @throws IOException from the wrapped stream
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        output.clear();
        rewriter.abort(); // lets go of what it holds (and its share of a shared memory budget) at once
        in.close();
    }

    /**
     * The failure graceful bail-out recovered from ({@link HtmlRewriter#failure()}), or {@code null}.
     *
     * @return the recovered failure, or {@code null}
     */
    public RewritingException failure() {
        return rewriter.failure();
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
