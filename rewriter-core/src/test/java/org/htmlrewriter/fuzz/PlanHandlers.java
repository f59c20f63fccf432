package org.htmlrewriter.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.content.TextNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Node;

/**
 * Turns a {@link RewritePlan} into handlers on a builder, for one run. Every run gets fresh handlers (text handlers
 * keep per-node state) and reads action arguments from the plan's pool from the start, so runs over different
 * chunkings make the same calls. Text handlers only make changes that do not depend on where chunks split (whole
 * node removed or replaced, content before the node's first chunk or after its last).
 *
 * <p>Confined to the run's thread.
 */
final class PlanHandlers {
    /** Marker inserted as TEXT: must come out as these characters, never as an element. */
    static final String MARKER_PREFIX = "<x-fuzz>&Q";

    /** Characters fuzzed strings are made of: markup delimiters, comment pieces, non-ASCII. No 'z'. */
    private static final String[] ALPHABET = {"<", ">", "&", ";", "!", "-", "-", "/", "\"", "'", "=", "]", "a", " ",
        "#", "x", "\t", "\n", "é", "日", "\u00a0", "\ud83d\ude00", "amp", "lt;", "script", "<!--", "-->", "</", "?",
        "[", "CDATA", "\r", "\u0000"};

    /**
     * Snippets inserted as HTML when the marker check stays on. They must not change how a browser reads the rest of
     * the document wherever they land: balanced; no raw-text or comment openers; no tags that leave SVG/MathML
     * content (b, i, span, br, p, ... pop foreign elements, which the engine cannot see in inserted content); no
     * formatting elements (the adoption agency); no void elements (they stay open in foreign content).
     */
    private static final String[] SAFE_HTML = {"<q>quote</q>", "<abbr class=c1>ab</abbr>", "&amp;",
        "<label id=i1>l</label>", "<q><abbr>x</abbr></q>", "x", ""};

    /** Elements whose content is not read as markup (where removeAndKeepContent is refused). */
    private static final Set<String> RAW_TEXT = Set.of("script", "style", "textarea", "title", "xmp", "iframe",
        "noembed", "noframes", "noscript", "plaintext");

    /** Elements whose renaming changes how a browser reads their content: renames make the marker check unsound. */
    private static final Set<String> SPECIAL = Set.of("title", "textarea", "script", "style", "xmp", "iframe",
        "noscript", "noembed", "noframes", "plaintext", "svg", "math", "foreignobject", "desc", "mi", "mo", "mn",
        "ms", "mtext", "annotation-xml", "select", "template", "frameset", "table", "font", "pre", "listing",
        "option", "tr", "td", "body", "head", "html", "frame");

    /** What handlers did in a run, for the checks. */
    static final class RunLog {
        int markers;
        /**
         * Per marker: the stream offset at or after which it lands (the start of the node whose handler inserted it;
         * Long.MAX_VALUE where it may land anywhere later, as content inserted by an element handler).
         */
        final List<Long> markerLandsFrom = new ArrayList<>();
        /** The node whose handler runs: see {@link #markerLandsFrom}. */
        long landsFrom = Long.MAX_VALUE;
        /** Set when something makes the jsoup marker check unsound (HTML from fuzzed strings, special renames). */
        boolean markerCheckUnsound;
        final List<String> problems = new ArrayList<>();
        final List<String> commentTexts = new ArrayList<>();
    }

    /** Thrown by a handler on purpose. */
    static final class PlannedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PlannedFailure() {
            super("planned handler failure", null, false, false);
        }
    }

    /** Thrown (checked) by a handler on purpose. */
    static final class PlannedCheckedFailure extends Exception {
        private static final long serialVersionUID = 1L;

        PlannedCheckedFailure() {
            super("planned checked handler failure", null, false, false);
        }
    }

    private final RewritePlan plan;
    private final boolean noop;
    final RunLog log = new RunLog();
    private int cursor;

    /**
     * The input has SVG or MathML: there, removing, replacing or renaming a tag (even a {@code <b>}, which leaves
     * MathML content) changes how a browser reads what follows, which the rewriter, reading the input, cannot see.
     * The README documents this as the handler's responsibility, as for HTML content.
     */
    private final boolean foreignContent;

    private PlanHandlers(RewritePlan plan, boolean noop) {
        this.plan = plan;
        this.noop = noop;
        String lower = new String(plan.document, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        this.foreignContent = lower.contains("<svg") || lower.contains("<math");
    }

    /**
     * A builder with the plan's settings and handlers. {@code noop}: the same registrations, but the handlers only
     * read (so output must equal input).
     */
    static PlanHandlers build(RewritePlan plan, boolean noop, HtmlRewriter.Builder b) {
        PlanHandlers h = new PlanHandlers(plan, noop);
        b.charset(plan.charset).gracefulBailOut(plan.graceful).strict(plan.strict).scriptingEnabled(plan.scripting)
                .adjustCharsetOnMetaTag(plan.adjustCharset).memoryLimit(plan.memoryLimit);
        for (RewritePlan.Registration r : plan.registrations) {
            h.register(b, r);
        }
        return h;
    }

    private int arg() {
        int v = plan.argumentPool[cursor % plan.argumentPool.length];
        cursor++;
        return v;
    }

    private void register(HtmlRewriter.Builder b, RewritePlan.Registration r) {
        int[] a = r.actions;
        switch (r.kind) {
            case ELEMENT: b.onElement(r.selector, el -> element(el, a)); break;
            case COMMENT: b.onComment(r.selector, c -> comment(c, a)); break;
            case TEXT:
                if (wholeNodes(a)) {
                    b.onTextNode(r.selector, t -> textNode(t, a));
                } else {
                    b.onText(r.selector, new TextActions(a)::handle);
                }
                break;
            case DOCTYPE: b.onDocumentDoctype(d -> doctype(d, a)); break;
            case DOCUMENT_COMMENT: b.onDocumentComment(c -> comment(c, a)); break;
            case DOCUMENT_TEXT:
                if (wholeNodes(a)) {
                    b.onDocumentTextNode(t -> textNode(t, a));
                } else {
                    b.onDocumentText(new TextActions(a)::handle);
                }
                break;
            default: b.onDocumentEnd(end -> {
                log.landsFrom = Long.MAX_VALUE;
                for (int i = 0; i < a.length && !noop; i += 2) {
                    if (a[i] % 5 == 4) {
                        fail(a[i + 1]);
                    }
                    String[] c = content(a[i + 1]);
                    guard(() -> end.append(c[0], ContentType.valueOf(c[1])));
                }
            });
        }
    }

    /**
     * One text registration in eight (by its first action byte) takes whole text nodes instead of chunks, so plans
     * written before text nodes existed keep their other registrations as they were.
     */
    private static boolean wholeNodes(int[] actions) {
        return actions[0] >= 224;
    }

    /** A whole text node: every action applies to the node as a whole, so nothing depends on chunking. */
    private void textNode(TextNode t, int[] a) throws PlannedCheckedFailure {
        t.text();
        t.rawText();
        t.textType();
        log.landsFrom = t.sourceLocation().start();
        if (noop) {
            return;
        }
        for (int i = 0; i < a.length; i += 2) {
            int x = a[i + 1];
            switch (a[i] % 6) {
                case 0: break;
                case 1: t.remove(); break;
                case 2: {
                    String[] c = content(x);
                    guard(() -> t.replace(c[0], ContentType.valueOf(c[1])));
                    break;
                }
                case 3: {
                    String[] c = content(x);
                    guard(() -> t.before(c[0], ContentType.valueOf(c[1])));
                    break;
                }
                case 4: {
                    String[] c = content(x);
                    guard(() -> t.after(c[0], ContentType.valueOf(c[1])));
                    break;
                }
                default:
                    if (x % 4 == 0) {
                        fail(x);
                    }
            }
        }
    }

    // ---- content

    /** Content to insert: {text, type}. */
    private String[] content(int what) {
        switch (what % 8) {
            case 0: case 1: case 2: case 3:
                log.markerLandsFrom.add(log.landsFrom);
                return new String[] {MARKER_PREFIX + (log.markers++) + "Q", "TEXT"};
            case 4:
                return new String[] {SAFE_HTML[arg() % SAFE_HTML.length], "HTML"};
            case 5:
                return new String[] {fuzzString(), "TEXT"};
            case 6:
                log.markerCheckUnsound = true;
                return new String[] {fuzzString(), "HTML"};
            default:
                return new String[] {"a&b<c>\"d'", "TEXT"};
        }
    }

    private String fuzzString() {
        int n = arg() % 9;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET[arg() % ALPHABET.length]);
        }
        return sb.toString();
    }

    private String tagName() {
        return RewritePlan.TAGS[arg() % RewritePlan.TAGS.length];
    }

    private void fail(int how) throws PlannedCheckedFailure {
        if (how % 2 == 0) {
            throw new PlannedFailure();
        }
        throw new PlannedCheckedFailure();
    }

    interface Call {
        void run();
    }

    /**
     * Runs a mutation: {@link IllegalArgumentException} (content validation) is swallowed or passed on as the
     * plan says; anything else unexpected is logged as a problem and passed on.
     */
    private void guard(Call c) {
        try {
            c.run();
        } catch (IllegalArgumentException e) {
            if (!plan.swallowValidationErrors) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.problems.add("handler API call threw " + e);
            throw e;
        }
    }

    // ---- elements

    private void element(Element el, int[] a) throws Exception {
        log.landsFrom = Long.MAX_VALUE; // content inside or after the element lands later
        String sourceName = el.tagName();
        readElement(el);
        if (noop) {
            if (el.canHaveContent()) {
                el.onEndTag(this::readEndTag);
            }
            return;
        }
        for (int i = 0; i < a.length; i += 2) {
            int what = a[i] % 16;
            int x = a[i + 1];
            String[] c = what >= 5 && what <= 10 ? content(x) : null;
            if (foreignContent && (what == 3 || what == 4 || (what >= 9 && what <= 12))) {
                log.markerCheckUnsound = true; // a structural change where tags decide the namespace
            }
            switch (what) {
                case 0: readElement(el); break;
                case 1: {
                    String name = x % 3 == 0 ? fuzzString() : RewritePlan.ATTRIBUTES[x % RewritePlan.ATTRIBUTES.length];
                    String value = fuzzString();
                    guard(() -> el.setAttribute(name, value));
                    break;
                }
                case 2: el.removeAttribute(RewritePlan.ATTRIBUTES[x % RewritePlan.ATTRIBUTES.length]); break;
                case 3: case 4: {
                    if (el.isImplied()) {
                        // Documented: an implied element has no tags to rename.
                        try {
                            el.setTagName("span");
                            log.problems.add("setTagName on an implied <" + el.tagName() + "> did not throw");
                        } catch (IllegalStateException expected) {
                            // as documented
                        }
                        break;
                    }
                    String old = el.tagName();
                    String name = what == 3 ? tagName() : fuzzString();
                    guard(() -> {
                        el.setTagName(name);
                        // Renaming to or from an element the tree builder treats specially changes how a browser
                        // reads the content that follows; the engine keeps reading it as the original element.
                        log.markerCheckUnsound |= SPECIAL.contains(old)
                                || SPECIAL.contains(name.toLowerCase(Locale.ROOT));
                    });
                    break;
                }
                case 5: guard(() -> el.before(c[0], ContentType.valueOf(c[1]))); break;
                case 6: guard(() -> el.after(c[0], ContentType.valueOf(c[1]))); break;
                case 7: guard(() -> el.prepend(c[0], ContentType.valueOf(c[1]))); break;
                case 8: guard(() -> el.append(c[0], ContentType.valueOf(c[1]))); break;
                case 9: guard(() -> el.replace(c[0], ContentType.valueOf(c[1]))); break;
                case 10: guard(() -> el.setInnerContent(c[0], ContentType.valueOf(c[1]))); break;
                case 11: el.remove(); break;
                case 12:
                    log.markerCheckUnsound |= SPECIAL.contains(el.tagName());
                    try {
                        el.removeAndKeepContent();
                    } catch (IllegalStateException refused) {
                        // Documented: the text of script, style, textarea, ... would be read as markup without its
                        // tags. Refused only there (a rename from script and the like sets markerCheckUnsound).
                        if (!RAW_TEXT.contains(sourceName) && !log.markerCheckUnsound) {
                            log.problems.add("removeAndKeepContent refused on <" + sourceName + ">: " + refused);
                        }
                    }
                    break;
                case 13:
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> endTag(end, x));
                    } else {
                        try {
                            el.onEndTag(end -> endTag(end, x));
                            log.problems.add("onEndTag accepted on an element that cannot have content: " + el.tagName());
                        } catch (IllegalStateException expected) {
                            // documented
                        }
                    }
                    break;
                case 14: fail(x); break;
                default: {
                    String name = fuzzString();
                    el.getAttribute(name);
                    el.hasAttribute(name);
                    el.rawAttribute(name);
                }
            }
        }
    }

    private void readElement(Element el) {
        el.tagName();
        el.namespaceUri();
        for (Attribute at : el.attributes()) {
            at.name();
            at.value();
            at.rawValue();
            if (!at.value().equals(el.getAttribute(at.name()))) {
                log.problems.add("attributes() and getAttribute disagree on " + at.name() + ": " + at.value()
                        + " vs " + el.getAttribute(at.name()));
            }
        }
        el.getAttribute("class");
        el.hasAttribute("id");
        el.rawAttribute("href");
        el.isSelfClosing();
        el.canHaveContent();
        el.isRemoved();
        el.sourceLocation();
    }

    private void readEndTag(EndTag end) {
        end.name();
        end.closing();
        end.isRemoved();
        end.sourceLocation();
    }

    private void endTag(EndTag end, int x) throws Exception {
        readEndTag(end);
        if (foreignContent && (x % 6 == 2 || x % 6 == 3)) {
            log.markerCheckUnsound = true; // renaming or removing an end tag where tags decide the namespace
        }
        log.landsFrom = end.sourceLocation().start();
        switch (x % 6) {
            case 0: {
                String[] c = content(arg());
                guard(() -> end.before(c[0], ContentType.valueOf(c[1])));
                break;
            }
            case 1: {
                String[] c = content(arg());
                guard(() -> end.after(c[0], ContentType.valueOf(c[1])));
                break;
            }
            case 2: {
                String n = tagName();
                String old = end.name(); // before the rename: name() then returns the new name
                guard(() -> end.setName(n));
                log.markerCheckUnsound |= SPECIAL.contains(n) || SPECIAL.contains(old);
                break;
            }
            case 3: end.remove(); log.markerCheckUnsound = true; break; // an unclosed raw-text element swallows the rest
            case 4: fail(x); break;
            default: break;
        }
    }

    // ---- comments

    private void comment(Comment c, int[] a) throws Exception {
        c.text();
        c.isRemoved();
        log.landsFrom = c.sourceLocation().start();
        if (noop) {
            return;
        }
        for (int i = 0; i < a.length; i += 2) {
            int x = a[i + 1];
            switch (a[i] % 7) {
                case 0: c.text(); break;
                case 1: {
                    String t = fuzzString();
                    boolean accepted;
                    try {
                        c.setText(t);
                        accepted = true;
                    } catch (IllegalArgumentException refused) {
                        accepted = false;
                    }
                    if (accepted) {
                        checkCommentText(t);
                        if (!t.equals(c.text())) {
                            log.problems.add("comment text() after setText(" + t + ") is " + c.text());
                        }
                        log.commentTexts.add(t);
                    }
                    break;
                }
                case 2: { String[] s = content(x); guard(() -> c.before(s[0], ContentType.valueOf(s[1]))); break; }
                case 3: { String[] s = content(x); guard(() -> c.after(s[0], ContentType.valueOf(s[1]))); break; }
                case 4: { String[] s = content(x); guard(() -> c.replace(s[0], ContentType.valueOf(s[1]))); break; }
                case 5: c.remove(); break;
                default: fail(x);
            }
        }
    }

    /** A comment's new text must not end it: {@code <!--text-->} is one comment with exactly that text. */
    private void checkCommentText(String t) {
        List<Node> nodes = Jsoup.parseBodyFragment("<!--" + t + "-->").body().childNodes();
        // jsoup drops CR where the HTML input stream turns it into LF: compare without line breaks.
        String expected = t.replace("\r", "").replace("\n", "").replace('\u0000', '\ufffd');
        if (nodes.size() != 1 || !(nodes.get(0) instanceof org.jsoup.nodes.Comment)
                || !((org.jsoup.nodes.Comment) nodes.get(0)).getData().replace("\r", "").replace("\n", "")
                        .equals(expected)) {
            log.problems.add("setText accepted text that does not stay one comment: " + escape(t) + " -> " + nodes);
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch < 0x20 || ch > 0x7e) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    // ---- doctype

    private void doctype(Doctype d, int[] a) throws Exception {
        d.name();
        d.publicId();
        d.systemId();
        d.forceQuirks();
        d.isRemoved();
        d.sourceLocation();
        if (noop) {
            return;
        }
        for (int i = 0; i < a.length; i += 2) {
            switch (a[i] % 3) {
                case 0: d.remove(); break;
                case 1: fail(a[i + 1]); break;
                default: break;
            }
        }
    }

    // ---- text

    /** A text handler with per-node state; only makes changes that any chunking gives the same output for. */
    private final class TextActions {
        private final int[] actions;
        private boolean atNodeStart = true;
        private final StringBuilder nodeText = new StringBuilder();
        private int nodes;

        TextActions(int[] actions) {
            this.actions = actions;
        }

        void handle(TextChunk t) throws Exception {
            t.text();
            t.rawText();
            t.textType();
            log.landsFrom = t.sourceLocation().start();
            boolean first = atNodeStart;
            boolean last = t.isLastInTextNode();
            atNodeStart = last;
            if (noop) {
                return;
            }
            nodeText.append(t.text());
            for (int i = 0; i < actions.length; i += 2) {
                int x = actions[i + 1];
                switch (actions[i] % 7) {
                    case 0: break;
                    case 1: t.remove(); break;
                    case 2:
                        if (last) {
                            String[] c = content(x);
                            guard(() -> t.replace(c[0], ContentType.valueOf(c[1])));
                        } else {
                            t.remove();
                        }
                        break;
                    case 3:
                        if (first) {
                            String[] c = content(x);
                            guard(() -> t.before(c[0], ContentType.valueOf(c[1])));
                        }
                        break;
                    case 4:
                        if (last) {
                            String[] c = content(x);
                            guard(() -> t.after(c[0], ContentType.valueOf(c[1])));
                        }
                        break;
                    case 5:
                        if (last) {
                            String whole = nodeText.toString().toUpperCase(Locale.ROOT);
                            guard(() -> t.replace(whole, ContentType.TEXT));
                        } else {
                            t.remove();
                        }
                        break;
                    default:
                        if (last && nodes == x % 4) {
                            fail(x);
                        }
                }
            }
            if (last) {
                nodes++;
                nodeText.setLength(0);
            }
        }
    }
}
