package org.htmlrewriter.selectors;

import java.util.Arrays;
import java.util.function.IntConsumer;

import static org.htmlrewriter.selectors.HtmlTreeRules.*;

/**
 * The stack of open elements of one document, as the HTML tree builder would keep it, and the matcher that
 * decides, as each start tag streams past, which selectors of a {@link SelectorProgram} match it.
 *
 * <h2>The stack</h2>
 * Void elements (and self-closing SVG/MathML elements) are never pushed. End tags pop to the matching open element
 * when it is "in scope" as the HTML parser defines it, and otherwise are ignored. Start tags first apply the end
 * tags they imply: block-level starts close an open {@code p}; {@code li} closes an open {@code li}; {@code dd}
 * and {@code dt} close each other; {@code option}/{@code optgroup}; {@code rb}/{@code rt}/{@code rtc}/{@code rp};
 * {@code tr}/{@code td}/{@code th}/{@code thead}/{@code tbody}/{@code tfoot}/{@code caption}/{@code colgroup}
 * inside a table; a heading closes a heading; {@code a} closes an open {@code a}; {@code button} an open
 * {@code button}; a non-head element closes {@code head}; HTML breakout tags close open SVG/MathML elements. The
 * HTML parser's other restructurings (the adoption agency for misnested formatting elements, foster parenting,
 * implied {@code tbody}/{@code head}/{@code body} elements, {@code </p>} with no open {@code p} creating an
 * empty one, the "after body" insertion mode) create or move elements, which a streaming rewriter cannot; there
 * the stack keeps the elements as the tags say. {@code </body>} and {@code </html>} pop their element.
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
    private long lastSerial;
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
    private int candidateCount;
    private boolean candidatesUnsorted;
    private int[] matchedStates = new int[64];
    private int matchedCount;
    private int[] reported = new int[16];

    /** Candidate states looked at so far (for tests that check the cost does not grow with unrelated selectors). */
    long candidatesExamined;
    /** Groups checked and holding targets looked up so far, to find candidates among later compounds' states. */
    long targetChecks;
    /** For tests: look at every state for every element, ignoring the buckets (the reference the index must equal). */
    boolean examineAllStates;

    // The element being matched, read by ElementTest.
    StartTagView tag;
    long tagHash;
    boolean tagIsHtml;
    long childIndex;
    long typeIndex;
    int parentDepth;
    private long currentSerial;

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
    public int depth() {
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
        int info = html ? htmlInfo(hash) : foreignInfo(hash, localName);
        applyImpliedEndTags(html, info, closed);

        boolean pushes = html ? (info & VOID) == 0 : !selfClosing;
        if (pushes && depth >= maxDepth) {
            throw new StackDepthExceededException("more than " + maxDepth + " elements open at once", maxDepth);
        }
        Entry parent = entries[depth];
        long elementKey = SelectorProgram.elementKey(hash, localName);
        long namespacedKey = html ? elementKey : elementKey | FOREIGN_KEY_BIT;
        long sameTypeIndex = program.usesTypeIndex ? parent.countType(namespacedKey, localName) : 0;

        long serial = ++lastSerial;
        long previousSibling = parent.lastChildSerial;
        parent.lastChildSerial = serial;
        parent.childCount++;
        this.tag = tag;
        this.tagHash = hash;
        this.tagIsHtml = html;
        this.childIndex = parent.childCount;
        this.typeIndex = sameTypeIndex;
        this.parentDepth = depth;
        this.currentSerial = serial;
        try {
            match(elementKey, parent, previousSibling, matched);
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
        entry.nearestDefaultScope = (info & DEFAULT_SCOPE) != 0 ? newDepth : parent.nearestDefaultScope;
        entry.nearestListScope = (info & (DEFAULT_SCOPE | LIST_SCOPE)) != 0 ? newDepth : parent.nearestListScope;
        entry.nearestButtonScope = (info & (DEFAULT_SCOPE | BUTTON_SCOPE)) != 0 ? newDepth
                : parent.nearestButtonScope;
        entry.nearestTableScope = (info & TABLE_SCOPE) != 0 ? newDepth : parent.nearestTableScope;
        entry.nearestSpecial = (info & SPECIAL) != 0 ? newDepth : parent.nearestSpecial;
        entry.nearestListSearchStop = (info & SPECIAL) != 0 && (info & LIST_SEARCH_TRANSPARENT) == 0 ? newDepth
                : parent.nearestListSearchStop;
        entry.nearestHtml = html ? newDepth : parent.nearestHtml;
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
     * An end tag: pops to the matching open element if one is in scope (reporting elements popped above it with
     * {@link Closing#IMPLICIT} and the element itself with {@link Closing#EXPLICIT}); a stray end tag changes
     * nothing and returns false.
     *
     * @param nameHash the name's {@link ElementNames#hash} (0 when the name does not hash)
     * @param lowerCaseLocalName the element's local name, ASCII-lowercased
     * @param closed told about each element the call closes, innermost first
     * @return whether an open element was closed
     * @param html false when the tag is processed by the rules for SVG/MathML content; those rules also apply
     *             whenever the current element is an SVG/MathML element
     */
    public boolean endTag(long nameHash, CharSequence lowerCaseLocalName, boolean html, ClosedElementListener closed) {
        if (depth == 0) {
            return false;
        }
        long hash = nameHash;
        long key = SelectorProgram.elementKey(hash, lowerCaseLocalName);
        Entry current = entries[depth];
        if (!current.html || !html) {
            // Foreign content: an open SVG/MathML element of that name above the nearest HTML element; if there
            // is none, the HTML rules below decide.
            int target = topmost(key | FOREIGN_KEY_BIT, lowerCaseLocalName);
            if (target > current.nearestHtml) {
                popTo(target, Closing.EXPLICIT, closed);
                return true;
            }
        }
        int info = htmlInfo(hash);
        int code = code(info);
        int target;
        int boundary;
        if ((info & HEADING) != 0) {
            target = 0;
            for (long heading : HEADING_HASHES) {
                target = Math.max(target, topmost(heading));
            }
            boundary = current.nearestDefaultScope;
        } else {
            target = topmost(key, lowerCaseLocalName);
            switch (code) {
                case P:
                    boundary = current.nearestButtonScope;
                    break;
                case LI:
                    boundary = current.nearestListScope;
                    break;
                case TABLE: case TBODY: case THEAD: case TFOOT: case TR: case TD: case TH: case CAPTION:
                case COLGROUP:
                    boundary = current.nearestTableScope;
                    break;
                case TEMPLATE:
                    boundary = 0;
                    break;
                default:
                    boundary = (info & CLOSES_IN_SCOPE) != 0 ? current.nearestDefaultScope : current.nearestSpecial;
            }
        }
        if (target > 0 && target >= boundary) {
            popTo(target, Closing.EXPLICIT, closed);
            return true;
        }
        return false;
    }

    /**
     * End of input: closes everything still open, innermost first, with {@link Closing#END_OF_INPUT}.
     *
     * @param closed told about each element the call closes, innermost first
     */
    public void endOfInput(ClosedElementListener closed) {
        while (depth > 0) {
            pop(Closing.END_OF_INPUT, closed);
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
        if (program.hasAttributeKeyedBuckets) {
            int attributeCount = tag.attributeCount();
            if (attributeCount >= 0) {
                addListedAttributeBuckets(attributeCount);
            } else {
                addLookedUpAttributeBuckets();
            }
        }
        if (examineAllStates) {
            examineAllStates();
        }
        int count = candidateCount;
        if (count == 0) {
            return;
        }
        candidatesExamined += count;
        int[] ordered = candidates;
        if (candidatesUnsorted) {
            Arrays.sort(ordered, 0, count);
        }
        int[] previousState = program.previousState;
        int[] link = program.link;
        ElementTest[][] tests = program.tests;
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

    private void examineAllStates() {
        int states = program.stateCount;
        if (candidates.length < states) {
            candidates = new int[states];
        }
        for (int state = 0; state < states; state++) {
            candidates[state] = state;
        }
        candidateCount = states;
        candidatesUnsorted = false;
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
            targetChecks += groups.length;
            int[] groupTarget = program.groupTarget;
            for (int group : groups) {
                if (holdingPosition[groupTarget[group]] != 0) {
                    addStates(program.groupStates[group]);
                }
            }
        } else {
            targetChecks += holdingCount;
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
            while (start < length && ElementTest.isAsciiWhitespace(classes.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < length && !ElementTest.isAsciiWhitespace(classes.charAt(end))) {
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

    private boolean allPass(ElementTest[] tests) {
        for (ElementTest test : tests) {
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

    private void applyImpliedEndTags(boolean html, int info, ClosedElementListener closed) {
        if (depth == 0) {
            return;
        }
        Entry current = entries[depth];
        if (!current.html && (current.flags & INTEGRATION_POINT) == 0) {
            if (!html || (info & BREAKOUT) == 0) {
                return;
            }
            while (depth > 0 && !entries[depth].html && (entries[depth].flags & INTEGRATION_POINT) == 0) {
                pop(Closing.IMPLICIT, closed);
            }
        }
        if (!html) {
            return;
        }
        current = entries[depth];
        if (current.html && code(current.flags) == HEAD && (info & HEAD_CONTENT) == 0) {
            pop(Closing.IMPLICIT, closed);
        }
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
            case A:
                closeInScope(topmost(A_HASH), entries[depth].nearestDefaultScope, closed);
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
            case CAPTION: case COLGROUP: case COL: case TBODY: case THEAD: case TFOOT: case TR: case TD: case TH:
            case TABLE:
                applyTableStart(code, closed);
                break;
            default:
                break;
        }
        if ((info & CLOSES_P) != 0) {
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

    private void applyTableStart(int code, ClosedElementListener closed) {
        int table = entries[depth].nearestTableScope;
        if (table == 0 || code(entries[table].flags) != TABLE || !entries[table].html) {
            return;
        }
        switch (code) {
            case TABLE: {
                int cell = Math.max(topmost(TD_HASH), topmost(TH_HASH));
                if (cell <= table) {
                    popTo(table, Closing.IMPLICIT, closed);
                }
                break;
            }
            case TR: {
                int section = Math.max(topmost(TBODY_HASH), Math.max(topmost(THEAD_HASH), topmost(TFOOT_HASH)));
                popAbove(section > table ? section : table, closed);
                break;
            }
            case TD: case TH: {
                int row = topmost(TR_HASH);
                if (row > table) {
                    popAbove(row, closed);
                }
                break;
            }
            case COL:
                if (code(entries[depth].flags) != COLGROUP) {
                    popAbove(table, closed);
                }
                break;
            default:
                popAbove(table, closed);
        }
    }

    // ---- popping ----

    /** Depth of the innermost open element with this name key, 0 if none. */
    private int topmost(long key) {
        int id = HtmlElements.id(key); // UNKNOWN for foreign and text keys, whose high bits no name hash has
        return id != HtmlElements.UNKNOWN ? topmostById[id] : topmostByName.get(key);
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
        if (entry.elementId != HtmlElements.UNKNOWN) {
            topmostById[entry.elementId] = entry.savedTopmost;
        } else {
            topmostByName.put(entry.nameKey, entry.savedTopmost);
        }
        depth--;
        closed.closed(closedDepth, how);
    }

    /** One open element (or the document, at depth 0). Reused as the stack grows and shrinks. */
    private static final class Entry {
        long serial;
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
