package org.htmlrewriter.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.htmlrewriter.RewritingRules;

/**
 * A Jakarta Servlet (6.0 or later) {@link Filter} that rewrites the HTML responses of the servlets behind it, in
 * any servlet container, as they are written: the response's {@code getOutputStream()} and {@code getWriter()} are
 * wrapped, and what the servlet writes reaches the client rewritten, chunk by chunk.
 *
 * <pre>{@code
 * RewritingRules rules = RewritingRules.of(b -> b
 *     .onElement("head", el -> el.append("<script src=\"/inject.js\"></script>", ContentType.HTML)));
 * servletContext.addFilter("htmlrewriter", new HtmlRewritingFilter(rules))
 *     .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
 * }</pre>
 *
 * <p><b>Which responses.</b> The decision is made when the servlet first writes (or flushes) the body: a response
 * is rewritten if its status is 2xx other than 204, 205 and 206, its {@code Content-Type} is one of the rules'
 * media types ({@code text/html} by default), it has no {@code Content-Encoding} (other than {@code identity}), and
 * its charset is one the rewriter works in (ASCII-compatible, or UTF-16, which is rewritten in UTF-16 with its byte
 * order and byte order mark kept). The charset is the response's: for a servlet using
 * {@code getWriter()}, the character encoding the writer encodes with ({@link ServletResponse#getCharacterEncoding()},
 * made explicit in the {@code Content-Type} header); for one using {@code getOutputStream()}, the {@code charset}
 * parameter of the {@code Content-Type} it set, or UTF-8 if it set none. Everything else passes through untouched:
 * other types, {@code HEAD} requests, 204/304 and error statuses, {@code sendError}/{@code sendRedirect}, compressed
 * bodies, responses already committed when the filter is reached.
 *
 * <p><b>Headers.</b> A rewritten response has no {@code Content-Length} (rewriting changes the length; the container
 * then sends it chunked or closes the connection): lengths set by the servlet are dropped, and applied as given if
 * the response turns out not to be rewritten.
 *
 * <p><b>Streaming and flushing.</b> Each write is rewritten at once and its output written to the container's
 * stream, so output leaves as the servlet produces it: nothing is buffered beyond one write's output and the
 * rewriter's incomplete token (bounded by the rules' memory limit). {@code flush()} and {@code flushBuffer()} push
 * out everything decided so far (an incomplete tag at the end of what was written stays held until the next write).
 * The document is ended (content owed to open elements, document-end handlers) when the servlet closes the stream
 * or writer, when its request returns (synchronous servlets), or when its {@code AsyncContext.complete()} is called
 * (asynchronous servlets).
 *
 * <p><b>Asynchronous servlets.</b> Blocking writes from any thread work as usual (one thread at a time, as the
 * Servlet API requires). Non-blocking writes ({@code setWriteListener}) work too: each write is handed to the
 * container as one write of its rewritten output, so {@code isReady()} keeps its meaning. Map the filter for the
 * {@code ASYNC} dispatcher type too if the async work dispatches back into the container.
 *
 * <p><b>Failures.</b> A rewriting failure (a handler throwing, the memory limit) surfaces from the servlet's
 * {@code write}, {@code flush} or {@code close} as an {@link IOException} whose cause is the
 * {@link org.htmlrewriter.RewritingException}; what was written before it is a correct prefix of the result. With
 * graceful bail-out in the rules, the rest of the body passes through unchanged instead. When the servlet fails
 * (throws), the document is not ended: the container's error handling sees the response as the servlet left it.
 *
 * <p><b>Compression.</b> The filter must see the body uncompressed: register it after (inside) any filter that
 * compresses, or let the container compress (Jetty's {@code GzipHandler}, Tomcat's connector compression), which
 * happens after every filter. A body that is already compressed when it reaches the filter carries a
 * {@code Content-Encoding} and passes through untouched.
 *
 * <p><b>Threads and ownership.</b> The filter is immutable and thread-safe: one instance serves every request; each
 * response gets its own rewriter. The rules' handlers run on the threads that write the responses, several at once.
 * Arrays the servlet passes to {@code write} are read during the call only.
 */
public final class HtmlRewritingFilter implements Filter {
    private final RewritingRules rules;

    /**
     * A filter rewriting with {@code rules}.
     *
     * @param rules the rewriting rules (compiled once per charset met)
     * @throws NullPointerException if {@code rules} is null
     */
    public HtmlRewritingFilter(RewritingRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Rewrites the response if it is eligible (see the class description), else passes the exchange on untouched.
     *
     * @param request  the request
     * @param response the response
     * @param chain    the rest of the chain
     * @throws IOException      from the chain, or a rewriting failure while ending the document
     * @throws ServletException from the chain
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)
                || "HEAD".equals(((HttpServletRequest) request).getMethod()) || response.isCommitted()) {
            chain.doFilter(request, response);
            return;
        }
        RewritingResponse wrapped = new RewritingResponse((HttpServletResponse) response, rules);
        RewritingRequest req = new RewritingRequest((HttpServletRequest) request, wrapped);
        try {
            chain.doFilter(req, wrapped);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            wrapped.abandon();
            throw e;
        }
        if (!req.isAsyncStarted()) {
            wrapped.finish();
        }
    }
}
