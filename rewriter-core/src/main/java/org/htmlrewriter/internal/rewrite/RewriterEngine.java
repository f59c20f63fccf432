package org.htmlrewriter.internal.rewrite;

import static org.htmlrewriter.internal.rewrite.TextChunker.ASK_TOKENIZER;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntConsumer;
import org.htmlrewriter.DocumentContext;
import org.htmlrewriter.DocumentEndHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.TokenSink;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.internal.treesim.QuirksMode;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import org.htmlrewriter.selectors.internal.ClosedElementListener;
import org.htmlrewriter.selectors.internal.Closing;
import org.htmlrewriter.selectors.internal.MatchingStack;
import org.htmlrewriter.selectors.internal.MemoryMeter;
import org.htmlrewriter.selectors.internal.StackDepthExceededException;

/**
 * One document's rewriting: receives the tokenizer's ranges, keeps the open-element stack, calls handlers through
 * views, and writes the output.
 *
 * <p>Output discipline: unchanged input leaves as slices of the caller's chunk (adjacent slices coalesced into one
 * sink call, flushed before {@link #feed} returns); changed or inserted content is encoded into fresh arrays.
 * Content inside an element whose content was removed is dropped ({@link OutputEmitter#suppressDepth}).
 *
 * <p>Not thread-safe: one instance per document, driven by one thread.
 */
public final class RewriterEngine implements TokenSink {
    private final CompiledSettings settings;
    /** What the views need of the document: charset, encoder, tokenizer, document context, source locations. */
    private final ViewContext views;
    /** Everything this document keeps beyond the engine's fixed size is charged here. */
    private final MemoryAccount account;
    private final Tokenizer tokenizer;
    private final TreeBuilderSimulator simulator;
    private final MatchingStack stack;
    /** Text: the node in progress, its chunks for the text handlers, the held tail (package-private for tests). */
    final TextChunker chunker;

    /** The output: coalesced input slices, inserted content, the insertion point, how far the output is final. */
    private final OutputEmitter emitter;
    /** Per open element (by depth): what must happen when it closes, or null. Charged beyond 16 slots. */
    private ElementFrame[] frames = new ElementFrame[16];
    /** Calls the handlers that apply, and counts the scopes of the selector-scoped ones. */
    private final HandlerDispatcher dispatcher;

    /** Budget kept for the text tail: {@link TextChunker#MAX_CARRY} when text handlers are registered, else 0. */
    private final int textTailReserve;
    /** Counts lines and columns for source locations ({@code Builder.countLines}), or null. */
    private final LineCounter lines;
    private boolean charsetAdjusted;

    // Per start tag
    private final int[] matched;
    private int matchedCount;
    private final IntConsumer matchedCollector = this::collectMatch;
    private final ClosedElementListener closedListener = new ClosedElementListener() {
        @Override
        public void closed(int depth, Closing how) {
            stackClosed(depth, how);
        }

        @Override
        public void impliedOpened(int depth, String localName) {
            RewriterEngine.this.impliedOpened(depth, localName);
        }
    };
    private TagToken currentEndTag;
    private boolean endTagWritten;
    /** Where the token being handled starts: the place of implied end tags. */
    private long currentTokenOffset;
    /**
     * The tokenizer state at {@link #currentTokenOffset} (before the token; at the end of input, the state there), as
     * the tokenizer keeps it: read through {@link #currentTokenState()}.
     */
    private int currentTokenState;

    private int currentTokenState() {
        return InsertionStates.canonical(currentTokenState);
    }

    /** Every tag is held whole: some selector reads attributes. */
    private final boolean captureAll;
    /** Some selector may match an element the tree builder implies (html, head, body, tbody, tr, colgroup). */
    private final boolean impliedMayMatch;
    /** Some selector may match the empty p that an end tag {@code </p>} creates when no p is open. */
    private final boolean impliedParagraphMayMatch;
    /** Open elements whose frame owes output at their close ({@link ElementFrame#owesOutputAtClose}). */
    private int openFramesWithOutput;
    private final StartTagAdapter startTagAdapter;
    /** The matched element's state; handlers get a fresh {@link ElementHandle} on it per call. */
    private final ElementView elementView;

    public RewriterEngine(CompiledSettings settings, OutputSink out, DocumentContext context) {
        this(settings, out, context, false);
    }

    /**
     * An engine for one document.
     *
     * @param asynchronous whether handlers may suspend it (an {@code AsyncHtmlRewriter}'s engine: see
     *        {@link #pendingStage()})
     */
    public RewriterEngine(CompiledSettings settings, OutputSink out, DocumentContext context, boolean asynchronous) {
        this.asyncMode = asynchronous;
        this.settings = settings;
        this.account = settings.memory.newAccount(settings.sharedMemory);
        this.lines = settings.countLines ? new LineCounter(settings.charset, account) : null;
        this.simulator = new TreeBuilderSimulator(settings.strict, settings.scriptingEnabled,
                account.meter("the parser-feedback hypotheses (nested foreign content, select or template)"));
        this.tokenizer = new Tokenizer(this, simulator, account);
        this.views = new ViewContext(settings.charset, tokenizer, context, lines);
        this.emitter = new OutputEmitter(out, tokenizer, views.encoder);
        this.events = new StackEvents(account);
        this.deferred = new DeferredInput(account);
        this.startTagAdapter = new StartTagAdapter(views, simulator);
        this.elementView = new ElementView(views, account, settings.scriptingEnabled, asynchronous);
        this.tokenizer.setCaptureComments(settings.commentRegistrations.length > 0
                || settings.documentCommentHandlers.length > 0);
        // With selectors the doctype decides quirks mode, which decides whether <table> closes an open <p>.
        this.tokenizer.setCaptureDoctypes(settings.documentDoctypeHandlers.length > 0 || settings.program != null);
        // Without selectors, text handlers, comment or doctype handlers nothing reads tokens one by one: the
        // tokenizer then reports raw runs (and captured <meta> tags, if charset switching is on).
        this.tokenizer.setPassThroughOnly(settings.program == null && settings.documentTextHandlers.length == 0
                && settings.documentCommentHandlers.length == 0 && settings.commentRegistrations.length == 0
                && settings.documentDoctypeHandlers.length == 0 && settings.documentTextNodeHandlers.length == 0);
        this.stack = settings.program == null ? null : settings.program.newMatchingStack(
                settings.memory.maxOpenElements(), account.meter("the open elements and their selector state"));
        if (stack != null) {
            stack.scriptingEnabled(settings.scriptingEnabled);
            stack.esiTags(settings.esiTags);
            if (settings.bodyFragment) {
                stack.parseAsBodyFragment();
            }
        }
        this.impliedMayMatch = settings.program != null && (mayMatch(settings.program, "html")
                || mayMatch(settings.program, "head") || mayMatch(settings.program, "body")
                || mayMatch(settings.program, "tbody") || mayMatch(settings.program, "tr")
                || mayMatch(settings.program, "colgroup"));
        this.impliedParagraphMayMatch = settings.program != null && mayMatch(settings.program, "p");
        int registrations = settings.elementHandlers.length;
        this.matched = new int[Math.max(1, registrations)];
        this.dispatcher = new HandlerDispatcher(settings);
        this.chunker = new TextChunker(views, emitter, dispatcher, tokenizer, simulator,
                new TextBoundary(settings.charset),
                settings.documentTextNodeHandlers.length > 0 || settings.textNodeRegistrations.length > 0
                ? new TextNodeCollector(account) : null);
        this.captureAll = settings.program != null && settings.program.needsAttributes();
        this.textTailReserve = settings.documentTextHandlers.length > 0 || settings.textRegistrations.length > 0
                ? TextChunker.MAX_CARRY : 0;
        // The text tail is small and fixed, but it is held between chunks: the limit covers it.
        account.charge(textTailReserve, "the text tail");
    }

    private static boolean mayMatch(org.htmlrewriter.selectors.internal.SelectorProgram program, String name) {
        return program.mayMatch(TagNameHash.of(name), name);
    }

    private void collectMatch(int id) {
        matched[matchedCount++] = id;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Driving

    /**
     * Rewrites a chunk. Exceptions leave the engine unusable except for {@link #bailOut}.
     *
     * @return how many bytes of the chunk were taken: all, unless an asynchronous handler's result is pending
     *         ({@link #pendingStage()}); the rest is to be fed again after {@link #resume}
     */
    public int feed(byte[] chunk, int off, int len) {
        emitter.beginChunk(chunk);
        try {
            if (lines != null) {
                lines.chunk(chunk, off, len);
            }
            int taken = tokenizer.write(chunk, off, len);
            emitter.flushPending();
            if (lines != null) {
                lines.chunkDone(taken, emitter.outputUpTo());
            }
            return taken;
        } catch (StackDepthExceededException e) {
            throw depthError(e);
        } finally {
            emitter.endChunk();
            startTagAdapter.forget();
        }
    }

    /** Ends the input. */
    public void finish() {
        try {
            tokenizer.end();
            emitter.flushPending();
        } catch (StackDepthExceededException e) {
            throw depthError(e);
        } finally {
            account.close();
        }
    }

    /**
     * Ends the input in asynchronous mode: false if a handler's result is pending on a token before the end of input
     * (call again after {@link #resume}); true once the end of input was reached, after which a handler of the end
     * (an end tag's, the document end's) may still be pending ({@link #pendingStage()}).
     */
    public boolean finishAsync() {
        try {
            boolean reached = tokenizer.end();
            emitter.flushPending();
            return reached;
        } catch (StackDepthExceededException e) {
            throw depthError(e);
        }
    }

    /** After {@link #finishAsync} and every pending handler: gives the memory back. */
    public void finishedAsync() {
        account.close();
    }

    private MemoryLimitExceededException depthError(StackDepthExceededException e) {
        MemoryLimitExceededException m = settings.memory.tooManyOpenElements(e.limit(), e.getMessage());
        m.initCause(e);
        return m;
    }

    /** Gives back every byte held in a shared memory budget (the document is done, failed or abandoned). */
    public void releaseMemory() {
        account.close();
    }

    /** {@link #releaseMemory} as an action that does not keep the engine reachable (for a cleaner). */
    public Runnable memoryReleaser() {
        MemoryAccount a = account;
        return a::close;
    }

    /**
     * After a failure in {@link #feed} or {@link #finish}: writes everything of the input not yet output, unchanged
     * (the held text tail, then the rest of what the tokenizer was given), so the document is served as it came.
     * Output already produced stays as it was.
     */
    public void bailOut() {
        account.close();
        try {
            emitter.flushPending();
            emitter.suppressDepth = 0;
            byte[] bridge = emitter.bridgeAt(emitter.outputUpTo());
            if (bridge != null && bridge.length > 0) {
                // the rest goes out as it came: first make the output read it as the input does
                emitter.writeRaw(bridge, 0, bridge.length);
            }
            long from = chunker.writeHeldAfterFailure(emitter.outputUpTo());
            if (deferred.deferring) {
                from = deferred.writeAfterFailure(from, emitter);
            }
            tokenizer.drainAfterFailure(from, emitter::writeRaw);
        } catch (RuntimeException ignored) {
            // the sink failed: nothing more can be written anyway
        } finally {
            emitter.dropPending();
            tokenizer.releaseBuffers();
        }
    }


    /** After a failure without bail-out: writes the output already decided (coalesced, not yet written). */
    public void flushDecidedOutput() {
        try {
            emitter.flushPending();
        } catch (RuntimeException ignored) {
            // the sink itself failed: there is nothing more to write
        } finally {
            emitter.dropPending();
            tokenizer.releaseBuffers();
        }
    }

    public long heldBytes() {
        return tokenizer.heldBytes() + chunker.heldBytes();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Output

    // ---------------------------------------------------------------------------------------------------------
    // TokenSink

    @Override
    public boolean captureTag(TagToken tag) {
        if (stack == null) {
            return settings.adjustCharsetOnMetaTag && !charsetAdjusted && !tag.endTag && tag.nameHash == META;
        }
        // A tag is held whole (its bytes written by the engine, after whatever goes before it) when a handler may
        // change it (a selector can match its name), when selectors read attributes (of this element or, through
        // combinators, of its descendants' ancestors), when it may close an element owing output at its close
        // (content, end-tag handlers, a renamed or removed end tag: written at the tag's position, before its
        // bytes), or for the charset <meta>. Other tags stream through: only their names are read.
        // A tag may also make the tree builder imply elements a selector matches (html, head, body, tbody, ...):
        // their output goes before the tag's bytes.
        return captureAll || openFramesWithOutput > 0
                || (!tag.endTag && settings.program.mayMatch(tag.nameHash, startTagAdapter.nameOf(tag)))
                || (impliedMayMatch && stack.mayImplyElements())
                || (impliedParagraphMayMatch && tag.endTag && tag.nameHash == P)
                || (settings.adjustCharsetOnMetaTag && !charsetAdjusted && !tag.endTag && tag.nameHash == META);
    }

    private static final long META = TagNameHash.of("meta");
    private static final long P = TagNameHash.of("p");

    @Override
    public void passThrough(byte[] buf, int start, int end) {
        if (deferred.defers()) {
            deferred.defer(new DeferredInput.Raw(java.util.Arrays.copyOfRange(buf, start, end),
                    tokenizer.streamOffset(start), tokenizer.stateBeforeToken()));
            return;
        }
        passThroughAt(buf, start, end, tokenizer.streamOffset(start), ASK_TOKENIZER);
    }

    private void passThroughAt(byte[] buf, int start, int end, long offset, int stateBefore) {
        chunker.endTextNode();
        if (emitter.hasPoint()) {
            emitter.beforeInput(offset, stateBefore == ASK_TOKENIZER ? tokenizer.stateBeforeToken() : stateBefore, buf,
                    start, end, true);
        }
        emitter.emitInput(buf, start, end);
        emitter.advanceTo(offset + (end - start));
    }

    @Override
    public void text(byte[] buf, int start, int end, TextMode mode) {
        if (deferred.defers()) {
            deferred.defer(new DeferredInput.Text(java.util.Arrays.copyOfRange(buf, start, end), mode,
                    tokenizer.streamOffset(start), tokenizer.textStartState(), tokenizer.textEndState(), false));
            return;
        }
        textAt(buf, start, end, mode, tokenizer.streamOffset(start), ASK_TOKENIZER, ASK_TOKENIZER);
    }

    /** {@link #text} at stream offset {@code offset}, between the tokenizer states {@code startState} and {@code endState}. */
    private void textAt(byte[] buf, int start, int end, TextMode mode, long offset, int startState, int endState) {
        if (stack != null && mode == TextMode.DATA && stack.textMatters()) {
            // Text other than whitespace may make the tree builder imply elements (a body before the first words
            // of a document without one): they open just before it.
            int k = start;
            while (k < end && ignoredBeforeContent(buf[k])) {
                k++;
            }
            if (k < end && !stack.textMayImplyOrClose()) {
                stack.nonWhitespaceText(matchedCollector, closedListener); // only the insertion mode changes
            } else if (k < end) {
                if (k > start) {
                    chunker.textRun(buf, start, k, mode, offset, startState, endState);
                }
                chunker.endTextNode();
                currentTokenOffset = offset + (k - start);
                currentTokenState = chunker.textStartState(startState);
                matchedCount = 0;
                events.clear();
                stack.nonWhitespaceText(matchedCollector, closedListener);
                offset += k - start;
                start = k;
                if (asyncMode && events.any()) {
                    token = TOKEN_TEXT;
                    if (!runToken()) {
                        // An implied element's handler is pending: the text goes on once it completes, and so does
                        // what the tokenizer reports before it stops (see DeferredInput).
                        deferred.deferring = true;
                        deferred.defer(new DeferredInput.Text(java.util.Arrays.copyOfRange(buf, start, end), mode,
                                offset, chunker.textStartState(startState), chunker.textEndState(endState), true));
                        tokenizer.pause();
                        return;
                    }
                }
            }
        }
        chunker.textRun(buf, start, end, mode, offset, startState, endState);
    }

    /** Asynchronous mode: what the tokenizer reported after text whose implied element's handler is pending. */
    private final DeferredInput deferred;

    /** Handles what waited for a pending stage; false if a handler suspends the engine again. */
    private boolean replayDeferred() {
        deferred.replaying = true;
        try {
            for (Object item = deferred.next(); item != null; item = deferred.next()) {
                if (item instanceof DeferredInput.Text t) {
                    if (t.afterImplied()) {
                        chunker.textRun(t.bytes(), 0, t.bytes().length, t.mode(), t.offset(), t.startState(),
                                t.endState());
                    } else {
                        textAt(t.bytes(), 0, t.bytes().length, t.mode(), t.offset(), t.startState(), t.endState());
                    }
                } else if (item instanceof DeferredInput.Raw r) {
                    passThroughAt(r.bytes(), 0, r.bytes().length, r.offset(), r.stateBefore());
                } else if (item instanceof TagToken tag) {
                    if (tag.endTag) {
                        endTag(tag);
                    } else {
                        startTag(tag);
                    }
                } else if (item instanceof CommentToken c) {
                    comment(c);
                } else {
                    doctype((DoctypeToken) item);
                }
                if (pendingStage != null) {
                    return false;
                }
                deferred.replayed();
            }
        } finally {
            deferred.replaying = false;
        }
        deferred.replayDone();
        return true;
    }

    /**
     * Characters that imply no element and keep the frameset-ok flag: ASCII whitespace, and U+0000, which the tree
     * builder drops (in body) or turns into U+FFFD (in foreign content) without either.
     */
    private static boolean ignoredBeforeContent(byte b) {
        return b == ' ' || b == '\n' || b == '\t' || b == '\f' || b == '\r' || b == 0;
    }

    @Override
    public void startTag(TagToken tag) {
        if (deferred.defers()) {
            deferred.defer(tag);
            return;
        }
        chunker.endTextNode();
        emitter.guessedTextHadLessThan = false;
        if (settings.adjustCharsetOnMetaTag && !charsetAdjusted && tag.nameHash == META && tag.captured
                && TreeBuilderSimulator.HTML_NAMESPACE.equals(simulatorNamespace())) {
            // As in browsers (WPT html/syntax/charset: in-svg, in-template), a <meta> in a template counts, and one
            // in SVG or MathML breaks out of it into HTML and counts; one in CDATA, a comment or raw text is text.
            adjustCharset(tag);
        }
        if (stack == null) {
            if (tag.captured) {
                emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
                emitter.emitInput(tag.buf, tag.start, tag.end);
                emitter.advanceTo(tag.streamOffset + (tag.end - tag.start));
            }
            // An uncaptured tag's bytes went out through passThrough before this call, which moved outputUpTo
            // past them; moving it back to the tag's start would make bailOut ask for bytes no longer held.
            return;
        }
        matchedCount = 0;
        currentTokenOffset = tag.streamOffset;
        currentTokenState = tokenizer.rawStateBeforeToken();
        events.clear();
        int depth = stack.startTag(startTagAdapter.reset(tag), tag.selfClosing, matchedCollector, closedListener);
        if (asyncMode) {
            runQueued(TOKEN_START_TAG, tag, depth);
            return;
        }
        finishStartTag(tag, depth);
    }

    /** The start tag's own element, after the elements it implied or closed: false if a handler is pending. */
    private boolean finishStartTag(TagToken tag, int depth) {
        if (!tag.captured) {
            // Its bytes went out through passThrough (no selector can match it): nothing more to write.
            return true;
        }
        if (matchedCount == 0 || emitter.suppressDepth > 0) {
            emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
            emitter.emitInput(tag.buf, tag.start, tag.end);
            emitter.advanceTo(tag.streamOffset + (tag.end - tag.start));
            return true;
        }
        return handleMatchedStartTag(tag, depth);
    }

    /**
     * An element the tree builder created with no tag of its own (an implied html, head, body, tbody, ...), just
     * before the token being handled: its handlers run, and what they write goes at that token's position.
     */
    private void impliedOpened(int depth, String name) {
        if (asyncMode) {
            events.queueImplied(depth, name, matched, matchedCount);
            matchedCount = 0;
            return;
        }
        handleImplied(depth, name, matched, 0, matchedCount);
        matchedCount = 0;
    }

    /**
     * An element the tree builder created with no tag of its own (an implied html, head, body, tbody, ...), just
     * before the token being handled: its handlers run, and what they write goes at that token's position. The
     * selectors it matched are {@code ids[from, to)}. False if a handler's result is pending (see {@link #resume}).
     */
    private boolean handleImplied(int depth, String name, int[] ids, int from, int to) {
        if (from == to || emitter.suppressDepth > 0) {
            return true;
        }
        TagToken t = new TagToken();
        byte[] tagBytes = ("<" + name + ">").getBytes(StandardCharsets.US_ASCII);
        t.buf = tagBytes;
        t.start = 0;
        t.end = tagBytes.length;
        t.nameStart = 1;
        t.nameEnd = tagBytes.length - 1;
        t.nameHash = TagNameHash.of(name);
        t.captured = true;
        t.streamOffset = currentTokenOffset;
        return handleMatchedElement(t, depth, true, ids, from, to);
    }

    private boolean handleMatchedStartTag(TagToken tag, int depth) {
        return handleMatchedElement(tag, depth, false, matched, 0, matchedCount);
    }

    // The element whose handlers run (kept across a pending asynchronous handler).
    private TagToken elementTag;
    private int elementDepth;
    private boolean elementImplied;
    private int[] elementIds;
    private int elementNext;
    private int elementIdsEnd;
    private int elementStateBefore;
    private int elementStateAfter;

    private boolean handleMatchedElement(TagToken tag, int depth, boolean implied, int[] ids, int from, int to) {
        TextMode contentMode = implied ? TextMode.DATA
                : TextChunker.insertionMode(tokenizer.textMode(), simulator.lastAnswerGuessed());
        elementView.reset(tag, depth, implied ? TreeBuilderSimulator.HTML_NAMESPACE : simulatorNamespace(),
                contentMode, implied);
        elementTag = tag;
        elementDepth = depth;
        elementImplied = implied;
        elementIds = ids;
        elementNext = from;
        elementIdsEnd = to;
        elementStateBefore = implied ? currentTokenState() : tokenizer.stateBeforeToken();
        elementStateAfter = implied ? elementStateBefore : tokenizer.stateAfterToken(false);
        return continueElement();
    }

    /** Runs the element's remaining handlers, then writes it; false if a handler's result is pending. */
    private boolean continueElement() {
        ElementView el = elementView;
        boolean suspended = false;
        try {
            for (int i = elementNext; i < elementIdsEnd; i++) {
                int id = elementIds[i];
                ElementHandler h = settings.elementHandlers[id];
                if (h instanceof AsyncHandlers.ElementCall async) {
                    org.htmlrewriter.content.Element handle = el.newHandle();
                    if (!callAsync(() -> async.handler().handle(handle), SUSPENDED_IN_ELEMENT)) {
                        elementNext = i + 1;
                        suspended = true;
                        return false;
                    }
                } else if (h != null) {
                    HandlerDispatcher.callElement(h, el.newHandle());
                } else if (elementDepth > 0) {
                    el.frame().addActivation(id);
                }
            }
        } finally {
            if (!suspended) {
                el.invalidate();
            }
        }
        finishElement();
        return true;
    }

    /** Writes the element whose handlers have run: content before it, its start tag, content at its start. */
    private void finishElement() {
        ElementView el = elementView;
        TagToken tag = elementTag;
        int depth = elementDepth;
        boolean implied = elementImplied;
        int stateBefore = elementStateBefore;
        int stateAfter = elementStateAfter;
        ElementFrame frame = null;
        long tagEnd = implied ? tag.streamOffset : tag.streamOffset + (tag.end - tag.start);
        emitter.emitContent(el.before, tag.streamOffset, stateBefore);
        if (el.startRemoved) {
            emitter.emitContent(el.replacement, tag.streamOffset, stateBefore);
            if (!implied) {
                emitter.diverged(tag.streamOffset, stateBefore, tagEnd, stateAfter);
            }
        } else if (implied) {
            if (el.tagModified) {
                // The implied element needs a start tag now: written where the tree builder would imply it, it
                // makes the same element (a start tag of html, head, body, tbody, tr, colgroup or p changes no
                // tokenizer state).
                emitter.emitBytes(el.serializeStartTag());
            }
        } else if (el.tagModified) {
            emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
            emitter.emitBytes(el.serializeStartTag());
        } else {
            emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
            emitter.emitInput(tag.buf, tag.start, tag.end);
        }
        emitter.emitContent(el.afterStart, tagEnd, stateAfter);
        if (!implied) {
            emitter.advanceTo(tagEnd);
        }
        if (el.hasFrame()) {
            frame = el.frame();
        }
        el.release();
        if (depth > 0) {
            if (frame != null) {
                if (el.startRemoved) {
                    frame.outputStateAfterRemoval = emitter.outputStateAt(tagEnd, stateBefore);
                }
                chargeFrame(frame);
                setFrame(depth, frame);
                if (frame.owesOutputAtClose()) {
                    openFramesWithOutput++;
                }
                for (int id : frame.activations()) {
                    dispatcher.countScope(id, 1);
                }
                if (frame.removeContent && emitter.suppressDepth == 0) {
                    emitter.suppressDepth = depth;
                }
            }
        }
    }

    private String simulatorNamespace() {
        return simulator.namespaceOfLastStartTag();
    }

    private void setFrame(int depth, ElementFrame f) {
        if (depth >= frames.length) {
            int capacity = Math.max(depth + 1, frames.length * 2);
            account.charge(MemoryMeter.arrayBytes(4, capacity) - MemoryMeter.arrayBytes(4, frames.length),
                    "the open elements' handler state");
            frames = java.util.Arrays.copyOf(frames, capacity);
        }
        frames[depth] = f;
    }

    /** Brings the frame's charge up to what it holds now (content waiting for the end tag, end-tag handlers). */
    private void chargeFrame(ElementFrame f) {
        long now = f.heapBytes();
        if (now != f.charged) {
            account.charge(now - f.charged, "content and handlers waiting for the end tag of <" + f.elementName
                    + ">");
            f.charged = now;
        }
    }

    @Override
    public void endTag(TagToken tag) {
        if (deferred.defers()) {
            deferred.defer(tag);
            return;
        }
        chunker.endTextNode();
        if (stack == null) {
            if (tag.captured) {
                emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
                emitter.emitInput(tag.buf, tag.start, tag.end);
                emitter.advanceTo(tag.streamOffset + (tag.end - tag.start));
            }
            // An uncaptured tag's bytes went out through passThrough before this call, which moved outputUpTo
            // past them; moving it back to the tag's start would make bailOut ask for bytes no longer held.
            return;
        }
        currentEndTag = tag;
        currentTokenOffset = tag.streamOffset;
        currentTokenState = tokenizer.rawStateBeforeToken();
        endTagWritten = false;
        if (asyncMode) {
            matchedCount = 0;
            events.clear();
            stack.endTag(tag.nameHash, startTagAdapter.nameOf(tag), !simulator.inForeignContentLikely(),
                    matchedCollector, closedListener);
            runQueued(TOKEN_END_TAG, tag, 0);
            return;
        }
        try {
            matchedCount = 0;
            stack.endTag(tag.nameHash, startTagAdapter.nameOf(tag), !simulator.inForeignContentLikely(),
                    matchedCollector, closedListener);
        } finally {
            finishEndTag(tag);
        }
    }

    /** The end tag's own bytes (unless an element's end wrote them), after the elements it closed. */
    private void finishEndTag(TagToken tag) {
        try {
            if (!endTagWritten && tag.captured) {
                emitter.beforeToken(tag.streamOffset, tag.buf, tag.start, tag.end);
                emitter.emitInput(tag.buf, tag.start, tag.end);
            }
        } finally {
            currentEndTag = null;
        }
        if (tag.captured) {
            emitter.advanceTo(tag.streamOffset + (tag.end - tag.start));
        } // else its bytes went out through passThrough, which moved outputUpTo past them
    }

    /** The stack closed an element: handled now, or queued in asynchronous mode (see {@link StackEvents}). */
    private void stackClosed(int depth, Closing how) {
        if (asyncMode) {
            events.queueClose(depth, how);
        } else {
            closed(depth, how);
        }
    }

    /**
     * An element closed (its end tag, an implied end, or end of input). False if one of its end-tag handlers'
     * results is pending (see {@link #resume}).
     */
    private boolean closed(int depth, Closing how) {
        ElementFrame f = depth < frames.length ? frames[depth] : null;
        // An uncaptured end tag's bytes are already out: it closes its element like an implied end (it owes no
        // output: end tags are held whole while some open element owes output at its close).
        boolean explicit = how == Closing.EXPLICIT && currentEndTag != null && currentEndTag.captured;
        if (f == null) {
            if (explicit) {
                emitter.beforeToken(currentEndTag.streamOffset, currentEndTag.buf, currentEndTag.start,
                        currentEndTag.end);
                emitter.emitInput(currentEndTag.buf, currentEndTag.start, currentEndTag.end);
                endTagWritten = true;
            }
            if (emitter.suppressDepth == depth) {
                emitter.suppressDepth = 0;
            }
            return true;
        }
        frames[depth] = null;
        if (f.owesOutputAtClose()) {
            openFramesWithOutput--;
        }
        account.release(f.charged);
        f.charged = 0;
        for (int id : f.activations()) {
            dispatcher.countScope(id, -1);
        }
        if (emitter.suppressDepth == depth) {
            emitter.suppressDepth = 0;
        }
        if (emitter.suppressDepth > 0) {
            if (explicit) {
                endTagWritten = true;
            }
            return true;
        }
        closingFrame = f;
        closingExplicit = explicit;
        if (f.endTagHandlers == null) {
            finishClose();
            return true;
        }
        EndTag.Closing closing = PublicEnums.closing(how);
        EndTagView v = new EndTagView(views);
        long at = explicit ? currentEndTag.streamOffset : currentTokenOffset;
        v.reset(f, closing, explicit ? currentEndTag : null, at, currentTokenState(),
                explicit ? tokenizer.stateAfterToken(true) : currentTokenState());
        closingView = v;
        closingNext = 0;
        return continueClose();
    }

    // The element whose end-tag handlers run (kept across a pending asynchronous handler).
    private ElementFrame closingFrame;
    private boolean closingExplicit;
    private EndTagView closingView;
    private int closingNext;

    /** Runs the closing element's remaining end-tag handlers, then writes its end; false if a result is pending. */
    private boolean continueClose() {
        ElementFrame f = closingFrame;
        EndTagView v = closingView;
        boolean suspended = false;
        try {
            List<org.htmlrewriter.EndTagHandler> handlers = f.endTagHandlers;
            for (int i = closingNext; i < handlers.size(); i++) {
                org.htmlrewriter.EndTagHandler h = handlers.get(i);
                if (h instanceof AsyncHandlers.EndTagCall async) {
                    if (!callAsync(() -> async.handler().handle(v), SUSPENDED_IN_CLOSE)) {
                        closingNext = i + 1;
                        suspended = true;
                        return false;
                    }
                } else {
                    HandlerDispatcher.callEndTag(h, v);
                }
            }
        } finally {
            if (!suspended) {
                v.invalidate();
                closingView = null;
            }
        }
        finishClose();
        return true;
    }

    /** Writes the end of the closing element: content before its end, the end tag, content after it. */
    private void finishClose() {
        ElementFrame f = closingFrame;
        boolean explicit = closingExplicit;
        closingFrame = null;
        if (f.startRemoved && f.removeContent) {
            // The element and its content are gone: the output goes on from the state its replacement left.
            emitter.setPoint(f.outputStateAfterRemoval, currentTokenOffset, currentTokenState());
        }
        emitter.emitContent(f.endBefore, currentTokenOffset, currentTokenState());
        if (explicit) {
            long endTagEnd = currentEndTag.streamOffset + (currentEndTag.end - currentEndTag.start);
            if (f.endRemoved) {
                emitter.emitContent(f.endReplacement, currentTokenOffset, currentTokenState());
                emitter.diverged(currentTokenOffset, currentTokenState(), endTagEnd, tokenizer.stateAfterToken(true));
            } else {
                if (f.endName != null) {
                    emitter.beforeToken(currentEndTag.streamOffset, currentEndTag.buf, currentEndTag.start,
                            currentEndTag.end);
                    emitter.emitBytes(views.encoder.encodeMarkup("</" + f.endName + ">"));
                } else {
                    emitter.beforeToken(currentEndTag.streamOffset, currentEndTag.buf, currentEndTag.start,
                            currentEndTag.end);
                    emitter.emitInput(currentEndTag.buf, currentEndTag.start, currentEndTag.end);
                }
            }
            endTagWritten = true;
            emitter.emitContent(f.endAfter, currentEndTag.streamOffset + (currentEndTag.end - currentEndTag.start),
                    tokenizer.stateAfterToken(true));
        } else {
            emitter.emitContent(f.endReplacement, currentTokenOffset, currentTokenState());
            emitter.emitContent(f.endAfter, currentTokenOffset, currentTokenState());
        }
    }

    @Override
    public void comment(CommentToken c) {
        if (deferred.defers()) {
            deferred.defer(c);
            return;
        }
        chunker.endTextNode();
        boolean handled = emitter.suppressDepth == 0
                && dispatcher.commentHandlersActive();
        if (!handled) {
            emitter.beforeToken(c.streamOffset, c.buf, c.start, c.end);
            emitter.emitInput(c.buf, c.start, c.end);
            emitter.advanceTo(c.streamOffset + (c.end - c.start));
            return;
        }
        CommentView v = new CommentView(views);
        v.reset(c);
        dispatcher.comment(v);
        long end = c.streamOffset + (c.end - c.start);
        emitter.emitContent(v.before, c.streamOffset, tokenizer.stateBeforeToken());
        if (v.removed) {
            emitter.emitContent(v.replacement, c.streamOffset, tokenizer.stateBeforeToken());
            emitter.diverged(c.streamOffset, tokenizer.stateBeforeToken(), end, tokenizer.stateAfterToken(true));
        } else if (v.newText != null) {
            emitter.beforeToken(c.streamOffset, c.buf, c.start, c.end);
            emitter.emitBytes(views.encoder.encodeMarkup("<!--" + v.newText + "-->"));
        } else {
            emitter.beforeToken(c.streamOffset, c.buf, c.start, c.end);
            emitter.emitInput(c.buf, c.start, c.end);
        }
        emitter.emitContent(v.after, end, tokenizer.stateAfterToken(true));
        emitter.advanceTo(end);
    }

    @Override
    public void doctype(DoctypeToken d) {
        if (deferred.defers()) {
            deferred.defer(d);
            return;
        }
        chunker.endTextNode();
        if (stack != null) {
            stack.doctype(QuirksMode.isQuirks(
                    HtmlDecoder.doctypeName(d.buf, d.nameStart, d.nameEnd, views.charset()),
                    HtmlDecoder.doctypeIdentifier(d.buf, d.publicIdStart, d.publicIdEnd, views.charset()),
                    HtmlDecoder.doctypeIdentifier(d.buf, d.systemIdStart, d.systemIdEnd, views.charset()),
                    d.forceQuirks));
        }
        if (emitter.suppressDepth > 0 || settings.documentDoctypeHandlers.length == 0) {
            emitter.beforeToken(d.streamOffset, d.buf, d.start, d.end);
            emitter.emitInput(d.buf, d.start, d.end);
            emitter.advanceTo(d.streamOffset + (d.end - d.start));
            return;
        }
        DoctypeView v = new DoctypeView(views);
        v.reset(d);
        dispatcher.doctype(v);
        if (!v.removed) {
            emitter.beforeToken(d.streamOffset, d.buf, d.start, d.end);
            emitter.emitInput(d.buf, d.start, d.end);
        } else {
            emitter.diverged(d.streamOffset, tokenizer.stateBeforeToken(), d.streamOffset + (d.end - d.start),
                    tokenizer.stateAfterToken(true));
        }
        emitter.advanceTo(d.streamOffset + (d.end - d.start));
    }

    @Override
    public void end() {
        chunker.endTextNode();
        currentTokenOffset = emitter.outputUpTo();
        currentTokenState = tokenizer.endOfInputState(); // canonical already: canonical() is idempotent
        events.clear();
        if (stack != null) {
            matchedCount = 0;
            stack.endOfInput(matchedCollector, closedListener);
        }
        if (asyncMode) {
            runQueued(TOKEN_END_OF_INPUT, null, 0);
            return;
        }
        beginDocumentEnd();
    }

    private DocumentEndView documentEndView;
    private int documentEndNext;

    /** The document-end handlers, after the elements the end of input closed: false if one is pending. */
    private boolean beginDocumentEnd() {
        emitter.suppressDepth = 0;
        if (settings.documentEndHandlers.length == 0) {
            return true;
        }
        documentEndView = new DocumentEndView(views);
        documentEndNext = 0;
        return continueDocumentEnd();
    }

    private boolean continueDocumentEnd() {
        DocumentEndView v = documentEndView;
        boolean suspended = false;
        try {
            DocumentEndHandler[] handlers = settings.documentEndHandlers;
            for (int i = documentEndNext; i < handlers.length; i++) {
                DocumentEndHandler h = handlers[i];
                if (h instanceof AsyncHandlers.DocumentEndCall async) {
                    if (!callAsync(() -> async.handler().handle(v), SUSPENDED_IN_DOCUMENT_END)) {
                        documentEndNext = i + 1;
                        suspended = true;
                        return false;
                    }
                } else {
                    HandlerDispatcher.callDocumentEnd(h, v);
                }
            }
        } finally {
            if (!suspended) {
                v.invalidate();
            }
        }
        documentEndView = null;
        emitter.emitContent(v.appended, currentTokenOffset, currentTokenState());
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Asynchronous handlers: the engine of an AsyncHtmlRewriter stops after a token while a handler's result is
    // pending, and goes on from there when it completes.

    /** Created for an {@code AsyncHtmlRewriter}: handlers may suspend, so a stack operation's events are queued. */
    private final boolean asyncMode;
    private CompletionStage<?> pendingStage;
    private int suspendedIn;
    private static final int SUSPENDED_IN_ELEMENT = 1;
    private static final int SUSPENDED_IN_CLOSE = 2;
    private static final int SUSPENDED_IN_DOCUMENT_END = 3;

    /** The token whose processing may be suspended, and whether it stopped in its queued events. */
    private int token;
    private TagToken tokenTag;
    private int tokenDepth;
    private boolean suspendedInEvents;
    private static final int TOKEN_START_TAG = 1;
    private static final int TOKEN_END_TAG = 2;
    private static final int TOKEN_END_OF_INPUT = 3;
    private static final int TOKEN_TEXT = 4;

    /** What a stack operation reported (elements closed, implied elements with their matches), in order. */
    private final StackEvents events;

    /** Runs a token's queued events, then the token itself; pauses the tokenizer if a handler is pending. */
    private void runQueued(int kind, TagToken tag, int depth) {
        token = kind;
        tokenTag = tag;
        tokenDepth = depth;
        if (!runToken() && kind != TOKEN_END_OF_INPUT) {
            tokenizer.pause();
        }
    }

    /** Goes on with the token from its next queued event: false if a handler's result is pending. */
    private boolean runToken() {
        while (events.hasNext()) {
            boolean done = events.isClose() ? closed(events.depth(), events.how())
                    : handleImplied(events.depth(), events.name(), events.matches(), events.matchFrom(),
                    events.matchTo());
            if (!done) {
                suspendedInEvents = true;
                return false;
            }
            events.advance();
        }
        suspendedInEvents = false;
        boolean done;
        switch (token) {
            case TOKEN_START_TAG:
                done = finishStartTag(tokenTag, tokenDepth);
                break;
            case TOKEN_END_TAG:
                finishEndTag(tokenTag);
                done = true;
                break;
            case TOKEN_TEXT:
                done = true; // the text itself waits with what followed it (see DeferredInput)
                break;
            default:
                done = beginDocumentEnd();
        }
        if (done) {
            endToken();
        }
        return done;
    }

    private void endToken() {
        token = 0;
        tokenTag = null;
    }

    /** An asynchronous handler's call, which returns its stage. */
    private interface AsyncCall {
        CompletionStage<Void> call() throws Exception;
    }

    /**
     * Calls an asynchronous handler: true if its stage is complete already (go on, as after a synchronous handler),
     * false if the engine is now suspended on it ({@code where} says in which kind of handler).
     */
    private boolean callAsync(AsyncCall call, int where) {
        String what = suspendedWhat(where);
        CompletionStage<Void> stage;
        try {
            stage = call.call();
        } catch (Throwable e) {
            throw HandlerDispatcher.handlerFailed(e, what);
        }
        if (completed(stage, what)) {
            return true;
        }
        suspend(stage, where);
        return false;
    }

    private static String suspendedWhat(int where) {
        return where == SUSPENDED_IN_ELEMENT ? "element" : where == SUSPENDED_IN_CLOSE ? "end tag" : "document end";
    }

    private void suspend(CompletionStage<?> stage, int where) {
        if (!asyncMode) {
            throw new IllegalStateException("an asynchronous handler ran in a synchronous rewriter");
        }
        pendingStage = stage;
        suspendedIn = where;
    }

    /**
     * Whether a handler's result is pending (asynchronous mode): nothing more is processed until {@link #resume}.
     *
     * @return the pending stage, or null
     */
    public CompletionStage<?> pendingStage() {
        return pendingStage;
    }

    /**
     * The pending stage completed ({@code failure} null) or failed: goes on where the engine stopped. Returns true
     * when the token it stopped in is done (the caller then goes on writing input), false if another handler's
     * result is pending.
     *
     * @throws RewritingException if the stage failed ({@link HandlerException}), or as processing throws
     */
    public boolean resume(Throwable failure) {
        int where = suspendedIn;
        if (pendingStage == null) {
            throw new IllegalStateException("nothing is pending");
        }
        pendingStage = null;
        suspendedIn = 0;
        try {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw HandlerDispatcher.handlerFailed(cause, suspendedWhat(where));
            }
            boolean done = where == SUSPENDED_IN_ELEMENT ? continueElement()
                    : where == SUSPENDED_IN_CLOSE ? continueClose() : continueDocumentEnd();
            if (done) {
                if (suspendedInEvents) {
                    events.advance();
                    done = runToken();
                } else {
                    endToken();
                }
            }
            if (done && deferred.deferring) {
                done = replayDeferred();
            }
            emitter.flushPending();
            return done;
        } catch (StackDepthExceededException e) {
            throw depthError(e);
        }
    }

    /**
     * Whether an asynchronous handler's stage has completed already (normally: true; exceptionally: the handler
     * failed, thrown here as a synchronous handler's failure would be).
     */
    private static boolean completed(CompletionStage<Void> stage, String what) {
        if (stage == null) {
            throw HandlerDispatcher.handlerFailed(new NullPointerException("an asynchronous " + what
                    + " handler returned null instead of a CompletionStage"), what);
        }
        CompletableFuture<Void> future;
        try {
            future = stage.toCompletableFuture();
        } catch (UnsupportedOperationException e) {
            return false; // a stage that cannot tell: wait for it
        }
        if (!future.isDone()) {
            return false;
        }
        if (future.isCompletedExceptionally()) {
            try {
                future.join();
            } catch (CompletionException e) {
                throw HandlerDispatcher.handlerFailed(e.getCause() != null ? e.getCause() : e, what);
            } catch (java.util.concurrent.CancellationException e) {
                throw HandlerDispatcher.handlerFailed(e, what);
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Charset switching on <meta>

    private void adjustCharset(TagToken tag) {
        Charset cs = MetaCharset.detect(tag, views.charset());
        if (cs == null) {
            return;
        }
        charsetAdjusted = true;
        if (!cs.equals(views.charset())) {
            views.setCharset(cs);
            chunker.setCharset(cs);
            emitter.charsetChanged(cs);
        }
    }
}
