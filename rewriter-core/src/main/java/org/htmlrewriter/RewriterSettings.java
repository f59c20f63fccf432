package org.htmlrewriter;

import java.nio.charset.Charset;
import java.util.Objects;
import org.htmlrewriter.internal.rewrite.CompiledSettings;

/**
 * A compiled rewriter configuration: selectors parsed and compiled into one matching program, handlers bound.
 * Made by {@link HtmlRewriter.Builder#settings()}; create one per configuration and a rewriter per document with
 * {@link #newRewriter(OutputSink)}, which is cheap (no selector parsing or compiling).
 *
 * <p>Immutable and thread-safe: many threads may call {@link #newRewriter} at once. The handlers it holds are
 * shared by every rewriter made from it, so they must be safe to call from those threads (stateless lambdas are).
 */
public final class RewriterSettings {
    private final CompiledSettings compiled;

    RewriterSettings(CompiledSettings compiled) {
        this.compiled = compiled;
    }

    CompiledSettings compiled() {
        return compiled;
    }

    /**
     * A new rewriter for one document, writing to {@code sink}.
     *
     * @param sink receives the rewritten document
     * @return a new rewriter
     * @throws NullPointerException if {@code sink} is null
     * @throws IllegalStateException if the settings have asynchronous handlers (use {@link #newAsyncRewriter})
     */
    public HtmlRewriter newRewriter(OutputSink sink) {
        return newRewriter(sink, null);
    }

    /**
     * A new rewriter for one document, writing to {@code sink}, whose handlers find {@code attachment} (what the
     * document comes with: a request, a user, a nonce; may be null) in its {@link DocumentContext}.
     *
     * @param sink       where the rewritten document goes
     * @param attachment what the document comes with, or null
     * @return the rewriter
     * @throws NullPointerException if {@code sink} is null
     */
    public HtmlRewriter newRewriter(OutputSink sink, Object attachment) {
        return new HtmlRewriter(compiled, Objects.requireNonNull(sink, "sink"), attachment);
    }

    /**
     * A new asynchronous rewriter for one document, writing to {@code sink}: for settings with asynchronous handlers
     * ({@link HtmlRewriter.Builder#onElementAsync}), though it runs any settings. Processing goes on, after a pending
     * handler's stage completes, on the thread that completed it.
     *
     * @param sink receives the rewritten document
     * @return a new rewriter
     * @throws NullPointerException if {@code sink} is null
     */
    public AsyncHtmlRewriter newAsyncRewriter(OutputSink sink) {
        return newAsyncRewriter(sink, null, null);
    }

    /**
     * A new asynchronous rewriter for one document, writing to {@code sink}.
     *
     * @param sink       where the rewritten document goes
     * @param attachment what the document comes with (found in its {@link DocumentContext}), or null
     * @param resumeOn   where processing goes on after a pending handler's stage completes (an event loop, say), or
     *                   null for the thread that completed the stage
     * @return the rewriter
     * @throws NullPointerException if {@code sink} is null
     */
    public AsyncHtmlRewriter newAsyncRewriter(OutputSink sink, Object attachment, java.util.concurrent.Executor resumeOn) {
        return new AsyncHtmlRewriter(compiled, Objects.requireNonNull(sink, "sink"), attachment, resumeOn);
    }

    /**
     * Whether some handler of these settings is asynchronous ({@link HtmlRewriter.Builder#onElementAsync},
     * {@link HtmlRewriter.Builder#onDocumentEndAsync}): then only {@link #newAsyncRewriter} can run them, and an
     * integration picks the asynchronous rewriter by this. An asynchronous end-tag handler registered at run time
     * ({@link org.htmlrewriter.content.Element#onEndTagAsync}) from a synchronous element handler is not known here:
     * settings whose only asynchronous handlers are such end-tag handlers answer {@code false}, so register their
     * element handler with {@code onElementAsync} (it may return a completed stage).
     *
     * @return true if the settings have an asynchronous element or document-end handler
     */
    public boolean hasAsyncHandlers() {
        return compiled.hasAsyncHandlers();
    }

    /**
     * The charset documents are read and written in (until a {@code <meta>} changes it, if so configured).
     *
     * @return the charset documents are read and written in (until a {@code <meta>} changes it, if so configured)
     */
    public Charset charset() {
        return compiled.charset();
    }
}
