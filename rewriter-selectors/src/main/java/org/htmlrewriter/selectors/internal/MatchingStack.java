package org.htmlrewriter.selectors.internal;

import java.util.Arrays;
import java.util.function.IntConsumer;

import static org.htmlrewriter.selectors.internal.HtmlTreeRules.*;

/**
 * The stack of open elements of one document, as the HTML tree builder would keep it, and the matcher that
 * decides, as each start tag streams past, which selectors of a {@link SelectorProgram} match it.
 *
 * <h2>The stack</h2>
 * The stack follows the HTML tree builder's insertion modes (WHATWG HTML 13.2.6) for everything that decides which
 * elements exist and where: implied {@code html}, {@code head}, {@code body} (before the first tag, text or end of
 * input that needs them), {@code tbody}, {@code tr}, {@code colgroup} and the empty {@code p} of a stray
 * {@code </p>} are matched and reported ({@link ClosedElementListener#impliedOpened}); tags the tree builder
 * ignores (a second {@code <body>}, table parts outside a table, most tags in {@code <select>} or after a
 * {@code <frameset>}) make no element; content foster-parented out of a table has the table's parent as its parent
 * and the table and its parts as neither ancestors nor earlier siblings; quirks mode (from {@link #doctype})
 * keeps {@code <table>} in an open {@code <p>}. Implied end tags close what they close ({@code <li>} an open
 * {@code <li>}, block starts an open {@code <p>}, table parts their row or cell, HTML tags SVG/MathML content);
 * end tags close their element when it is in the scope the rules name and are ignored otherwise. Void elements
 * (and self-closing SVG/MathML elements, and with {@link #esiTags} the ESI tags) are never pushed.
 *
 * <p>{@code </body>} and {@code </html>} report their elements closed (where a rewriter appends) but, as in the
 * tree builder, leave them open for what follows; {@code </head>} likewise leaves the head open for head content
 * before {@code <body>}. What the tree builder makes with no tag at all is not modelled: the clones of formatting
 * elements that the adoption agency and the reconstruction of active formatting elements create; there the stack
 * keeps the elements as the tags say. {@link #parseAsBodyFragment} reads body content instead of a document.
 *
 * <h2>Cost and memory</h2>
 * Per start tag, the work is proportional to the tag's attributes (when a selector is keyed by an id, a class or
 * an attribute), the selector states that could hold for the tag (see {@link SelectorProgram}: states whose key
 * the tag has and, for later compounds, whose combinator's related state holds somewhere), and the elements it
 * closes; never to the depth nor to selectors that cannot match. No allocation happens except the first time the
 * stack reaches a new depth and when per-parent tables grow. Memory is O(maxDepth + number of states):
 * the stack holds at most {@code maxDepth} elements, each with a name, bookkeeping of a few dozen bytes, the
 * states it holds, and, when a selector uses {@code :nth-of-type}, a counter per distinct child element name
 * (at most {@value #MAX_TYPES_PER_PARENT}).
 *
 * <p>Not thread-safe: confined to the thread that processes the document. For one document only; the program it
 * came from may be shared.
 */
public final class MatchingStack {
    /** Most distinct child element names counted per parent for {@code :nth-of-type}. */
    public static final int MAX_TYPES_PER_PARENT = 4096;

    /**
     * The first entries are part of the stack's fixed size, not metered: a document may always open this many
     * elements, whatever its owner's limit.
     */
    public static final int UNMETERED_DEPTH = 16;

    private static final long FOREIGN_KEY_BIT = 1L << 62;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];

    private final SelectorProgram program;
    private final int maxDepth;
    /** Told about every allocation that stays with this stack (entries, their tables, the name index). */
    private final MemoryMeter meter;
    /** Capacity of {@link #topmostByName} as last charged. */
    private long chargedNameIndexBytes;
    /** {@code entries[0]} is the document; {@code entries[1..depth]} are the open elements. */
    private Entry[] entries;
    private int depth;
    /** Serial of the element inserted last (the document is 1). */
    long lastSerial;
    /** Innermost open element with each name key (with namespace bit), for O(1) "in scope" checks. */
    private final LongIntMap topmostByName = new LongIntMap(64);
    /**
     * The same for the HTML element names the tree rules know, by {@link HtmlElements} id: most tags read and
     * write an array slot here instead of probing {@link #topmostByName}.
     */
    private final int[] topmostById = new int[HtmlElements.count()];

    // Per-state bookkeeping.
    private final long[] matchStamp;
    /** Depth of the innermost open element holding the state, 0 if none. */
    private final int[] openDepth;
    /** Serial of the parent whose child holds the state, and serial of the latest such child. */
    private final long[] siblingScope;
    private final long[] siblingLatest;
    private final long[] reportStamp;
    /** Per {@code of S} list: serial of the element last counted in it. */
    private final long[] ofListStamp;

    // The targets (see SelectorProgram.bucketGroups) that hold now: a state that some open element holds (for
    // descendant and child combinators), or that some child of an open element holds (for sibling combinators).
    // A later compound's state is looked at only while its target holds.
    private final int[] holding;
    private int holdingCount;
    /** Per target: its index in {@link #holding} plus one, 0 when it does not hold. */
    private final int[] holdingPosition;
    /** Per bucket: serial of the element whose candidates already include it. */
    private final long[] bucketStamp;

    // Scratch.
    private int[] candidates = new int[64];
    /** States examined for the last element matched (tests read it to check that the cost stays bounded). */
    int candidateCount;
    private boolean candidatesUnsorted;
    private int[] matchedStates = new int[64];
    private int matchedCount;
    private int[] reported = new int[16];

    // The element being matched, read by CompiledSimpleSelector.
    StartTagView tag;
    long tagHash;
    boolean tagIsHtml;
    long childIndex;
    long typeIndex;
    int parentDepth;
    private long currentSerial;

    // The tree builder's state that decides where elements go (WHATWG HTML 13.2.4 and 13.2.6).
    private int mode = INITIAL;
    /** The template insertion modes, one per open template. */
    private int[] templateModes = NO_INTS;
    private int templateModeCount;
    /** The document is in quirks mode (a missing or legacy doctype): {@code <table>} then leaves an open p open. */
    private boolean quirks = true;
    private boolean framesetOk = true;
    private boolean scripting = true;
    /** {@code esi:include} and {@code esi:comment} are void elements (see {@link #esiTags}). */
    private boolean esiTags;
    /** A head element was inserted (the tree builder's head element pointer is set). */
    private boolean headSeen;
    /** Depth of the open form the form element pointer names, 0 if none is open; {@link #formSet} if set at all. */
    private int formDepth;
    private boolean formSet;
    /** Set while "anything else" in a table mode is processed by the in-body rules: insert with foster parenting. */
    private boolean fostering;
    /** Whether non-whitespace text can change the stack in the current mode (see {@link #textMatters}). */
    private boolean textMatters = true;
    /** Pairs (state, depth) hidden from ancestor checks while foster-parented content is open. */
    private int[] masks = NO_INTS;
    private int maskCount;
    /** Where the operation in progress reports matches and closes (set by each public entry point). */
    private IntConsumer matchedSink;
    private ClosedElementListener listener;
    private final ImpliedTag impliedTag = new ImpliedTag();

    MatchingStack(SelectorProgram program, int maxDepth, MemoryMeter meter) {
        this.program = program;
        this.maxDepth = maxDepth;
        this.meter = meter;
        int states = program.stateCount;
        matchStamp = new long[states];
        openDepth = new int[states];
        siblingScope = new long[states];
        siblingLatest = new long[states];
        reportStamp = new long[program.selectorCount()];
        ofListStamp = new long[program.ofLists.length];
        holding = new int[2 * states];
        holdingPosition = new int[2 * states];
        bucketStamp = new long[program.bucketCount];
        entries = new Entry[Math.min(maxDepth, 32) + 1];
        Entry document = new Entry(program.ofLists.length, meter);
        document.serial = ++lastSerial;
        document.html = true;
        entries[0] = document;
        chargedNameIndexBytes = topmostByName.heapBytes(); // part of the stack's fixed size
    }

    /** {@return number of open elements} */
    int depth() {
        return depth;
    }

    /**
     * A start tag streams past. First applies the implied end tags it causes (e.g. {@code <li>} closes an open
     * {@code <li>}, block-level starts close {@code <p>}), reporting each closed element to {@code closed} with
     * {@link Closing#IMPLICIT}; then matches the tag against every selector, reporting each matching selector id
     * to {@code matched}, in increasing id order, each at most once; then pushes the element unless it is void
     * (HTML void elements) or self-closing foreign.
     *
     * @param tag the start tag, read during this call only
     * @param selfClosing whether the start tag ended with {@code />}
     * @param matched told the id of each selector the element matches
     * @param closed told about each element the call closes, innermost first
     * @return the depth the element got (stack size after push; 1 for the root), or -1 if not pushed
     * @throws StackDepthExceededException if pushing would exceed the maximum depth, or the parent would count
     *                                     more than {@value #MAX_TYPES_PER_PARENT} distinct child names
     */
    public int startTag(StartTagView tag, boolean selfClosing, IntConsumer matched, ClosedElementListener closed) {
        CharSequence localName = tag.localName();
        long hash = tag.nameHash(); // 0 for names that do not hash: computing it again would give 0 again
        boolean html = tag.isHtml();
        this.matchedSink = matched;
        this.listener = closed;
        if (inForeignContent()) {
            if (!html) {
                // The rules for foreign content: a child of the current SVG/MathML element.
                return insert(tag, hash, localName, false, foreignStartInfo(tag, hash, localName), selfClosing);
            }
            // The caller read this tag as HTML here (b, div, font with color, ...): it breaks out of the SVG/MathML
            // content to the nearest HTML element or integration point.
            while (inForeignContent()) {
                pop(Closing.IMPLICIT, closed);
            }
        }
        int info = html ? htmlInfo(hash) : foreignStartInfo(tag, hash, localName);
        if (esiTags && html && isEsiVoid(localName)) {
            info |= VOID;
        }
        if (mode == IN_BODY && html && (info & IN_BODY_RULES) == 0) {
            // Most tags of most pages: in body, no rule of their own (div, span, a custom element): inserted.
            return insert(tag, hash, localName, true, info, selfClosing);
        }
        return startTagInMode(tag, hash, localName, html, info, selfClosing);
    }

    /**
     * {@link HtmlTreeRules#foreignInfo}, except that MathML {@code annotation-xml} is an HTML integration point only
     * when its {@code encoding} is {@code text/html} or {@code application/xhtml+xml} (ASCII case-insensitive).
     */
    private static int foreignStartInfo(StartTagView tag, long hash, CharSequence localName) {
        int info = foreignInfo(hash, localName);
        if ((info & INTEGRATION_POINT) != 0 && HtmlTreeRules.contentEquals(localName, "annotation-xml")) {
            CharSequence encoding = tag.attribute("encoding");
            if (encoding == null || !(contentEqualsIgnoreAsciiCase(encoding, "text/html")
                    || contentEqualsIgnoreAsciiCase(encoding, "application/xhtml+xml"))) {
                info &= ~INTEGRATION_POINT;
            }
        }
        return info;
    }

    /** Whether the current node is an SVG/MathML element that is not an integration point. */
    private boolean inForeignContent() {
        Entry current = entries[depth];
        return depth > 0 && !current.html && (current.flags & INTEGRATION_POINT) == 0;
    }

    /**
     * Matches and inserts an element: as a child of the current node, or of the foster parent when
     * {@link #fostering} and the current node is a table part. Returns its depth, or -1 if it is not pushed.
     */
    private int insert(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing) {
        boolean pushes = html ? (info & VOID) == 0 : !selfClosing;
        if (pushes && depth >= maxDepth) {
            throw new StackDepthExceededException("more than " + maxDepth + " elements open at once", maxDepth);
        }
        // Foster parenting: before the table, in the table's parent; or, when a template is more recent than the
        // table, appended to the template. Either way the elements above that parent are not ancestors.
        int fosterParent = -1;
        boolean beforeTable = false;
        if (fostering && currentIsTablePart()) {
            int table = topmost(TABLE_HASH);
            int template = topmost(TEMPLATE_HASH);
            if (template > table) {
                fosterParent = template;
            } else if (table > 1) {
                fosterParent = table - 1;
                beforeTable = true;
            }
        }
        Entry parent = entries[fosterParent >= 0 ? fosterParent : depth];
        long elementKey = SelectorProgram.elementKey(hash, localName);
        long namespacedKey = html ? elementKey : elementKey | FOREIGN_KEY_BIT;
        long sameTypeIndex = program.usesTypeIndex ? parent.countType(namespacedKey, localName) : 0;

        long serial = ++lastSerial;
        long previousSibling;
        long index;
        int masksBefore = maskCount;
        if (beforeTable) {
            // Inserted into the table's parent, just before the table: the table and the elements above it are
            // not its ancestors, and the table stays its parent's last child.
            Entry table = entries[fosterParent + 1];
            previousSibling = table.previousSiblingSerial;
            index = table.indexInParent;
            table.previousSiblingSerial = serial;
            table.indexInParent++;
            parent.childCount++;
            maskAncestors(fosterParent + 1, depth);
        } else {
            previousSibling = parent.lastChildSerial;
            parent.lastChildSerial = serial;
            index = ++parent.childCount;
            if (fosterParent >= 0) {
                maskAncestors(fosterParent + 1, depth);
            }
        }
        this.tag = tag;
        this.tagHash = hash;
        this.tagIsHtml = html;
        this.childIndex = index;
        this.typeIndex = sameTypeIndex;
        this.parentDepth = fosterParent >= 0 ? fosterParent : depth;
        this.currentSerial = serial;
        try {
            match(elementKey, parent, previousSibling, matchedSink);
        } finally {
            this.tag = null;
        }

        // The element's states, as its later siblings and its descendants will look them up.
        int[][] ofListsOfState = program.ofListsOfState;
        boolean[] siblingTarget = program.siblingTarget;
        for (int i = 0; i < matchedCount; i++) {
            int state = matchedStates[i];
            int[] lists = ofListsOfState[state];
            if (lists != null) {
                for (int list : lists) {
                    if (ofListStamp[list] != serial) {
                        ofListStamp[list] = serial;
                        parent.incrementOfCount(list);
                    }
                }
            }
            if (siblingTarget[state]) {
                long scope = siblingScope[state];
                if (scope != parent.serial) {
                    parent.saveSibling(state, scope, siblingLatest[state]);
                    siblingScope[state] = parent.serial;
                    if (scope == 0) {
                        startHolding(2 * state + 1);
                    }
                }
                siblingLatest[state] = serial;
            }
        }
        if (!pushes) {
            unmaskAncestors(masksBefore);
            return -1;
        }
        int newDepth = depth + 1;
        if (newDepth == entries.length) {
            int capacity = Math.min(maxDepth + 1, entries.length * 2);
            meter.charge(MemoryMeter.arrayBytes(4, capacity) - MemoryMeter.arrayBytes(4, entries.length));
            entries = Arrays.copyOf(entries, capacity);
        }
        Entry entry = entries[newDepth];
        if (entry == null) {
            if (newDepth > UNMETERED_DEPTH) {
                meter.charge(Entry.bytes(program.ofLists.length));
            }
            entry = entries[newDepth] = new Entry(program.ofLists.length, meter);
        }
        depth = newDepth;
        entry.reset(serial, namespacedKey, localName, html, info);
        entry.indexInParent = index;
        entry.previousSiblingSerial = previousSibling;
        entry.masksFrom = masksBefore;
        entry.masksTo = maskCount;
        // Scopes are about the stack, not the tree: the entry below, even for foster-parented content.
        Entry below = entries[newDepth - 1];
        entry.nearestDefaultScope = (info & DEFAULT_SCOPE) != 0 ? newDepth : below.nearestDefaultScope;
        entry.nearestListScope = (info & (DEFAULT_SCOPE | LIST_SCOPE)) != 0 ? newDepth : below.nearestListScope;
        entry.nearestButtonScope = (info & (DEFAULT_SCOPE | BUTTON_SCOPE)) != 0 ? newDepth
                : below.nearestButtonScope;
        entry.nearestTableScope = (info & TABLE_SCOPE) != 0 ? newDepth : below.nearestTableScope;
        entry.nearestSpecial = (info & SPECIAL) != 0 ? newDepth : below.nearestSpecial;
        entry.nearestListSearchStop = (info & SPECIAL) != 0 && (info & LIST_SEARCH_TRANSPARENT) == 0 ? newDepth
                : below.nearestListSearchStop;
        entry.nearestHtml = html ? newDepth : below.nearestHtml;
        int id = html ? HtmlElements.id(namespacedKey) : HtmlElements.UNKNOWN;
        entry.elementId = id;
        if (id != HtmlElements.UNKNOWN) {
            entry.savedTopmost = topmostById[id];
            topmostById[id] = newDepth;
        } else {
            entry.savedTopmost = topmostByName.get(namespacedKey);
            topmostByName.put(namespacedKey, newDepth);
        }
        long nameIndexBytes = topmostByName.heapBytes();
        if (nameIndexBytes != chargedNameIndexBytes) {
            meter.charge(nameIndexBytes - chargedNameIndexBytes);
            chargedNameIndexBytes = nameIndexBytes;
        }
        boolean[] ancestorTarget = program.ancestorTarget;
        for (int i = 0; i < matchedCount; i++) {
            int state = matchedStates[i];
            if (ancestorTarget[state]) {
                int previousDepth = openDepth[state];
                entry.saveOpenDepth(state, previousDepth);
                openDepth[state] = newDepth;
                if (previousDepth == 0) {
                    startHolding(2 * state);
                }
            }
        }
        return newDepth;
    }

    /**
     * An end tag, as the tree builder processes it: pops to the matching open element when the rules say so
     * (reporting elements popped above it with {@link Closing#IMPLICIT} and the element itself with
     * {@link Closing#EXPLICIT}); a stray end tag changes nothing and returns false. Some end tags imply elements
     * before they are processed ({@code </p>} with no open p, {@code </body>} before any {@code <html>}): those are
     * matched and reported as {@link #startTag} reports implied elements.
     *
     * @param nameHash the name's {@link ElementNames#hash} (0 when the name does not hash)
     * @param lowerCaseLocalName the element's local name, ASCII-lowercased
     * @param html false when the tag is processed by the rules for SVG/MathML content; those rules also apply
     *             whenever the current element is an SVG/MathML element
     * @param matched told the selector ids each implied element matches, before its
     *                {@link ClosedElementListener#impliedOpened}
     * @param closed told about each element the call closes, innermost first, and about implied elements
     * @return whether an open element was closed
     */
    public boolean endTag(long nameHash, CharSequence lowerCaseLocalName, boolean html, IntConsumer matched,
            ClosedElementListener closed) {
        this.matchedSink = matched;
        this.listener = closed;
        long key = SelectorProgram.elementKey(nameHash, lowerCaseLocalName);
        Entry current = entries[depth];
        if (depth > 0 && (!current.html || !html)) {
            // Foreign content: an open SVG/MathML element of that name above the nearest HTML element; if there
            // is none, the HTML rules below decide.
            int target = topmost(key | FOREIGN_KEY_BIT, lowerCaseLocalName);
            if (target > current.nearestHtml) {
                popTo(target, Closing.EXPLICIT, closed);
                return true;
            }
        }
        int info = htmlInfo(nameHash);
        if ((code(info) == P || code(info) == BR) && inForeignContent()) {
            // </p> and </br> leave SVG/MathML content, as the HTML breakout start tags do.
            while (inForeignContent()) {
                pop(Closing.IMPLICIT, closed);
            }
            current = entries[depth];
        }
        if (depth > 0 && current.html && current.nameKey == key
                && ((current.flags & RAW_TEXT) != 0 || scripting && code(current.flags) == NOSCRIPT)) {
            // The "text" insertion mode: raw text's end tag closes its element, whatever the mode around it.
            pop(Closing.EXPLICIT, closed);
            return true;
        }
        return mode == IN_BODY ? inBodyEnd(nameHash, key, lowerCaseLocalName, info)
                : endTagInMode(nameHash, key, lowerCaseLocalName, info);
    }

    /**
     * {@link #endTag(long, CharSequence, boolean, IntConsumer, ClosedElementListener)} for callers that match no
     * implied element.
     *
     * @param nameHash the name's {@link ElementNames#hash} (0 when the name does not hash)
     * @param lowerCaseLocalName the element's local name, ASCII-lowercased
     * @param html false when the tag is processed by the rules for SVG/MathML content
     * @param closed told about each element the call closes, innermost first
     * @return whether an open element was closed
     */
    public boolean endTag(long nameHash, CharSequence lowerCaseLocalName, boolean html, ClosedElementListener closed) {
        return endTag(nameHash, lowerCaseLocalName, html, NO_MATCHES, closed);
    }

    /**
     * End of input: the elements the tree builder still implies ({@code html}, {@code head}, {@code body} of a
     * document that ends before them) are reported, then everything still open is closed, innermost first, with
     * {@link Closing#END_OF_INPUT}.
     *
     * @param matched told the selector ids each implied element matches
     * @param closed told about each element the call closes, innermost first, and about implied elements
     */
    public void endOfInput(IntConsumer matched, ClosedElementListener closed) {
        this.matchedSink = matched;
        this.listener = closed;
        for (;;) {
            if (mode < IN_BODY) {
                impliedBeforeBody(Closing.END_OF_INPUT);
            } else if (templateModeCount > 0 && mode != IN_FRAMESET && mode < AFTER_BODY) {
                // The template rules at the end of input: close the template and go on in the mode around it.
                int template = topmost(TEMPLATE_HASH);
                if (template == 0) {
                    break;
                }
                popTo(template, Closing.END_OF_INPUT, closed);
                templateModeCount--;
                resetMode();
            } else {
                break;
            }
        }
        while (depth > 0) {
            pop(Closing.END_OF_INPUT, closed);
        }
    }

    /**
     * End of input, for callers that match no implied element.
     *
     * @param closed told about each element the call closes, innermost first
     */
    public void endOfInput(ClosedElementListener closed) {
        endOfInput(NO_MATCHES, closed);
    }

    /**
     * Whether character data can change the stack now: before {@code <body>} (text implies html, head and body),
     * after {@code </body>}, in a column group, and in body while no text has been seen (the frameset-ok flag). When
     * false, callers need not report text at all.
     *
     * @return whether {@link #nonWhitespaceText} may change something now
     */
    public boolean textMatters() {
        return textMatters;
    }

    /**
     * Whether {@link #nonWhitespaceText} may now open or close elements (before the body, in a column group), rather
     * than only change the insertion mode: callers then split the text where it starts.
     *
     * @return whether text other than whitespace may open or close elements now
     */
    public boolean textMayImplyOrClose() {
        return mode < IN_BODY || mode == IN_COLUMN_GROUP;
    }

    /**
     * Character data other than ASCII whitespace, outside raw text and CDATA, reached the tree builder. It may imply
     * elements (matched and reported as for {@link #startTag}) and close others.
     *
     * @param matched told the selector ids each implied element matches
     * @param closed told about each element the call closes and about implied elements
     */
    public void nonWhitespaceText(IntConsumer matched, ClosedElementListener closed) {
        if (!textMatters) {
            return;
        }
        this.matchedSink = matched;
        this.listener = closed;
        switch (mode) {
            case IN_COLUMN_GROUP:
                if (currentIs(COLGROUP)) {
                    pop(Closing.IMPLICIT, closed);
                    setMode(IN_TABLE);
                }
                return;
            case AFTER_BODY: case AFTER_AFTER_BODY:
                setMode(IN_BODY);
                break;
            default:
                impliedBeforeBody(Closing.IMPLICIT);
        }
        if (mode == IN_BODY) {
            framesetOk = false;
            updateTextMatters();
        }
    }

    /**
     * A doctype token. Only the first token of a document can be one that counts: it decides quirks mode, in which
     * {@code <table>} does not close an open {@code <p>}.
     *
     * @param quirksMode whether the doctype puts the document in quirks mode (as the HTML standard's initial
     *                   insertion mode decides from its name, identifiers and force-quirks flag)
     */
    public void doctype(boolean quirksMode) {
        if (mode == INITIAL) {
            quirks = quirksMode;
            setMode(BEFORE_HTML);
        }
    }

    /**
     * Whether {@code <noscript>} content is markup (false) or raw text (true, the default): decides how a
     * {@code <noscript>} in the head is read. Call before the first token.
     *
     * @param enabled whether scripting is enabled
     */
    public void scriptingEnabled(boolean enabled) {
        scripting = enabled;
    }

    /**
     * Whether the Edge Side Includes tags {@code esi:include} and {@code esi:comment} (HTML elements, names ASCII
     * case-insensitive) are void elements, as lol-html's {@code enable_esi_tags} makes them: never pushed, so never an
     * ancestor, and a following {@code </esi:include>} closes nothing (it is ignored as a stray end tag). Default
     * false: they are ordinary elements, as in a browser's tree. Call before the first token.
     *
     * @param enabled whether ESI tags are void
     * @return this stack
     */
    public MatchingStack esiTags(boolean enabled) {
        esiTags = enabled;
        return this;
    }

    private static boolean isEsiVoid(CharSequence localName) {
        return localName.length() > 4 && localName.charAt(3) == ':'
                && (HtmlTreeRules.contentEqualsIgnoreAsciiCase(localName, "esi:include")
                || HtmlTreeRules.contentEqualsIgnoreAsciiCase(localName, "esi:comment"));
    }

    /**
     * Reads the input as a fragment of body content (the HTML fragment parsing algorithm with a {@code body} context
     * element) instead of a document: no html, head or body element is implied, elements at the top level are roots.
     * Call before the first token.
     *
     * @return this stack
     */
    public MatchingStack parseAsBodyFragment() {
        quirks = false;
        framesetOk = false;
        setMode(IN_BODY);
        return this;
    }

    /**
     * Whether the next tag may make the tree builder create an element with no tag of its own: before the body
     * ({@code html}, {@code head}, {@code body}) and in a table ({@code tbody}, {@code tr}, {@code colgroup}).
     * An end tag {@code </p>} may create a {@code p} anywhere. Callers use it to hold such tags until the implied
     * elements are handled.
     *
     * @return whether a tag may imply elements in the current insertion mode
     */
    public boolean mayImplyElements() {
        return mode < IN_BODY || mode == IN_TABLE || mode == IN_TABLE_BODY;
    }

    // ---- insertion modes ----

    static final int INITIAL = 0;
    static final int BEFORE_HTML = 1;
    static final int BEFORE_HEAD = 2;
    static final int IN_HEAD = 3;
    static final int IN_HEAD_NOSCRIPT = 4;
    static final int AFTER_HEAD = 5;
    static final int IN_BODY = 6;
    static final int IN_TABLE = 7;
    static final int IN_CAPTION = 8;
    static final int IN_COLUMN_GROUP = 9;
    static final int IN_TABLE_BODY = 10;
    static final int IN_ROW = 11;
    static final int IN_CELL = 12;
    static final int IN_SELECT = 13;
    static final int IN_SELECT_IN_TABLE = 14;
    static final int IN_TEMPLATE = 15;
    static final int AFTER_BODY = 16;
    static final int IN_FRAMESET = 17;
    static final int AFTER_FRAMESET = 18;
    static final int AFTER_AFTER_BODY = 19;
    static final int AFTER_AFTER_FRAMESET = 20;

    /** Info bits of an HTML start tag that has a rule of its own in body (everything else is just inserted). */
    private static final int IN_BODY_RULES = ~FLAGS_MASK /* any name code */ | HEAD_RULES | IGNORED_IN_BODY
            | FRAMESET_NOT_OK | CLOSES_P | HEADING;

    /** A mode handler's answer: process the token again in the (new) current mode. */
    private static final int REPROCESS = Integer.MIN_VALUE;
    private static final IntConsumer NO_MATCHES = id -> { };

    private void setMode(int m) {
        mode = m;
        updateTextMatters();
    }

    private void updateTextMatters() {
        textMatters = mode < IN_BODY || mode == IN_COLUMN_GROUP || mode == AFTER_BODY || mode == AFTER_AFTER_BODY
                || (mode == IN_BODY && framesetOk);
    }

    private int startTagInMode(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing) {
        int code = html ? code(info) : 0;
        int tableTag = html ? tableTagKind(code, info) : 0;
        for (;;) {
            int result;
            switch (mode) {
                case INITIAL:
                    setMode(BEFORE_HTML);
                    continue;
                case BEFORE_HTML:
                    if (code == HTML) {
                        return insertThenMode(tag, hash, localName, html, info, selfClosing, BEFORE_HEAD);
                    }
                    imply(HTML_HASH, "html", BEFORE_HEAD);
                    continue;
                case BEFORE_HEAD:
                    if (code == HTML) {
                        return -1;
                    }
                    headSeen = true;
                    if (code == HEAD) {
                        return insertThenMode(tag, hash, localName, html, info, selfClosing, IN_HEAD);
                    }
                    imply(HEAD_HASH, "head", IN_HEAD);
                    continue;
                case IN_HEAD:
                    if (code == HTML || code == HEAD) {
                        return -1;
                    }
                    if ((info & HEAD_RULES) != 0 && html) {
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
                    if (code == NOSCRIPT) {
                        result = insert(tag, hash, localName, html, info, selfClosing);
                        if (!scripting) {
                            setMode(IN_HEAD_NOSCRIPT);
                        }
                        return result;
                    }
                    closeHead(Closing.IMPLICIT);
                    setMode(AFTER_HEAD);
                    continue;
                case IN_HEAD_NOSCRIPT:
                    if (code == HTML || code == HEAD || code == NOSCRIPT) {
                        return -1;
                    }
                    if ((info & NOSCRIPT_HEAD_CONTENT) != 0 && html) {
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
                    pop(Closing.IMPLICIT, listener); // the noscript
                    setMode(IN_HEAD);
                    continue;
                case AFTER_HEAD:
                    if (code == HTML || code == HEAD) {
                        return -1;
                    }
                    if ((info & HEAD_RULES) != 0 && html) {
                        // Into the head again: it is still open when </head> ended it (see Entry.reported).
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
                    dropEndedHead();
                    if (code == BODY || code == FRAMESET) {
                        result = insert(tag, hash, localName, html, info, selfClosing);
                        framesetOk = false;
                        setMode(code == BODY ? IN_BODY : IN_FRAMESET);
                        return result;
                    }
                    imply(BODY_HASH, "body", IN_BODY);
                    continue;
                case IN_BODY:
                    return inBody(tag, hash, localName, html, info, selfClosing);
                case IN_TABLE:
                    result = inTable(tag, hash, localName, html, info, selfClosing);
                    break;
                case IN_CAPTION:
                    if (tableTag == TABLE_PART) {
                        if (!closeTo(inTableScope(CAPTION_HASH), Closing.IMPLICIT, IN_TABLE)) {
                            return -1;
                        }
                        continue;
                    }
                    return inBody(tag, hash, localName, html, info, selfClosing);
                case IN_COLUMN_GROUP:
                    if (code == HTML) {
                        return -1;
                    }
                    if (code == COL) {
                        return insert(tag, hash, localName, html, info, selfClosing);
                    }
                    if (code == TEMPLATE) {
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
                    if (!currentIs(COLGROUP)) {
                        return -1;
                    }
                    pop(Closing.IMPLICIT, listener);
                    setMode(IN_TABLE);
                    continue;
                case IN_TABLE_BODY:
                    if (code == TR) {
                        clearBackTo(TABLE_BODY_CONTEXT);
                        return insertThenMode(tag, hash, localName, html, info, selfClosing, IN_ROW);
                    }
                    if ((info & CELL) != 0 && html) {
                        clearBackTo(TABLE_BODY_CONTEXT);
                        imply(TR_HASH, "tr", IN_ROW);
                        continue;
                    }
                    if (tableTag == TABLE_PART && code != TR && (info & CELL) == 0) {
                        if (sectionInTableScope() == 0) {
                            return -1;
                        }
                        closeBackTo(TABLE_BODY_CONTEXT, Closing.IMPLICIT, IN_TABLE);
                        continue;
                    }
                    result = inTable(tag, hash, localName, html, info, selfClosing);
                    break;
                case IN_ROW:
                    if ((info & CELL) != 0 && html) {
                        clearBackTo(ROW_CONTEXT);
                        return insertThenMode(tag, hash, localName, html, info, selfClosing, IN_CELL);
                    }
                    if (tableTag == TABLE_PART) {
                        if (inTableScope(TR_HASH) == 0) {
                            return -1;
                        }
                        closeBackTo(ROW_CONTEXT, Closing.IMPLICIT, IN_TABLE_BODY);
                        continue;
                    }
                    result = inTable(tag, hash, localName, html, info, selfClosing);
                    break;
                case IN_CELL:
                    if (tableTag == TABLE_PART) {
                        if (!closeTo(Math.max(inTableScope(TD_HASH), inTableScope(TH_HASH)), Closing.IMPLICIT,
                                IN_ROW)) {
                            return -1;
                        }
                        continue;
                    }
                    return inBody(tag, hash, localName, html, info, selfClosing);
                case IN_SELECT_IN_TABLE:
                    if (tableTag == TABLE_PART && code != COL && code != COLGROUP || code == TABLE) {
                        popTo(selectInSelectScope(), Closing.IMPLICIT, listener);
                        resetMode();
                        continue;
                    }
                    result = inSelect(tag, hash, localName, html, info, selfClosing);
                    break;
                case IN_SELECT:
                    result = inSelect(tag, hash, localName, html, info, selfClosing);
                    break;
                case IN_TEMPLATE: {
                    if ((info & HEAD_RULES) != 0 && html) {
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
                    int next = IN_BODY;
                    if (code == CAPTION || code == COLGROUP || (info & TABLE_SECTION) != 0 && html) {
                        next = IN_TABLE;
                    } else if (code == COL) {
                        next = IN_COLUMN_GROUP;
                    } else if (code == TR) {
                        next = IN_TABLE_BODY;
                    } else if ((info & CELL) != 0 && html) {
                        next = IN_ROW;
                    }
                    if (templateModeCount > 0) {
                        templateModes[templateModeCount - 1] = next;
                    }
                    setMode(next);
                    continue;
                }
                case AFTER_BODY: case AFTER_AFTER_BODY:
                    if (code == HTML) {
                        return -1;
                    }
                    setMode(IN_BODY);
                    continue;
                case IN_FRAMESET:
                    if (code == FRAMESET || code == FRAME || html && hash == NOFRAMES_HASH) {
                        return insert(tag, hash, localName, html, info, selfClosing);
                    }
                    return -1;
                default: // AFTER_FRAMESET, AFTER_AFTER_FRAMESET
                    if (html && hash == NOFRAMES_HASH) {
                        return insert(tag, hash, localName, html, info, selfClosing);
                    }
                    return -1;
            }
            if (result != REPROCESS) {
                return result;
            }
        }
    }

    private static final int TABLE_PART = 1;
    private static final long NOFRAMES_HASH = ElementNames.hash("noframes");
    private static final long SCRIPT_HASH = ElementNames.hash("script");
    private static final long STYLE_HASH = ElementNames.hash("style");

    /** {@link #TABLE_PART} for caption, col, colgroup, tbody, thead, tfoot, tr, td, th; 0 otherwise. */
    private static int tableTagKind(int code, int info) {
        return code == CAPTION || code == COL || code == COLGROUP || code == TR || (info & (TABLE_SECTION | CELL)) != 0
                ? TABLE_PART : 0;
    }

    /** The in-head rules for base, link, meta, script, style, template, title, noframes: inserted where they are. */
    private int inHead(StartTagView tag, long hash, CharSequence localName, int info, boolean selfClosing) {
        int result = insert(tag, hash, localName, true, info, selfClosing);
        if (code(info) == TEMPLATE && result > 0) {
            framesetOk = false;
            pushTemplateMode(IN_TEMPLATE);
            setMode(IN_TEMPLATE);
        }
        return result;
    }

    private int inBody(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing) {
        if (html) {
            int code = code(info);
            switch (code) {
                case HTML:
                    return -1; // attributes merged onto the existing element: no element
                case BODY:
                    framesetOk = false; // a second <body> makes a frameset impossible
                    updateTextMatters();
                    return -1;
                case IMAGE:
                    // Read as <img> by the tree builder: selectors see an img.
                    framesetOk = false;
                    updateTextMatters();
                    return insert(tag, IMG_HASH, "img", true, htmlInfo(IMG_HASH), selfClosing);
                case FRAMESET:
                    if (!framesetOk || depth < 2 || !entries[2].html || code(entries[2].flags) != BODY) {
                        return -1;
                    }
                    // The body is taken out of the tree and the frameset replaces it.
                    Entry body = entries[2];
                    while (depth > 1) {
                        pop(Closing.IMPLICIT, listener);
                    }
                    entries[1].childCount--;
                    entries[1].lastChildSerial = body.previousSiblingSerial;
                    int frameset = insert(tag, hash, localName, true, info, selfClosing);
                    setMode(IN_FRAMESET);
                    return frameset;
                case FORM:
                    if (formSet && !templateOpen()) {
                        return -1;
                    }
                    break;
                default:
                    break;
            }
            if ((info & HEAD_RULES) != 0) {
                return inHead(tag, hash, localName, info, selfClosing);
            }
            if ((info & IGNORED_IN_BODY) != 0) {
                return -1;
            }
            if ((info & FRAMESET_NOT_OK) != 0 && framesetOk && !(code == INPUT && isHiddenInput(tag))) {
                framesetOk = false;
                updateTextMatters();
            }
            applyImpliedEndTags(info);
            int result = insert(tag, hash, localName, true, info, selfClosing);
            if (code == TABLE) {
                setMode(IN_TABLE);
            } else if (code == SELECT) {
                setMode(mode >= IN_TABLE && mode <= IN_CELL ? IN_SELECT_IN_TABLE : IN_SELECT);
            } else if (code == FORM && !templateOpen()) {
                formDepth = result;
                formSet = true;
            }
            return result;
        }
        return insert(tag, hash, localName, false, info, selfClosing);
    }

    private int inTable(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing) {
        if (html) {
            int code = code(info);
            switch (code) {
                case CAPTION: case COLGROUP: {
                    clearBackTo(TABLE_CONTEXT);
                    return insertThenMode(tag, hash, localName, true, info, selfClosing, code == CAPTION ? IN_CAPTION : IN_COLUMN_GROUP);
                }
                case COL:
                    clearBackTo(TABLE_CONTEXT);
                    imply(COLGROUP_HASH, "colgroup", IN_COLUMN_GROUP);
                    return REPROCESS;
                case TR: case TD: case TH:
                    clearBackTo(TABLE_CONTEXT);
                    imply(TBODY_HASH, "tbody", IN_TABLE_BODY);
                    return REPROCESS;
                case TABLE: {
                    int table = inTableScope(TABLE_HASH);
                    if (table == 0) {
                        return -1;
                    }
                    popTo(table, Closing.IMPLICIT, listener);
                    resetMode();
                    return REPROCESS;
                }
                case TEMPLATE:
                    return inHead(tag, hash, localName, info, selfClosing);
                case INPUT:
                    if (isHiddenInput(tag)) {
                        return insert(tag, hash, localName, true, info, selfClosing);
                    }
                    break;
                case FORM: {
                    if (templateOpen() || formSet) {
                        return -1;
                    }
                    // Inserted in the table and popped at once: the form element pointer is set, nothing is open.
                    int form = insert(tag, hash, localName, true, info, selfClosing);
                    formSet = true;
                    if (form > 0) {
                        pop(Closing.IMPLICIT, listener);
                    }
                    return -1;
                }
                default:
                    if ((info & TABLE_SECTION) != 0) {
                        clearBackTo(TABLE_CONTEXT);
                        return insertThenMode(tag, hash, localName, true, info, selfClosing, IN_TABLE_BODY);
                    }
                    if (hash == SCRIPT_HASH || hash == STYLE_HASH) {
                        return inHead(tag, hash, localName, info, selfClosing);
                    }
            }
        }
        fostering = true;
        try {
            return inBody(tag, hash, localName, html, info, selfClosing);
        } finally {
            fostering = false;
        }
    }

    private int inSelect(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing) {
        if (!html) {
            return -1;
        }
        int code = code(info);
        switch (code) {
            case OPTION:
                popIfCurrent(OPTION);
                return insert(tag, hash, localName, true, info, selfClosing);
            case OPTGROUP: case HR:
                popIfCurrent(OPTION);
                popIfCurrent(OPTGROUP);
                return insert(tag, hash, localName, true, info, selfClosing);
            case SELECT: case INPUT: case KEYGEN: case TEXTAREA: {
                int select = selectInSelectScope();
                if (select == 0) {
                    return -1;
                }
                popTo(select, Closing.IMPLICIT, listener);
                resetMode();
                return code == SELECT ? -1 : REPROCESS;
            }
            case TEMPLATE:
                return inHead(tag, hash, localName, info, selfClosing);
            default:
                return hash == SCRIPT_HASH ? inHead(tag, hash, localName, info, selfClosing) : -1;
        }
    }

    private boolean endTagInMode(long hash, long key, CharSequence name, int info) {
        int code = code(info);
        boolean tablePart = tableTagKind(code, info) == TABLE_PART || code == TABLE;
        for (;;) {
            switch (mode) {
                case INITIAL:
                    setMode(BEFORE_HTML);
                    continue;
                case BEFORE_HTML:
                    if (code == HEAD || code == BODY || code == HTML || code == BR) {
                        imply(HTML_HASH, "html", BEFORE_HEAD);
                        continue;
                    }
                    return false;
                case BEFORE_HEAD:
                    if (code == HEAD || code == BODY || code == HTML || code == BR) {
                        headSeen = true;
                        imply(HEAD_HASH, "head", IN_HEAD);
                        continue;
                    }
                    return false;
                case IN_HEAD:
                    if (code == HEAD) {
                        int head = topmost(HEAD_HASH);
                        if (head == 0) {
                            return false;
                        }
                        popAbove(head, listener);
                        reportClosed(head, Closing.EXPLICIT); // stays open for head content before <body>
                        setMode(AFTER_HEAD);
                        return true;
                    }
                    if (code == BODY || code == HTML || code == BR) {
                        closeHead(Closing.IMPLICIT);
                        setMode(AFTER_HEAD);
                        continue;
                    }
                    return code == TEMPLATE && endTemplate();
                case IN_HEAD_NOSCRIPT:
                    if (code == NOSCRIPT) {
                        pop(Closing.EXPLICIT, listener);
                        setMode(IN_HEAD);
                        return true;
                    }
                    if (code == BR) {
                        pop(Closing.IMPLICIT, listener);
                        setMode(IN_HEAD);
                        continue;
                    }
                    return false;
                case AFTER_HEAD:
                    if (code == TEMPLATE) {
                        return endTemplate();
                    }
                    if (code == BODY || code == HTML || code == BR) {
                        dropEndedHead();
                        imply(BODY_HASH, "body", IN_BODY);
                        continue;
                    }
                    return false;
                case IN_BODY:
                    return inBodyEnd(hash, key, name, info);
                case IN_TABLE:
                    return inTableEnd(code, tablePart, hash, key, name, info);
                case IN_CAPTION:
                    if (code == CAPTION || code == TABLE) {
                        int caption = inTableScope(CAPTION_HASH);
                        if (caption == 0) {
                            return false;
                        }
                        popTo(caption, code == CAPTION ? Closing.EXPLICIT : Closing.IMPLICIT, listener);
                        setMode(IN_TABLE);
                        if (code == CAPTION) {
                            return true;
                        }
                        continue;
                    }
                    if (tablePart || code == BODY || code == HTML) {
                        return false;
                    }
                    return inBodyEnd(hash, key, name, info);
                case IN_COLUMN_GROUP:
                    if (code == COL) {
                        return false;
                    }
                    if (code == TEMPLATE) {
                        return endTemplate();
                    }
                    if (!currentIs(COLGROUP)) {
                        return false;
                    }
                    pop(code == COLGROUP ? Closing.EXPLICIT : Closing.IMPLICIT, listener);
                    setMode(IN_TABLE);
                    if (code == COLGROUP) {
                        return true;
                    }
                    continue;
                case IN_TABLE_BODY:
                    if ((info & TABLE_SECTION) != 0) {
                        if (inTableScope(hash) == 0) {
                            return false;
                        }
                        closeBackTo(TABLE_BODY_CONTEXT, Closing.EXPLICIT, IN_TABLE);
                        return true;
                    }
                    if (code == TABLE) {
                        if (sectionInTableScope() == 0) {
                            return false;
                        }
                        closeBackTo(TABLE_BODY_CONTEXT, Closing.IMPLICIT, IN_TABLE);
                        continue;
                    }
                    return inTableEnd(code, tablePart, hash, key, name, info);
                case IN_ROW:
                    if (code == TR || code == TABLE || (info & TABLE_SECTION) != 0) {
                        if ((info & TABLE_SECTION) != 0 && inTableScope(hash) == 0 || inTableScope(TR_HASH) == 0) {
                            return false;
                        }
                        closeBackTo(ROW_CONTEXT, code == TR ? Closing.EXPLICIT : Closing.IMPLICIT, IN_TABLE_BODY);
                        if (code == TR) {
                            return true;
                        }
                        continue;
                    }
                    return inTableEnd(code, tablePart, hash, key, name, info);
                case IN_CELL:
                    if ((info & CELL) != 0) {
                        int cell = inTableScope(hash);
                        if (cell == 0) {
                            return false;
                        }
                        popTo(cell, Closing.EXPLICIT, listener);
                        setMode(IN_ROW);
                        return true;
                    }
                    if (code == TABLE || code == TR || (info & TABLE_SECTION) != 0) {
                        if (inTableScope(hash) == 0) {
                            return false;
                        }
                        popTo(Math.max(inTableScope(TD_HASH), inTableScope(TH_HASH)), Closing.IMPLICIT, listener);
                        setMode(IN_ROW);
                        continue;
                    }
                    if (tablePart || code == BODY || code == HTML) {
                        return false;
                    }
                    return inBodyEnd(hash, key, name, info);
                case IN_SELECT_IN_TABLE:
                    if (tablePart && code != COL && code != COLGROUP) {
                        if (inTableScope(hash) == 0) {
                            return false;
                        }
                        popTo(selectInSelectScope(), Closing.IMPLICIT, listener);
                        resetMode();
                        continue;
                    }
                    return inSelectEnd(code);
                case IN_SELECT:
                    return inSelectEnd(code);
                case IN_TEMPLATE:
                    return code == TEMPLATE && endTemplate();
                case AFTER_BODY:
                    if (code == HTML) {
                        reportClosed(1, Closing.EXPLICIT);
                        setMode(AFTER_AFTER_BODY);
                        return true;
                    }
                    setMode(IN_BODY);
                    continue;
                case AFTER_AFTER_BODY:
                    setMode(IN_BODY);
                    continue;
                case IN_FRAMESET:
                    if (code != FRAMESET || depth <= 1) {
                        return false;
                    }
                    pop(Closing.EXPLICIT, listener);
                    if (!currentIs(FRAMESET)) {
                        setMode(AFTER_FRAMESET);
                    }
                    return true;
                case AFTER_FRAMESET:
                    if (code == HTML) {
                        reportClosed(1, Closing.EXPLICIT);
                        setMode(AFTER_AFTER_FRAMESET);
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }

    private boolean inSelectEnd(int code) {
        switch (code) {
            case OPTGROUP:
                if (currentIs(OPTION) && depth > 1 && entries[depth - 1].html
                        && code(entries[depth - 1].flags) == OPTGROUP) {
                    pop(Closing.IMPLICIT, listener);
                }
                if (currentIs(OPTGROUP)) {
                    pop(Closing.EXPLICIT, listener);
                    return true;
                }
                return false;
            case OPTION:
                if (currentIs(OPTION)) {
                    pop(Closing.EXPLICIT, listener);
                    return true;
                }
                return false;
            case SELECT: {
                int select = selectInSelectScope();
                if (select == 0) {
                    return false;
                }
                popTo(select, Closing.EXPLICIT, listener);
                resetMode();
                return true;
            }
            case TEMPLATE:
                return endTemplate();
            default:
                return false;
        }
    }

    /** The in-table rules for an end tag (also what table sections and rows fall back to). */
    private boolean inTableEnd(int code, boolean tablePart, long hash, long key, CharSequence name, int info) {
        if (code == TABLE) {
            return closeTable(Closing.EXPLICIT);
        }
        if (tablePart || code == BODY || code == HTML) {
            return false;
        }
        if (code == TEMPLATE) {
            return endTemplate();
        }
        return inBodyEndFostering(hash, key, name, info);
    }

    /** The in-body rules for an end tag in a table mode: an element it implies (a {@code p}) is foster-parented. */
    private boolean inBodyEndFostering(long hash, long key, CharSequence name, int info) {
        fostering = true;
        try {
            return inBodyEnd(hash, key, name, info);
        } finally {
            fostering = false;
        }
    }

    /** The in-body rules for an end tag. */
    /**
     * The in-body end tags with rules of their own: 1 if an element was closed, 0 if the tag is ignored, -1 if the
     * general rules apply after all ({@code </form>} inside a template).
     */
    private int inBodyEndOfItsOwn(int code) {
        Entry current = entries[depth];
        switch (code) {
            case BODY: case HTML: {
                int body = topmost(BODY_HASH);
                if (body == 0 || body < current.nearestDefaultScope) {
                    return 0;
                }
                if (code == BODY) {
                    reportClosed(body, Closing.EXPLICIT);
                    setMode(AFTER_BODY);
                } else {
                    reportClosed(1, Closing.EXPLICIT);
                    setMode(AFTER_AFTER_BODY);
                }
                return 1;
            }
            case P:
                if (topmost(P_HASH) < Math.max(1, current.nearestButtonScope)) {
                    // No p in button scope: the tree builder inserts an empty one, which this end tag closes.
                    insertImplied(P_HASH, "p");
                }
                popTo(topmost(P_HASH), Closing.EXPLICIT, listener);
                return 1;
            case BR:
                return 0; // read as <br> by the tree builder; not reported as an element
            case TEMPLATE:
                return endTemplate() ? 1 : 0;
            case FORM:
                if (!templateOpen()) {
                    int form = formDepth;
                    formDepth = 0;
                    formSet = false;
                    if (form == 0 || form < current.nearestDefaultScope) {
                        return 0;
                    }
                    if (form == depth) {
                        pop(Closing.EXPLICIT, listener);
                    } else {
                        // The form leaves the stack but stays the parent of what is open inside it.
                        removeFromStack(form, Closing.EXPLICIT);
                    }
                    return 1;
                }
                break;
            default:
                break;
        }
        return -1;
    }

    private boolean inBodyEnd(long hash, long key, CharSequence name, int info) {
        int code = code(info);
        if (code == BODY || code == HTML || code == P || code == BR || code == TEMPLATE || code == FORM) {
            int answer = inBodyEndOfItsOwn(code);
            if (answer >= 0) {
                return answer == 1;
            }
        }
        Entry current = entries[depth];
        int target;
        int boundary;
        if ((info & HEADING) != 0) {
            target = 0;
            for (long heading : HEADING_HASHES) {
                target = Math.max(target, topmost(heading));
            }
            boundary = current.nearestDefaultScope;
        } else {
            target = topmost(key, name);
            switch (code) {
                case LI:
                    boundary = current.nearestListScope;
                    break;
                default:
                    boundary = (info & CLOSES_IN_SCOPE) != 0 ? current.nearestDefaultScope : current.nearestSpecial;
            }
        }
        if (target > 0 && target >= boundary) {
            popTo(target, Closing.EXPLICIT, listener);
            return true;
        }
        return false;
    }

    /** Implied html, head (closed again) and body, as text, end of input or a tag before the body needs them. */
    private void impliedBeforeBody(Closing headClosing) {
        for (;;) {
            switch (mode) {
                case INITIAL:
                    setMode(BEFORE_HTML);
                    continue;
                case BEFORE_HTML:
                    imply(HTML_HASH, "html", BEFORE_HEAD);
                    continue;
                case BEFORE_HEAD:
                    headSeen = true;
                    imply(HEAD_HASH, "head", IN_HEAD);
                    continue;
                case IN_HEAD_NOSCRIPT:
                    pop(headClosing, listener);
                    setMode(IN_HEAD);
                    continue;
                case IN_HEAD:
                    closeHead(headClosing);
                    setMode(AFTER_HEAD);
                    continue;
                case AFTER_HEAD:
                    dropEndedHead();
                    imply(BODY_HASH, "body", IN_BODY);
                    return;
                default:
                    return;
            }
        }
    }

    /** Pops the head and whatever is open above it. */
    private void closeHead(Closing how) {
        int head = topmost(HEAD_HASH);
        if (head > 0) {
            popTo(head, how, listener);
        }
    }

    /** Pops the head that {@code </head>} ended (and left open for late head content), silently. */
    private void dropEndedHead() {
        int head = topmost(HEAD_HASH);
        if (head > 0 && entries[head].reported) {
            popTo(head, Closing.IMPLICIT, listener);
        }
    }

    private boolean closeTable(Closing how) {
        int table = inTableScope(TABLE_HASH);
        if (table == 0) {
            return false;
        }
        popTo(table, how, listener);
        resetMode();
        return true;
    }

    private boolean endTemplate() {
        int template = topmost(TEMPLATE_HASH);
        if (template == 0) {
            return false;
        }
        popTo(template, Closing.EXPLICIT, listener);
        if (templateModeCount > 0) {
            templateModeCount--;
        }
        resetMode();
        return true;
    }

    private void pushTemplateMode(int m) {
        if (templateModeCount == templateModes.length) {
            int capacity = Math.max(4, templateModes.length * 2);
            meter.charge(MemoryMeter.growthBytes(4, templateModes.length, capacity));
            templateModes = Arrays.copyOf(templateModes, capacity);
        }
        templateModes[templateModeCount++] = m;
    }

    private boolean templateOpen() {
        return topmost(TEMPLATE_HASH) > 0;
    }

    /** "Reset the insertion mode appropriately", from the stack of open elements. */
    private void resetMode() {
        for (int d = depth; d >= 1; d--) {
            Entry e = entries[d];
            if (!e.html) {
                continue;
            }
            boolean last = d == 1;
            switch (code(e.flags)) {
                case SELECT:
                    for (int a = d - 1; a >= 1; a--) {
                        int c = entries[a].html ? code(entries[a].flags) : 0;
                        if (c == TEMPLATE) {
                            break;
                        }
                        if (c == TABLE) {
                            setMode(IN_SELECT_IN_TABLE);
                            return;
                        }
                    }
                    setMode(IN_SELECT);
                    return;
                case TD: case TH:
                    if (!last) {
                        setMode(IN_CELL);
                        return;
                    }
                    break;
                case TR:
                    setMode(IN_ROW);
                    return;
                case TBODY: case THEAD: case TFOOT:
                    setMode(IN_TABLE_BODY);
                    return;
                case CAPTION:
                    setMode(IN_CAPTION);
                    return;
                case COLGROUP:
                    setMode(IN_COLUMN_GROUP);
                    return;
                case TABLE:
                    setMode(IN_TABLE);
                    return;
                case TEMPLATE:
                    setMode(templateModeCount > 0 ? templateModes[templateModeCount - 1] : IN_TEMPLATE);
                    return;
                case HEAD:
                    if (!last) {
                        setMode(e.reported ? AFTER_HEAD : IN_HEAD);
                        return;
                    }
                    break;
                case BODY:
                    setMode(e.reported ? AFTER_BODY : IN_BODY);
                    return;
                case FRAMESET:
                    setMode(IN_FRAMESET);
                    return;
                case HTML:
                    setMode(headSeen ? AFTER_HEAD : BEFORE_HEAD);
                    return;
                default:
                    break;
            }
        }
        setMode(IN_BODY);
    }

    private static final int TABLE_CONTEXT = 1;
    private static final int TABLE_BODY_CONTEXT = 2;
    private static final int ROW_CONTEXT = 3;

    /** Pops to the element at {@code target} and switches to {@code next}; false (nothing done) if it is 0. */
    private boolean closeTo(int target, Closing how, int next) {
        if (target == 0) {
            return false;
        }
        popTo(target, how, listener);
        setMode(next);
        return true;
    }

    /** Clears the stack back to {@code context}, closes the element found there and switches to {@code next}. */
    private void closeBackTo(int context, Closing how, int next) {
        clearBackTo(context);
        pop(how, listener);
        setMode(next);
    }

    /** "Clear the stack back to a table / table body / table row context". */
    private void clearBackTo(int context) {
        while (depth > 0) {
            Entry e = entries[depth];
            int c = e.html ? code(e.flags) : 0;
            if (c == HTML || c == TEMPLATE || (context == TABLE_CONTEXT && c == TABLE)
                    || (context == TABLE_BODY_CONTEXT && (c == TBODY || c == THEAD || c == TFOOT))
                    || (context == ROW_CONTEXT && c == TR)) {
                return;
            }
            pop(Closing.IMPLICIT, listener);
        }
    }

    /** Depth of the innermost open element with this name if it is in table scope, else 0. */
    private int inTableScope(long hash) {
        int found = topmost(hash);
        return found > 0 && found >= entries[depth].nearestTableScope ? found : 0;
    }

    private int sectionInTableScope() {
        return Math.max(inTableScope(TBODY_HASH), Math.max(inTableScope(THEAD_HASH), inTableScope(TFOOT_HASH)));
    }

    /** Depth of the select in select scope (only option and optgroup above it), else 0. */
    private int selectInSelectScope() {
        for (int d = depth; d > 0; d--) {
            Entry e = entries[d];
            int c = e.html ? code(e.flags) : 0;
            if (c == SELECT) {
                return d;
            }
            if (c != OPTION && c != OPTGROUP) {
                return 0;
            }
        }
        return 0;
    }

    /**
     * Whether an element above depth {@code d} put a marker on the list of active formatting elements (applet,
     * object, marquee, template, td, th, caption): formatting elements below it are then no longer active.
     */
    private boolean markerAbove(int d) {
        for (int i = d + 1; i <= depth; i++) {
            Entry e = entries[i];
            if (e.html && (e.flags & MARKER) != 0) {
                return true;
            }
        }
        return false;
    }

    private boolean currentIs(int code) {
        Entry e = entries[depth];
        return depth > 0 && e.html && code(e.flags) == code;
    }

    /** Whether the current node is a table, tbody, tfoot, thead or tr: where foster parenting applies. */
    private boolean currentIsTablePart() {
        Entry e = entries[depth];
        if (depth == 0 || !e.html) {
            return false;
        }
        int c = code(e.flags);
        return c == TABLE || c == TBODY || c == THEAD || c == TFOOT || c == TR;
    }

    private static boolean isHiddenInput(StartTagView tag) {
        CharSequence type = tag.attribute("type");
        return type != null && HtmlTreeRules.contentEqualsIgnoreAsciiCase(type, "hidden");
    }

    private int insertThenMode(StartTagView tag, long hash, CharSequence localName, boolean html, int info,
            boolean selfClosing, int next) {
        int result = insert(tag, hash, localName, html, info, selfClosing);
        setMode(next);
        return result;
    }

    /** {@link #insertImplied}, then switches to {@code next}. */
    private void imply(long hash, String name, int next) {
        insertImplied(hash, name);
        setMode(next);
    }

    /** Matches and inserts an HTML element the tree builder creates with no tag of its own; reports it. */
    private void insertImplied(long hash, String name) {
        int info = htmlInfo(hash);
        int result = insert(impliedTag.reset(hash, name), hash, name, true, info, false);
        listener.impliedOpened(result, name);
    }

    /** The start tag of an implied element: its name, no attributes. */
    private static final class ImpliedTag implements StartTagView {
        private long hash;
        private String name;

        ImpliedTag reset(long hash, String name) {
            this.hash = hash;
            this.name = name;
            return this;
        }

        @Override
        public long nameHash() {
            return hash;
        }

        @Override
        public CharSequence localName() {
            return name;
        }

        @Override
        public boolean isHtml() {
            return true;
        }

        @Override
        public CharSequence attribute(String lowerCaseName) {
            return null;
        }

        @Override
        public int attributeCount() {
            return 0;
        }
    }

    // ---- matching ----

    private void match(long elementKey, Entry parent, long previousSibling, IntConsumer matched) {
        SelectorProgram program = this.program;
        matchedCount = 0;
        candidateCount = 0;
        candidatesUnsorted = false;
        addBucket(SelectorProgram.UNIVERSAL_BUCKET);
        int typeBucket = program.typeBucket(elementKey);
        if (typeBucket != SelectorProgram.NO_BUCKET) {
            addBucket(typeBucket);
        }
        if (program.hasNamespaceBuckets()) {
            int namespaceBucket = program.namespaceBucket(tag.namespaceUri());
            if (namespaceBucket != SelectorProgram.NO_BUCKET) {
                addBucket(namespaceBucket);
            }
        }
        if (program.hasAttributeKeyedBuckets) {
            int attributeCount = tag.attributeCount();
            if (attributeCount >= 0) {
                addListedAttributeBuckets(attributeCount);
            } else {
                addLookedUpAttributeBuckets();
            }
        }
        int count = candidateCount;
        if (count == 0) {
            return;
        }
        int[] ordered = candidates;
        if (candidatesUnsorted) {
            Arrays.sort(ordered, 0, count);
        }
        int[] previousState = program.previousState;
        int[] link = program.link;
        CompiledSimpleSelector[][] tests = program.tests;
        int reportedCount = 0;
        for (int i = 0; i < count; i++) {
            int state = ordered[i];
            int previous = previousState[state];
            boolean linked;
            switch (link[state]) {
                case SelectorProgram.LINK_NONE:
                    linked = true;
                    break;
                case SelectorProgram.LINK_DESCENDANT:
                    linked = openDepth[previous] > 0;
                    break;
                case SelectorProgram.LINK_CHILD:
                    linked = parentDepth > 0 && openDepth[previous] == parentDepth;
                    break;
                case SelectorProgram.LINK_ADJACENT:
                    linked = previousSibling != 0 && siblingLatest[previous] == previousSibling;
                    break;
                default:
                    linked = siblingScope[previous] == parent.serial;
            }
            if (!linked || !allPass(tests[state])) {
                continue;
            }
            matchStamp[state] = currentSerial;
            if (matchedCount == matchedStates.length) {
                matchedStates = Arrays.copyOf(matchedStates, matchedCount * 2);
            }
            matchedStates[matchedCount++] = state;
            int[] selectors = program.reportedSelectors[state];
            if (selectors != null) {
                for (int selector : selectors) {
                    if (reportStamp[selector] != currentSerial) {
                        reportStamp[selector] = currentSerial;
                        if (reportedCount == reported.length) {
                            reported = Arrays.copyOf(reported, reportedCount * 2);
                        }
                        reported[reportedCount++] = selector;
                    }
                }
            }
        }
        if (reportedCount > 1) {
            Arrays.sort(reported, 0, reportedCount);
        }
        for (int i = 0; i < reportedCount; i++) {
            matched.accept(reported[i]);
        }
    }

    /**
     * Adds a bucket's states to the candidates: its first-compound states, and its later-compound states whose
     * target holds. Those are found by looking at whichever is fewer: the bucket's groups (one per target), or the
     * targets that hold (one lookup each). Each bucket is added at most once per element (an element may list a
     * class or an attribute twice).
     */
    private void addBucket(int bucket) {
        if (bucketStamp[bucket] == currentSerial) {
            return;
        }
        bucketStamp[bucket] = currentSerial;
        SelectorProgram program = this.program;
        addStates(program.rootStates[bucket]);
        int[] groups = program.bucketGroups[bucket];
        int holdingCount = this.holdingCount;
        if (groups.length == 0 || holdingCount == 0) {
            return;
        }
        // A group check is an array read, a lookup a hash probe: favour checking groups up to a few per target.
        if (groups.length <= 4 * holdingCount) {
            int[] groupTarget = program.groupTarget;
            for (int group : groups) {
                if (holdingPosition[groupTarget[group]] != 0) {
                    addStates(program.groupStates[group]);
                }
            }
        } else {
            for (int i = 0; i < holdingCount; i++) {
                int group = program.group(holding[i], bucket);
                if (group >= 0) {
                    addStates(program.groupStates[group]);
                }
            }
        }
    }

    private void addStates(int[] states) {
        int added = states.length;
        if (added == 0) {
            return;
        }
        int count = candidateCount;
        if (count + added > candidates.length) {
            candidates = Arrays.copyOf(candidates, Math.max(candidates.length * 2, count + added));
        }
        System.arraycopy(states, 0, candidates, count, added);
        // Each array is in increasing id order; appending to others needs a sort.
        if (count > 0) {
            candidatesUnsorted = true;
        }
        candidateCount = count + added;
    }

    private void addClassBuckets(CharSequence classes) {
        TextKeyedMap classBuckets = program.classBuckets;
        int length = classes.length();
        int start = 0;
        while (start < length) {
            while (start < length && CompiledSimpleSelector.isAsciiWhitespace(classes.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < length && !CompiledSimpleSelector.isAsciiWhitespace(classes.charAt(end))) {
                end++;
            }
            if (end > start) {
                int bucket = classBuckets.get(classes, start, end);
                if (bucket != TextKeyedMap.ABSENT) {
                    addBucket(bucket);
                }
            }
            start = end;
        }
    }

    /**
     * Adds the buckets keyed by the element's attributes in one pass over the attributes the view lists: the id's
     * bucket, each class's, and per attribute whose name some selector uses, its name's bucket and one lookup per
     * distinct value-prefix length registered for that name. Only the first {@code id} and {@code class} count, as
     * {@link StartTagView#attribute} would answer; later duplicates of other names only add buckets whose states
     * then fail their tests.
     */
    private void addListedAttributeBuckets(int attributeCount) {
        StartTagView tag = this.tag;
        SelectorProgram program = this.program;
        boolean idDone = !program.hasIdBuckets;
        boolean classDone = !program.hasClassBuckets;
        boolean byAttributeName = program.hasAttributeBuckets;
        long nameLengths = program.attributeNameLengths;
        TextKeyedMap byName = program.attributeBucketsByName;
        for (int i = 0; i < attributeCount; i++) {
            CharSequence name = tag.attributeName(i);
            int length = name.length();
            if (!idDone && length == 2 && name.charAt(0) == 'i' && name.charAt(1) == 'd') {
                idDone = true;
                CharSequence id = tag.attributeValue(i);
                int idBucket = program.idBuckets.get(id, 0, id.length());
                if (idBucket != TextKeyedMap.ABSENT) {
                    addBucket(idBucket);
                }
            } else if (!classDone && length == 5 && contentEquals(name, "class")) {
                classDone = true;
                addClassBuckets(tag.attributeValue(i));
            }
            // Most attribute names have a length no selector's attribute name has: skip them without hashing.
            if (byAttributeName && (length >= 64 || (nameLengths & (1L << length)) != 0)) {
                int index = byName.get(name, 0, length, true);
                if (index != TextKeyedMap.ABSENT) {
                    addAttributeBuckets(program.attributeBuckets[index], tag.attributeValue(i));
                }
            }
        }
    }

    /** As {@link #addListedAttributeBuckets}, for views that cannot list attributes: asks for each name instead. */
    private void addLookedUpAttributeBuckets() {
        StartTagView tag = this.tag;
        SelectorProgram program = this.program;
        if (program.hasIdBuckets) {
            CharSequence id = tag.attribute("id");
            if (id != null) {
                int idBucket = program.idBuckets.get(id, 0, id.length());
                if (idBucket != TextKeyedMap.ABSENT) {
                    addBucket(idBucket);
                }
            }
        }
        if (program.hasClassBuckets) {
            CharSequence classes = tag.attribute("class");
            if (classes != null) {
                addClassBuckets(classes);
            }
        }
        for (SelectorProgram.AttributeBuckets buckets : program.attributeBuckets) {
            CharSequence value = tag.attribute(buckets.name);
            if (value != null) {
                addAttributeBuckets(buckets, value);
            }
        }
    }

    private static boolean contentEquals(CharSequence text, String lowerCase) {
        for (int i = 0; i < lowerCase.length(); i++) {
            if (text.charAt(i) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void addAttributeBuckets(SelectorProgram.AttributeBuckets buckets, CharSequence value) {
        if (buckets.nameBucket != SelectorProgram.NO_BUCKET) {
            addBucket(buckets.nameBucket);
        }
        int length = value.length();
        for (int prefixLength : buckets.exactLengths) {
            if (prefixLength > length) {
                break;
            }
            int bucket = buckets.exactPrefixes.get(value, 0, prefixLength, false);
            if (bucket != TextKeyedMap.ABSENT) {
                addBucket(bucket);
            }
        }
        for (int prefixLength : buckets.foldedLengths) {
            if (prefixLength > length) {
                break;
            }
            int bucket = buckets.foldedPrefixes.get(value, 0, prefixLength, true);
            if (bucket != TextKeyedMap.ABSENT) {
                addBucket(bucket);
            }
        }
    }

    /**
     * A target starts holding: the first open element to hold the state (descendant and child combinators), or the
     * first child of any open element to hold it (sibling combinators). The states that link to it become
     * candidates for elements with their keys; their combinator is then checked exactly.
     */
    private void startHolding(int target) {
        holding[holdingCount++] = target;
        holdingPosition[target] = holdingCount;
    }

    /** Undoes {@link #startHolding}: the last element holding the state closed. */
    private void stopHolding(int target) {
        int index = holdingPosition[target] - 1;
        int last = holding[--holdingCount];
        holding[index] = last;
        holdingPosition[last] = index + 1;
        holdingPosition[target] = 0;
    }

    private boolean allPass(CompiledSimpleSelector[] tests) {
        for (CompiledSimpleSelector test : tests) {
            if (!test.matches(this)) {
                return false;
            }
        }
        return true;
    }

    /** Whether any of these states already holds for the element being matched. */
    boolean anyMatched(int[] states) {
        for (int state : states) {
            if (matchStamp[state] == currentSerial) {
                return true;
            }
        }
        return false;
    }

    /** How many earlier children of the current parent matched the {@code of S} list {@code counter}. */
    int parentOfCount(int counter) {
        return entries[parentDepth].ofCount(counter);
    }

    // ---- implied end tags ----

    /** The end tags an HTML start tag implies in body: an open li before li, p before a block, and so on. */
    private void applyImpliedEndTags(int info) {
        if (depth == 0) {
            return;
        }
        ClosedElementListener closed = listener;
        int code = code(info);
        switch (code) {
            case LI:
                closeListItem(topmost(LI_HASH), closed);
                break;
            case DD: case DT:
                closeListItem(Math.max(topmost(DD_HASH), topmost(DT_HASH)), closed);
                break;
            case BUTTON:
                closeInScope(topmost(BUTTON_HASH), entries[depth].nearestDefaultScope, closed);
                break;
            case A: {
                int a = topmost(A_HASH);
                if (a > 0 && a >= entries[depth].nearestDefaultScope) {
                    popTo(a, Closing.IMPLICIT, closed);
                } else if (a > 0 && !markerAbove(a)) {
                    // Still an active formatting element but out of scope (a table in between): the adoption agency
                    // gives up and the tree builder takes the earlier <a> off the stack.
                    removeFromStack(a, Closing.IMPLICIT);
                }
                break;
            }
            case NOBR:
                closeInScope(topmost(NOBR_HASH), entries[depth].nearestDefaultScope, closed);
                break;
            case OPTION:
                popIfCurrent(OPTION, closed);
                break;
            case OPTGROUP:
                popIfCurrent(OPTION, closed);
                popIfCurrent(OPTGROUP, closed);
                break;
            case RB: case RTC: case RP: case RT:
                closeRubyText(code, closed);
                break;
            default:
                break;
        }
        if ((info & CLOSES_P) != 0 && !(code == TABLE && quirks)) {
            closeInScope(topmost(P_HASH), entries[depth].nearestButtonScope, closed);
        }
        if ((info & HEADING) != 0 && depth > 0) {
            Entry top = entries[depth];
            if (top.html && (top.flags & HEADING) != 0) {
                pop(Closing.IMPLICIT, closed);
            }
        }
    }

    /** {@code li}, {@code dd}, {@code dt}: close the open one unless a special element other than address/div/p is in between. */
    private void closeListItem(int target, ClosedElementListener closed) {
        if (target > 0 && entries[depth].nearestListSearchStop <= target) {
            popTo(target, Closing.IMPLICIT, closed);
        }
    }

    private void closeInScope(int target, int boundary, ClosedElementListener closed) {
        if (target > 0 && target >= boundary) {
            popTo(target, Closing.IMPLICIT, closed);
        }
    }

    private void popIfCurrent(int code) {
        popIfCurrent(code, listener);
    }

    private void popIfCurrent(int code, ClosedElementListener closed) {
        Entry top = entries[depth];
        if (depth > 0 && top.html && code(top.flags) == code) {
            pop(Closing.IMPLICIT, closed);
        }
    }

    private void closeRubyText(int code, ClosedElementListener closed) {
        int ruby = topmost(RUBY_HASH);
        if (ruby == 0 || ruby < entries[depth].nearestDefaultScope) {
            return;
        }
        while (depth > ruby) {
            Entry top = entries[depth];
            if (!top.html || (top.flags & IMPLIED_END) == 0 || ((code == RP || code == RT) && code(top.flags) == RTC)) {
                return;
            }
            pop(Closing.IMPLICIT, closed);
        }
    }

    // ---- popping ----

    /** Depth of the innermost open element with this name key, 0 if none. */
    private int topmost(long key) {
        int id = HtmlElements.id(key); // UNKNOWN for foreign and text keys, whose high bits no name hash has
        int found = id != HtmlElements.UNKNOWN ? topmostById[id] : topmostByName.get(key);
        while (found > 0 && entries[found].removed) {
            found = entries[found].savedTopmost; // taken off the stack, still waiting below open elements
        }
        return found;
    }

    /**
     * Takes an element off the stack of open elements while elements above it stay open (they stay its
     * descendants): its close is reported now, it is no longer found by name, and it is popped silently as soon as
     * it is the current node again.
     */
    private void removeFromStack(int d, Closing how) {
        Entry e = entries[d];
        e.removed = true;
        if (!e.reported) {
            e.reported = true;
            listener.closed(d, how);
        }
    }

    /** As {@link #topmost(long)}, checking the name for keys made from text (which may collide). */
    private int topmost(long key, CharSequence name) {
        int found = topmost(key);
        if (found == 0 || (key & SelectorProgram.TEXT_KEY_BIT) == 0 || entries[found].nameEquals(name)) {
            return found;
        }
        for (int d = depth; d > 0; d--) {
            if (entries[d].nameKey == key && entries[d].nameEquals(name)) {
                return d;
            }
        }
        return 0;
    }

    private void popTo(int target, Closing how, ClosedElementListener closed) {
        while (depth > target) {
            pop(Closing.IMPLICIT, closed);
        }
        pop(how, closed);
    }

    private void popAbove(int target, ClosedElementListener closed) {
        while (depth > target) {
            pop(Closing.IMPLICIT, closed);
        }
    }

    private void pop(Closing how, ClosedElementListener closed) {
        int closedDepth = depth;
        Entry entry = entries[closedDepth];
        for (int i = entry.openRestoreLength - 2; i >= 0; i -= 2) {
            int state = entry.openRestore[i];
            int restored = entry.openRestore[i + 1];
            openDepth[state] = restored;
            if (restored == 0) {
                stopHolding(2 * state);
            }
        }
        for (int i = entry.siblingRestoreLength - 1; i >= 0; i--) {
            int state = entry.siblingRestoreStates[i];
            long restored = entry.siblingRestoreScope[i];
            siblingScope[state] = restored;
            siblingLatest[state] = entry.siblingRestoreLatest[i];
            if (restored == 0) {
                stopHolding(2 * state + 1);
            }
        }
        unmaskAncestors(entry.masksFrom);
        if (entry.elementId != HtmlElements.UNKNOWN) {
            topmostById[entry.elementId] = entry.savedTopmost;
        } else {
            topmostByName.put(entry.nameKey, entry.savedTopmost);
        }
        depth--;
        if (formDepth == closedDepth) {
            formDepth = 0; // the form element pointer stays set, but its element is no longer open
        }
        if (!entry.reported) {
            closed.closed(closedDepth, how);
        }
        while (depth > 0 && entries[depth].removed) {
            pop(Closing.IMPLICIT, closed); // reported when it was taken off the stack
        }
    }

    /** Reports the close of the open elements from the current node down to {@code target}, leaving them open. */
    private void reportClosed(int target, Closing how) {
        for (int d = depth; d >= target; d--) {
            Entry e = entries[d];
            if (!e.reported) {
                e.reported = true;
                listener.closed(d, d == target ? how : Closing.IMPLICIT);
            }
        }
    }

    // ---- foster parenting: the table and the elements above it are not ancestors of foster-parented content ----

    /**
     * Hides the states held by the elements at depths {@code from..to} from ancestor checks: each state's innermost
     * holder becomes the one below {@code from}. Recorded in {@link #masks} to be undone by {@link #unmaskAncestors}.
     */
    private void maskAncestors(int from, int to) {
        for (int d = to; d >= from; d--) {
            Entry e = entries[d];
            for (int i = 0; i < e.openRestoreLength; i += 2) {
                int state = e.openRestore[i];
                if (openDepth[state] == d) {
                    if (maskCount + 2 > masks.length) {
                        int capacity = Math.max(16, masks.length * 2);
                        meter.charge(MemoryMeter.growthBytes(4, masks.length, capacity));
                        masks = Arrays.copyOf(masks, capacity);
                    }
                    masks[maskCount++] = state;
                    masks[maskCount++] = d;
                    int below = e.openRestore[i + 1];
                    openDepth[state] = below;
                    if (below == 0) {
                        stopHolding(2 * state);
                    }
                }
            }
        }
    }

    /** Undoes {@link #maskAncestors} back to {@code count} recorded masks. */
    private void unmaskAncestors(int count) {
        while (maskCount > count) {
            int d = masks[--maskCount];
            int state = masks[--maskCount];
            if (openDepth[state] == 0) {
                startHolding(2 * state);
            }
            openDepth[state] = d;
        }
    }

    /** One open element (or the document, at depth 0). Reused as the stack grows and shrinks. */
    private static final class Entry {
        long serial;
        /** Its 1-based index among its parent's element children (grows when content is foster-parented before it). */
        long indexInParent;
        /** Serial of the sibling just before it (0 if none); content foster-parented before a table becomes it. */
        long previousSiblingSerial;
        /** The range of {@link #masks} this (foster-parented) element set, undone when it closes. */
        int masksFrom;
        int masksTo;
        /**
         * Its close was already reported (its end tag, or an end tag of an ancestor, was seen) while the tree builder
         * keeps it open: {@code </body>} and {@code </html>} leave their elements open for whatever follows, and
         * {@code </head>} leaves the head open for the head content that may still come before {@code <body>}.
         */
        boolean reported;
        /** Taken off the stack of open elements (see {@link #removeFromStack}); popped once it is on top. */
        boolean removed;
        long nameKey;
        char[] name = new char[16];
        int nameLength;
        boolean html;
        int flags;
        int childCount;
        long lastChildSerial;
        int nearestDefaultScope;
        int nearestListScope;
        int nearestButtonScope;
        int nearestTableScope;
        int nearestSpecial;
        int nearestListSearchStop;
        int nearestHtml;
        int savedTopmost;
        /** The element's {@link HtmlElements} id if it is an HTML element the tree rules know, else UNKNOWN. */
        int elementId;
        /** Pairs (state, depth to restore) for states this element holds. */
        int[] openRestore = NO_INTS;
        int openRestoreLength;
        /** Sibling marks set by this element's children, to undo when it closes. */
        int[] siblingRestoreStates = NO_INTS;
        long[] siblingRestoreScope = NO_LONGS;
        long[] siblingRestoreLatest = NO_LONGS;
        int siblingRestoreLength;
        /** Per {@code of S} list: children that matched it, valid where {@link #ofCountOwner} is this serial. */
        final int[] ofCounts;
        final long[] ofCountOwner;
        TypeCounts typeCounts;
        private final MemoryMeter meter;

        Entry(int ofListCount, MemoryMeter meter) {
            ofCounts = ofListCount == 0 ? NO_INTS : new int[ofListCount];
            ofCountOwner = ofListCount == 0 ? NO_LONGS : new long[ofListCount];
            this.meter = meter;
        }

        /** Heap size of a new entry (its object, name buffer and per-list counters). */
        static long bytes(int ofListCount) {
            return MemoryMeter.objectBytes(113) + MemoryMeter.arrayBytes(2, 16)
                    + (ofListCount == 0 ? 0 : MemoryMeter.arrayBytes(4, ofListCount)
                    + MemoryMeter.arrayBytes(8, ofListCount));
        }

        int ofCount(int list) {
            return ofCountOwner[list] == serial ? ofCounts[list] : 0;
        }

        void incrementOfCount(int list) {
            if (ofCountOwner[list] != serial) {
                // Left by an element that used this entry before: counts restart lazily, not per push.
                ofCountOwner[list] = serial;
                ofCounts[list] = 0;
            }
            ofCounts[list]++;
        }

        void reset(long serial, long nameKey, CharSequence localName, boolean html, int flags) {
            this.serial = serial;
            this.nameKey = nameKey;
            this.html = html;
            this.flags = flags;
            childCount = 0;
            lastChildSerial = 0;
            reported = false;
            removed = false;
            openRestoreLength = 0;
            siblingRestoreLength = 0;
            if (typeCounts != null) {
                typeCounts.clear();
            }
            if ((nameKey & SelectorProgram.TEXT_KEY_BIT) != 0) {
                int length = localName.length();
                if (length > name.length) {
                    int capacity = Math.max(length, name.length * 2);
                    meter.charge(MemoryMeter.arrayBytes(2, capacity) - MemoryMeter.arrayBytes(2, name.length));
                    name = new char[capacity];
                }
                for (int i = 0; i < length; i++) {
                    name[i] = localName.charAt(i);
                }
                nameLength = length;
            } else {
                nameLength = -1;
            }
        }

        boolean nameEquals(CharSequence other) {
            if (nameLength != other.length()) {
                return false;
            }
            for (int i = 0; i < nameLength; i++) {
                if (name[i] != other.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        void saveOpenDepth(int state, int previousDepth) {
            if (openRestoreLength + 2 > openRestore.length) {
                int capacity = Math.max(8, openRestore.length * 2);
                meter.charge(MemoryMeter.growthBytes(4, openRestore.length, capacity));
                openRestore = Arrays.copyOf(openRestore, capacity);
            }
            openRestore[openRestoreLength++] = state;
            openRestore[openRestoreLength++] = previousDepth;
        }

        void saveSibling(int state, long scope, long latest) {
            if (siblingRestoreLength == siblingRestoreStates.length) {
                int capacity = Math.max(4, siblingRestoreLength * 2);
                meter.charge(MemoryMeter.growthBytes(4, siblingRestoreLength, capacity)
                        + 2 * MemoryMeter.growthBytes(8, siblingRestoreLength, capacity));
                siblingRestoreStates = Arrays.copyOf(siblingRestoreStates, capacity);
                siblingRestoreScope = Arrays.copyOf(siblingRestoreScope, capacity);
                siblingRestoreLatest = Arrays.copyOf(siblingRestoreLatest, capacity);
            }
            siblingRestoreStates[siblingRestoreLength] = state;
            siblingRestoreScope[siblingRestoreLength] = scope;
            siblingRestoreLatest[siblingRestoreLength] = latest;
            siblingRestoreLength++;
        }

        /** Counts one more child with this name key; returns its 1-based index among same-named children. */
        long countType(long key, CharSequence localName) {
            if (typeCounts == null) {
                meter.charge(TypeCounts.bytes(TypeCounts.INITIAL_CAPACITY));
                typeCounts = new TypeCounts(meter);
            }
            return typeCounts.increment(key, localName);
        }
    }

    /**
     * Per-parent counters of children by element name. Names from text keys also keep the text, so two names
     * whose 64-bit keys collide are still counted apart.
     */
    private static final class TypeCounts {
        static final int INITIAL_CAPACITY = 16;
        private final MemoryMeter meter;
        private long[] keys = new long[INITIAL_CAPACITY];
        private int[] counts = new int[INITIAL_CAPACITY];
        private String[] names = new String[INITIAL_CAPACITY];
        private int size;
        /** Heap of the names kept for text keys (charged; given back by {@link #clear}). */
        private long nameBytes;

        TypeCounts(MemoryMeter meter) {
            this.meter = meter;
        }

        /** Heap size of the tables at {@code capacity} slots. */
        static long bytes(int capacity) {
            return MemoryMeter.objectBytes(24) + MemoryMeter.arrayBytes(8, capacity)
                    + MemoryMeter.arrayBytes(4, capacity) + MemoryMeter.arrayBytes(4, capacity);
        }

        int increment(long key, CharSequence localName) {
            boolean textKey = (key & SelectorProgram.TEXT_KEY_BIT) != 0;
            int mask = keys.length - 1;
            int slot = (int) (key ^ (key >>> 32)) * 0x9E3779B9 >>> 8 & mask;
            while (counts[slot] != 0) {
                if (keys[slot] == key && (!textKey || HtmlTreeRules.contentEquals(localName, names[slot]))) {
                    return ++counts[slot];
                }
                slot = (slot + 1) & mask;
            }
            if (size >= MAX_TYPES_PER_PARENT) {
                throw new StackDepthExceededException("more than " + MAX_TYPES_PER_PARENT
                        + " distinct element names among the children of one element", MAX_TYPES_PER_PARENT);
            }
            if (textKey) {
                long bytes = MemoryMeter.objectBytes(12) + MemoryMeter.arrayBytes(1, localName.length() * 2L);
                meter.charge(bytes);
                nameBytes += bytes;
            }
            keys[slot] = key;
            counts[slot] = 1;
            names[slot] = textKey ? localName.toString() : null;
            if (++size * 2 > keys.length) {
                grow();
            }
            return 1;
        }

        void clear() {
            if (size == 0) {
                return;
            }
            meter.release(nameBytes);
            nameBytes = 0;
            if (keys.length > 64) {
                // Do not make every later reuse of this depth pay for one parent with many names.
                meter.release(bytes(keys.length) - bytes(INITIAL_CAPACITY));
                keys = new long[INITIAL_CAPACITY];
                counts = new int[INITIAL_CAPACITY];
                names = new String[INITIAL_CAPACITY];
            } else {
                Arrays.fill(counts, 0);
                Arrays.fill(names, null);
            }
            size = 0;
        }

        private void grow() {
            meter.charge(bytes(keys.length * 2) - bytes(keys.length));
            long[] oldKeys = keys;
            int[] oldCounts = counts;
            String[] oldNames = names;
            keys = new long[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            names = new String[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldCounts[i] != 0) {
                    long key = oldKeys[i];
                    int slot = (int) (key ^ (key >>> 32)) * 0x9E3779B9 >>> 8 & mask;
                    while (counts[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = key;
                    counts[slot] = oldCounts[i];
                    names[slot] = oldNames[i];
                }
            }
        }
    }
}
