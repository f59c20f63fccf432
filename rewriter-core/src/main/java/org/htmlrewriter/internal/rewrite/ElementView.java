package org.htmlrewriter.internal.rewrite;

import java.util.List;
import java.util.Locale;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.SourceLocation;
import org.htmlrewriter.internal.tokenizer.AsciiBytes;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;

/**
 * The state behind the {@link Element} handed to element handlers: a view over the start tag's ranges plus the
 * mutations handlers ask for. Reused for every matched start tag of a document; handlers receive an
 * {@link ElementHandle} bound to one {@link #generation}, never this object.
 */
final class ElementView extends ViewBase implements Element {
    private final ViewContext views;
    /** Where the attribute edits are charged. */
    private final org.htmlrewriter.internal.memory.MemoryAccount account;
    private final boolean scriptingEnabled;
    /** The engine's handlers may suspend it (asynchronous mode). */
    private final boolean asyncMode;
    /** Bumped for every element: a handle of an earlier element fails. */
    private int generation;
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

    /** The attributes and their edits, and the start tag written with them; made for the first element. */
    private StartTagEdits edits;

    ElementView(ViewContext views, org.htmlrewriter.internal.memory.MemoryAccount account, boolean scriptingEnabled,
            boolean asyncMode) {
        this.views = views;
        this.account = account;
        this.scriptingEnabled = scriptingEnabled;
        this.asyncMode = asyncMode;
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
        if (edits == null) {
            edits = new StartTagEdits(views.encoder, account, this::currentName);
        }
        edits.reset(t, namespace);
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
        before = null;
        afterStart = null;
        replacement = null;
        frame = null;
        tag = null;
        edits.release();
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
            name = views.decodeTagName(tag);
        }
        return name;
    }

    /** Content landing just before the start tag: normal content, after what the input has there. */
    private Content encodeBefore(Object content, ContentType type) {
        requireContent(content, type);
        return views.encoder.encode(content, type, TextMode.DATA, views.tokenizer.stateBeforeToken(), null);
    }

    /** Content landing after the element: normal content, after its end tag (or after a void element's start tag). */
    private Content encodeAfter(Object content, ContentType type) {
        requireContent(content, type);
        return views.encoder.encode(content, type, TextMode.DATA, InsertionStates.clean(TextMode.DATA), null);
    }

    /**
     * Content landing inside the element, read as its content: checked against the state right after the start tag
     * (the engine checks again where it is written, e.g. before the end tag, once the content's end is known).
     */
    private Content encodeInside(Object content, ContentType type) {
        requireContent(content, type);
        int state = views.tokenizer.stateAfterToken(false);
        if (startRemoved) {
            // Without its start tag the element's content is read where the element was: raw-text rules no longer
            // apply to what is inserted now, so TEXT must be escaped as normal content.
            return views.encoder.encode(content, type, TextMode.DATA, state, null);
        }
        return views.encoder.encode(content, type, contentMode, state, views.tokenizer.appropriateEndTagName());
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
        views.encoder.refuseUnwritableMarkup(n, "a tag name");
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
            case "noscript": return scriptingEnabled ? TextMode.RAWTEXT : TextMode.DATA;
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
        return edits.attributes();
    }

    @Override
    public String getAttribute(String attributeName) {
        check();
        return edits.valueOf(attributeName, true);
    }

    @Override
    public String rawAttribute(String attributeName) {
        check();
        return edits.valueOf(attributeName, false);
    }

    @Override
    public boolean hasAttribute(String attributeName) {
        check();
        return edits.has(attributeName);
    }

    @Override
    public void setAttribute(String attributeName, String value) {
        check();
        edits.checkSettable(attributeName, value);
        tagModified = true;
        edits.set(attributeName, value);
    }

    @Override
    public void removeAttribute(String attributeName) {
        check();
        if (edits.remove(attributeName)) {
            tagModified = true;
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
        if (!asyncMode) {
            check();
            throw new IllegalStateException("onEndTagAsync needs an AsyncHtmlRewriter (RewriterSettings.newAsyncRewriter)");
        }
        onEndTag(new AsyncHandlers.EndTagCall(handler));
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        check();
        return views.context;
    }

    @Override
    public SourceLocation sourceLocation() {
        check();
        return views.location(tag.streamOffset, implied ? tag.streamOffset : tag.streamOffset + (tag.end - tag.start));
    }

    @Override
    public boolean isImplied() {
        check();
        return implied;
    }

    /** The start tag with the handlers' changes (see {@link StartTagEdits#serialize}). */
    byte[] serializeStartTag() {
        return edits.serialize(newName != null ? newNameAsWritten : null);
    }
}
