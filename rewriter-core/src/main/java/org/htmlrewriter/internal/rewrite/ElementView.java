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
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * The {@link Element} handed to element handlers: a view over the start tag's ranges plus the mutations handlers
 * ask for. Reused for every matched start tag of a document.
 */
final class ElementView extends ViewBase implements Element {
    private final RewriterEngine engine;
    private TagToken tag;
    private int depth;
    private String namespace;
    /** Text mode of the element's content (where prepend/append land). */
    private TextMode contentMode;
    private String name;
    private String newName;
    /** The new name as the handler spelled it: written in the start tag, as the end tag is (lol-html does too). */
    private String newNameAsWritten;

    ContentList before;
    ContentList afterStart;
    ContentList replacement;
    boolean startRemoved;
    boolean tagModified;
    private ElementFrame frame;

    // Attributes: the token's, by index, with edits; plus added ones.
    private int rawCount;
    private String[] rawNames;
    private boolean[] rawRemoved;
    private String[] rawNewValue;
    private List<String[]> added;

    ElementView(RewriterEngine engine) {
        this.engine = engine;
    }

    void reset(TagToken t, int depth, String namespace, TextMode contentMode) {
        this.tag = t;
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
        this.rawNames = null;
        this.rawRemoved = null;
        this.rawNewValue = null;
        this.added = null;
        validate();
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

    private Content encode(String content, ContentType type, TextMode mode, String rawTextElement) {
        requireContent(content, type);
        return engine.encoder.encode(content, type, mode, rawTextElement);
    }

    /** Content landing outside the element (before/after it) is read in normal content. */
    private Content encodeOutside(String content, ContentType type) {
        return encode(content, type, TextMode.DATA, null);
    }

    private Content encodeInside(String content, ContentType type) {
        if (startRemoved) {
            // Without its start tag the element's content is read where the element was: raw-text rules no longer
            // apply to what is inserted now, so TEXT must be escaped as normal content.
            return encodeOutside(content, type);
        }
        return encode(content, type, contentMode, rawTextElementName());
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
        validateName(n, "tag name");
        newName = asciiLowerCase(n);
        newNameAsWritten = n;
        tagModified = true;
        if (canHaveContent()) {
            frame().endName = n;
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

    private void loadNames() {
        if (rawNames != null) {
            return;
        }
        rawNames = new String[rawCount];
        rawRemoved = new boolean[rawCount];
        rawNewValue = new String[rawCount];
        for (int i = 0; i < rawCount; i++) {
            rawNames[i] = HtmlDecoder.attributeName(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i], engine.charset);
        }
    }

    /** Index of the attribute HTML reads for this name (the first not removed), or -1. */
    private int rawIndex(String lowerName) {
        loadNames();
        for (int i = 0; i < rawCount; i++) {
            if (rawNames[i].equals(lowerName)) {
                // Only the first occurrence counts in HTML; a removed first occurrence removes them all.
                return rawRemoved[i] ? -1 : i;
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

    @Override
    public List<Attribute> attributes() {
        check();
        loadNames();
        List<Attribute> list = new ArrayList<>(rawCount + (added == null ? 0 : added.size()));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rawCount; i++) {
            if (rawRemoved[i] || !seen.add(rawNames[i])) {
                continue;
            }
            String raw = rawNewValue[i] != null ? rawNewValue[i] : rawValue(i);
            String decoded = rawNewValue[i] != null ? rawNewValue[i] : decodedValue(i);
            list.add(new SimpleAttribute(rawNames[i], decoded, raw));
        }
        if (added != null) {
            for (String[] a : added) {
                list.add(new SimpleAttribute(a[0], a[1], a[1]));
            }
        }
        return Collections.unmodifiableList(list);
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
        if (rawNewValue[i] != null) {
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
        String n = lower(attributeName);
        tagModified = true;
        int i = rawIndex(n);
        if (i >= 0) {
            rawNewValue[i] = value;
            return;
        }
        int a = addedIndex(n);
        if (a >= 0) {
            added.get(a)[1] = value;
            return;
        }
        if (added == null) {
            added = new ArrayList<>(2);
        }
        added.add(new String[] {n, value});
    }

    @Override
    public void removeAttribute(String attributeName) {
        check();
        String n = lower(attributeName);
        loadNames();
        for (int i = 0; i < rawCount; i++) {
            if (rawNames[i].equals(n) && !rawRemoved[i]) {
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
        check();
        if (before == null) {
            before = new ContentList();
        }
        before.addLast(encodeOutside(content, type));
    }

    @Override
    public void after(String content, ContentType type) {
        check();
        Content b = encodeOutside(content, type);
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
        check();
        if (depth <= 0) {
            requireContent(content, type);
            return;
        }
        frame().endBefore.addLast(encodeInside(content, type));
    }

    @Override
    public void replace(String content, ContentType type) {
        check();
        Content b = encodeOutside(content, type);
        if (replacement == null) {
            replacement = new ContentList();
        }
        replacement.set(b);
        removeAll();
    }

    @Override
    public void setInnerContent(String content, ContentType type) {
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
        if (replacement != null) {
            replacement.clear();
        }
        removeAll();
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
    public SourceLocation sourceLocation() {
        check();
        return new SourceLocation(tag.streamOffset, tag.streamOffset + (tag.end - tag.start));
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
        loadNames();
        for (int i = 0; i < rawCount; i++) {
            if (rawRemoved[i]) {
                continue;
            }
            b.write(' ');
            if (rawNewValue[i] != null) {
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
                b.writeBytes(engine.encoder.encodeMarkup(a[0]));
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
