package org.htmlrewriter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.RewritingException;

/**
 * The body stream the servlet writes to behind {@link HtmlRewritingFilter}. At the first write (or flush, or close)
 * it asks the response whether the body is rewritten; from then on each write is either rewritten, its output
 * collected and handed to the container's stream as one write, or passed through as is. Confined to one thread at a
 * time, like the response.
 */
final class RewritingOutputStream extends ServletOutputStream {
    private enum State { UNDECIDED, REWRITING, PASSING_THROUGH, DONE }

    private final RewritingResponse response;
    private State state = State.UNDECIDED;
    private HtmlRewriter rewriter;
    /** One write's output, handed to the container in one write. */
    private byte[] out = new byte[8 * 1024];
    private int outLength;
    private ServletOutputStream container;

    RewritingOutputStream(RewritingResponse response) {
        this.response = response;
    }

    private ServletOutputStream container() throws IOException {
        if (container == null) {
            container = response.containerStream();
        }
        return container;
    }

    private void decide() throws IOException {
        if (state != State.UNDECIDED) {
            return;
        }
        RewriterSettings settings = response.decide() ? response.settings() : null;
        if (settings == null) {
            state = State.PASSING_THROUGH;
        } else {
            OutputSink collect = this::collect;
            rewriter = settings.newRewriter(collect);
            state = State.REWRITING;
        }
        container();
    }

    private void collect(byte[] b, int off, int len) {
        if (out.length - outLength < len) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + len));
        }
        System.arraycopy(b, off, out, outLength, len);
        outLength += len;
    }

    /** Hands what one write produced to the container as one write (and drops a large buffer afterwards). */
    private void drain() throws IOException {
        if (outLength > 0) {
            int n = outLength;
            outLength = 0;
            container.write(out, 0, n);
        }
        if (out.length > 64 * 1024) {
            out = new byte[8 * 1024];
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        decide();
        switch (state) {
            case PASSING_THROUGH:
                container.write(b, off, len);
                return;
            case REWRITING:
                try {
                    rewriter.write(b, off, len);
                } catch (RewritingException e) {
                    fail(e);
                }
                drain();
                return;
            default:
                throw new IOException("the response body was already ended");
        }
    }

    private void fail(RewritingException e) throws IOException {
        state = State.DONE;
        try {
            drain(); // the correct prefix written before the failure
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
        throw new IOException("HTML rewriting failed: " + e.getMessage(), e);
    }

    @Override
    public void flush() throws IOException {
        decide();
        if (state != State.DONE) {
            container.flush();
        }
    }

    /** Ends the document and closes the container's stream. */
    @Override
    public void close() throws IOException {
        finish();
        if (container != null) {
            container.close();
        }
    }

    /** Ends the document (if rewriting) and writes its end; idempotent. Does not close the container's stream. */
    void finish() throws IOException {
        if (state == State.UNDECIDED) {
            return; // no body was written: nothing to end
        }
        if (state == State.REWRITING) {
            state = State.DONE;
            try {
                rewriter.end();
            } catch (RewritingException e) {
                fail(e);
            }
            drain();
            container.flush();
        }
    }

    /** Stops rewriting: nothing more is written by the filter. */
    void abandon() {
        state = State.DONE;
        rewriter = null;
        outLength = 0;
    }

    /** After a reset of the response's buffer: the body starts again, as a new document. */
    void restart() {
        state = State.UNDECIDED;
        rewriter = null;
        outLength = 0;
    }

    @Override
    public boolean isReady() {
        try {
            return container().isReady();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        try {
            container().setWriteListener(listener);
        } catch (IOException e) {
            throw new IllegalStateException("the container's output stream is not available", e);
        }
    }
}
