package org.htmlrewriter.internal.rewrite;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.AsciiBytes;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * The state behind the {@link Element} handed to element handlers: a view over the start tag's ranges plus the
 * mutations handlers ask for. Reused for every matched start tag of a document; handlers receive an
 * {@link ElementHandle} bound to one {@link #generation}, never this object.
 */
final class ElementView extends ViewBase implements Element {
    private final RewriterEngine engine;
    /** Bumped for every element: a handle of an earlier element fails. */
    private int generation;
    /** What handler requests on this element charged to the memory account; given back by {@link #release}. */
    private long transientCharged;
    private TagToken tag;
    /** The tree builder created this element with no tag of its own: {@link #tag} is a stand-in of no length. */
    private boolean implied;
    private int depth;
    private String namespace;
    /** Text mode of the element's content (where prepend/append land). */
    private TextMode contentMode;
    private String name;
    private String newName;
    /**
     * The new name as written in the start tag and the end tag: as the handler spelled it (lol-html does too), or in
     * SVG in the adjusted case of the HTML standard's table ({@link ForeignNames}).
     */
    private String newNameAsWritten;

    ContentList before;
    ContentList afterStart;
    ContentList replacement;
    boolean startRemoved;
    boolean tagModified;
    private ElementFrame frame;

    // Attributes: the token's, by index, with edits (made when the first edit of their kind comes); plus added ones.
    private int rawCount;
    private boolean[] rawRemoved;
    private String[] rawNewValue;
    private List<String[]> added;

    ElementView(RewriterEngine engine) {
        this.engine = engine;
    }

    void reset(TagToken t, int depth, String namespace, TextMode contentMode, boolean implied) {
        generation++;
        this.tag = t;
        this.implied = implied;
        this.depth = depth;
        this.namespace = namespace;
        this.contentMode = contentMode;
        this.name = null;
        this.newName = null;
        this.newNameAsWritten = null;
        this.before = null;
        this.afterStart = null;
        this.replacement = null;
        this.startRemoved = false;
        this.tagModified = false;
        this.frame = null;
        this.rawCount = t.attributeCount;
        this.rawRemoved = null;
        this.rawNewValue = null;
        this.added = null;
        validate();
    }

    /** A handle for one handler call on the current element. */
    Element newHandle() {
        return new ElementHandle(this, generation);
    }

    void checkGeneration(int handleGeneration) {
        if (handleGeneration != generation) {
            throw new IllegalStateException("Element used after its handler returned: views are valid only during "
                    + "the handler call");
        }
    }

    /**
     * The engine is done with this element (its start tag and content were written): drops what was loaded for it
     * and gives back its memory charge, so nothing of a large tag stays reachable.
     */
    void release() {
        invalidate();
        rawRemoved = null;
        rawNewValue = null;
        added = null;
        before = null;
        afterStart = null;
        replacement = null;
        frame = null;
        tag = null;
        engine.account.release(transientCharged);
        transientCharged = 0;
    }

    boolean hasFrame() {
        return frame != null;
    }

    ElementFrame frame() {
        if (frame == null) {
            frame = new ElementFrame();
            frame.elementName = currentName();
            frame.contentMode = contentMode;
            frame.rawTextElementName = rawTextElementName();
            frame.namespace = namespace;
        }
        return frame;
    }

    private String rawTextElementName() {
        return contentMode == TextMode.DATA ? null : currentName();
    }

    private String currentName() {
        if (newName != null) {
            return newName;
        }
        if (name == null) {
            name = engine.decodeTagName(tag);
        }
        return name;
    }

    /** Content landing just before the start tag: normal content, after what the input has there. */
    private Content encodeBefore(Object content, ContentType type) {
        requireContent(content, type);
        return engine.encoder.encode(content, type, TextMode.DATA, engine.tokenizer.stateBeforeToken(), null);
    }

    /** Content landing after the element: normal content, after its end tag (or after a void element's start tag). */
    private Content encodeAfter(Object content, ContentType type) {
        requireContent(content, type);
        return engine.encoder.encode(content, type, TextMode.DATA, InsertionStates.clean(TextMode.DATA), null);
    }

    /**
     * Content landing inside the element, read as its content: checked against the state right after the start tag
     * (the engine checks again where it is written, e.g. before the end tag, once the content's end is known).
     */
    private Content encodeInside(Object content, ContentType type) {
        requireContent(content, type);
        int state = engine.tokenizer.stateAfterToken(false);
        if (startRemoved) {
            // Without its start tag the element's content is read where the element was: raw-text rules no longer
            // apply to what is inserted now, so TEXT must be escaped as normal content.
            return engine.encoder.encode(content, type, TextMode.DATA, state, null);
        }
        return engine.encoder.encode(content, type, contentMode, state, engine.tokenizer.appropriateEndTagName());
    }

    // --- names

    @Override
    public String tagName() {
        check();
        return currentName();
    }

    @Override
    public void setTagName(String n) {
        check();
        if (implied) {
            throw new IllegalStateException("<" + currentName() + "> is implied: it has no tags to rename (a start tag "
                    + "with another name would not make this element)");
        }
        validateName(n, "tag name");
        engine.encoder.refuseUnwritableMarkup(n, "a tag name");
        if (depth > 0 && TreeBuilderSimulator.HTML_NAMESPACE.equals(namespace)
                && textModeOf(asciiLowerCase(n)) != textModeOf(currentName())) {
            // A browser reads the content by the name it sees: <div> renamed to <script> would make its markup script
            // text; <script> renamed to <div> would make its text markup.
            throw new IllegalArgumentException("renaming <" + currentName() + "> to <" + n + "> would change how "
                    + "its content is read (as markup, text or script): rename it to an element read the same way");
        }
        newName = asciiLowerCase(n);
        newNameAsWritten = ForeignNames.tagName(namespace, n);
        tagModified = true;
        if (canHaveContent()) {
            frame().endName = newNameAsWritten;
        }
    }

    /** The text mode a browser reads an HTML element's content in, by the element's name (scripting on). */
    private TextMode textModeOf(String lowerName) {
        switch (lowerName) {
            case "script": return TextMode.SCRIPT_DATA;
            case "style": case "xmp": case "iframe": case "noembed": case "noframes": return TextMode.RAWTEXT;
            case "noscript": return engine.settings.scriptingEnabled ? TextMode.RAWTEXT : TextMode.DATA;
            case "title": case "textarea": return TextMode.RCDATA;
            case "plaintext": return TextMode.PLAINTEXT;
            default: return TextMode.DATA;
        }
    }

    static void validateName(String n, String what) {
        if (n == null || n.isEmpty() || !AsciiBytes.isAsciiAlpha(n.charAt(0))) {
            throw new IllegalArgumentException("a " + what + " must start with an ASCII letter: " + n);
        }
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c <= ' ' || c == '/' || c == '>' || c == '<' || c == '=' || c == '"' || c == '\'' || c == 0x7f) {
                throw new IllegalArgumentException("a " + what + " cannot contain " + describe(c) + ": " + n);
            }
        }
    }

    private static String describe(char c) {
        return c <= ' ' ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "'";
    }

    @Override
    public String namespaceUri() {
        check();
        return namespace;
    }

    // --- attributes
    // The token's attributes are read where they are, by index; names are compared as bytes and decoded only when
    // they have non-ASCII bytes or a NUL, so a tag with many attributes costs nothing per attribute unless a handler
    // lists them.

    /** Whether attribute {@code i}'s name, as HTML reads it (ASCII-lowercased, decoded), is {@code lowerName}. */
    private boolean nameIs(int i, String lowerName) {
        int start = tag.attrNameStart[i];
        int end = tag.attrNameEnd[i];
        byte[] b = tag.buf;
        for (int k = start; k < end; k++) {
            if (b[k] <= 0) { // a NUL or a non-ASCII byte: compare the decoded name
                return attributeName(i).equals(lowerName);
            }
        }
        return AsciiBytes.equalsIgnoreCase(b, start, end, lowerName);
    }

    private String attributeName(int i) {
        return HtmlDecoder.attributeName(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i], engine.charset);
    }

    /** Index of the attribute HTML reads for this name (the first not removed), or -1. */
    private int rawIndex(String lowerName) {
        for (int i = 0; i < rawCount; i++) {
            if (nameIs(i, lowerName)) {
                // Only the first occurrence counts in HTML; a removed first occurrence removes them all.
                return rawRemoved != null && rawRemoved[i] ? -1 : i;
            }
        }
        return -1;
    }

    private int addedIndex(String lowerName) {
        if (added != null) {
            for (int i = 0; i < added.size(); i++) {
                if (added.get(i)[0].equals(lowerName)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String lower(String attributeName) {
        if (attributeName == null) {
            throw new NullPointerException("attribute name");
        }
        return asciiLowerCase(attributeName);
    }

    /**
     * HTML names are ASCII-case-insensitive: only A-Z are folded. ({@code String.toLowerCase} would also fold
     * other letters, even into ASCII ones or longer strings, and miss names the tokenizer lowercased.)
     */
    static String asciiLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 'a' - 'A';
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** Charges what a handler's request makes while it runs; given back by {@link #release}. */
    private void chargeTransient(long bytes, String what) {
        engine.account.charge(bytes, what);
        transientCharged += bytes;
    }

    private static long stringBytes(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) < 256;
        }
        return MemoryMeter.objectBytes(12) + MemoryMeter.arrayBytes(latin1 ? 1 : 2, s.length());
    }

    /**
     * A snapshot of the attributes as HTML reads them (the first of duplicate names, in source order, then added
     * ones), usable after the handler returns. It is made here but counted against the memory limit while the
     * handler runs, so that a tag with millions of attributes fails with {@code MemoryLimitExceededException}
     * rather than exhausting the heap.
     */
    @Override
    public List<Attribute> attributes() {
        check();
        int[] firsts = firstOccurrences();
        List<Attribute> list = new ArrayList<>(firsts.length + (added == null ? 0 : added.size()));
        long pending = MemoryMeter.arrayBytes(4, firsts.length);
        for (int k = 0; k < firsts.length; k++) {
            int i = firsts[k];
            if (rawRemoved != null && rawRemoved[i]) {
                continue;
            }
            String name = attributeName(i);
            String changed = rawNewValue != null ? rawNewValue[i] : null;
            String raw = changed != null ? changed : rawValue(i);
            String decoded = changed != null ? changed : decodedValue(i);
            if (decoded.equals(raw)) {
                decoded = raw; // one string when nothing is decoded
            }
            list.add(new SimpleAttribute(name, decoded, raw));
            pending += MemoryMeter.objectBytes(12) + stringBytes(name) + stringBytes(raw)
                    + (decoded == raw ? 0 : stringBytes(decoded));
            if (pending > 64 * 1024 || k == firsts.length - 1) {
                chargeTransient(pending, "the attribute list of <" + currentName() + "> (" + rawCount + ")");
                pending = 0;
            }
        }
        if (added != null) {
            for (String[] a : added) {
                list.add(new SimpleAttribute(a[0], a[1], a[1]));
            }
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Indexes of the attributes whose name is the first of its kind, in source order. Duplicates are found with an
     * open-addressing table of indexes (no string per name unless a name needs decoding).
     */
    private int[] firstOccurrences() {
        int n = rawCount;
        int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        chargeTransient(MemoryMeter.arrayBytes(4, capacity) + MemoryMeter.arrayBytes(4, n),
                "finding the duplicate attributes of <" + currentName() + "> (" + n + ")");
        int[] table = new int[capacity]; // index + 1, 0 = empty
        int[] firsts = new int[n];
        int count = 0;
        int mask = capacity - 1;
        for (int i = 0; i < n; i++) {
            int slot = nameHash(i) & mask;
            boolean duplicate = false;
            while (table[slot] != 0) {
                if (sameName(table[slot] - 1, i)) {
                    duplicate = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (!duplicate) {
                table[slot] = i + 1;
                firsts[count++] = i;
            }
        }
        return count == n ? firsts : java.util.Arrays.copyOf(firsts, count);
    }

    private boolean isPlainAscii(int i) {
        for (int k = tag.attrNameStart[i]; k < tag.attrNameEnd[i]; k++) {
            if (tag.buf[k] <= 0) {
                return false;
            }
        }
        return true;
    }

    private int nameHash(int i) {
        if (!isPlainAscii(i)) {
            return attributeName(i).hashCode() * 0x9E3779B9;
        }
        int h = 0;
        for (int k = tag.attrNameStart[i]; k < tag.attrNameEnd[i]; k++) {
            h = 31 * h + AsciiBytes.toLower(tag.buf[k]);
        }
        return h * 0x9E3779B9; // the same as the decoded name's String.hashCode(), spread
    }

    private boolean sameName(int a, int b) {
        if (isPlainAscii(a) && isPlainAscii(b)) {
            int aStart = tag.attrNameStart[a];
            int bStart = tag.attrNameStart[b];
            int length = tag.attrNameEnd[a] - aStart;
            if (tag.attrNameEnd[b] - bStart != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if (AsciiBytes.toLower(tag.buf[aStart + k]) != AsciiBytes.toLower(tag.buf[bStart + k])) {
                    return false;
                }
            }
            return true;
        }
        return attributeName(a).equals(attributeName(b));
    }

    private String rawValue(int i) {
        if (tag.attrValueStart[i] < 0) {
            return "";
        }
        return new String(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i] - tag.attrValueStart[i], engine.charset);
    }

    @Override
    public String getAttribute(String attributeName) {
        check();
        return valueOf(attributeName, true);
    }

    @Override
    public String rawAttribute(String attributeName) {
        check();
        return valueOf(attributeName, false);
    }

    /** The attribute's current value (a value set by a handler as given), decoded or as written; null if absent. */
    private String valueOf(String attributeName, boolean decoded) {
        String n = lower(attributeName);
        int a = addedIndex(n);
        if (a >= 0) {
            return added.get(a)[1];
        }
        int i = rawIndex(n);
        if (i < 0) {
            return null;
        }
        if (rawNewValue != null && rawNewValue[i] != null) {
            return rawNewValue[i];
        }
        return decoded ? decodedValue(i) : rawValue(i);
    }

    private String decodedValue(int i) {
        return HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i], engine.charset);
    }

    @Override
    public boolean hasAttribute(String attributeName) {
        check();
        String n = lower(attributeName);
        return addedIndex(n) >= 0 || rawIndex(n) >= 0;
    }

    @Override
    public void setAttribute(String attributeName, String value) {
        check();
        validateName(attributeName, "attribute name");
        if (value == null) {
            throw new NullPointerException("attribute value");
        }
        engine.encoder.refuseUnwritableMarkup(attributeName, "an attribute name");
        ContentEncoder.refuseLoneSurrogates(value, "an attribute value");
        String n = lower(attributeName);
        tagModified = true;
        int i = rawIndex(n);
        if (i >= 0) {
            if (rawNewValue == null) {
                chargeTransient(MemoryMeter.arrayBytes(4, rawCount), "the changed attributes of <" + currentName()
                        + ">");
                rawNewValue = new String[rawCount];
            }
            rawNewValue[i] = value;
            return;
        }
        String written = ForeignNames.attributeName(namespace, attributeName);
        int a = addedIndex(n);
        if (a >= 0) {
            added.get(a)[1] = value;
            added.get(a)[2] = written;
            return;
        }
        if (added == null) {
            added = new ArrayList<>(2);
        }
        added.add(new String[] {n, value, written});
    }

    @Override
    public void removeAttribute(String attributeName) {
        check();
        String n = lower(attributeName);
        for (int i = 0; i < rawCount; i++) {
            if ((rawRemoved == null || !rawRemoved[i]) && nameIs(i, n)) {
                if (rawRemoved == null) {
                    chargeTransient(MemoryMeter.arrayBytes(1, rawCount), "the removed attributes of <"
                            + currentName() + ">");
                    rawRemoved = new boolean[rawCount];
                }
                rawRemoved[i] = true;
                tagModified = true;
            }
        }
        int a = addedIndex(n);
        if (a >= 0) {
            added.remove(a);
        }
    }

    @Override
    public boolean isSelfClosing() {
        check();
        return tag.selfClosing;
    }

    @Override
    public boolean canHaveContent() {
        check();
        return depth > 0;
    }

    // --- content

    @Override
    public void before(String content, ContentType type) {
        before0(content, type);
    }

    @Override
    public void before(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        before0(content, type);
    }

    private void before0(Object content, ContentType type) {
        check();
        if (before == null) {
            before = new ContentList();
        }
        before.addLast(encodeBefore(content, type));
    }

    @Override
    public void after(String content, ContentType type) {
        after0(content, type);
    }

    @Override
    public void after(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        after0(content, type);
    }

    private void after0(Object content, ContentType type) {
        check();
        Content b = encodeAfter(content, type);
        if (depth > 0) {
            frame().endAfter.addFirst(b);
        } else {
            if (afterStart == null) {
                afterStart = new ContentList();
            }
            afterStart.addFirst(b);
        }
    }

    @Override
    public void prepend(String content, ContentType type) {
        prepend0(content, type);
    }

    @Override
    public void prepend(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        prepend0(content, type);
    }

    private void prepend0(Object content, ContentType type) {
        check();
        if (depth <= 0) {
            requireContent(content, type);
            return;
        }
        if (afterStart == null) {
            afterStart = new ContentList();
        }
        afterStart.addFirst(encodeInside(content, type));
    }

    @Override
    public void append(String content, ContentType type) {
        append0(content, type);
    }

    @Override
    public void append(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        append0(content, type);
    }

    private void append0(Object content, ContentType type) {
        check();
        if (depth <= 0) {
            requireContent(content, type);
            return;
        }
        frame().endBefore.addLast(encodeInside(content, type));
    }

    @Override
    public void replace(String content, ContentType type) {
        replace0(content, type);
    }

    @Override
    public void replace(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        replace0(content, type);
    }

    private void replace0(Object content, ContentType type) {
        check();
        Content b = encodeBefore(content, type);
        if (replacement == null) {
            replacement = new ContentList();
        }
        replacement.set(b);
        removeAll();
    }

    @Override
    public void setInnerContent(String content, ContentType type) {
        setInnerContent0(content, type);
    }

    @Override
    public void setInnerContent(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        setInnerContent0(content, type);
    }

    private void setInnerContent0(Object content, ContentType type) {
        check();
        if (depth <= 0) {
            requireContent(content, type);
            return;
        }
        Content b = encodeInside(content, type);
        if (afterStart == null) {
            afterStart = new ContentList();
        }
        afterStart.set(b);
        ElementFrame f = frame();
        f.endBefore.clear();
        f.removeContent = true;
    }

    @Override
    public void remove() {
        check();
        removeAll(); // a replacement set earlier stays, as in lol-html: remove() only marks the element removed
    }

    private void removeAll() {
        startRemoved = true;
        if (depth > 0) {
            frame().startRemoved = true;
            // Content inserted inside the element so far goes with it (as in lol-html); content inserted by later
            // calls is still written. For an element without content, afterStart holds after() content: it stays.
            if (afterStart != null) {
                afterStart.clear();
            }
            ElementFrame f = frame();
            f.endBefore.clear();
            f.removeContent = true;
            f.endRemoved = true;
        }
    }

    @Override
    public void removeAndKeepContent() {
        check();
        if (depth > 0 && contentMode != TextMode.DATA) {
            throw new IllegalStateException("the content of <" + currentName() + "> is read as text only between its "
                    + "tags: remove the element, or keep its tags");
        }
        startRemoved = true;
        if (depth > 0) {
            frame().endRemoved = true;
            frame().startRemoved = true;
        }
    }

    @Override
    public boolean isRemoved() {
        check();
        return startRemoved;
    }

    @Override
    public void onEndTag(EndTagHandler handler) {
        check();
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        if (depth <= 0) {
            throw new IllegalStateException("<" + currentName() + "> cannot have content, so it has no end tag");
        }
        frame().addEndTagHandler(handler);
    }

    @Override
    public void onEndTagAsync(org.htmlrewriter.AsyncEndTagHandler handler) {
        if (handler == null) {
            throw new NullPointerException("handler");
        }
        if (!engine.asyncMode) {
            check();
            throw new IllegalStateException("onEndTagAsync needs an AsyncHtmlRewriter (RewriterSettings.newAsyncRewriter)");
        }
        onEndTag(new AsyncHandlers.EndTagCall(handler));
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return engine.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return engine.location(tag.streamOffset, implied ? tag.streamOffset : tag.streamOffset + (tag.end - tag.start));
    }

    @Override
    public boolean isImplied() {
        check();
        return implied;
    }

    /**
     * The start tag with the handlers' changes: unchanged attributes keep their bytes as written, changed ones are
     * written as {@code name="value"}, removed ones are left out, added ones come last.
     */
    byte[] serializeStartTag() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(tag.end - tag.start + 32);
        b.write('<');
        if (newName != null) {
            b.writeBytes(engine.encoder.encodeMarkup(newNameAsWritten));
        } else {
            b.write(tag.buf, tag.nameStart, tag.nameEnd - tag.nameStart);
        }
        for (int i = 0; i < rawCount; i++) {
            if (rawRemoved != null && rawRemoved[i]) {
                continue;
            }
            b.write(' ');
            if (rawNewValue != null && rawNewValue[i] != null) {
                b.write(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i] - tag.attrNameStart[i]);
                writeValue(b, rawNewValue[i]);
            } else {
                int end = tag.attrNameEnd[i];
                if (tag.attrValueStart[i] >= 0) {
                    end = tag.attrValueEnd[i];
                    int q = tag.attrValueStart[i] - 1;
                    if (end < tag.end && (tag.buf[q] == '"' || tag.buf[q] == '\'') && tag.buf[end] == tag.buf[q]) {
                        end++; // the closing quote
                    }
                }
                b.write(tag.buf, tag.attrNameStart[i], end - tag.attrNameStart[i]);
            }
        }
        if (added != null) {
            for (String[] a : added) {
                b.write(' ');
                b.writeBytes(engine.encoder.encodeMarkup(a[2]));
                writeValue(b, a[1]);
            }
        }
        if (tag.selfClosing) {
            b.write(' ');
            b.write('/');
        }
        b.write('>');
        return b.toByteArray();
    }

    private void writeValue(ByteArrayOutputStream b, String value) {
        b.write('=');
        b.write('"');
        b.writeBytes(engine.encoder.encodeAttributeValue(value));
        b.write('"');
    }

    private static final class SimpleAttribute implements Attribute {
        private final String name;
        private final String value;
        private final String raw;

        SimpleAttribute(String name, String value, String raw) {
            this.name = name;
            this.value = value;
            this.raw = raw;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public String rawValue() {
            return raw;
        }

        @Override
        public String toString() {
            return name + "=\"" + value + "\"";
        }
    }
}
