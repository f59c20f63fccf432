package org.htmlrewriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.htmlrewriter.internal.memory.MemoryPlan;
import org.htmlrewriter.internal.rewrite.AsyncHandlers;
import org.htmlrewriter.internal.rewrite.Charsets;
import org.htmlrewriter.internal.rewrite.CompiledSettings;
import org.htmlrewriter.internal.rewrite.RewriterEngine;
import org.htmlrewriter.internal.transcode.Utf16Transcoder;
import org.htmlrewriter.selectors.internal.Selector;
import org.htmlrewriter.selectors.internal.SelectorProgram;

/**
 * A streaming HTML rewriter for one document: feed it the document's bytes in chunks of any size with
 * {@link #write}, then call {@link #end}; the rewritten document goes to the {@link OutputSink} as it is produced.
 *
 * <pre>{@code
 * HtmlRewriter rewriter = HtmlRewriter.builder()
 *     .onElement("a[href^='http://']", el -> el.setAttribute("href", "https://" + el.getAttribute("href").substring(7)))
 *     .onElement("head", el -> el.append("<script src=/app.js></script>", ContentType.HTML))
 *     .build(out::write);
 * rewriter.write(chunk, 0, chunk.length);   // as often as needed
 * rewriter.end();
 * }</pre>
 *
 * <p><b>Streaming.</b> Everything that can be decided is written to the sink before {@code write} returns; the
 * rewriter keeps only an incomplete token at the end of a chunk (and what a handler needs whole), bounded by the
 * {@linkplain Builder#memoryLimit memory limit}. Output does not depend on how the input is split into chunks.
 *
 * <p><b>Buffers.</b> The chunk passed to {@code write} is read during the call only; unchanged parts of it are
 * handed to the sink as slices of that same array (for a UTF-16 document, in arrays of the rewriter's own), valid
 * during the sink call only.
 *
 * <p><b>Charsets.</b> The document's charset is the settings' ({@link Builder#charset}): ASCII-compatible charsets
 * are read as they are, UTF-16 is transcoded at the edges. {@link EncodingSniffer} finds a document's charset as
 * browsers do.
 *
 * <p><b>Errors.</b> Every failure is an unchecked {@link RewritingException}: {@link MemoryLimitExceededException},
 * {@link ParsingAmbiguityException} (strict mode), {@link HandlerException}. After one, the rewriter is poisoned:
 * {@code write} and {@code end} throw {@link IllegalStateException}. With {@linkplain Builder#gracefulBailOut
 * graceful bail-out} it instead writes the rest of the input unchanged and keeps passing input through, and
 * {@link #failure()} tells what happened. Output already written is always a correct prefix.
 *
 * <p><b>Threads.</b> Not thread-safe: one rewriter per document, used by one thread at a time. Not re-entrant:
 * calling {@code write}, {@code end} or {@code abort} from inside one of its own handlers (or its sink) throws
 * {@link IllegalStateException}.
 */
public final class HtmlRewriter {
    /** Gives a dropped rewriter's share of a shared memory budget back once it is unreachable. */
    static final Cleaner CLEANER = Cleaner.create();

    private final RewriterEngine engine;
    private final DocumentContext context;
    /** What the engine writes to: the caller's sink, or the UTF-16 transcoder in front of it. */
    private final OutputSink engineSink;
    /** For a UTF-16 document: the transcoding at the engine's edges; else null. */
    private final Utf16Transcoder utf16;
    private final Utf16Transcoder.Feed feed = this::feedEngine;
    private final boolean gracefulBailOut;
    private final Cleaner.Cleanable memoryRelease;
    private Throwable failure;
    private boolean bailedOut;
    private boolean ended;
    private boolean aborted;
    /** A call is running: a handler or the sink calling back in must not start another. */
    private boolean running;

    HtmlRewriter(CompiledSettings settings, OutputSink sink, Object attachment) {
        this(settings, Utf16Transcoder.forCharset(settings.charset(), sink), sink, attachment);
    }

    /**
     * A rewriter whose engine runs with {@code settings} as they are when {@code utf16} is null, else transcoded
     * ({@link CompiledSettings#forTranscodedInput()}) through {@code utf16}, which writes to {@code sink}.
     */
    private HtmlRewriter(CompiledSettings settings, Utf16Transcoder utf16, OutputSink sink, Object attachment) {
        requireSynchronous(settings);
        this.context = new DocumentContext(attachment);
        this.utf16 = utf16;
        this.engineSink = utf16 != null ? utf16 : sink;
        this.engine = new RewriterEngine(utf16 != null ? settings.forTranscodedInput() : settings, engineSink,
                context);
        this.gracefulBailOut = settings.gracefulBailOut();
        this.memoryRelease = settings.hasSharedMemory() ? CLEANER.register(this, engine.memoryReleaser()) : null;
    }

    private static void requireSynchronous(CompiledSettings settings) {
        if (settings.hasAsyncHandlers()) {
            throw new IllegalStateException("these settings have asynchronous handlers: rewrite with "
                    + "RewriterSettings.newAsyncRewriter");
        }
    }

    /** {@return a new builder for rewriters and {@link RewriterSettings}} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Rewrites {@code chunk[off, off + len)}, the next bytes of the document.
     *
     * @param chunk the array holding the next bytes of the document, read during this call only
     * @param off where those bytes start in {@code chunk}
     * @param len how many bytes there are
     * @throws RewritingException on a limit, an ambiguity (strict mode) or a handler failure
     * @throws IllegalStateException after {@link #end} or after an earlier failure
     */
    public void write(byte[] chunk, int off, int len) {
        Objects.checkFromIndexSize(off, len, chunk.length);
        checkUsable();
        running = true;
        try {
            if (utf16 != null) {
                utf16.write(chunk, off, len, feed);
                utf16.flushOutput();
            } else {
                feedEngine(chunk, off, len);
            }
        } finally {
            running = false;
        }
    }

    /** The engine's next input (transcoded, for a UTF-16 document); after a bail-out it goes out unchanged. */
    private void feedEngine(byte[] chunk, int off, int len) {
        if (bailedOut) {
            if (len > 0) {
                engineSink.write(chunk, off, len);
            }
            return;
        }
        try {
            engine.feed(chunk, off, len);
        } catch (RuntimeException | Error e) {
            fail(e);
        }
    }

    /**
     * Rewrites the whole array.
     *
     * @param chunk the array holding the next bytes of the document, read during this call only
     */
    public void write(byte[] chunk) {
        write(chunk, 0, chunk.length);
    }

    /**
     * Rewrites the buffer's remaining bytes (and consumes them). A direct buffer is copied once.
     *
     * @param buffer the next bytes of the document (its remaining bytes, consumed by this call)
     */
    public void write(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int n = buffer.remaining();
            write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
            buffer.position(buffer.position() + n);
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            write(copy, 0, copy.length);
        }
    }

    /**
     * Ends the document: writes what the end of input decides (content appended to elements still open,
     * document-end handlers' content).
     */
    public void end() {
        checkUsable();
        ended = true;
        running = true;
        try {
            if (utf16 != null) {
                utf16.endInput(feed);
            }
            if (!bailedOut) {
                try {
                    engine.finish();
                } catch (RuntimeException | Error e) {
                    fail(e);
                }
            }
            if (utf16 != null) {
                utf16.endOutput();
            }
        } finally {
            running = false;
            releaseMemory();
        }
    }

    /**
     * Abandons the document: nothing more is written to the sink (content waiting for end tags and document-end
     * handlers are dropped), what the rewriter holds is let go (including its share of a {@link MemoryBudget}),
     * and {@code write} and {@code end} throw {@link IllegalStateException} from now on. Output already written stays
     * what it was: a prefix of the rewritten document, which the caller should treat as truncated. For a transfer
     * that failed or was cancelled. Does nothing after {@link #end} or an earlier abort.
     *
     * @throws IllegalStateException if called from inside one of this rewriter's handlers or its sink
     */
    public void abort() {
        if (running) {
            throw new IllegalStateException("abort() called from inside a handler or the sink of the same rewriter");
        }
        if (ended || aborted) {
            return;
        }
        aborted = true;
        releaseMemory();
    }

    private void releaseMemory() {
        if (memoryRelease != null) {
            memoryRelease.clean();
        } else {
            engine.releaseMemory();
        }
    }

    /** {@return this document's state, which its handlers reach through their views' {@code context()}} */
    public DocumentContext context() {
        return context;
    }

    /** {@return the failure graceful bail-out recovered from, or {@code null}} */
    public RewritingException failure() {
        return bailedOut ? (RewritingException) failure : null;
    }

    /**
     * Bytes held between chunks right now (the incomplete token, the text tail, and a text node held whole for
     * text-node handlers).
     *
     * @return the number of bytes held
     */
    public long heldBytes() {
        return (bailedOut ? 0 : engine.heldBytes()) + (utf16 == null ? 0 : utf16.heldBytes());
    }

    private void checkUsable() {
        if (running) {
            throw new IllegalStateException("write() or end() called from inside a handler or the sink of the same "
                    + "rewriter: a rewriter is not re-entrant");
        }
        if (aborted) {
            throw new IllegalStateException("the rewriter was aborted");
        }
        if (ended) {
            throw new IllegalStateException("end() was already called");
        }
        if (failure != null && !bailedOut) {
            throw new IllegalStateException("the rewriter failed earlier: " + failure.getMessage(), failure);
        }
    }

    /**
     * The engine failed. A {@link RewritingException} (every handler failure becomes one, see
     * {@link HandlerException}) is recovered from with graceful bail-out; anything else (a bug of ours, a sink that
     * threw, the JVM out of memory) poisons the rewriter after the decided output was written.
     */
    private void fail(Throwable e) {
        failure = e;
        releaseMemory();
        if (gracefulBailOut && e instanceof RewritingException) {
            bailedOut = true;
            engine.bailOut();
            return;
        }
        engine.flushDecidedOutput(); // output decided before the failure is a correct prefix: write it
        if (utf16 != null) {
            try {
                utf16.flushOutput();
            } catch (RuntimeException ignored) {
                // the sink itself failed: there is nothing more to write
            }
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        throw (RuntimeException) e;
    }

    /**
     * Rewrites a whole document held in a string. A string has characters, not bytes, so the rewrite is
     * Unicode-exact whatever the settings: the characters are rewritten as they are (internally as UTF-8, whatever
     * the settings' charset), a {@code <meta>} naming a charset switches nothing ({@link
     * Builder#adjustCharsetOnMetaTag} has no effect here), inserted content keeps every character (none becomes a
     * numeric reference for want of a charset that has it), and what no handler changes comes back as it was,
     * unpaired surrogates included (handlers read those as U+FFFD).
     *
     * @param html the whole document
     * @param settings the rewriting configuration (its handlers and limits; its charset is not used)
     * @return the rewritten document
     * @throws RewritingException as {@link #write} and {@link #end} throw
     */
    public static String rewrite(String html, RewriterSettings settings) {
        if (!hasUnpairedSurrogate(html)) {
            // Valid Unicode: UTF-8 is exact both ways (and the engine's output of valid UTF-8 is valid UTF-8).
            ByteArrayOutputStream out = new ByteArrayOutputStream(html.length() + 64);
            HtmlRewriter r = new HtmlRewriter(settings.compiled().forTranscodedInput(), null, out::write, null);
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            r.write(in, 0, in.length);
            r.end();
            return out.toString(StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder(html.length() + 64);
        // The string's UTF-16 code units, rewritten as a UTF-16BE document: exact both ways, unpaired surrogates too.
        OutputSink chars = (b, off, len) -> {
            for (int i = off; i + 1 < off + len; i += 2) {
                out.append((char) (((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF)));
            }
        };
        HtmlRewriter r = new HtmlRewriter(settings.compiled(),
                Utf16Transcoder.forCharset(StandardCharsets.UTF_16BE, chars), chars, null);
        byte[] piece = new byte[2 * Math.min(html.length(), 8 * 1024)];
        for (int start = 0; start < html.length(); start += piece.length / 2) {
            int n = Math.min(piece.length / 2, html.length() - start);
            for (int i = 0; i < n; i++) {
                char c = html.charAt(start + i);
                piece[2 * i] = (byte) (c >> 8);
                piece[2 * i + 1] = (byte) c;
            }
            r.write(piece, 0, 2 * n);
        }
        r.end();
        return out.toString();
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Rewrites everything {@code in} delivers into {@code out}, in chunks of 16 KiB. Neither stream is closed.
     *
     * @param in the stream the document is read from (not closed)
     * @param out the stream the rewritten document is written to (not closed)
     * @param settings the rewriting configuration
     * @throws IOException from either stream
     */
    public static void rewrite(InputStream in, OutputStream out, RewriterSettings settings) throws IOException {
        HtmlRewriter r = settings.newRewriter((b, off, len) -> {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                r.write(buf, 0, n);
            }
            r.end();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Configures handlers and limits. Handlers for the same node run in registration order. Not thread-safe; the
     * {@link RewriterSettings} it makes is.
     */
    public static final class Builder {
        /** Default memory limit: {@value} bytes (16 MiB). */
        public static final long DEFAULT_MEMORY_LIMIT = MemoryPlan.DEFAULT_LIMIT;

        private Charset charset = StandardCharsets.UTF_8;
        /** Namespace prefixes declared so far, for the selectors registered after them. */
        private final Map<String, String> namespaces = new HashMap<>();
        private final List<Selector> selectors = new ArrayList<>();
        private final List<ElementHandler> elementHandlers = new ArrayList<>();
        private final List<CommentHandler> commentHandlers = new ArrayList<>();
        private final List<TextHandler> textHandlers = new ArrayList<>();
        private final List<TextNodeHandler> textNodeHandlers = new ArrayList<>();
        private final List<DoctypeHandler> documentDoctype = new ArrayList<>();
        private final List<CommentHandler> documentComments = new ArrayList<>();
        private final List<TextHandler> documentText = new ArrayList<>();
        private final List<TextNodeHandler> documentTextNodes = new ArrayList<>();
        private final List<DocumentEndHandler> documentEnd = new ArrayList<>();
        private MemoryPlan memory = MemoryPlan.forRewriter(DEFAULT_MEMORY_LIMIT);
        private boolean gracefulBailOut;
        private boolean strict;
        private boolean scriptingEnabled = true;
        private boolean bodyFragment;
        private boolean adjustCharsetOnMetaTag;
        private boolean esiTags;
        private boolean countLines;
        private MemoryBudget sharedMemoryBudget;

        Builder() {
        }

        /**
         * The document's charset (default UTF-8): any ASCII-compatible charset (UTF-8, windows-125x, ISO-8859-x,
         * KOI8, Shift_JIS, EUC-JP, EUC-KR, GBK, gb18030, Big5, ...), or UTF-16.
         *
         * <p><b>UTF-16</b> ({@link StandardCharsets#UTF_16LE}, {@link StandardCharsets#UTF_16BE}, or
         * {@link StandardCharsets#UTF_16}: the byte order of a byte order mark at the start, little-endian without
         * one, as browsers read the {@code utf-16} label) is transcoded at the edges: the engine reads the document
         * as UTF-8 and its output is encoded back to UTF-16 in the input's byte order, so output is UTF-16 with the
         * byte order mark if the input had one. Writes may split the input anywhere, even inside a code unit or a
         * surrogate pair. When no handler changes anything the output is the input's bytes exactly, including
         * unpaired surrogates and an odd trailing byte (which handlers read as U+FFFD, as a UTF-16 decoder does;
         * if content is added after an odd trailing byte, the byte goes out as U+FFFD). A {@code <meta>} never
         * changes a UTF-16 document's charset (the HTML standard's rule), so {@link OutputSink#charsetChanged} is
         * never called for one. Memory: the {@linkplain #memoryLimit limit} counts what the engine holds in its
         * UTF-8 form (non-ASCII text takes up to 1.5 times its UTF-16 size there, ASCII half); the transcoding adds
         * 14 KiB of fixed buffers and holds at most 7 bytes between writes (in {@link HtmlRewriter#heldBytes()}).
         * {@link org.htmlrewriter.content.SourceLocation} offsets count bytes of that UTF-8 form. Output arrays are
         * the rewriter's own, never slices of the input.
         *
         * @param charset the documents' charset, ASCII-compatible or UTF-16
         * @return this builder
         * @throws IllegalArgumentException for UTF-32, ISO-2022-JP and other charsets in which markup is not ASCII
         *         bytes (transcode such documents to UTF-8 first)
         */
        public Builder charset(Charset charset) {
            Objects.requireNonNull(charset, "charset");
            if (!Charsets.isAsciiCompatible(charset) && !Utf16Transcoder.isUtf16(charset)) {
                throw new IllegalArgumentException(charset.name() + " is not supported: the rewriter reads markup "
                        + "as ASCII bytes (or transcodes UTF-16); transcode the document to UTF-8 first");
            }
            this.charset = charset;
            return this;
        }

        /**
         * Declares a namespace prefix for the selectors registered after this call, as a CSS {@code @namespace}
         * rule does: {@code prefix|name} then means {@code name} in namespace {@code uri}, for elements
         * ({@code svg|rect}, {@code svg|*}: foreign content only) and attributes ({@code [xlink|href]}). Prefixes
         * are case-sensitive; declaring one again changes it for the selectors registered afterwards. A selector
         * using a prefix not declared before it is registered throws {@code SelectorSyntaxException}. Without a
         * prefix, or with {@code *|}, a type selector matches elements of any namespace ({@code rect} matches an
         * SVG {@code rect} and an HTML one); {@code |E} and {@code |*} match nothing (every element of an HTML
         * document has a namespace); an attribute selector without a prefix matches attributes in no namespace,
         * which on SVG and MathML elements excludes {@code xlink:href}, {@code xml:lang} and {@code xmlns}: write
         * {@code [xlink|href]} or {@code [*|href]}. The URIs are in
         * {@link org.htmlrewriter.selectors.Namespaces}. No default namespace can be declared.
         *
         * <pre>{@code
         * RewriterSettings settings = HtmlRewriter.builder()
         *     .namespace("svg", Namespaces.SVG)
         *     .namespace("xlink", Namespaces.XLINK)
         *     .onElement("svg|a[xlink|href]", el -> el.removeAttribute("xlink:href"))
         *     .settings();
         * }</pre>
         *
         * @param prefix the prefix, as the selectors write it (a CSS identifier; not empty)
         * @param uri    the namespace URI, compared as a string; {@code ""} means no namespace
         * @return this builder
         * @throws IllegalArgumentException if {@code prefix} is empty
         */
        public Builder namespace(String prefix, String uri) {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(uri, "uri");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("the empty namespace prefix cannot be declared: '|name' means no"
                        + " namespace, and no default namespace can be declared");
            }
            namespaces.put(prefix, uri);
            return this;
        }

        private Builder register(String selector, ElementHandler e, CommentHandler c, TextHandler t) {
            return register(selector, e, c, t, null);
        }

        private Builder register(String selector, ElementHandler e, CommentHandler c, TextHandler t,
                TextNodeHandler n) {
            selectors.add(Selector.parse(Objects.requireNonNull(selector, "selector"), namespaces));
            elementHandlers.add(e);
            commentHandlers.add(c);
            textHandlers.add(t);
            textNodeHandlers.add(n);
            return this;
        }

        /**
         * Calls {@code handler} for every element matching {@code selector}, when its start tag streams past.
         *
         * @param selector a CSS selector
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         * @throws org.htmlrewriter.selectors.SelectorSyntaxException if the selector is invalid or needs what a
         *         stream cannot know (such as {@code :last-child})
         */
        public Builder onElement(String selector, ElementHandler handler) {
            return register(selector, Objects.requireNonNull(handler, "handler"), null, null);
        }

        /**
         * Calls the asynchronous {@code handler} for every element matching {@code selector}, when its start tag
         * streams past: the rewriter waits for the stage it returns before processing anything after the element (see
         * {@link AsyncElementHandler}). Settings with an asynchronous handler run in an {@link AsyncHtmlRewriter} only
         * ({@link RewriterSettings#newAsyncRewriter}); they mix freely with synchronous handlers, which run in
         * registration order with them.
         *
         * @param selector a CSS selector
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         * @throws org.htmlrewriter.selectors.SelectorSyntaxException if the selector is invalid or needs what a
         *         stream cannot know
         */
        public Builder onElementAsync(String selector, AsyncElementHandler handler) {
            return register(selector, new AsyncHandlers.ElementCall(Objects.requireNonNull(handler, "handler")),
                    null, null);
        }

        /**
         * Calls {@code handler} for every comment inside an element matching {@code selector}.
         *
         * @param selector a CSS selector
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onComment(String selector, CommentHandler handler) {
            return register(selector, null, Objects.requireNonNull(handler, "handler"), null);
        }

        /**
         * Calls {@code handler} for every text chunk inside an element matching {@code selector}.
         *
         * @param selector a CSS selector
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onText(String selector, TextHandler handler) {
            return register(selector, null, null, Objects.requireNonNull(handler, "handler"));
        }

        /**
         * Calls {@code handler} once for every whole text node inside an element matching {@code selector}, when the
         * node ends (see {@link org.htmlrewriter.content.TextNode}). The node's bytes are held from its first byte
         * until then, within the {@linkplain #memoryLimit memory limit}: a longer node fails the document with
         * {@link MemoryLimitExceededException} (with {@linkplain #gracefulBailOut graceful bail-out}, the held bytes
         * and the rest of the input pass through unchanged). Text-node handlers run before the text-chunk handlers of
         * the same node, which then see the node (unless a text-node handler removed or replaced it) in one or a few
         * chunks, inside the text-node handlers' {@code before} and {@code after} content.
         *
         * @param selector a CSS selector
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         * @throws org.htmlrewriter.selectors.SelectorSyntaxException if the selector is invalid or needs what a
         *         stream cannot know
         */
        public Builder onTextNode(String selector, TextNodeHandler handler) {
            return register(selector, null, null, null, Objects.requireNonNull(handler, "handler"));
        }

        /**
         * Calls {@code handler} for the document's DOCTYPE.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentDoctype(DoctypeHandler handler) {
            documentDoctype.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Calls {@code handler} for every comment of the document.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentComment(CommentHandler handler) {
            documentComments.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Calls {@code handler} for every text chunk of the document.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentText(TextHandler handler) {
            documentText.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Calls {@code handler} once for every whole text node of the document, when the node ends; as
         * {@link #onTextNode}, after the selector-scoped text-node handlers of the node.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentTextNode(TextNodeHandler handler) {
            documentTextNodes.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Calls {@code handler} once at the end of the document.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentEnd(DocumentEndHandler handler) {
            documentEnd.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Calls the asynchronous {@code handler} once at the end of the document; the document ends when its stage
         * completes (see {@link AsyncDocumentEndHandler}). Only for an {@link AsyncHtmlRewriter}, as
         * {@link #onElementAsync}.
         *
         * @param handler the handler, called on the thread running the rewriter
         * @return this builder
         */
        public Builder onDocumentEndAsync(AsyncDocumentEndHandler handler) {
            documentEnd.add(new AsyncHandlers.DocumentEndCall(Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /**
         * Bounds what a rewriter keeps on the heap beyond its fixed size: the incomplete token (its bytes and
         * attribute offsets; {@link HtmlRewriter#heldBytes()} never exceeds the limit), the text tail, a text node
         * held whole for {@linkplain #onTextNode text-node handlers}, the open elements with their selector state and
         * handler state, content waiting for an end tag, and what a handler
         * asks for while it runs (attribute lists). The retained heap of a rewriter stays within about 1.25 times
         * the limit plus its fixed size (a few KB, and a few bytes per selector state). Exceeding it throws
         * {@link MemoryLimitExceededException}. Default {@value #DEFAULT_MEMORY_LIMIT}; at least 1024.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder memoryLimit(long bytes) {
            this.memory = MemoryPlan.forRewriter(bytes);
            return this;
        }

        /**
         * Counts what every rewriter made from these settings keeps against {@code budget} too, on top of its own
         * {@linkplain #memoryLimit limit}: for servers rewriting many documents at once (see {@link MemoryBudget}).
         * Default: none ({@code null}).
         *
         * @param budget the shared budget, or null for none
         * @return this builder
         */
        public Builder sharedMemoryBudget(MemoryBudget budget) {
            this.sharedMemoryBudget = budget;
            return this;
        }

        /**
         * On a failure, write the rest of the input unchanged instead of throwing (the page is still served,
         * partly rewritten); {@link HtmlRewriter#failure()} tells what failed. Default false.
         *
         * @param enabled {@code true} to turn it on
         * @return this builder
         */
        public Builder gracefulBailOut(boolean enabled) {
            this.gracefulBailOut = enabled;
            return this;
        }

        /**
         * Strict parsing: throw {@link ParsingAmbiguityException} where, without building a tree, the rewriter
         * cannot be sure how a browser tokenizes what follows (a {@code <script>} inside {@code <select>}, ...).
         * Default false: make the browser's most likely choice. Where that choice is raw text (or a CDATA section)
         * that a browser might read as normal content, content inserted there as
         * {@link org.htmlrewriter.content.ContentType#TEXT TEXT} is escaped as for normal content, so it never
         * becomes markup whichever way a browser reads it (if the guess was right, the escapes show as written).
         *
         * @param enabled {@code true} to turn it on
         * @return this builder
         */
        public Builder strict(boolean enabled) {
            this.strict = enabled;
            return this;
        }

        /**
         * Whether to parse as a browser with scripting enabled (default): {@code <noscript>} content is then raw
         * text. With false, {@code <noscript>} content is parsed as markup.
         *
         * @param enabled {@code true} to turn it on
         * @return this builder
         */
        public Builder scriptingEnabled(boolean enabled) {
            this.scriptingEnabled = enabled;
            return this;
        }

        /**
         * Whether the input is a fragment of body content (a snippet from a template or a CMS, an email body) rather
         * than a document. Default false: the input is a document, and selectors see the elements a browser's tree
         * has even where the page omits their tags: {@code html}, {@code head} and {@code body}, {@code tbody} in
         * tables ({@link org.htmlrewriter.content.Element#isImplied()}). With true, the input is read as the HTML
         * standard's fragment parsing reads content for a {@code body} element: no html, head or body is implied,
         * the top-level elements are the roots ({@code :root}), and {@code <html>}, {@code <head>} and
         * {@code <body>} tags in it are not elements.
         *
         * @param enabled {@code true} for body fragments
         * @return this builder
         */
        public Builder bodyFragment(boolean enabled) {
            this.bodyFragment = enabled;
            return this;
        }

        /**
         * Treat the Edge Side Includes tags {@code esi:include} and {@code esi:comment} as void elements, as
         * lol-html's {@code enable_esi_tags} does: they never have content, so they are never ancestors of what
         * follows them (a selector {@code esi\:include span} matches nothing), {@link
         * org.htmlrewriter.content.Element#canHaveContent()} is false for them, and
         * {@link org.htmlrewriter.content.Element#replace} replaces the start tag alone. A following
         * {@code </esi:include>} closes nothing and is written as it is. Names are matched ASCII
         * case-insensitively, for HTML elements only (in SVG or MathML they are foreign elements as before). Other
         * {@code esi:} tags ({@code esi:try}, {@code esi:choose}, ...) have content and stay ordinary elements.
         * Default false: they are ordinary elements, as in a browser's tree.
         *
         * @param enabled {@code true} to treat ESI tags as void
         * @return this builder
         */
        public Builder esiTags(boolean enabled) {
            this.esiTags = enabled;
            return this;
        }

        /**
         * Count lines and columns, so that every {@link org.htmlrewriter.content.SourceLocation} handlers see has
         * {@link org.htmlrewriter.content.SourceLocation#line() line()} and
         * {@link org.htmlrewriter.content.SourceLocation#column() column()} (1-based; columns in characters of the
         * document's charset; LF, CR and CRLF end a line). Default false: they then throw
         * {@link IllegalStateException}. Counting reads every input byte once more and keeps a copy of the bytes the
         * rewriter itself still holds (charged to the memory limit), so it is off unless asked for: bytes already
         * written out are gone, and a position asked later could not be counted from them.
         *
         * @param enabled {@code true} to count lines
         * @return this builder
         */
        public Builder countLines(boolean enabled) {
            this.countLines = enabled;
            return this;
        }

        /**
         * Switch the charset at the first {@code <meta charset>} or {@code <meta http-equiv="content-type">} that
         * names a supported ASCII-compatible charset, and tell the sink ({@link OutputSink#charsetChanged}).
         * Default false.
         *
         * @param enabled {@code true} to turn it on
         * @return this builder
         */
        public Builder adjustCharsetOnMetaTag(boolean enabled) {
            this.adjustCharsetOnMetaTag = enabled;
            return this;
        }

        /**
         * Compiles the configuration; the builder may be reused afterwards.
         *
         * @return the compiled settings, immutable and thread-safe
         */
        public RewriterSettings settings() {
            SelectorProgram program = selectors.isEmpty() ? null : SelectorProgram.compile(selectors);
            return new RewriterSettings(new CompiledSettings(charset, program,
                    elementHandlers.toArray(new ElementHandler[0]), commentHandlers.toArray(new CommentHandler[0]),
                    textHandlers.toArray(new TextHandler[0]), textNodeHandlers.toArray(new TextNodeHandler[0]),
                    documentDoctype, documentComments, documentText, documentTextNodes, documentEnd, memory,
                    gracefulBailOut, strict, scriptingEnabled, bodyFragment, adjustCharsetOnMetaTag,
                    sharedMemoryBudget == null ? null : sharedMemoryBudget.pool(), esiTags, countLines));
        }

        /**
         * A rewriter for one document writing to {@code sink}: {@code settings().newRewriter(sink)}.
         *
         * @param sink receives the rewritten document
         * @return a new rewriter
         */
        public HtmlRewriter build(OutputSink sink) {
            return settings().newRewriter(sink);
        }
    }
}
