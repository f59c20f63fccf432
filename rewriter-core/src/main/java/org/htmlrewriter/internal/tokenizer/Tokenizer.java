package org.htmlrewriter.internal.tokenizer;

import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.memory.MemoryPlan;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * The WHATWG HTML tokenizer over byte chunks.
 *
 * <p>A resumable state machine: {@link #write} scans a chunk in place and returns after reporting everything
 * decidable to its {@link TokenSink}; the only bytes it keeps are those of a token in progress that someone needs
 * whole (a captured tag, comment or DOCTYPE, or the few bytes of look-ahead a decision needs), copied into a tail
 * buffer charged to its {@link MemoryAccount} (with the attribute offsets of a held tag). When a chunk arrives while a tail is held, the chunk is appended to the tail
 * in growing blocks only until the held token completes; the scan then moves onto the chunk itself, so unchanged
 * bytes reach the sink as slices of the caller's array.
 *
 * <p>Structure only: every delimiter the tokenizer looks for is ASCII, so it works on any ASCII-compatible
 * charset without decoding. Character references do not change token boundaries and are decoded (with charset,
 * NUL and newline handling) by the consumers of the ranges. Parse errors are not reported.
 *
 * <p>States follow the spec's names (section 13.2.5); the comment less-than-sign states only report errors and
 * are folded into the comment state. A tree builder's influence (text modes after start tags, CDATA in foreign
 * content) comes from the optional {@link ParserFeedback}; without one, the tokenizer behaves as the html5lib
 * tokenizer tests expect (no mode switches, no CDATA sections).
 *
 * <p>Not thread-safe: one instance per document. After an exception from the sink or the memory limit, the
 * tokenizer is unusable.
 */
public final class Tokenizer {
    /** Default bound on bytes held between chunks: {@value} (16 MiB). */
    public static final long DEFAULT_MEMORY_LIMIT = MemoryPlan.DEFAULT_LIMIT;

    private static final boolean[] ATTR_NAME_END = ByteScan.set(" \n\t\f\r/>=");
    private static final boolean[] UNQUOTED_VALUE_END = ByteScan.set(" \n\t\f\r>");
    private static final boolean[] DOCTYPE_NAME_END = ByteScan.set(" \n\t\f\r>");

    // States, each with its WHATWG section (one constant may stand for several of the spec's states that differ only
    // in the text state they return to). Text states first; the rest are inside a token or a candidate token.
    // https://html.spec.whatwg.org/multipage/parsing.html#data-state
    static final int DATA = 0;
    // https://html.spec.whatwg.org/multipage/parsing.html#rcdata-state
    static final int RCDATA = 1;
    // https://html.spec.whatwg.org/multipage/parsing.html#rawtext-state
    static final int RAWTEXT = 2;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-state
    static final int SCRIPT_DATA = 3;
    // https://html.spec.whatwg.org/multipage/parsing.html#plaintext-state
    static final int PLAINTEXT = 4;
    // https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-state
    static final int CDATA = 5;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-state
    static final int SCRIPT_ESCAPED = 6;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-dash-state
    static final int SCRIPT_ESCAPED_DASH = 7;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-dash-dash-state
    static final int SCRIPT_ESCAPED_DASH_DASH = 8;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-state
    static final int SCRIPT_DOUBLE_ESCAPED = 9;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-dash-state
    static final int SCRIPT_DOUBLE_ESCAPED_DASH = 10;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-dash-dash-state
    static final int SCRIPT_DOUBLE_ESCAPED_DASH_DASH = 11;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escaped-less-than-sign-state
    static final int SCRIPT_DOUBLE_ESCAPED_LT = 12;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escape-start-state
    static final int SCRIPT_DOUBLE_ESCAPE_START = 13;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-double-escape-end-state
    static final int SCRIPT_DOUBLE_ESCAPE_END = 14;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escape-start-state
    static final int SCRIPT_ESCAPE_START = 15;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escape-start-dash-state
    static final int SCRIPT_ESCAPE_START_DASH = 16;
    // https://html.spec.whatwg.org/multipage/parsing.html#tag-open-state
    static final int TAG_OPEN = 20;
    // https://html.spec.whatwg.org/multipage/parsing.html#end-tag-open-state
    static final int END_TAG_OPEN = 21;
    // https://html.spec.whatwg.org/multipage/parsing.html#tag-name-state
    static final int TAG_NAME = 22;
    // https://html.spec.whatwg.org/multipage/parsing.html#rcdata-less-than-sign-state
    // https://html.spec.whatwg.org/multipage/parsing.html#rawtext-less-than-sign-state
    static final int TEXT_LT = 23;
    // https://html.spec.whatwg.org/multipage/parsing.html#rcdata-end-tag-open-state
    // https://html.spec.whatwg.org/multipage/parsing.html#rawtext-end-tag-open-state
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-end-tag-open-state
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-end-tag-open-state
    static final int TEXT_END_TAG_OPEN = 24;
    // https://html.spec.whatwg.org/multipage/parsing.html#rcdata-end-tag-name-state
    // https://html.spec.whatwg.org/multipage/parsing.html#rawtext-end-tag-name-state
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-end-tag-name-state
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-end-tag-name-state
    static final int TEXT_END_TAG_NAME = 25;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-less-than-sign-state
    static final int SCRIPT_LT = 26;
    // https://html.spec.whatwg.org/multipage/parsing.html#script-data-escaped-less-than-sign-state
    static final int SCRIPT_ESCAPED_LT = 27;
    // https://html.spec.whatwg.org/multipage/parsing.html#before-attribute-name-state
    static final int BEFORE_ATTR_NAME = 30;
    // https://html.spec.whatwg.org/multipage/parsing.html#attribute-name-state
    static final int ATTR_NAME = 31;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-attribute-name-state
    static final int AFTER_ATTR_NAME = 32;
    // https://html.spec.whatwg.org/multipage/parsing.html#before-attribute-value-state
    static final int BEFORE_ATTR_VALUE = 33;
    // https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(double-quoted)-state
    static final int ATTR_VALUE_DQ = 34;
    // https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(single-quoted)-state
    static final int ATTR_VALUE_SQ = 35;
    // https://html.spec.whatwg.org/multipage/parsing.html#attribute-value-(unquoted)-state
    static final int ATTR_VALUE_UNQUOTED = 36;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-attribute-value-(quoted)-state
    static final int AFTER_ATTR_VALUE_QUOTED = 37;
    // https://html.spec.whatwg.org/multipage/parsing.html#self-closing-start-tag-state
    static final int SELF_CLOSING_START_TAG = 38;
    // https://html.spec.whatwg.org/multipage/parsing.html#bogus-comment-state
    static final int BOGUS_COMMENT = 40;
    // https://html.spec.whatwg.org/multipage/parsing.html#markup-declaration-open-state
    static final int MARKUP_DECLARATION_OPEN = 41;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-start-state
    static final int COMMENT_START = 42;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-start-dash-state
    static final int COMMENT_START_DASH = 43;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-state
    static final int COMMENT = 44;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-end-dash-state
    static final int COMMENT_END_DASH = 45;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-end-state
    static final int COMMENT_END = 46;
    // https://html.spec.whatwg.org/multipage/parsing.html#comment-end-bang-state
    static final int COMMENT_END_BANG = 47;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-state
    static final int DOCTYPE = 50;
    // https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-name-state
    static final int BEFORE_DOCTYPE_NAME = 51;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-name-state
    static final int DOCTYPE_NAME = 52;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-name-state
    static final int AFTER_DOCTYPE_NAME = 53;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-public-keyword-state
    static final int AFTER_DOCTYPE_PUBLIC_KEYWORD = 54;
    // https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-public-identifier-state
    static final int BEFORE_DOCTYPE_PUBLIC_ID = 55;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-public-identifier-(double-quoted)-state
    static final int DOCTYPE_PUBLIC_ID_DQ = 56;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-public-identifier-(single-quoted)-state
    static final int DOCTYPE_PUBLIC_ID_SQ = 57;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-public-identifier-state
    static final int AFTER_DOCTYPE_PUBLIC_ID = 58;
    // https://html.spec.whatwg.org/multipage/parsing.html#between-doctype-public-and-system-identifiers-state
    static final int BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDS = 59;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-system-keyword-state
    static final int AFTER_DOCTYPE_SYSTEM_KEYWORD = 60;
    // https://html.spec.whatwg.org/multipage/parsing.html#before-doctype-system-identifier-state
    static final int BEFORE_DOCTYPE_SYSTEM_ID = 61;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-system-identifier-(double-quoted)-state
    static final int DOCTYPE_SYSTEM_ID_DQ = 62;
    // https://html.spec.whatwg.org/multipage/parsing.html#doctype-system-identifier-(single-quoted)-state
    static final int DOCTYPE_SYSTEM_ID_SQ = 63;
    // https://html.spec.whatwg.org/multipage/parsing.html#after-doctype-system-identifier-state
    static final int AFTER_DOCTYPE_SYSTEM_ID = 64;
    // https://html.spec.whatwg.org/multipage/parsing.html#bogus-doctype-state
    static final int BOGUS_DOCTYPE = 65;
    // https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-bracket-state
    static final int CDATA_BRACKET = 70;
    // https://html.spec.whatwg.org/multipage/parsing.html#cdata-section-end-state
    static final int CDATA_END = 71;

    private final TokenSink sink;
    private final ParserFeedback feedback;
    private final TagToken tag = new TagToken();
    private final CommentToken comment = new CommentToken();
    private final DoctypeToken doctype = new DoctypeToken();

    private int state = DATA;
    /** The text mode that {@code DATA}-like states return to: the state after a tag or a failed end tag. */
    private TextMode textMode = TextMode.DATA;
    /** The kind of text currently being scanned (CDATA while in a CDATA section, else {@link #textMode}). */
    private TextMode textKind = TextMode.DATA;
    /** Text state an RCDATA/RAWTEXT/script end-tag candidate falls back to. */
    private int textReturnState = DATA;
    private boolean captureComments;
    private boolean captureDoctypes;
    /**
     * Nobody reads text or uncaptured tokens: raw bytes are reported in as few calls as possible (before a captured
     * token and at the end of a buffer), and uncaptured tags produce no sink event.
     */
    private boolean passThroughOnly;
    /** Charged with the tail's capacity, the held tag's attribute tables and the name copy. */
    private MemoryAccount account;

    // The buffer being scanned: the caller's chunk, or the tail. Positions below are indexes into it.
    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    /** First byte not yet reported to the sink. */
    private int emitted;
    /** Start ({@code <} or {@code ]}) of the token or candidate token in progress; meaningful while {@link #inToken}. */
    private int tokenStart;
    /** Whether a token or candidate token is in progress (else the pending bytes are text). */
    private boolean inToken;
    /** Whether the bytes from {@link #tokenStart} must be kept until the token completes. */
    private boolean holding;
    /** Whether the token in progress will be reported whole (else its bytes pass through). */
    private boolean captured;
    /** Set by a state that needs more bytes to decide; scanning stops until they come. */
    private boolean needMore;
    /** The sink asked to stop after the current token (see {@link #pause}). */
    private boolean pauseRequested;
    /** Paused on the caller's chunk, which is still the buffer (see {@link #pauseInChunk}). */
    private boolean pausedInChunk;
    /** {@link #end} reported what the end of input decides (it may be called again after a pause). */
    private boolean eofReported;
    private int lookaheadFrom = -1;
    private boolean atEof;
    private boolean ended;
    private boolean failed;

    /** The tail (bytes held between chunks) and where {@link #buf} sits in the stream. */
    private final TokenBuffer tail;

    /** The last start tag's name, for "appropriate end tag" checks in RCDATA, RAWTEXT and script data. */
    private long lastStartTagHash = TagToken.NO_HASH;
    private String lastStartTagName = "";
    /** Copy of an uncaptured tag's name, made when the buffer holding it ends before the tag does. */
    private byte[] nameCopy = new byte[16];
    private int nameCopyLength;
    /** An uncaptured tag is in progress and its name is still at tag.nameStart in {@link #buf}. */
    private boolean uncapturedNameInBuf;
    /** An uncaptured tag is in progress and its name is in {@link #nameCopy}. */
    private boolean uncapturedNameCopied;
    /** Bit {@link TagNameHash#UNHASHABLE} set once the tag name being scanned has a byte that cannot be hashed. */
    private int nameUnhashable;
    /** Progress matching "script" in the double-escape states: letters matched, or -1 after a mismatch. */
    private int scriptMatch;

    // Tokenizer states at the points where a consumer may insert content (see InsertionStates). Kept only when
    // tokens are reported one by one (not in pass-through-only mode).
    /** The state at {@link #emitted}. */
    private int emittedState = InsertionStates.clean(TextMode.DATA);
    /** The states at the start and the end of the text being reported (valid during {@link TokenSink#text}). */
    private int textStartState;
    private int textEndState;
    /** The state at {@link #tokenStart}, before the candidate's first byte. */
    private int candidateState;
    /** A candidate failed at this index, which is read again in a text state; its state there was failedState. */
    private int failedAt = -1;
    private int failedState;
    /** The state at the end of input (valid from {@link TokenSink#end}). */
    private int endOfInputState;

    /**
     * @param sink receives tokens and raw ranges
     * @param feedback tree-builder feedback, or {@code null} to tokenize as the html5lib tokenizer tests do
     */
    public Tokenizer(TokenSink sink, ParserFeedback feedback) {
        this(sink, feedback, MemoryPlan.forTokenizer(DEFAULT_MEMORY_LIMIT).newAccount(null));
    }

    /**
     * @param account where the tokenizer's buffers are charged; shared with the rest of the rewriter's structures
     */
    public Tokenizer(TokenSink sink, ParserFeedback feedback, MemoryAccount account) {
        this.sink = sink;
        this.feedback = feedback;
        this.account = account;
        this.tail = new TokenBuffer(account);
        tag.account = account;
    }

    /** Sets the state to start in (html5lib tests' initial states); call before the first write. */
    void setTextMode(TextMode mode) {
        if (mode == TextMode.CDATA_SECTION) {
            textMode = TextMode.DATA;
            textKind = TextMode.CDATA_SECTION;
            state = CDATA;
        } else {
            textMode = mode;
            textKind = mode;
            state = textState(mode);
        }
        emittedState = InsertionStates.clean(mode);
    }

    /** Sets the last start tag name (html5lib tests' {@code lastStartTag}). */
    void setLastStartTagName(String lowerCaseName) {
        lastStartTagName = lowerCaseName;
        lastStartTagHash = TagNameHash.of(lowerCaseName);
    }

    /** Whether comments are held and reported whole; takes effect at the next comment. Default false. */
    public void setCaptureComments(boolean capture) {
        captureComments = capture;
    }

    /** Whether DOCTYPEs are held and reported whole; takes effect at the next DOCTYPE. Default false. */
    public void setCaptureDoctypes(boolean capture) {
        captureDoctypes = capture;
    }

    /**
     * Whether the sink only passes bytes through: then text and uncaptured tokens are not reported one by one but as
     * runs of {@link TokenSink#passThrough} bytes (up to a captured token, or to the end of a buffer), and uncaptured
     * tags produce no {@link TokenSink#startTag}/{@link TokenSink#endTag} call (the parser feedback still sees them).
     * Default false; set before the first write.
     */
    public void setPassThroughOnly(boolean on) {
        passThroughOnly = on;
    }

    /**
     * Bound on what the tokenizer keeps (tail buffer, attribute offsets); exceeding it throws
     * {@link MemoryLimitExceededException}. For a tokenizer used alone; call before the first write.
     */
    public void setMemoryLimit(long bytes) {
        account = MemoryPlan.forTokenizer(bytes).newAccount(null);
        tail.setAccount(account);
        tag.account = account;
    }

    /** Bytes currently held between chunks. */
    public long heldBytes() {
        return tail.length();
    }

    /** Capacity of the tail buffer (what the held bytes cost in heap). */
    long heldCapacity() {
        return tail.capacity();
    }

    /** The text mode the tokenizer is in (after the last reported token). */
    public TextMode textMode() {
        return textMode;
    }

    /**
     * Scans {@code chunk[off, off + len)}, reporting everything decidable before returning. The chunk is not
     * kept after the call.
     *
     * @return how many bytes of the chunk were taken: {@code len}, or fewer if the sink {@link #pause paused} the
     *         tokenizer after a token (the rest is to be written again, as the next chunk, once it may go on)
     */
    public int write(byte[] chunk, int off, int len) {
        checkUsable();
        java.util.Objects.checkFromIndexSize(off, len, chunk.length);
        if (len == 0) {
            return 0;
        }
        boolean ok = false;
        try {
            pauseRequested = false;
            if (pausedInChunk) {
                pausedInChunk = false;
                keepTail();
            }
            int taken = tail.length() == 0 ? scanChunk(chunk, off, off + len) : resumeFromTail(chunk, off, off + len);
            ok = true;
            return taken;
        } finally {
            failed = !ok;
        }
    }

    /**
     * During a sink call: stop after the token being reported. {@link #write} then returns how much of its chunk it
     * took, as if the chunk had ended just after that token (chunk boundaries are invisible), and {@link #end}
     * returns false before the end of input is processed. Used while an asynchronous handler's result is pending.
     */
    public void pause() {
        pauseRequested = true;
    }

    /**
     * Ends the input: reports what the end of file decides (a comment cut short, a dropped tag...).
     *
     * @return true, or false if the sink {@link #pause paused} the tokenizer on a token before the end of input was
     *         reported: call {@code end()} again once it may go on
     */
    public boolean end() {
        checkUsable();
        boolean ok = false;
        try {
            pauseRequested = false;
            if (pausedInChunk) {
                pausedInChunk = false;
                keepTail();
            }
            atEof = true;
            needMore = false;
            run();
            if (pauseRequested) {
                ok = true;
                return false;
            }
            if (!eofReported) {
                eofReported = true;
                eof();
                if (pauseRequested) {
                    // text the end of input decided made the sink pause (an implied element's handler)
                    ok = true;
                    return false;
                }
            }
            sink.end();
            ended = true;
            tail.clear();
            ok = true;
            return true;
        } finally {
            failed = !ok;
        }
    }

    private void checkUsable() {
        if (failed) {
            throw new IllegalStateException("the tokenizer failed earlier and cannot be used");
        }
        if (ended) {
            throw new IllegalStateException("end() was already called");
        }
    }

    /**
     * Stream offset of index {@code index} of the buffer being reported: valid only during a sink call, for the
     * arrays that call hands out (ranges of text and pass-through bytes have no offset field of their own).
     */
    public long streamOffset(int index) {
        return tail.streamOffset(index);
    }

    /** Receives raw bytes in {@link #drainAfterFailure}. */
    @FunctionalInterface
    public interface RawBytes {
        void write(byte[] b, int off, int len);
    }

    /**
     * After the sink threw during {@link #write} or {@link #end}: hands {@code out} every input byte from stream
     * offset {@code from} to the end of the input written so far, in order (the held tail and the rest of the
     * chunk), so a caller can pass the rest of a document through unchanged. {@code from} must not precede the
     * bytes the tokenizer still holds (any byte not yet reported, or reported in the failed call, qualifies).
     * The tokenizer stays unusable.
     */
    public void drainAfterFailure(long from, RawBytes out) {
        limit = tail.drain(from, buf, limit, out);
        failed = true;
    }

    /**
     * After a failure, once {@link #drainAfterFailure} (if wanted) is done: lets go of every buffer, the caller's chunk
     * included, and gives their memory back. The tokenizer stays unusable.
     */
    public void releaseBuffers() {
        failed = true;
        tail.release();
        buf = tail.bytes();
        limit = pos = emitted = 0;
        tag.buf = null;
        comment.buf = null;
        doctype.buf = null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Buffer management

    private int scanChunk(byte[] chunk, int from, int to) {
        tail.startChunk(limit, from);
        needMore = false;
        buf = chunk;
        pos = from;
        limit = to;
        emitted = from;
        run();
        if (pauseRequested) {
            return pauseInChunk(from);
        }
        keepTail();
        return to - from;
    }

    /**
     * Paused on the caller's chunk: as if it ended just after the token (the rest is written again later). The chunk
     * stays the buffer until then (the caller keeps it unchanged), so a failure meanwhile can still hand every byte
     * from the last output on to {@link #drainAfterFailure}; the next write lets go of it ({@link #keepTail}).
     */
    private int pauseInChunk(int from) {
        limit = pos;
        pausedInChunk = true;
        return limit - from;
    }

    /**
     * A token is held in the tail: append the chunk in growing blocks until the held part no longer reaches
     * back into the old tail, then continue on the chunk itself.
     */
    private int resumeFromTail(byte[] chunk, int from, int to) {
        int i = from;
        while (i < to) {
            int n = tail.blockSize(to - i);
            // Until the chunk itself becomes the buffer, the tail remembers chunk[i + n, to): a failure from here on
            // (growing the tail, run(), reportBefore()) bails out through drainAfterFailure, which must write it.
            int appendedAt = tail.append(chunk, i, n, to, tokenStart);
            i += n;
            buf = tail.bytes();
            limit = tail.length();
            needMore = false;
            run();
            if (pauseRequested) {
                // Give back the chunk's bytes not read yet (they are written again later); the tail keeps the
                // unread bytes it had before this chunk, which the next write resumes after.
                int kept = Math.max(pos, appendedAt);
                int givenBack = tail.giveBack(kept);
                limit = kept;
                return i - from - givenBack;
            }
            int hold = holdStart();
            if (hold >= appendedAt) {
                reportBefore(hold);
                // tail[hold, length) == chunk[i - (length - hold), i): continue on the chunk.
                preserveUncapturedName();
                int delta = i - tail.length();
                shift(delta);
                tail.leave();
                if (i < to) {
                    buf = chunk;
                    limit = to;
                    needMore = false;
                    run();
                    if (pauseRequested) {
                        return pauseInChunk(from);
                    }
                    keepTail();
                    return to - from;
                } else {
                    buf = chunk;
                    limit = i;
                }
                keepTail();
                return to - from;
            }
        }
        tail.appendedAll();
        keepTail();
        return to - from;
    }

    /** Reports what need not be held and moves the held bytes to the start of the tail. */
    private void keepTail() {
        preserveUncapturedName();
        int hold = holdStart();
        reportBefore(hold);
        tail.keep(buf, hold, limit, tokenStart);
        // Positions move from buf coordinates to tail coordinates.
        shift(-hold);
        buf = tail.bytes();
        limit = tail.length();
        // Nothing may keep the caller's chunk reachable after the call.
        tag.buf = buf;
        comment.buf = buf;
        doctype.buf = buf;
    }

    /** The buffer is about to change: an uncaptured tag in progress keeps a copy of its name for its event. */
    private void preserveUncapturedName() {
        if (uncapturedNameInBuf && inToken) {
            int n = tag.nameEnd - tag.nameStart;
            if (nameCopy.length < n) {
                int capacity = Math.max(n, nameCopy.length * 2);
                account.charge(MemoryMeter.arrayBytes(1, capacity) - MemoryMeter.arrayBytes(1, nameCopy.length),
                        "the name of a tag in progress at byte " + tail.streamOffset(tokenStart));
                nameCopy = new byte[capacity];
            }
            System.arraycopy(buf, tag.nameStart, nameCopy, 0, n);
            nameCopyLength = n;
            uncapturedNameInBuf = false;
            uncapturedNameCopied = true;
        }
    }

    /** Index from which bytes must be kept when the buffer ends. */
    private int holdStart() {
        int hold = limit;
        if (inToken && (holding || captured)) {
            hold = tokenStart;
        }
        if (needMore && lookaheadFrom >= 0 && lookaheadFrom < hold) {
            hold = lookaheadFrom;
        }
        return hold;
    }

    /**
     * Reports {@code [emitted, upTo)}: pending text (which may run up to a candidate's start), then, inside a token
     * that is not captured, its bytes as pass-through.
     */
    private void reportPending(int upTo) {
        if (upTo <= emitted || passThroughOnly) {
            return;
        }
        if (!inToken) {
            reportText(upTo, rawState());
            return;
        }
        if (emitted < tokenStart) {
            reportText(tokenStart, candidateState);
        }
        if (upTo > emitted) {
            sink.passThrough(buf, emitted, upTo);
            emitted = upTo;
        }
    }

    /** Reports the pending text {@code [emitted, upTo)}, which leaves the tokenizer in {@code endState}. */
    private void reportText(int upTo, int endState) {
        if (upTo <= emitted) {
            return;
        }
        textStartState = emittedState;
        textEndState = endState;
        sink.text(buf, emitted, upTo, textKind);
        emitted = upTo;
        emittedState = endState;
    }

    // ---------------------------------------------------------------------------------------------------------
    // States at insertion points (see InsertionStates)

    /**
     * The current state, packed as cheaply as possible (the state, its text return state, and for the states that
     * need one the matched count); {@link InsertionStates#canonical} makes a snapshot of it when someone asks. Valid
     * between steps: at a candidate's failure, a buffer's end, the input's end.
     */
    private int rawState() {
        int aux = 0;
        if (state == TEXT_END_TAG_NAME) {
            aux = endTagNameMatch();
        } else if (state == SCRIPT_DOUBLE_ESCAPE_START || state == SCRIPT_DOUBLE_ESCAPE_END) {
            aux = scriptMatch;
        }
        return InsertionStates.pack(state, textReturnState, aux);
    }

    /** How much of the appropriate end tag name the end tag name in progress matches, or -1 if it cannot be it. */
    private int endTagNameMatch() {
        String name = appropriateEndTagName();
        int n = pos - tag.nameStart;
        if (name == null || n > name.length()) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (AsciiBytes.toLower(buf[tag.nameStart + i]) != name.charAt(i)) {
                return -1;
            }
        }
        return n;
    }

    /** The elements whose start tag switches the text mode: the only possible appropriate end tag names. */
    private static final String[] TEXT_MODE_ELEMENTS = {"script", "style", "xmp", "iframe", "noembed", "noframes",
        "noscript", "title", "textarea", "plaintext"};

    /**
     * The name an end tag needs to end the current RCDATA, RAWTEXT or script data (the last start tag's), or null.
     */
    public String appropriateEndTagName() {
        if (lastStartTagHash == TagToken.NO_HASH) {
            return lastStartTagName.isEmpty() ? null : lastStartTagName;
        }
        for (String n : TEXT_MODE_ELEMENTS) {
            if (TagNameHash.of(n) == lastStartTagHash) {
                return n;
            }
        }
        return lastStartTagName.isEmpty() ? null : lastStartTagName;
    }

    /** During {@link TokenSink#text}: the state at the start of the text reported. */
    public int textStartState() {
        return InsertionStates.canonical(textStartState);
    }

    /** During {@link TokenSink#text}: the state at the end of the text reported. */
    public int textEndState() {
        return InsertionStates.canonical(textEndState);
    }

    /** During a token's sink call: the state just before the token's first byte. */
    public int stateBeforeToken() {
        return InsertionStates.canonical(candidateState);
    }

    /**
     * {@link #stateBeforeToken()} as the tokenizer keeps it, cheap to read on every tag; make it a snapshot with
     * {@link InsertionStates#canonical} when it is used.
     */
    public int rawStateBeforeToken() {
        return candidateState;
    }

    /** From {@link TokenSink#end}: the state at the end of input (inside unfinished markup, or in text). */
    public int endOfInputState() {
        return InsertionStates.canonical(endOfInputState);
    }

    /** Reports everything before {@code upTo}, in pass-through-only mode as one run of raw bytes. */
    private void reportBefore(int upTo) {
        if (passThroughOnly) {
            if (upTo > emitted) {
                sink.passThrough(buf, emitted, upTo);
                emitted = upTo;
            }
        } else {
            reportPending(upTo);
        }
    }

    private void shift(int delta) {
        if (delta == 0) {
            return;
        }
        pos += delta;
        emitted += delta;
        tail.moved(delta);
        tokenStart += delta;
        if (lookaheadFrom >= 0) {
            lookaheadFrom += delta;
        }
        if (failedAt >= 0) {
            failedAt += delta;
        }
        tag.shift(delta);
        comment.shift(delta);
        doctype.shift(delta);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The state machine

    private void run() {
        while (pos < limit && !needMore && !pauseRequested) {
            step();
        }
    }

    private void step() {
        switch (state) {
            case DATA: data(); break;
            case RCDATA: case RAWTEXT: case SCRIPT_DATA: rawText(); break;
            case PLAINTEXT: pos = limit; break;
            case CDATA: cdata(); break;
            case SCRIPT_ESCAPED: scriptEscaped(); break;
            case SCRIPT_ESCAPED_DASH: scriptEscapedDash(); break;
            case SCRIPT_ESCAPED_DASH_DASH: scriptEscapedDashDash(); break;
            case SCRIPT_DOUBLE_ESCAPED: scriptDoubleEscaped(); break;
            case SCRIPT_DOUBLE_ESCAPED_DASH: scriptDoubleEscapedDash(); break;
            case SCRIPT_DOUBLE_ESCAPED_DASH_DASH: scriptDoubleEscapedDashDash(); break;
            case SCRIPT_DOUBLE_ESCAPED_LT: scriptDoubleEscapedLessThan(); break;
            case SCRIPT_DOUBLE_ESCAPE_START: scriptDoubleEscapeStartOrEnd(SCRIPT_DOUBLE_ESCAPED, SCRIPT_ESCAPED); break;
            case SCRIPT_DOUBLE_ESCAPE_END: scriptDoubleEscapeStartOrEnd(SCRIPT_ESCAPED, SCRIPT_DOUBLE_ESCAPED); break;
            case SCRIPT_ESCAPE_START: scriptEscapeStart(); break;
            case SCRIPT_ESCAPE_START_DASH: scriptEscapeStartDash(); break;
            case TAG_OPEN: tagOpen(); break;
            case END_TAG_OPEN: endTagOpen(); break;
            case TAG_NAME: tagName(); break;
            case TEXT_LT: textLessThan(); break;
            case SCRIPT_LT: scriptLessThan(); break;
            case SCRIPT_ESCAPED_LT: scriptEscapedLessThan(); break;
            case TEXT_END_TAG_OPEN: textEndTagOpen(); break;
            case TEXT_END_TAG_NAME: textEndTagName(); break;
            case BEFORE_ATTR_NAME: case ATTR_NAME: case AFTER_ATTR_NAME: case BEFORE_ATTR_VALUE:
            case ATTR_VALUE_DQ: case ATTR_VALUE_SQ: case ATTR_VALUE_UNQUOTED: case AFTER_ATTR_VALUE_QUOTED:
            case SELF_CLOSING_START_TAG:
                tagBody();
                break;
            case BOGUS_COMMENT: bogusComment(); break;
            case MARKUP_DECLARATION_OPEN: markupDeclarationOpen(); break;
            case COMMENT_START: commentStart(); break;
            case COMMENT_START_DASH: commentStartDash(); break;
            case COMMENT: commentText(); break;
            case COMMENT_END_DASH: commentEndDash(); break;
            case COMMENT_END: commentEnd(); break;
            case COMMENT_END_BANG: commentEndBang(); break;
            case DOCTYPE: doctypeState(); break;
            case BEFORE_DOCTYPE_NAME: beforeDoctypeName(); break;
            case DOCTYPE_NAME: doctypeName(); break;
            case AFTER_DOCTYPE_NAME: afterDoctypeName(); break;
            case AFTER_DOCTYPE_PUBLIC_KEYWORD: afterDoctypeKeyword(true); break;
            case AFTER_DOCTYPE_SYSTEM_KEYWORD: afterDoctypeKeyword(false); break;
            case BEFORE_DOCTYPE_PUBLIC_ID: beforeDoctypeId(true); break;
            case BEFORE_DOCTYPE_SYSTEM_ID: beforeDoctypeId(false); break;
            case DOCTYPE_PUBLIC_ID_DQ: doctypeId(true, '"'); break;
            case DOCTYPE_PUBLIC_ID_SQ: doctypeId(true, '\''); break;
            case DOCTYPE_SYSTEM_ID_DQ: doctypeId(false, '"'); break;
            case DOCTYPE_SYSTEM_ID_SQ: doctypeId(false, '\''); break;
            case AFTER_DOCTYPE_PUBLIC_ID: afterDoctypePublicId(true); break;
            case BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDS: afterDoctypePublicId(false); break;
            case AFTER_DOCTYPE_SYSTEM_ID: afterDoctypeSystemId(); break;
            case BOGUS_DOCTYPE: bogusDoctype(); break;
            case CDATA_BRACKET: cdataBracket(); break;
            case CDATA_END: cdataEnd(); break;
            default: throw new AssertionError("state " + state);
        }
    }

    private static int textState(TextMode mode) {
        switch (mode) {
            case RCDATA: return RCDATA;
            case RAWTEXT: return RAWTEXT;
            case SCRIPT_DATA: return SCRIPT_DATA;
            case PLAINTEXT: return PLAINTEXT;
            case CDATA_SECTION: return CDATA;
            default: return DATA;
        }
    }

    /**
     * Starts a candidate token at {@code lt}. The text before it stays pending: it is reported when the candidate
     * turns out to be a token, or at the buffer's end, so that runs of candidates that fail ({@code <<<<},
     * {@code ]]]]}) reach the sink as one piece of text.
     */
    private void startCandidate(int lt, int nextState) {
        candidateState = lt == failedAt ? failedState : state | (textReturnState << 8);
        failedAt = -1;
        tokenStart = lt;
        inToken = true;
        holding = true;
        captured = false;
        pos = lt + 1;
        state = nextState;
    }

    /**
     * The candidate token turned out to be text: its bytes stay pending as text; the byte at {@code pos}, which
     * decided it, is read again in {@code textState}.
     */
    private void candidateIsText(int textState) {
        failedAt = pos;
        failedState = rawState();
        candidateEndsAsText(textState);
    }

    /** The candidate is text, and the byte that decided it was consumed (no state to remember for it). */
    private void candidateEndsAsText(int textState) {
        inToken = false;
        holding = false;
        captured = false;
        state = textState;
    }

    // --- text states

    private void data() {
        int lt = ByteScan.indexOf(buf, pos, limit, '<');
        if (lt == limit) {
            pos = limit;
            return;
        }
        startCandidate(lt, TAG_OPEN);
        if (pos < limit) {
            tagOpen(); // the common case, without a trip through step()
        }
    }

    /** RCDATA, RAWTEXT and script data: only an appropriate end tag (or, in script, {@code <!--}) matters. */
    private void rawText() {
        int lt = ByteScan.indexOf(buf, pos, limit, '<');
        if (lt == limit) {
            pos = limit;
            return;
        }
        textReturnState = state;
        startCandidate(lt, state == SCRIPT_DATA ? SCRIPT_LT : TEXT_LT);
    }

    private void textLessThan() {
        if (buf[pos] == '/') {
            pos++;
            state = TEXT_END_TAG_OPEN;
        } else {
            candidateIsText(textReturnState);
        }
    }

    private void textEndTagOpen() {
        int c = buf[pos];
        if (AsciiBytes.isAsciiAlpha(c)) {
            beginTag(true, pos);
            state = TEXT_END_TAG_NAME;
        } else {
            candidateIsText(textReturnState);
        }
    }

    /** RCDATA/RAWTEXT/script (escaped) end tag name: letters only; an appropriate name ends it. */
    private void textEndTagName() {
        int p = pos;
        long h = tag.nameHash;
        while (p < limit && AsciiBytes.isAsciiAlpha(buf[p])) {
            h = TagNameHash.update(h, p - tag.nameStart, buf[p]);
            p++;
        }
        tag.nameHash = h;
        pos = p;
        if (p == limit) {
            return;
        }
        int c = buf[p];
        if ((AsciiBytes.isWhitespace(c) || c == '/' || c == '>') && isAppropriateEndTag(p)) {
            tag.nameEnd = p;
            decideTagCapture();
            afterTagNameChar(c);
        } else {
            candidateIsText(textReturnState);
        }
    }

    private boolean isAppropriateEndTag(int nameEnd) {
        if (lastStartTagHash != TagToken.NO_HASH) {
            return tag.nameHash == lastStartTagHash;
        }
        return !lastStartTagName.isEmpty()
                && AsciiBytes.equalsIgnoreCase(buf, tag.nameStart, nameEnd, lastStartTagName);
    }

    private void scriptLessThan() {
        int c = buf[pos];
        if (c == '/') {
            pos++;
            state = TEXT_END_TAG_OPEN;
        } else if (c == '!') {
            pos++;
            candidateEndsAsText(SCRIPT_ESCAPE_START);
        } else {
            candidateIsText(SCRIPT_DATA);
        }
    }

    private void scriptEscapeStart() {
        if (buf[pos] == '-') {
            pos++;
            state = SCRIPT_ESCAPE_START_DASH;
        } else {
            reconsumeIn(SCRIPT_DATA);
        }
    }

    private void scriptEscapeStartDash() {
        if (buf[pos] == '-') {
            pos++;
            state = SCRIPT_ESCAPED_DASH_DASH;
        } else {
            reconsumeIn(SCRIPT_DATA);
        }
    }

    /**
     * Reads the byte at {@code pos} again in {@code next}. If it starts a candidate there, the candidate's start state
     * is the one before this switch (see {@link #candidateState}).
     */
    private void reconsumeIn(int next) {
        failedAt = pos;
        failedState = rawState();
        state = next;
    }

    private void scriptEscaped() {
        int p = ByteScan.indexOfEither(buf, pos, limit, '-', '<');
        if (p == limit) {
            pos = limit;
        } else if (buf[p] == '-') {
            pos = p + 1;
            state = SCRIPT_ESCAPED_DASH;
        } else {
            textReturnState = SCRIPT_ESCAPED;
            startCandidate(p, SCRIPT_ESCAPED_LT);
        }
    }

    private void scriptEscapedDash() {
        int c = buf[pos];
        if (c == '-') {
            pos++;
            state = SCRIPT_ESCAPED_DASH_DASH;
        } else if (c == '<') {
            textReturnState = SCRIPT_ESCAPED;
            startCandidate(pos, SCRIPT_ESCAPED_LT);
        } else {
            pos++;
            state = SCRIPT_ESCAPED;
        }
    }

    private void scriptEscapedDashDash() {
        int c = buf[pos];
        if (c == '-') {
            pos++;
        } else if (c == '<') {
            textReturnState = SCRIPT_ESCAPED;
            startCandidate(pos, SCRIPT_ESCAPED_LT);
        } else if (c == '>') {
            pos++;
            state = SCRIPT_DATA;
        } else {
            pos++;
            state = SCRIPT_ESCAPED;
        }
    }

    private void scriptEscapedLessThan() {
        int c = buf[pos];
        if (c == '/') {
            pos++;
            state = TEXT_END_TAG_OPEN;
        } else if (AsciiBytes.isAsciiAlpha(c)) {
            scriptMatch = 0;
            candidateIsText(SCRIPT_DOUBLE_ESCAPE_START);
        } else {
            candidateIsText(SCRIPT_ESCAPED);
        }
    }

    /** Double escape start (and end): letters spelling "script" then a delimiter switch the escape level. */
    private void scriptDoubleEscapeStartOrEnd(int ifScript, int otherwise) {
        int c = buf[pos];
        if (AsciiBytes.isWhitespace(c) || c == '/' || c == '>') {
            pos++;
            state = scriptMatch == 6 ? ifScript : otherwise;
        } else if (AsciiBytes.isAsciiAlpha(c)) {
            pos++;
            if (scriptMatch >= 0 && scriptMatch < 6 && AsciiBytes.toLower(c) == "script".charAt(scriptMatch)) {
                scriptMatch++;
            } else {
                scriptMatch = -1;
            }
        } else {
            reconsumeIn(otherwise);
        }
    }

    private void scriptDoubleEscaped() {
        int p = ByteScan.indexOfEither(buf, pos, limit, '-', '<');
        if (p == limit) {
            pos = limit;
        } else {
            pos = p + 1;
            state = buf[p] == '-' ? SCRIPT_DOUBLE_ESCAPED_DASH : SCRIPT_DOUBLE_ESCAPED_LT;
        }
    }

    private void scriptDoubleEscapedDash() {
        int c = buf[pos++];
        state = c == '-' ? SCRIPT_DOUBLE_ESCAPED_DASH_DASH
                : c == '<' ? SCRIPT_DOUBLE_ESCAPED_LT : SCRIPT_DOUBLE_ESCAPED;
    }

    private void scriptDoubleEscapedDashDash() {
        int c = buf[pos++];
        if (c == '-') {
            return;
        }
        state = c == '<' ? SCRIPT_DOUBLE_ESCAPED_LT : c == '>' ? SCRIPT_DATA : SCRIPT_DOUBLE_ESCAPED;
    }

    private void scriptDoubleEscapedLessThan() {
        if (buf[pos] == '/') {
            pos++;
            scriptMatch = 0;
            state = SCRIPT_DOUBLE_ESCAPE_END;
        } else {
            state = SCRIPT_DOUBLE_ESCAPED;
        }
    }

    private void cdata() {
        int p = ByteScan.indexOf(buf, pos, limit, ']');
        if (p == limit) {
            pos = limit;
            return;
        }
        startCandidate(p, CDATA_BRACKET);
    }

    private void cdataBracket() {
        if (buf[pos] == ']') {
            pos++;
            state = CDATA_END;
        } else {
            candidateIsText(CDATA);
        }
    }

    private void cdataEnd() {
        int c = buf[pos];
        if (c == ']') {
            // "]]]": the first bracket is text (pending with the text before it); the candidate moves one byte on.
            tokenStart++;
            // the state before the candidate's first byte: one bracket read, or two or more (which reads the same)
            candidateState = InsertionStates.snapshot(InsertionStates.state(candidateState) == CDATA
                    ? CDATA_BRACKET : CDATA_END, CDATA, 0);
            pos++;
        } else if (c == '>') {
            pos++;
            reportPending(pos);
            inToken = false;
            holding = false;
            textKind = textMode;
            state = textState(textMode);
            emittedState = InsertionStates.clean(textMode);
        } else {
            candidateIsText(CDATA);
        }
    }

    // --- tags

    private void beginTag(boolean endTag, int nameStart) {
        tag.endTag = endTag;
        tag.selfClosing = false;
        tag.nameStart = nameStart;
        tag.nameEnd = nameStart;
        tag.nameHash = 0;
        nameUnhashable = 0;
        tag.resetAttributes();
    }

    private void tagOpen() {
        int c = buf[pos];
        if (AsciiBytes.isAsciiAlpha(c)) {
            beginTag(false, pos);
            state = TAG_NAME;
            tagName();
        } else if (c == '!') {
            pos++;
            state = MARKUP_DECLARATION_OPEN;
        } else if (c == '/') {
            pos++;
            state = END_TAG_OPEN;
            if (pos < limit) {
                endTagOpen();
            }
        } else if (c == '?') {
            beginComment(false, pos);
            state = BOGUS_COMMENT;
        } else {
            candidateIsText(DATA);
        }
    }

    private void endTagOpen() {
        int c = buf[pos];
        if (AsciiBytes.isAsciiAlpha(c)) {
            beginTag(true, pos);
            state = TAG_NAME;
            tagName();
        } else if (c == '>') {
            // "</>" produces no token at all.
            pos++;
            holding = false;
            reportPending(pos);
            inToken = false;
            state = DATA;
            emittedState = InsertionStates.clean(TextMode.DATA);
        } else {
            beginComment(false, pos);
            state = BOGUS_COMMENT;
        }
    }

    private void tagName() {
        final byte[] b = buf;
        final int lim = limit;
        final byte[] scan = TagNameHash.SCAN;
        int p = pos;
        long h = tag.nameHash;
        int unhashable = nameUnhashable;
        while (p < lim) {
            int k = scan[b[p] & 0xff];
            if (k < 0) {
                break;
            }
            h = (h << 5) | k; // meaningless once unhashable or too long: replaced below
            unhashable |= k;
            p++;
        }
        pos = p;
        if (p == lim) {
            tag.nameHash = h;
            nameUnhashable = unhashable;
            return;
        }
        boolean hashable = (unhashable & TagNameHash.UNHASHABLE) == 0
                && p - tag.nameStart <= TagToken.MAX_HASHED_NAME_LENGTH;
        tag.nameHash = hashable ? h : TagToken.NO_HASH;
        tag.nameEnd = p;
        decideTagCapture();
        afterTagNameChar(buf[p]);
    }

    /** The name is complete: ask whether to hold the tag whole. */
    private void decideTagCapture() {
        tag.buf = buf;
        boolean capture = (feedback != null && feedback.needsAttributes(tag)) | sink.captureTag(tag);
        captured = capture;
        holding = false;
        // An uncaptured tag's name is read where it is at emitTag; copied only if the buffer ends first.
        uncapturedNameInBuf = !capture;
        uncapturedNameCopied = false;
    }

    /** Handles the byte that ended a tag name: whitespace, '/' or '>'. */
    private void afterTagNameChar(int c) {
        pos++;
        if (c == '>') {
            emitTag();
        } else {
            state = c == '/' ? SELF_CLOSING_START_TAG : BEFORE_ATTR_NAME;
            tagBody();
        }
    }

    /**
     * The attribute states (before/after attribute name, attribute name, the three value states, after a quoted
     * value, self-closing start tag) as one loop over locals: most of the tokenizer's transitions happen inside
     * tags, and going back to {@link #step()} for each of them costs more than the states themselves. Positions are
     * recorded only for captured tags.
     */
    private void tagBody() {
        final byte[] b = buf;
        final int lim = limit;
        final boolean record = captured;
        final TagToken t = tag;
        int p = pos;
        int s = state;
        while (p < lim) {
            int c = b[p];
            switch (s) {
                case BEFORE_ATTR_NAME:
                case AFTER_ATTR_NAME:
                    if (AsciiBytes.isWhitespace(c)) {
                        p++;
                    } else if (c == '>') {
                        pos = p + 1;
                        emitTag();
                        return;
                    } else if (c == '/') {
                        p++;
                        s = SELF_CLOSING_START_TAG;
                    } else if (c == '=' && s == AFTER_ATTR_NAME) {
                        p++;
                        s = BEFORE_ATTR_VALUE;
                    } else {
                        if (record) {
                            t.addAttribute(p, p);
                        }
                        if (c == '=') {
                            p++; // "=" as the first character is part of the name
                        }
                        s = ATTR_NAME;
                    }
                    break;
                case ATTR_NAME: {
                    int e = ByteScan.attributeNameEnd(b, p, lim, ATTR_NAME_END);
                    p = e;
                    if (e == lim) {
                        break;
                    }
                    if (record) {
                        t.attrNameEnd[t.attributeCount - 1] = e;
                    }
                    c = b[e];
                    p = e + 1;
                    if (c == '=') {
                        s = BEFORE_ATTR_VALUE;
                    } else if (c == '>') {
                        pos = p;
                        emitTag();
                        return;
                    } else if (c == '/') {
                        s = SELF_CLOSING_START_TAG;
                    } else {
                        s = AFTER_ATTR_NAME;
                    }
                    break;
                }
                case BEFORE_ATTR_VALUE:
                    if (AsciiBytes.isWhitespace(c)) {
                        p++;
                    } else if (c == '"' || c == '\'') {
                        setValueStart(p + 1);
                        p++;
                        s = c == '"' ? ATTR_VALUE_DQ : ATTR_VALUE_SQ;
                    } else if (c == '>') {
                        setValueStart(p); // "a=>": an empty value
                        pos = p + 1;
                        emitTag();
                        return;
                    } else {
                        setValueStart(p);
                        s = ATTR_VALUE_UNQUOTED;
                    }
                    break;
                case ATTR_VALUE_DQ:
                case ATTR_VALUE_SQ: {
                    int e = ByteScan.indexOf(b, p, lim, s == ATTR_VALUE_DQ ? '"' : '\'');
                    p = e;
                    if (e == lim) {
                        break;
                    }
                    setValueEnd(e);
                    p = e + 1;
                    s = AFTER_ATTR_VALUE_QUOTED;
                    break;
                }
                case ATTR_VALUE_UNQUOTED: {
                    int e = ByteScan.unquotedValueEnd(b, p, lim, UNQUOTED_VALUE_END);
                    p = e;
                    if (e == lim) {
                        break;
                    }
                    setValueEnd(e);
                    p = e + 1;
                    if (b[e] == '>') {
                        pos = p;
                        emitTag();
                        return;
                    }
                    s = BEFORE_ATTR_NAME;
                    break;
                }
                case AFTER_ATTR_VALUE_QUOTED:
                    if (AsciiBytes.isWhitespace(c)) {
                        p++;
                        s = BEFORE_ATTR_NAME;
                    } else if (c == '/') {
                        p++;
                        s = SELF_CLOSING_START_TAG;
                    } else if (c == '>') {
                        pos = p + 1;
                        emitTag();
                        return;
                    } else {
                        s = BEFORE_ATTR_NAME; // missing whitespace: reconsume
                    }
                    break;
                default: // SELF_CLOSING_START_TAG
                    if (c == '>') {
                        t.selfClosing = true;
                        pos = p + 1;
                        emitTag();
                        return;
                    }
                    s = BEFORE_ATTR_NAME;
                    break;
            }
        }
        pos = p;
        state = s;
    }

    private void setValueStart(int p) {
        if (captured) {
            tag.attrValueStart[tag.attributeCount - 1] = p;
            tag.attrValueEnd[tag.attributeCount - 1] = p;
        }
    }

    private void setValueEnd(int p) {
        if (captured) {
            tag.attrValueEnd[tag.attributeCount - 1] = p;
        }
    }

    /** The tag ends just before {@code pos}. */
    private void emitTag() {
        TagToken t = tag;
        t.streamOffset = tail.streamOffset(tokenStart);
        boolean reported = captured || !passThroughOnly;
        if (captured) {
            reportBefore(tokenStart);
            t.buf = buf;
            t.start = tokenStart;
            t.end = pos;
            t.captured = true;
        } else {
            reportPending(pos);
            if (uncapturedNameCopied) {
                t.buf = nameCopy;
                t.nameStart = 0;
                t.nameEnd = nameCopyLength;
            } else {
                t.buf = buf;
            }
            uncapturedNameInBuf = false;
            uncapturedNameCopied = false;
            t.start = -1;
            t.end = -1;
            t.attributeCount = 0;
            t.captured = false;
        }
        if (reported) {
            emitted = pos;
        }
        inToken = false;
        holding = false;
        captured = false;
        if (t.endTag) {
            if (feedback != null) {
                feedback.afterEndTag(t);
            }
            if (reported) {
                sink.endTag(t);
            }
            textMode = TextMode.DATA;
        } else {
            // Every element that switches to a text mode has a hashable name; an unhashable one (custom elements
            // such as <emu-clause>) can be the last start tag only before DATA, where end tags need no match.
            lastStartTagHash = t.nameHash;
            lastStartTagName = "";
            textMode = feedback != null ? feedback.afterStartTag(t) : TextMode.DATA;
            if (reported) {
                sink.startTag(t);
            }
        }
        textKind = textMode;
        state = textState(textMode);
        emittedState = InsertionStates.clean(textMode);
    }

    /**
     * During a token's sink call: the state just after the token (a start tag's text mode; normal content after an
     * end tag, a comment or a DOCTYPE).
     */
    public int stateAfterToken(boolean endTag) {
        if (atEof) {
            // a comment or DOCTYPE the end of input cut short: whatever follows it in the output is inside it
            return InsertionStates.snapshot(InsertionStates.IN_MARKUP, 0, 0);
        }
        return InsertionStates.clean(endTag ? TextMode.DATA : textMode);
    }

    // --- comments

    private void beginComment(boolean regular, int dataStart) {
        comment.regular = regular;
        comment.start = tokenStart;
        comment.dataStart = dataStart;
        comment.dataEnd = dataStart;
        captured = captureComments;
        holding = false;
    }

    private void markupDeclarationOpen() {
        if (startsWith("--", false)) {
            pos += 2;
            beginComment(true, pos);
            state = COMMENT_START;
        } else if (startsWith("doctype", true)) {
            pos += 7;
            doctype.reset(tokenStart);
            captured = captureDoctypes;
            holding = false;
            state = DOCTYPE;
        } else if (startsWith("[CDATA[", false) && feedback != null && feedback.inForeignContent()) {
            pos += 7;
            holding = false;
            reportPending(pos);
            inToken = false;
            textKind = TextMode.CDATA_SECTION;
            state = CDATA;
            emittedState = InsertionStates.clean(TextMode.CDATA_SECTION);
        } else if (!atEof && (mayBecome("--", false) || mayBecome("doctype", true) || mayBecome("[CDATA[", false))) {
            waitForMore();
        } else {
            beginComment(false, pos);
            state = BOGUS_COMMENT;
        }
    }

    /** Whether the bytes at {@code pos} start with {@code s} (ASCII case-insensitive if asked). */
    private boolean startsWith(String s, boolean ignoreCase) {
        if (limit - pos < s.length()) {
            return false;
        }
        return isPrefixOf(s, ignoreCase, s.length());
    }

    /** Whether the first {@code n} bytes at {@code pos} match the first {@code n} characters of {@code s}. */
    private boolean isPrefixOf(String s, boolean ignoreCase, int n) {
        if (n > s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = buf[pos + i];
            if ((ignoreCase ? AsciiBytes.toLower(b) : b) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the bytes at {@code pos} are a proper prefix of {@code s}: more input could complete it. */
    private boolean mayBecome(String s, boolean ignoreCase) {
        int available = limit - pos;
        return available < s.length() && isPrefixOf(s, ignoreCase, available);
    }

    private void waitForMore() {
        needMore = true;
        lookaheadFrom = pos;
    }

    private void commentStart() {
        int c = buf[pos];
        if (c == '-') {
            pos++;
            state = COMMENT_START_DASH;
        } else if (c == '>') {
            pos++;
            emitComment(comment.dataStart);
        } else {
            state = COMMENT;
        }
    }

    private void commentStartDash() {
        int c = buf[pos];
        if (c == '-') {
            comment.dataEnd = pos - 1;
            pos++;
            state = COMMENT_END;
        } else if (c == '>') {
            pos++;
            emitComment(comment.dataStart);
        } else {
            state = COMMENT;
        }
    }

    private void commentText() {
        int p = ByteScan.indexOf(buf, pos, limit, '-');
        if (p == limit) {
            pos = limit;
            return;
        }
        comment.dataEnd = p; // where the data ends if this dash starts the end
        pos = p + 1;
        state = COMMENT_END_DASH;
    }

    private void commentEndDash() {
        if (buf[pos] == '-') {
            pos++;
            state = COMMENT_END;
        } else {
            state = COMMENT;
        }
    }

    private void commentEnd() {
        int c = buf[pos];
        if (c == '>') {
            pos++;
            emitComment(comment.dataEnd);
        } else if (c == '!') {
            pos++;
            state = COMMENT_END_BANG;
        } else if (c == '-') {
            comment.dataEnd++; // "---": one more dash belongs to the data
            pos++;
        } else {
            state = COMMENT;
        }
    }

    private void commentEndBang() {
        int c = buf[pos];
        if (c == '-') {
            comment.dataEnd = pos; // "--!" joined the data; this dash may start the end
            pos++;
            state = COMMENT_END_DASH;
        } else if (c == '>') {
            pos++;
            emitComment(comment.dataEnd);
        } else {
            state = COMMENT;
        }
    }

    private void bogusComment() {
        int p = ByteScan.indexOf(buf, pos, limit, '>');
        if (p == limit) {
            pos = limit;
            return;
        }
        pos = p + 1;
        emitComment(p);
    }

    /** The comment ends just before {@code pos}; its data ends at {@code dataEnd}. */
    private void emitComment(int dataEnd) {
        if (captured) {
            reportBefore(tokenStart);
            comment.buf = buf;
            comment.start = tokenStart;
            comment.end = pos;
            comment.dataEnd = dataEnd;
            comment.streamOffset = tail.streamOffset(tokenStart);
            sink.comment(comment);
        } else {
            reportPending(pos);
        }
        finishToken();
    }

    private void finishToken() {
        if (captured || !passThroughOnly) {
            emitted = pos;
        }
        emittedState = InsertionStates.clean(textMode);
        inToken = false;
        holding = false;
        captured = false;
        state = textState(textMode);
        textKind = textMode;
    }

    // --- DOCTYPE

    private void doctypeState() {
        if (AsciiBytes.isWhitespace(buf[pos])) {
            pos++;
        }
        state = BEFORE_DOCTYPE_NAME;
    }

    private int skipWhitespace() {
        int p = pos;
        while (p < limit && AsciiBytes.isWhitespace(buf[p])) {
            p++;
        }
        pos = p;
        return p;
    }

    private void beforeDoctypeName() {
        int p = skipWhitespace();
        if (p == limit) {
            return;
        }
        if (buf[p] == '>') {
            doctype.forceQuirks = true;
            pos++;
            emitDoctype();
        } else {
            doctype.nameStart = p;
            doctype.nameEnd = p;
            state = DOCTYPE_NAME;
        }
    }

    private void doctypeName() {
        int p = ByteScan.indexOfAny(buf, pos, limit, DOCTYPE_NAME_END);
        pos = p;
        if (p == limit) {
            return;
        }
        doctype.nameEnd = p;
        pos++;
        if (buf[p] == '>') {
            emitDoctype();
        } else {
            state = AFTER_DOCTYPE_NAME;
        }
    }

    private void afterDoctypeName() {
        int p = skipWhitespace();
        if (p == limit) {
            return;
        }
        if (buf[p] == '>') {
            pos++;
            emitDoctype();
        } else if (startsWith("public", true)) {
            pos += 6;
            state = AFTER_DOCTYPE_PUBLIC_KEYWORD;
        } else if (startsWith("system", true)) {
            pos += 6;
            state = AFTER_DOCTYPE_SYSTEM_KEYWORD;
        } else if (!atEof && (mayBecome("public", true) || mayBecome("system", true))) {
            waitForMore();
        } else {
            doctype.forceQuirks = true;
            state = BOGUS_DOCTYPE;
        }
    }

    private void afterDoctypeKeyword(boolean isPublic) {
        int c = buf[pos];
        if (AsciiBytes.isWhitespace(c)) {
            pos++;
            state = isPublic ? BEFORE_DOCTYPE_PUBLIC_ID : BEFORE_DOCTYPE_SYSTEM_ID;
        } else {
            doctypeIdOrEnd(isPublic, c);
        }
    }

    private void beforeDoctypeId(boolean isPublic) {
        int p = skipWhitespace();
        if (p == limit) {
            return;
        }
        doctypeIdOrEnd(isPublic, buf[p]);
    }

    /** At a quote an identifier starts; '>' ends a DOCTYPE missing its identifier; anything else is bogus. */
    private void doctypeIdOrEnd(boolean isPublic, int c) {
        if (c == '"' || c == '\'') {
            pos++;
            if (isPublic) {
                doctype.publicIdStart = doctype.publicIdEnd = pos;
                state = c == '"' ? DOCTYPE_PUBLIC_ID_DQ : DOCTYPE_PUBLIC_ID_SQ;
            } else {
                doctype.systemIdStart = doctype.systemIdEnd = pos;
                state = c == '"' ? DOCTYPE_SYSTEM_ID_DQ : DOCTYPE_SYSTEM_ID_SQ;
            }
        } else if (c == '>') {
            pos++;
            doctype.forceQuirks = true;
            emitDoctype();
        } else {
            doctype.forceQuirks = true;
            state = BOGUS_DOCTYPE;
        }
    }

    private void doctypeId(boolean isPublic, int quote) {
        int p = ByteScan.indexOfEither(buf, pos, limit, quote, '>');
        pos = p;
        if (p == limit) {
            return;
        }
        if (isPublic) {
            doctype.publicIdEnd = p;
        } else {
            doctype.systemIdEnd = p;
        }
        pos++;
        if (buf[p] == '>') {
            doctype.forceQuirks = true;
            emitDoctype();
        } else {
            state = isPublic ? AFTER_DOCTYPE_PUBLIC_ID : AFTER_DOCTYPE_SYSTEM_ID;
        }
    }

    /** After the public identifier ({@code first}) or between it and the system identifier. */
    private void afterDoctypePublicId(boolean first) {
        int c = buf[pos];
        if (first && AsciiBytes.isWhitespace(c)) {
            pos++;
            state = BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDS;
            return;
        }
        if (!first) {
            int p = skipWhitespace();
            if (p == limit) {
                return;
            }
            c = buf[p];
        }
        if (c == '>') {
            pos++;
            emitDoctype();
        } else {
            doctypeIdOrEnd(false, c);
        }
    }

    private void afterDoctypeSystemId() {
        int p = skipWhitespace();
        if (p == limit) {
            return;
        }
        if (buf[p] == '>') {
            pos++;
            emitDoctype();
        } else {
            state = BOGUS_DOCTYPE; // no force-quirks here
        }
    }

    private void bogusDoctype() {
        int p = ByteScan.indexOf(buf, pos, limit, '>');
        pos = p;
        if (p == limit) {
            return;
        }
        pos++;
        emitDoctype();
    }

    private void emitDoctype() {
        if (captured) {
            reportBefore(tokenStart);
            doctype.buf = buf;
            doctype.start = tokenStart;
            doctype.end = pos;
            doctype.streamOffset = tail.streamOffset(tokenStart);
            sink.doctype(doctype);
        } else {
            reportPending(pos);
        }
        finishToken();
    }

    // ---------------------------------------------------------------------------------------------------------
    // End of input

    /** What end of file means in the state the input stopped in. {@code pos == limit} here. */
    private void eof() {
        endOfInputState = rawState(); // a candidate, a text state, or inside markup the end of input leaves open
        switch (state) {
            case TAG_OPEN: case END_TAG_OPEN: case TEXT_LT: case TEXT_END_TAG_OPEN: case TEXT_END_TAG_NAME:
            case SCRIPT_LT: case SCRIPT_ESCAPED_LT: case CDATA_BRACKET: case CDATA_END:
                // A candidate that never became a tag: its bytes are text.
                inToken = false;
                holding = false;
                break;
            case TAG_NAME: case BEFORE_ATTR_NAME: case ATTR_NAME: case AFTER_ATTR_NAME: case BEFORE_ATTR_VALUE:
            case ATTR_VALUE_DQ: case ATTR_VALUE_SQ: case ATTR_VALUE_UNQUOTED: case AFTER_ATTR_VALUE_QUOTED:
            case SELF_CLOSING_START_TAG:
                // A tag cut off by the end of input is dropped; its bytes still pass through.
                holding = false;
                captured = false;
                break;
            case MARKUP_DECLARATION_OPEN:
                beginComment(false, pos);
                emitComment(limit);
                break;
            case BOGUS_COMMENT: case COMMENT:
                emitComment(limit);
                break;
            case COMMENT_START: case COMMENT_START_DASH:
                emitComment(comment.dataStart);
                break;
            case COMMENT_END_DASH: case COMMENT_END: case COMMENT_END_BANG:
                emitComment(comment.dataEnd);
                break;
            case DOCTYPE_NAME:
                doctype.nameEnd = limit;
                doctype.forceQuirks = true;
                emitDoctype();
                break;
            case DOCTYPE_PUBLIC_ID_DQ: case DOCTYPE_PUBLIC_ID_SQ:
                doctype.publicIdEnd = limit;
                doctype.forceQuirks = true;
                emitDoctype();
                break;
            case DOCTYPE_SYSTEM_ID_DQ: case DOCTYPE_SYSTEM_ID_SQ:
                doctype.systemIdEnd = limit;
                doctype.forceQuirks = true;
                emitDoctype();
                break;
            case BOGUS_DOCTYPE:
                emitDoctype();
                break;
            case DOCTYPE: case BEFORE_DOCTYPE_NAME: case AFTER_DOCTYPE_NAME: case AFTER_DOCTYPE_PUBLIC_KEYWORD:
            case BEFORE_DOCTYPE_PUBLIC_ID: case AFTER_DOCTYPE_PUBLIC_ID: case BETWEEN_DOCTYPE_PUBLIC_AND_SYSTEM_IDS:
            case AFTER_DOCTYPE_SYSTEM_KEYWORD: case BEFORE_DOCTYPE_SYSTEM_ID: case AFTER_DOCTYPE_SYSTEM_ID:
                doctype.forceQuirks = true;
                emitDoctype();
                break;
            default:
                break; // text states: the pending text is reported below
        }
        reportBefore(limit);
    }
}
