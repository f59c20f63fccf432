package org.htmlrewriter.internal.treesim;

import static org.htmlrewriter.internal.treesim.TagTable.*;

import java.util.Arrays;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * One hypothesis about the tree builder's state, kept without a tree: only the open elements whose presence
 * changes how the tokenizer goes on are on its small stack.
 *
 * <ul>
 *   <li>{@link #K_TEMPLATE}: a template element; its insertion mode (undecided, body, table, column group) and an
 *   upper bound of the tables opened inside it.</li>
 *   <li>{@link #K_SELECT}: a select element in "in select" mode (its options are not tracked).</li>
 *   <li>{@link #K_SVG}, {@link #K_MATH}: every element in foreign content, with its name (end tags are matched by
 *   name in foreign content) and whether it is an HTML or MathML text integration point.</li>
 *   <li>{@link #K_HTML}: HTML elements inside an integration point, tracked one by one while their rules are simple;
 *   {@link #K_OPAQUE}: HTML content inside an integration point whose depth is unknown (maybe zero, unless
 *   {@link #NONEMPTY}).</li>
 * </ul>
 * HTML elements outside foreign content are not tracked at all: they never change the tokenizer's state.
 *
 * <p>Where the rules depend on what is not tracked (whether frameset-ok was cleared by text, whether a select is in
 * a table, what an unknown end tag closes), the state forks: it continues as the more likely outcome and hands a
 * copy following the other one to {@link Forks}. Where even that is not possible it marks itself {@link #lost}.
 *
 * <p>Confined to its simulator; not thread-safe.
 */
final class SimulatorState {
    static final byte K_TEMPLATE = 1, K_SELECT = 2, K_SVG = 3, K_MATH = 4, K_HTML = 5, K_OPAQUE = 6;

    /** Entry flags. */
    static final byte HTML_IP = 1, MATH_TEXT_IP = 2, ANNOTATION_XML = 4, NONEMPTY = 8, TABLE_MAYBE = 16;
    /** Any of these makes an element special and a scope boundary in the HTML rules. */
    private static final byte BOUNDARY = HTML_IP | MATH_TEXT_IP | ANNOTATION_XML;

    /** Template insertion modes. */
    static final int T_UNDECIDED = 0, T_BODY = 1, T_TABLE = 2, T_COLUMN_GROUP = 3;

    /** Deepest tracked stack; deeper nesting makes the state {@link #lost}. */
    static final int MAX_DEPTH = 256;

    private static final long HEAD = org.htmlrewriter.internal.tokenizer.TagNameHash.of("head");

    /** Receives the alternatives a state forks off. */
    interface Forks {
        /** {@code alternative} has fully processed the current tag; {@code mode} is its answer for a start tag. */
        void fork(SimulatorState alternative, TextMode mode, String reason);
    }

    private final boolean scripting;
    int depth;
    private byte[] kinds = new byte[8];
    private byte[] flags = new byte[8];
    private long[] names = new long[8];
    /** Lowercased names of entries whose name has no hash, else null. */
    private byte[][] longNames = new byte[8][];
    /** TEMPLATE: insertion mode. */
    private int[] modes = new int[8];
    /** TEMPLATE: upper bound of tables open in its contents. */
    private int[] tables = new int[8];
    /** Upper bound of tables open outside templates. */
    private int baseTables;
    /** The frameset was inserted: from here on only {@code noframes} is raw text. */
    boolean frameset;
    /** frameset-ok is certainly "not ok" (and the body exists), so {@code <frameset>} is ignored. */
    private boolean framesetOkCleared;
    /** Bloom filter of HTML start tag names processed so far: an element never started cannot be open. */
    private long htmlSeen;
    /** Non-null when this hypothesis may be wrong: the reason. */
    String lost;
    /** Why this hypothesis exists (the fork that created it), or null for the original line. */
    String why;
    /** Namespace of the element the last start tag created: 0 HTML, 1 SVG, 2 MathML. */
    byte lastNamespace;

    /** Told when this hypothesis grows; a copy is charged whole when it is made. */
    private final MemoryMeter meter;
    /** Heap of the names in {@link #longNames} (including entries above {@link #depth} not yet overwritten). */
    private long longNameBytes;

    SimulatorState(boolean scripting, MemoryMeter meter) {
        this.scripting = scripting;
        this.meter = meter;
    }

    /** Heap this hypothesis keeps: its tables at their capacity and the long names they hold. */
    long heapBytes() {
        return MemoryMeter.objectBytes(64) + tableBytes(kinds.length) + longNameBytes;
    }

    private static long tableBytes(int capacity) {
        return 2 * MemoryMeter.arrayBytes(1, capacity) + MemoryMeter.arrayBytes(8, capacity)
                + 3 * MemoryMeter.arrayBytes(4, capacity);
    }

    /** A copy following another outcome; its whole size is charged. */
    SimulatorState copy() {
        SimulatorState c = new SimulatorState(scripting, meter);
        meter.charge(heapBytes());
        c.take(this, true);
        return c;
    }

    /**
     * The one list of a hypothesis's fields, for {@link #copy} ({@code copy}: tables cloned) and {@link #adopt}
     * (tables shared). Left out: {@link #scripting} and {@link #meter} (the simulator's, final);
     * {@link #lastNamespace} (every start tag sets it before it is read). Copied only: {@link #why} and
     * {@link #longNameBytes}. SimulatorStateFieldsTest fails on a field added to the class and not accounted for.
     */
    private void take(SimulatorState o, boolean copy) {
        depth = o.depth;
        kinds = copy ? o.kinds.clone() : o.kinds;
        flags = copy ? o.flags.clone() : o.flags;
        names = copy ? o.names.clone() : o.names;
        longNames = copy ? o.longNames.clone() : o.longNames;
        modes = copy ? o.modes.clone() : o.modes;
        tables = copy ? o.tables.clone() : o.tables;
        baseTables = o.baseTables;
        frameset = o.frameset;
        framesetOkCleared = o.framesetOkCleared;
        htmlSeen = o.htmlSeen;
        lost = o.lost;
        if (copy) {
            why = o.why;
            longNameBytes = o.longNameBytes;
        }
    }

    /**
     * Same hypothesis: every field {@link #take} lists but {@link #why} and {@link #longNameBytes} (the heap the long
     * names took, not the names); only {@link #frameset} and {@link #lost} once a frameset is in.
     */
    boolean sameAs(SimulatorState o) {
        if (frameset || o.frameset) {
            return frameset == o.frameset && java.util.Objects.equals(lost, o.lost);
        }
        if (depth != o.depth || baseTables != o.baseTables || framesetOkCleared != o.framesetOkCleared
                || htmlSeen != o.htmlSeen || !java.util.Objects.equals(lost, o.lost)) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (kinds[i] != o.kinds[i] || flags[i] != o.flags[i] || names[i] != o.names[i]
                    || modes[i] != o.modes[i] || tables[i] != o.tables[i]
                    || !Arrays.equals(longNames[i], o.longNames[i])) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- queries

    /** 1: the adjusted current node is foreign; 0: it is HTML; -1: unknown. */
    int inForeign() {
        if (lost != null) {
            return -1;
        }
        if (frameset || depth == 0) {
            return 0;
        }
        byte k = kinds[depth - 1];
        if (k == K_SVG || k == K_MATH) {
            return 1;
        }
        if (k == K_OPAQUE) {
            return (flags[depth - 1] & NONEMPTY) != 0 ? 0 : -1;
        }
        return 0;
    }

    /** Whether some open element is foreign (attributes of {@code font} may matter). */
    boolean currentIsForeign() {
        if (frameset || depth == 0) {
            return false;
        }
        byte k = kinds[depth - 1];
        return k == K_SVG || k == K_MATH || k == K_OPAQUE;
    }

    boolean currentIsMath() {
        if (frameset || depth == 0) {
            return false;
        }
        byte k = kinds[depth - 1];
        return k == K_MATH || k == K_OPAQUE;
    }

    // ---------------------------------------------------------------- start tags

    /** Nothing tracked is open (no foreign content, select, template) and no frameset was inserted. */
    boolean nothingTracked() {
        return depth == 0 && !frameset;
    }

    /**
     * The fast path of {@link #startTag} for a tag without a text mode that opens nothing tracked: when nothing is
     * tracked open, it only joins the names seen (and, once, clears frameset-ok). Returns false, doing nothing,
     * where the full rules apply.
     */
    boolean inertStartTag(TagToken tag, int fl) {
        if (depth != 0 || frameset) {
            return false;
        }
        lastNamespace = 0;
        htmlSeen |= tag.nameHash != TagToken.NO_HASH ? bloom(tag.nameHash, fl) : bloom(tag);
        if ((fl & CLEARS_FRAMESET_OK) != 0) {
            framesetOkCleared = true; // no template is open
        }
        return true;
    }

    TextMode startTag(TagToken tag, int fl, Forks forks) {
        long name = tag.nameHash;
        lastNamespace = 0;
        if (frameset) {
            // in frameset, after frameset, after after frameset: only noframes is processed (in head rules)
            return name == NOFRAMES ? TextMode.RAWTEXT : TextMode.DATA;
        }
        while (true) {
            int top = depth - 1;
            byte k = top >= 0 ? kinds[top] : 0;
            if (k == K_SVG || k == K_MATH) {
                byte f = flags[top];
                boolean htmlRules = (f & HTML_IP) != 0
                        || ((f & MATH_TEXT_IP) != 0 && name != MGLYPH && name != MALIGNMARK)
                        || ((f & ANNOTATION_XML) != 0 && name == SVG);
                if (!htmlRules) {
                    if ((fl & BREAKOUT) != 0 || (name == FONT && hasFontBreakoutAttribute(tag))) {
                        popForeignToHtml();
                        continue; // reprocess in HTML content
                    }
                    if (!tag.selfClosing) {
                        pushForeign(k, tag, forks);
                    }
                    lastNamespace = (byte) (k == K_SVG ? 1 : 2);
                    return TextMode.DATA;
                }
            } else if (k == K_OPAQUE && (flags[top] & NONEMPTY) == 0 && (name == MGLYPH || name == MALIGNMARK)
                    && top > 0 && (flags[top - 1] & MATH_TEXT_IP) != 0) {
                // mi/mo/... is current only if the HTML content inside it is empty
                SimulatorState alt = copy();
                alt.flags[top] |= NONEMPTY;
                forks.fork(alt, alt.htmlStartTag(tag, fl, K_OPAQUE, forks), "<" + "mglyph> in a MathML text "
                        + "integration point is foreign only if no HTML element is open in it");
                depth--;
                continue;
            } else if (k == K_SELECT) {
                if (name == SELECT) {
                    depth--; // acts as </select>
                    return TextMode.DATA;
                }
                if ((fl & CLOSES_SELECT) != 0) {
                    if (name == KEYGEN) {
                        forks.fork(copy(), TextMode.DATA, REASON_KEYGEN);
                    }
                    depth--;
                    continue;
                }
                if (name == SCRIPT_TAG) {
                    return TextMode.SCRIPT_DATA;
                }
                if (name == TEMPLATE) {
                    pushTemplate();
                    return TextMode.DATA;
                }
                if ((fl & SELECT_TABLE_PART) != 0 && (flags[top] & TABLE_MAYBE) != 0) {
                    forks.fork(copy(), TextMode.DATA, REASON_SELECT_IN_TABLE);
                    depth--; // more likely: the select is in a table, and this tag closes it
                    continue;
                }
                return TextMode.DATA; // "in select" ignores every other start tag
            } else if (k == K_TEMPLATE) {
                int mode = modes[top];
                if (mode == T_COLUMN_GROUP) {
                    // current node is the template: everything but col and template is ignored
                    if (name == TEMPLATE) {
                        pushTemplate();
                    }
                    return TextMode.DATA;
                }
                if (mode == T_UNDECIDED && (fl & IN_HEAD) == 0) {
                    if (name == COL) {
                        modes[top] = T_COLUMN_GROUP;
                        return TextMode.DATA;
                    }
                    modes[top] = (fl & TEMPLATE_TABLE) != 0 ? T_TABLE : T_BODY;
                }
            }
            return htmlStartTag(tag, fl, k, forks);
        }
    }

    static final String REASON_SELECT_IN_TABLE =
            "a table tag closes an open <select> only if the select is in a table";
    static final String REASON_KEYGEN = "<keygen> closes an open <select> per the HTML standard, but some "
            + "parsers (validator.nu 1.4.16) ignore it there";
    static final String REASON_BR_P = "</br> and </p> in foreign content stop at an integration point in the "
            + "HTML standard but not in older parsers (validator.nu 1.4.16)";
    static final String REASON_FRAMESET = "<frameset> is ignored if text or some elements came before it "
            + "(frameset-ok flag), which is not visible without a tree";
    static final String REASON_TABLE_IN_FOREIGN = "a table tag inside an integration point pops the foreign "
            + "content only in a table insertion mode";
    static final String REASON_UNKNOWN_END_TAG = "an end tag in foreign content closes it only if a matching HTML "
            + "element is open, which is not tracked";
    static final String REASON_OPAQUE = "whether HTML content inside an integration point is still open is not "
            + "tracked for this markup";
    static final String REASON_ENCODING = "annotation-xml encoding written with a character reference";

    /** The HTML rules ("in head", "in body", the table modes) for a start tag; {@code k} is the top entry kind. */
    private TextMode htmlStartTag(TagToken tag, int fl, byte k, Forks forks) {
        long name = tag.nameHash;
        boolean inLayer = k == K_SVG || k == K_MATH || k == K_HTML || k == K_OPAQUE;
        noteHtmlName(tag);
        int textBits = fl & TEXT_MODE;
        if (textBits != 0 && (textBits != NOSCRIPT || scripting)) {
            if ((fl & CLEARS_FRAMESET_OK) != 0) {
                clearFramesetOk();
            }
            TextMode mode = (fl & RCDATA) != 0 ? TextMode.RCDATA
                    : (fl & SCRIPT) != 0 ? TextMode.SCRIPT_DATA
                    : (fl & PLAINTEXT) != 0 ? TextMode.PLAINTEXT : TextMode.RAWTEXT;
            if (inLayer) {
                if ((fl & CLOSES_P) != 0) {
                    closeP();
                }
                if (mode == TextMode.PLAINTEXT) {
                    makeOpaque(true);
                } else {
                    push(K_HTML, (byte) 0, tag); // its end tag, the next tag, pops it
                }
            }
            return mode;
        }
        if (name == SVG || name == MATH) {
            lastNamespace = (byte) (name == SVG ? 1 : 2);
            if (!tag.selfClosing) {
                if (k == K_OPAQUE && (flags[depth - 1] & NONEMPTY) == 0) {
                    // later end tags walk past the opaque content only if it is empty: decide now
                    SimulatorState alt = copy();
                    alt.flags[depth - 1] |= NONEMPTY;
                    alt.pushForeign(name == SVG ? K_SVG : K_MATH, tag, forks);
                    forks.fork(alt, TextMode.DATA, REASON_OPAQUE);
                    depth--;
                }
                pushForeign(name == SVG ? K_SVG : K_MATH, tag, forks);
            }
            return TextMode.DATA;
        }
        if (name == SELECT) {
            clearFramesetOk();
            push(K_SELECT, tableMaybe() ? TABLE_MAYBE : 0, tag);
            return TextMode.DATA;
        }
        if (name == TEMPLATE) {
            pushTemplate();
            return TextMode.DATA;
        }
        if (name == FRAMESET) {
            if (!framesetOkCleared && templateIndex() < 0) {
                SimulatorState ignored = copy();
                ignored.framesetOkCleared = true;
                forks.fork(ignored, TextMode.DATA, REASON_FRAMESET);
                enterFrameset();
            }
            return TextMode.DATA;
        }
        if ((fl & CLEARS_FRAMESET_OK) != 0) {
            clearFramesetOk();
        }
        boolean tableOpen = tableMaybe();
        if (name == TABLE) {
            addTables(1);
        }
        if (inLayer && (fl & TABLE_PART) != 0 && tableOpen) {
            // in a table insertion mode these clear the stack back to the table, through the integration point
            checkForeignTableNames();
            SimulatorState inBody = copy();
            inBody.layerStartTag(tag, fl);
            forks.fork(inBody, TextMode.DATA, REASON_TABLE_IN_FOREIGN);
            clearToFrame();
            return TextMode.DATA;
        }
        if (inLayer) {
            layerStartTag(tag, fl);
        }
        return TextMode.DATA;
    }

    /** An HTML start tag (not text-mode, not svg/math/select/template) inside an integration point. */
    private void layerStartTag(TagToken tag, int fl) {
        byte k = kinds[depth - 1];
        if ((fl & NO_PUSH) != 0) {
            if ((fl & CLOSES_P) != 0) {
                closeP(); // hr
            }
            return;
        }
        if ((fl & COMPLEX) != 0 || k == K_OPAQUE) {
            makeOpaque((fl & MAY_BE_IGNORED) == 0);
            return;
        }
        if ((fl & CLOSES_P) != 0) {
            closeP();
            k = kinds[depth - 1];
            if (k == K_OPAQUE) {
                makeOpaque(true);
                return;
            }
        }
        if ((fl & HEADING) != 0 && k == K_HTML && (TagTable.flags(names[depth - 1]) & HEADING) != 0) {
            depth--;
        }
        push(K_HTML, (byte) 0, tag);
    }

    // ---------------------------------------------------------------- end tags

    void endTag(TagToken tag, int fl, Forks forks) {
        if (frameset) {
            return;
        }
        int top = depth - 1;
        byte k = top >= 0 ? kinds[top] : 0;
        long name = tag.nameHash;
        switch (k) {
            case K_SVG:
            case K_MATH:
                foreignEndTag(tag, fl, forks);
                return;
            case K_SELECT:
                if (name == SELECT) {
                    depth--;
                } else if (name == TEMPLATE) {
                    templateEnd();
                } else if ((fl & SELECT_TABLE_PART) != 0 && (flags[top] & TABLE_MAYBE) != 0) {
                    forks.fork(copy(), TextMode.DATA, REASON_SELECT_IN_TABLE);
                    depth--;
                    endTag(tag, fl, forks); // reprocessed in the mode the select was in
                }
                return;
            case K_HTML:
            case K_OPAQUE:
                layerEndTag(tag, fl, forks);
                return;
            default:
                if (name == TEMPLATE) {
                    templateEnd();
                } else if (name == TABLE) {
                    addTables(-1);
                }
                // </br> acts as <br>, which clears frameset-ok in the standard but not in validator.nu 1.4.16:
                // not counted, so a later <frameset> stays ambiguous rather than wrong
        }
    }

    /** End tag while an HTML element inside an integration point (or opaque content there) is current. */
    private void layerEndTag(TagToken tag, int fl, Forks forks) {
        long name = tag.nameHash;
        if (name == TEMPLATE) {
            templateEnd();
            return;
        }
        if ((fl & TABLE_PART) != 0 && tableMaybe()) {
            checkForeignTableNames();
            SimulatorState inBody = copy();
            if (inBody.kinds[inBody.depth - 1] == K_OPAQUE) {
                inBody.flags[inBody.depth - 1] &= ~NONEMPTY;
            }
            forks.fork(inBody, TextMode.DATA, REASON_TABLE_IN_FOREIGN);
            clearToFrame();
            if (name == TABLE) {
                addTables(-1);
            }
            return;
        }
        int top = depth - 1;
        if (kinds[top] == K_HTML) {
            if (htmlName(top, tag, fl) == YES) {
                depth--;
                return;
            }
            if (name == P) {
                closeP();
                return;
            }
            for (int i = top - 1; i >= 0; i--) {
                byte ki = kinds[i];
                if (ki == K_HTML) {
                    if (htmlName(i, tag, fl) != NO) {
                        makeOpaque(false);
                        return;
                    }
                } else if (ki == K_OPAQUE) {
                    if (mayHaveStarted(tag)) {
                        makeOpaque(false);
                    }
                    return;
                } else {
                    return; // the integration point is special: ignored
                }
            }
            return;
        }
        // opaque content: the tag may close some of it, perhaps all
        boolean maybeEmpty = (flags[top] & NONEMPTY) == 0;
        if (mayHaveStarted(tag) || name == P) {
            flags[top] &= ~NONEMPTY;
        }
        if (maybeEmpty && top > 0) {
            // if the content is in fact empty, the integration point is current and the tag is handled by the
            // foreign content rules
            SimulatorState empty = copy();
            empty.depth--;
            if (empty.foreignEndTag(tag, fl, forks)) {
                SimulatorState stillOpen = copy();
                forks.fork(stillOpen, TextMode.DATA, REASON_OPAQUE);
                adopt(empty); // more likely: the author closed what they opened
            }
        }
    }

    /**
     * The foreign content rules for an end tag (the current node is foreign). Returns whether anything may have
     * changed.
     */
    private boolean foreignEndTag(TagToken tag, int fl, Forks forks) {
        long name = tag.nameHash;
        if (name == BR || name == P) {
            // The standard pops to the nearest HTML element or integration point; validator.nu 1.4.16 (an older
            // version of the rules) pops to the nearest HTML element. They differ only across an integration point.
            boolean integrationPointInPath = false;
            for (int i = depth - 1; i >= 0 && (kinds[i] == K_SVG || kinds[i] == K_MATH); i--) {
                integrationPointInPath |= (flags[i] & (HTML_IP | MATH_TEXT_IP)) != 0;
            }
            if (integrationPointInPath) {
                SimulatorState older = copy();
                while (older.depth > 0 && (older.kinds[older.depth - 1] == K_SVG
                        || older.kinds[older.depth - 1] == K_MATH)) {
                    older.depth--;
                }
                forks.fork(older, TextMode.DATA, REASON_BR_P);
                popForeignToHtml(); // the integration point is a scope boundary: no p is closed
                return true;
            }
            popForeignToHtml();
            if (name == P && depth > 0 && kinds[depth - 1] == K_HTML) {
                closeP();
            } else if (name == P && depth > 0 && kinds[depth - 1] == K_OPAQUE) {
                flags[depth - 1] &= ~NONEMPTY;
            }
            return true;
        }
        int top = depth - 1;
        int i = top;
        for (; i >= 0; i--) {
            byte ki = kinds[i];
            if (ki != K_SVG && ki != K_MATH) {
                break;
            }
            int same = sameName(i, tag);
            if (same == YES) {
                depth = i;
                return true;
            }
            if (same == MAYBE) {
                SimulatorState alt = copy();
                alt.depth = i;
                forks.fork(alt, TextMode.DATA, "non-ASCII element names that may decode alike");
            }
        }
        // i: the first HTML element below the current node (-1: outside every tracked element)
        if (name == TEMPLATE) {
            return templateEnd();
        }
        if ((fl & TABLE_PART) != 0 && tableMaybe()) {
            checkForeignTableNames();
            forks.fork(copy(), TextMode.DATA, REASON_TABLE_IN_FOREIGN);
            clearToFrame();
            if (name == TABLE) {
                addTables(-1);
            }
            return true;
        }
        for (int j = i + 1; j <= top; j++) {
            if ((flags[j] & BOUNDARY) != 0) {
                return false; // an integration point is special and a scope boundary: the tag is ignored
            }
        }
        if (i >= 0 && kinds[i] == K_HTML) {
            if (htmlName(i, tag, fl) == YES) {
                depth = i;
                return true;
            }
            for (int j = i - 1; j >= 0 && (kinds[j] == K_HTML || kinds[j] == K_OPAQUE); j--) {
                if (kinds[j] == K_OPAQUE || htmlName(j, tag, fl) != NO) {
                    if (kinds[j] == K_HTML && htmlName(j, tag, fl) == YES) {
                        return closeHtmlBelowForeign(j, i, fl);
                    }
                    if (kinds[j] == K_HTML || mayHaveStarted(tag)) {
                        markLost("an end tag in foreign content closed HTML elements below an integration point");
                        return true;
                    }
                }
            }
            return false;
        }
        if (i >= 0 && kinds[i] == K_OPAQUE) {
            if (!mayHaveStarted(tag)) {
                return false;
            }
            forks.fork(copy(), TextMode.DATA, REASON_OPAQUE);
            depth = i + 1;
            flags[i] &= ~NONEMPTY;
            return true;
        }
        // below: a template's contents or the untracked document
        if (name == BODY || name == TagTable.HTML || name == HEAD) {
            return false; // never pops: </body> and </html> only switch the insertion mode
        }
        if (name == FORM && templateIndex() < 0) {
            return false; // the form element is removed from the middle of the stack; the current node stays
        }
        if (!mayHaveStarted(tag)) {
            return false;
        }
        forks.fork(copy(), TextMode.DATA, REASON_UNKNOWN_END_TAG);
        depth = i + 1; // more likely: the end tag closes an element that encloses the foreign content
        return true;
    }

    /**
     * The "in body" rules for an end tag that foreign content handed over, when it names the tracked HTML element
     * {@code j}, below the HTML element {@code i} under the foreign elements. Nothing between them is a scope
     * boundary (complex elements are never tracked one by one), so with no special element in between every rule
     * (scoped block end tags, headings, the adoption agency without a furthest block, any other end tag) pops up
     * to and including {@code j}, foreign elements too. With special elements in between: block end tags and
     * headings still pop to {@code j}; any other end tag is ignored; a formatting element's adoption agency takes
     * one special element per round as its furthest block and, in the round after the last one, pops everything
     * above that last special element (foreign elements too). What it leaves below is rebuilt and becomes opaque.
     */
    private boolean closeHtmlBelowForeign(int j, int i, int fl) {
        int specials = 0;
        int lastSpecial = -1;
        for (int m = j + 1; m <= i; m++) {
            if (kinds[m] != K_HTML) {
                markLost("an end tag in foreign content closed HTML elements below opaque content");
                return true;
            }
            if ((TagTable.flags(names[m]) & TagTable.SPECIAL) != 0) {
                specials++;
                lastSpecial = m;
            }
        }
        if (specials == 0 || (fl & (TagTable.SCOPED_END | HEADING)) != 0) {
            depth = j;
            return true;
        }
        if ((fl & TagTable.FORMATTING) == 0) {
            return false;
        }
        if (specials >= ADOPTION_AGENCY_ROUNDS) {
            markLost("an end tag in foreign content ran the adoption agency out of rounds");
            return true;
        }
        depth = lastSpecial + 1;
        makeOpaque(true);
        return true;
    }

    /** The adoption agency algorithm's outer loop runs at most this many rounds. */
    private static final int ADOPTION_AGENCY_ROUNDS = 8;

    // ---------------------------------------------------------------- helpers

    private static final int NO = 0, YES = 1, MAYBE = 2;

    /** Whether the HTML element at {@code i} is closed by end tag {@code tag} by name ({@code </h1>} closes h2). */
    private int htmlName(int i, TagToken tag, int fl) {
        if ((fl & HEADING) != 0) {
            return (TagTable.flags(names[i]) & HEADING) != 0 ? YES : NO;
        }
        return sameName(i, tag);
    }

    private int sameName(int i, TagToken tag) {
        long h = names[i];
        if (h != TagToken.NO_HASH || tag.nameHash != TagToken.NO_HASH) {
            return h == tag.nameHash ? YES : NO;
        }
        byte[] stored = longNames[i];
        byte[] buf = tag.buf;
        int start = tag.nameStart;
        int n = tag.nameEnd - start;
        boolean nonAscii = false;
        boolean equal = normalisedLength(buf, start, tag.nameEnd) == stored.length;
        int j = 0;
        for (int p = start; p < tag.nameEnd; p++) {
            int b = buf[p] & 0xff;
            if (b >= 0x80) {
                nonAscii = true;
            }
            if (b == 0) {
                equal &= j + 3 <= stored.length && stored[j] == (byte) 0xEF && stored[j + 1] == (byte) 0xBF
                        && stored[j + 2] == (byte) 0xBD;
                j += 3;
            } else {
                equal &= j < stored.length && stored[j] == (byte) lower(b);
                j++;
            }
        }
        if (equal) {
            return YES;
        }
        boolean storedNonAscii = false;
        for (byte b : stored) {
            storedNonAscii |= b < 0;
        }
        return nonAscii && storedNonAscii && n > 0 ? MAYBE : NO;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private static int normalisedLength(byte[] buf, int start, int end) {
        int n = 0;
        for (int p = start; p < end; p++) {
            n += buf[p] == 0 ? 3 : 1;
        }
        return n;
    }

    private static byte[] normalisedName(byte[] buf, int start, int end) {
        byte[] out = new byte[normalisedLength(buf, start, end)];
        int j = 0;
        for (int p = start; p < end; p++) {
            int b = buf[p] & 0xff;
            if (b == 0) {
                out[j++] = (byte) 0xEF;
                out[j++] = (byte) 0xBF;
                out[j++] = (byte) 0xBD;
            } else {
                out[j++] = (byte) lower(b);
            }
        }
        return out;
    }

    private void push(byte kind, byte flag, TagToken tag) {
        if (depth == MAX_DEPTH) {
            markLost("more than " + MAX_DEPTH + " nested elements in foreign content, select or template");
            return;
        }
        if (depth == kinds.length) {
            int n = Math.min(MAX_DEPTH, depth * 2);
            meter.charge(tableBytes(n) - tableBytes(depth));
            kinds = Arrays.copyOf(kinds, n);
            flags = Arrays.copyOf(flags, n);
            names = Arrays.copyOf(names, n);
            longNames = Arrays.copyOf(longNames, n);
            modes = Arrays.copyOf(modes, n);
            tables = Arrays.copyOf(tables, n);
        }
        kinds[depth] = kind;
        flags[depth] = flag;
        modes[depth] = T_UNDECIDED;
        tables[depth] = 0;
        byte[] stale = longNames[depth];
        if (stale != null) {
            longNameBytes -= MemoryMeter.arrayBytes(1, stale.length);
            meter.release(MemoryMeter.arrayBytes(1, stale.length));
        }
        if (tag == null) {
            names[depth] = TagToken.NO_HASH;
            longNames[depth] = null;
        } else {
            names[depth] = tag.nameHash;
            byte[] name = null;
            if (tag.nameHash == TagToken.NO_HASH) {
                meter.charge(MemoryMeter.arrayBytes(1, normalisedLength(tag.buf, tag.nameStart, tag.nameEnd)));
                name = normalisedName(tag.buf, tag.nameStart, tag.nameEnd);
                longNameBytes += MemoryMeter.arrayBytes(1, name.length);
            }
            longNames[depth] = name;
        }
        depth++;
    }

    private void pushTemplate() {
        push(K_TEMPLATE, (byte) 0, null);
        names[depth - 1] = TEMPLATE_HASH;
    }

    private static final long TEMPLATE_HASH = TagTable.TEMPLATE;

    private void pushForeign(byte ns, TagToken tag, Forks forks) {
        long name = tag.nameHash;
        byte f = 0;
        if (ns == K_SVG) {
            if (name == DESC || name == TITLE
                    || (name == TagToken.NO_HASH && tag.nameEquals("foreignobject"))) {
                f = HTML_IP;
            }
        } else if (name == MI || name == MO || name == MN || name == MS || name == MTEXT) {
            f = MATH_TEXT_IP;
        } else if (name == TagToken.NO_HASH && tag.nameEquals("annotation-xml")) {
            f = ANNOTATION_XML;
            int a = tag.indexOfAttribute("encoding");
            if (a >= 0 && tag.attrValueStart[a] >= 0) {
                int vs = tag.attrValueStart[a];
                int ve = tag.attrValueEnd[a];
                boolean html = equalsIgnoreCase(tag.buf, vs, ve, "text/html")
                        || equalsIgnoreCase(tag.buf, vs, ve, "application/xhtml+xml");
                if (!html && indexOf(tag.buf, vs, ve, '&') >= 0) {
                    SimulatorState alt = copy();
                    alt.push(K_MATH, (byte) (ANNOTATION_XML | HTML_IP), tag);
                    forks.fork(alt, TextMode.DATA, REASON_ENCODING);
                }
                if (html) {
                    f |= HTML_IP;
                }
            }
        }
        push(ns, f, tag);
    }

    private static boolean equalsIgnoreCase(byte[] buf, int start, int end, String lower) {
        return org.htmlrewriter.internal.tokenizer.AsciiBytes.equalsIgnoreCase(buf, start, end, lower);
    }

    private static int indexOf(byte[] buf, int start, int end, int b) {
        for (int i = start; i < end; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasFontBreakoutAttribute(TagToken tag) {
        return tag.indexOfAttribute("color") >= 0 || tag.indexOfAttribute("face") >= 0
                || tag.indexOfAttribute("size") >= 0;
    }

    /** Pops foreign elements until an HTML element or an integration point is current. */
    private void popForeignToHtml() {
        while (depth > 0) {
            byte k = kinds[depth - 1];
            if ((k != K_SVG && k != K_MATH) || (flags[depth - 1] & (HTML_IP | MATH_TEXT_IP)) != 0) {
                return;
            }
            depth--;
        }
    }

    /** Closes a p element in button scope among the tracked HTML elements of the current integration point. */
    private void closeP() {
        for (int i = depth - 1; i >= 0; i--) {
            byte k = kinds[i];
            if (k == K_OPAQUE) {
                if ((htmlSeen & bloom(P)) == bloom(P)) {
                    makeOpaque(false); // a p may be open in there
                }
                return;
            }
            if (k != K_HTML) {
                return;
            }
            if (names[i] == P) {
                for (int j = i + 1; j < depth; j++) {
                    if ((TagTable.flags(names[j]) & FORMATTING) != 0) {
                        // popped formatting elements are reconstructed later: not modelled
                        makeOpaque(false);
                        return;
                    }
                }
                depth = i;
                return;
            }
        }
    }

    /**
     * Replaces the tracked HTML elements of the current integration point with opaque content (pushing it when
     * the integration point itself is current).
     */
    private void makeOpaque(boolean nonEmpty) {
        int i = depth;
        while (i > 0 && (kinds[i - 1] == K_HTML || kinds[i - 1] == K_OPAQUE)) {
            i--;
        }
        if (i < depth && kinds[i] == K_OPAQUE && (flags[i] & NONEMPTY) != 0) {
            nonEmpty = true; // the bottom of it is still open
        }
        depth = i;
        push(K_OPAQUE, nonEmpty ? NONEMPTY : 0, null);
    }

    private void enterFrameset() {
        frameset = true;
        depth = 0;
        baseTables = 0;
        framesetOkCleared = false;
        htmlSeen = 0;
    }

    private void clearFramesetOk() {
        if (templateIndex() < 0) {
            framesetOkCleared = true;
        }
    }

    private int templateIndex() {
        for (int i = depth - 1; i >= 0; i--) {
            if (kinds[i] == K_TEMPLATE) {
                return i;
            }
        }
        return -1;
    }

    private boolean templateEnd() {
        int t = templateIndex();
        if (t < 0) {
            return false;
        }
        depth = t;
        return true;
    }

    /** Pops everything above the innermost template (the table context). */
    private void clearToFrame() {
        depth = templateIndex() + 1;
    }

    private boolean tableMaybe() {
        int t = templateIndex();
        return t < 0 ? baseTables > 0 : modes[t] == T_TABLE || tables[t] > 0;
    }

    private void addTables(int delta) {
        int t = templateIndex();
        if (t < 0) {
            baseTables = Math.max(0, Math.min(1 << 20, baseTables + delta));
        } else {
            tables[t] = Math.max(0, Math.min(1 << 20, tables[t] + delta));
        }
    }

    /**
     * Table insertion modes look for table, tbody, tr, td... on the stack; some parsers (validator.nu 1.4.16) match
     * foreign elements of those names too and stop inside the foreign content. Not modelled: give up certainty.
     */
    private void checkForeignTableNames() {
        for (int i = templateIndex() + 1; i < depth; i++) {
            if ((kinds[i] == K_SVG || kinds[i] == K_MATH) && (TagTable.flags(names[i]) & TABLE_PART) != 0) {
                markLost("foreign elements named like table parts inside a table");
                return;
            }
        }
    }

    private void markLost(String reason) {
        if (lost == null) {
            lost = reason;
        }
    }

    /** Follows {@code o}'s outcome instead of this one's, sharing its tables ({@code o} is dropped). */
    private void adopt(SimulatorState o) {
        take(o, false);
    }

    private void noteHtmlName(TagToken tag) {
        htmlSeen |= bloom(tag);
    }

    private boolean mayHaveStarted(TagToken tag) {
        long b = bloom(tag);
        return (htmlSeen & b) == b;
    }

    private static long bloom(TagToken tag) {
        long h = tag.nameHash;
        if (h != TagToken.NO_HASH) {
            return bloom(h, TagTable.flags(h));
        }
        h = 0x51ED270B27A2F1EFL;
        for (int p = tag.nameStart; p < tag.nameEnd; p++) {
            h = (h ^ lower(tag.buf[p] & 0xff)) * 0x100000001B3L;
        }
        return bloom(h);
    }

    /** The Bloom bits of a hashed name with these flags ({@code </h1>} closes any open h1-h6). */
    private static long bloom(long h, int fl) {
        return bloom((fl & HEADING) != 0 ? H1 : h);
    }

    private static long bloom(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return (1L << (h >>> 58)) | (1L << ((h >>> 52) & 63));
    }
}
