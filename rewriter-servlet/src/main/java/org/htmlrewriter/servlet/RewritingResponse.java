package org.htmlrewriter.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.RewritingRules;

/**
 * The response as the servlet sees it behind {@link HtmlRewritingFilter}: hands out a rewriting stream or writer,
 * holds back {@code Content-Length} until it knows whether the body is rewritten, and gives up rewriting on
 * {@code sendError}, {@code sendRedirect} and {@code reset}. Confined to one thread at a time, like the response.
 */
final class RewritingResponse extends HttpServletResponseWrapper {
    private final RewritingRules rules;
    private RewritingOutputStream stream;
    private PrintWriter writer;
    /** The charset the writer encodes in, or null while the servlet uses the stream (or neither). */
    private Charset writerCharset;
    /** A Content-Length the servlet set before the decision, applied if the body is not rewritten; -1: none. */
    private long heldContentLength = -1;
    /** Whether the body is rewritten; null until decided (at the first write, flush or flushBuffer). */
    private Boolean eligible;

    RewritingResponse(HttpServletResponse response, RewritingRules rules) {
        super(response);
        this.rules = rules;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() was already called");
        }
        return stream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() was already called");
            }
            String encoding = getCharacterEncoding();
            writerCharset = encoding == null ? DEFAULT_CHARSET : Charset.forName(encoding);
            setCharacterEncoding(writerCharset.name()); // declared in Content-Type, as the container's writer does
            writer = new PrintWriter(new OutputStreamWriter(stream(), writerCharset));
        }
        return writer;
    }

    private RewritingOutputStream stream() {
        if (stream == null) {
            stream = new RewritingOutputStream(this);
        }
        return stream;
    }

    /** The container's stream, which receives the rewritten (or untouched) body. */
    ServletOutputStream containerStream() throws IOException {
        return super.getOutputStream();
    }

    /**
     * Decides, once, before anything of the body is written or committed, whether it is rewritten; applies or drops a
     * held Content-Length accordingly.
     */
    boolean decide() {
        if (eligible == null) {
            eligible = eligibleNow();
            if (!eligible) {
                if (heldContentLength >= 0) {
                    super.setContentLengthLong(heldContentLength);
                }
            } else if (containsHeader("Content-Length")) {
                super.setHeader("Content-Length", null); // set before the filter ran
            }
            heldContentLength = -1;
        }
        return eligible;
    }

    /** Whether the status and headers, as they stand now, let the body be rewritten. */
    private boolean eligibleNow() {
        int status = getStatus();
        if (status < 200 || status > 299 || status == 204 || status == 205 || status == 206 || isCommitted()) {
            return false;
        }
        String encoding = getHeader("Content-Encoding");
        return (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity"))
                && settings() != null;
    }

    /**
     * The settings for the body's media type and charset (the writer's, else the Content-Type's), or null if it is not
     * to be rewritten.
     */
    RewriterSettings settings() {
        String contentType = getContentType();
        if (contentType == null) {
            return null;
        }
        if (writerCharset != null) {
            if (!rules.mediaTypes().contains(RewritingRules.mediaType(contentType))) {
                return null;
            }
            try {
                return rules.settingsFor(writerCharset);
            } catch (IllegalArgumentException e) {
                return null; // a charset the rewriter cannot work in: the body passes through
            }
        }
        return rules.settingsForContentType(contentType);
    }

    /** Ends the document (if it is being rewritten) and flushes; idempotent. */
    void finish() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (stream != null) {
            stream.finish();
        }
    }

    /** Gives up rewriting: what the rewriter holds is dropped and nothing more is written by the filter. */
    void abandon() {
        if (stream != null) {
            stream.abandon();
        }
    }


    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (eligible == null) {
            heldContentLength = len;
        } else if (!eligible) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (isContentLength(name)) {
            setContentLengthLong(value == null ? -1 : parseLength(value));
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (isContentLength(name)) {
            setContentLengthLong(parseLength(value));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    private static boolean isContentLength(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).equals("content-length");
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (stream != null) {
            stream.flush();
        } else {
            decide(); // the headers leave now: with or without Content-Length
        }
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandon();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandon();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandon();
        super.sendRedirect(location);
    }

    @Override
    public void reset() {
        super.reset();
        heldContentLength = -1;
        eligible = null;
        if (stream != null) {
            stream.restart();
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        if (stream != null) {
            stream.restart();
        }
    }

    /** The default charset of a servlet response without one, as the Servlet specification gives it. */
    static final Charset DEFAULT_CHARSET = StandardCharsets.ISO_8859_1;
}
