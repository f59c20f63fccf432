package org.htmlrewriter.internal.treesim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.htmlrewriter.ParsingAmbiguityException;
import org.htmlrewriter.internal.tokenizer.ParserFeedback;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * The tree builder's feedback to the tokenizer, decided without building a tree: after each start tag the text
 * mode the tokenizer continues in, and whether {@code <![CDATA[} opens a CDATA section.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>After an HTML start tag: {@code script} → script data; {@code style}, {@code xmp}, {@code iframe},
 *   {@code noembed}, {@code noframes} → RAWTEXT; {@code noscript} → RAWTEXT when scripting is enabled (the
 *   default), markup otherwise; {@code title}, {@code textarea} → RCDATA; {@code plaintext} → PLAINTEXT; anything
 *   else → DATA.</li>
 *   <li>Foreign content: {@code <svg>} and {@code <math>} open SVG and MathML content, where every start tag is a
 *   foreign element that never switches the text mode ({@code <svg><style>} stays DATA) and CDATA sections are
 *   allowed. Each foreign element is tracked by name, because end tags close foreign elements by name. The
 *   "breakout" start tags ({@code b}, {@code div}, {@code p}, {@code table}, ... and {@code font} with
 *   {@code color}, {@code face} or {@code size}) and the end tags {@code </br>} and {@code </p>} go back to the
 *   nearest HTML content. Self-closing foreign elements open nothing.</li>
 *   <li>Integration points: SVG {@code foreignObject}, {@code desc}, {@code title}, MathML {@code annotation-xml}
 *   with {@code encoding} {@code text/html} or {@code application/xhtml+xml} (HTML integration points), and
 *   MathML {@code mi}, {@code mo}, {@code mn}, {@code ms}, {@code mtext} for tags other than {@code mglyph} and
 *   {@code malignmark} (text integration points) hold HTML content again. HTML elements inside them are tracked
 *   while their rules are simple, so that later end tags can be matched.</li>
 *   <li>{@code <select>}: "in select" ignores every start tag but {@code option}, {@code optgroup}, {@code script},
 *   {@code template}, and the ones that close the select ({@code select}, {@code input}, {@code keygen},
 *   {@code textarea}; table tags when the select is in a table); so {@code <select><style>} stays DATA while
 *   {@code <select><script>} is script data. {@code svg} and {@code math} are ignored there too.</li>
 *   <li>{@code <template>}: a template whose first child is {@code col} is in "in column group" with the template
 *   as current node, which ignores everything but {@code col} and {@code template} until {@code </template>}.</li>
 *   <li>{@code <frameset>}, once inserted, ignores everything but {@code frameset}, {@code frame} and
 *   {@code noframes} (raw text) to the end of the document.</li>
 * </ul>
 *
 * <h2>Ambiguities</h2>
 * Where the answer depends on what is not tracked, the simulator follows every possible outcome at once (a small
 * set of hypotheses that merge again when they become equal) and is ambiguous only when they give different
 * answers for a text-mode start tag or a CDATA section. In strict mode it then throws
 * {@link ParsingAmbiguityException}; in lenient mode it answers with the outcome marked "more likely" below, drops
 * the others, and reports the answer as a guess ({@link #lastAnswerGuessed()}).
 * <ul>
 *   <li>{@code <frameset>} is inserted only while the frameset-ok flag is set, which any non-space text before it
 *   clears; text is not seen here. More likely: inserted (unless an element that clears the flag, such as
 *   {@code <body>}, {@code <img>}, {@code <table>}, {@code <pre>}, came before, or a template is open: then it is
 *   certainly ignored and nothing forks).</li>
 *   <li>A table tag ({@code caption}, {@code table}, {@code tbody}, {@code tfoot}, {@code thead}, {@code tr},
 *   {@code td}, {@code th}, start or end) inside {@code <select>} closes the select only if the select is in a
 *   table insertion mode. Certain when no table can be open; otherwise more likely: it closes the select.</li>
 *   <li>The same table tags (and {@code col}, {@code colgroup}) inside an integration point pop the foreign content
 *   in a table insertion mode and are ignored in body. More likely: they pop it.</li>
 *   <li>An end tag in foreign content that matches no open foreign element is handed to the HTML rules, which close
 *   an enclosing HTML element of that name if one is open. Certain when no such start tag was ever seen (a small
 *   Bloom filter of started names), and for {@code </body>}, {@code </html>}, {@code </head>}; otherwise more
 *   likely: it closes it (and the foreign content inside).</li>
 *   <li>HTML content inside an integration point whose elements have complex rules (tables, lists, forms, nested
 *   anchors, ...) becomes opaque: its depth is unknown. An end tag that would close the integration point if that
 *   content were empty forks; more likely: the content was closed.</li>
 *   <li>{@code annotation-xml} whose {@code encoding} is written with a character reference; more likely: the raw
 *   comparison.</li>
 *   <li>More than {@value SimulatorState#MAX_DEPTH} nested tracked elements, or an end tag in foreign content that
 *   closes an HTML element deep inside an integration point (adoption agency territory), or more than
 *   {@value #MAX_HYPOTHESES} hypotheses: the simulator gives up certainty; every later text-mode start tag and
 *   CDATA section is ambiguous.</li>
 * </ul>
 *
 * <p>Thread-safety: confined; one instance per document, used by one tokenizer at a time. Buffer ownership: the
 * {@link TagToken} handed in is read during the call only; nothing is kept. Memory is bounded:
 * {@value #MAX_HYPOTHESES} hypotheses of at most {@value SimulatorState#MAX_DEPTH} entries each.
 */
public final class TreeBuilderSimulator implements ParserFeedback {
    public static final String HTML_NAMESPACE = org.htmlrewriter.selectors.Namespaces.HTML;
    public static final String SVG_NAMESPACE = org.htmlrewriter.selectors.Namespaces.SVG;
    public static final String MATHML_NAMESPACE = org.htmlrewriter.selectors.Namespaces.MATHML;

    /** At most this many hypotheses are followed at once. */
    public static final int MAX_HYPOTHESES = 8;

    private final boolean strict;
    private final boolean scriptingEnabled;
    private final MemoryMeter meter;
    private SimulatorState[] states = new SimulatorState[MAX_HYPOTHESES * 2];
    private TextMode[] modes = new TextMode[MAX_HYPOTHESES * 2];
    private int count;
    private long lastTagOffset;
    /** The last answer (a start tag's text mode, or whether CDATA opens) was a lenient guess. */
    private boolean guessed;
    /**
     * Lenient mode dropped a reading of the document (it kept the more likely of hypotheses that disagreed). Every
     * later answer rests on that choice: the dropped reading could have answered differently, so each is a guess.
     */
    private boolean readingDropped;
    private final ForkCollector forks = new ForkCollector();

    /** A strict simulator with scripting enabled. */
    public TreeBuilderSimulator() {
        this(true, true);
    }

    /**
     * @param strict           throw {@link ParsingAmbiguityException} where the answer is ambiguous, instead of
     *                         making the browser's most likely choice
     * @param scriptingEnabled whether {@code noscript} is raw text (true, as in browsers with scripting) or markup
     */
    public TreeBuilderSimulator(boolean strict, boolean scriptingEnabled) {
        this(strict, scriptingEnabled, MemoryMeter.UNMETERED);
    }

    /**
     * @param meter told about the heap the hypotheses take beyond the first one's initial tables (which may refuse it
     *              by throwing)
     */
    public TreeBuilderSimulator(boolean strict, boolean scriptingEnabled, MemoryMeter meter) {
        this.strict = strict;
        this.scriptingEnabled = scriptingEnabled;
        this.meter = meter;
        states[0] = new SimulatorState(scriptingEnabled, meter);
        count = 1;
    }

    /** Keeps only the first {@code n} hypotheses, giving back what the others took. */
    private void keepFirst(int n) {
        for (int i = n; i < count; i++) {
            meter.release(states[i].heapBytes());
            states[i] = null;
        }
        count = n;
    }

    /**
     * Whether the last answer, the text mode after the last start tag or whether the last {@code <![CDATA[} opened a
     * CDATA section, was a guess: lenient mode chose the more likely of outcomes that disagree (where strict mode
     * throws), at this answer or at an earlier one it rests on (once a reading of the document is dropped, every
     * later answer is a guess). Text in raw-text or CDATA mode that such a guess opened may in fact be normal
     * content, and the other way round.
     */
    public boolean lastAnswerGuessed() {
        return guessed;
    }

    /** How many hypotheses are currently followed (1 unless something ambiguous happened); for tests. */
    int hypotheses() {
        return count;
    }

    /**
     * Namespace of the element the last start tag created (in the more likely hypothesis): one of
     * {@link #HTML_NAMESPACE}, {@link #SVG_NAMESPACE}, {@link #MATHML_NAMESPACE}. HTML for ignored tags.
     */
    public String namespaceOfLastStartTag() {
        byte ns = states[0].lastNamespace;
        return ns == 0 ? HTML_NAMESPACE : ns == 1 ? SVG_NAMESPACE : MATHML_NAMESPACE;
    }

    /**
     * Like {@link #inForeignContent()} but never throws: the answer of the more likely hypothesis. For consumers
     * that only want a hint (the tokenizer must use {@link #inForeignContent()}, which is checked).
     */
    public boolean inForeignContentLikely() {
        return states[0].inForeign() > 0;
    }

    @Override
    public boolean needsAttributes(TagToken nameOnly) {
        long h = nameOnly.nameHash;
        if (h == TagTable.FONT) {
            for (int i = 0; i < count; i++) {
                if (states[i].currentIsForeign()) {
                    return true;
                }
            }
        } else if (h == TagToken.NO_HASH && nameOnly.nameEquals("annotation-xml")) {
            for (int i = 0; i < count; i++) {
                if (states[i].currentIsMath()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public TextMode afterStartTag(TagToken tag) {
        lastTagOffset = tag.streamOffset;
        int fl = TagTable.flags(tag.nameHash);
        // Most tags, in most documents: one hypothesis, nothing tracked open, a tag that changes no text mode and
        // opens nothing the simulator tracks. Such a tag only joins the names seen.
        if (count == 1 && (fl & (TagTable.TEXT_MODE | TagTable.STRUCTURAL)) == 0 && states[0].inertStartTag(tag, fl)) {
            guessed = readingDropped;
            return TextMode.DATA;
        }
        int n = count;
        for (int i = 0; i < n; i++) {
            modes[i] = states[i].startTag(tag, fl, forks);
        }
        TextMode answer = modes[0];
        boolean ambiguous = false;
        for (int i = 1; i < count; i++) {
            ambiguous |= modes[i] != answer;
        }
        if ((fl & TagTable.TEXT_MODE) != 0) {
            for (int i = 0; i < count; i++) {
                ambiguous |= states[i].lost != null;
            }
        }
        if (ambiguous && strict) {
            throw new ParsingAmbiguityException("cannot tell without a tree how the text after <"
                    + name(tag) + "> is tokenized (" + reasons("unknown") + ")", tag.streamOffset);
        }
        if (ambiguous) {
            keepFirst(1); // lenient: keep the more likely hypothesis
            readingDropped = true;
        }
        guessed = readingDropped;
        merge();
        return answer;
    }

    @Override
    public void afterEndTag(TagToken tag) {
        lastTagOffset = tag.streamOffset;
        int fl = TagTable.flags(tag.nameHash);
        if (count == 1 && (fl & TagTable.STRUCTURAL) == 0 && states[0].nothingTracked()) {
            return; // with nothing tracked open, only the end tags of templates and tables matter
        }
        int n = count;
        for (int i = 0; i < n; i++) {
            states[i].endTag(tag, fl, forks);
        }
        merge();
    }

    @Override
    public boolean inForeignContent() {
        int answer = states[0].inForeign();
        boolean ambiguous = answer < 0;
        for (int i = 1; i < count; i++) {
            ambiguous |= states[i].inForeign() != answer;
        }
        if (ambiguous && strict) {
            throw new ParsingAmbiguityException("cannot tell without a tree whether <![CDATA[ after the tag at byte "
                    + lastTagOffset + " opens a CDATA section (" + reasons(SimulatorState.REASON_OPAQUE) + ")",
                    lastTagOffset);
        }
        if (ambiguous) {
            keepFirst(1);
            readingDropped = true;
        }
        guessed = readingDropped;
        return answer > 0;
    }

    private void merge() {
        if (count == 1) {
            return;
        }
        int kept = 1;
        for (int i = 1; i < count; i++) {
            SimulatorState s = states[i];
            boolean duplicate = false;
            for (int j = 0; j < kept && !duplicate; j++) {
                duplicate = states[j].sameAs(s);
            }
            if (!duplicate) {
                states[kept++] = s;
            } else {
                meter.release(s.heapBytes());
            }
        }
        for (int i = kept; i < count; i++) {
            states[i] = null;
        }
        count = kept;
        if (count > MAX_HYPOTHESES) {
            keepFirst(1);
            readingDropped = true;
            if (states[0].lost == null) {
                states[0].lost = "more than " + MAX_HYPOTHESES + " ways to read the markup so far";
            }
        }
    }

    private String reasons(String fallback) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            SimulatorState s = states[i];
            String r = s.lost != null ? s.lost : s.why;
            if (r != null && sb.indexOf(r) < 0) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(r);
            }
        }
        return sb.length() == 0 ? fallback : sb.toString();
    }

    private static String name(TagToken tag) {
        return new String(tag.buf, tag.nameStart, tag.nameEnd - tag.nameStart, StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
    }

    /** Appends forked hypotheses after the existing ones. */
    private final class ForkCollector implements SimulatorState.Forks {
        @Override
        public void fork(SimulatorState alternative, TextMode mode, String reason) {
            if (alternative.why == null) {
                alternative.why = reason;
            }
            if (count == states.length) {
                meter.release(alternative.heapBytes());
                // too many at once: drop it, and give up certainty on the line that made it
                states[0].lost = states[0].lost != null ? states[0].lost
                        : "more than " + MAX_HYPOTHESES + " ways to read the markup so far";
                return;
            }
            states[count] = alternative;
            modes[count] = mode;
            count++;
        }
    }
}
