package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.AsciiBytes;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.selectors.internal.StartTagView;

/**
 * Hands a {@link TagToken} to the selector matcher without allocating in the common case: the name is a
 * lowercasing view over the token's bytes (decoded only if it has non-ASCII bytes); attribute names are lowercasing
 * views over the bytes; attribute values are views over the bytes when they are plain ASCII without {@code &}, CR
 * or NUL, and otherwise decoded once per tag. One view per attribute index is reused from tag to tag, so every
 * value handed out stays valid until the next {@link #reset}.
 *
 * <p>Confined to the engine's thread; the views are valid only during the matcher call for the current tag.
 */
final class StartTagAdapter implements StartTagView {
    private final ViewContext views;
    private final TreeBuilderSimulator simulator;
    /** The tag name, ASCII-lowercased (decoded if it has non-ASCII, NUL or CR bytes). */
    private final LowerCaseBytes name = new LowerCaseBytes();
    private TagToken tag;
    /** Bumped per tag; a value view is filled for the current tag when its {@code generation} equals this. */
    private long generation;
    private AttributeValue[] values = new AttributeValue[0];
    private LowerCaseBytes[] names = new LowerCaseBytes[0];

    StartTagAdapter(ViewContext views, TreeBuilderSimulator simulator) {
        this.views = views;
        this.simulator = simulator;
    }

    StartTagAdapter reset(TagToken t) {
        tag = t;
        resetName(t);
        generation++;
        return this;
    }

    CharSequence nameOf(TagToken t) {
        resetName(t);
        return name;
    }

    private void resetName(TagToken t) {
        name.reset(t.buf, t.nameStart, t.nameEnd);
        if (t.nameHash != TagToken.NO_HASH) {
            return; // hashable names are ASCII letters and digits only
        }
        for (int i = t.nameStart; i < t.nameEnd; i++) {
            byte b = t.buf[i];
            if (b < 0 || b == 0 || b == '\r') {
                name.useDecoded(views.decodeTagName(t));
                return;
            }
        }
    }

    @Override
    public long nameHash() {
        return tag.nameHash;
    }

    @Override
    public CharSequence localName() {
        return name;
    }

    @Override
    public boolean isHtml() {
        return org.htmlrewriter.internal.treesim.TreeBuilderSimulator.HTML_NAMESPACE
                .equals(simulator.namespaceOfLastStartTag());
    }

    @Override
    public String namespaceUri() {
        return simulator.namespaceOfLastStartTag();
    }

    @Override
    public CharSequence attribute(String lowerCaseName) {
        TagToken t = tag;
        if (!t.captured) {
            return null;
        }
        int i = t.indexOfAttribute(lowerCaseName);
        if (i < 0) {
            return null;
        }
        return attributeValue(i);
    }

    @Override
    public int attributeCount() {
        // An uncaptured tag's attributes are unknown; attribute(...) answers null for them, so listing none agrees.
        return tag.captured ? tag.attributeCount : 0;
    }

    /**
     * The name as {@link TagToken#indexOfAttribute} compares it: each byte ASCII-lowercased, so that the name equals
     * {@code n} whenever {@code attribute(n)} finds this attribute (a name with non-ASCII bytes may also equal a
     * text {@code attribute} would not find; that only costs the matcher a lookup whose tests then fail).
     */
    /**
     * Views are reused for the first attributes of every tag; those of a tag with more attributes are made per call
     * and dropped, so that one huge tag leaves nothing behind.
     */
    private static final int REUSED_VIEWS = 64;

    /** Lets go of the token's buffer (the caller's chunk): nothing may keep it reachable after a write. */
    void forget() {
        tag = null;
        name.reset(null, 0, 0);
        for (LowerCaseBytes n : names) {
            if (n != null) {
                n.reset(null, 0, 0);
            }
        }
        for (AttributeValue v : values) {
            if (v != null) {
                v.forget();
            }
        }
    }

    @Override
    public CharSequence attributeName(int index) {
        if (index >= REUSED_VIEWS) {
            LowerCaseBytes view = new LowerCaseBytes();
            view.reset(tag.buf, tag.attrNameStart[index], tag.attrNameEnd[index]);
            return view;
        }
        if (index >= names.length) {
            names = Arrays.copyOf(names, Math.min(REUSED_VIEWS, Math.max(index + 1, names.length * 2)));
        }
        LowerCaseBytes view = names[index];
        if (view == null) {
            view = names[index] = new LowerCaseBytes();
        }
        TagToken t = tag;
        view.reset(t.buf, t.attrNameStart[index], t.attrNameEnd[index]);
        return view;
    }

    @Override
    public CharSequence attributeValue(int index) {
        AttributeValue view;
        if (index >= REUSED_VIEWS) {
            view = new AttributeValue();
        } else {
            if (index >= values.length) {
                values = Arrays.copyOf(values, Math.min(REUSED_VIEWS, Math.max(index + 1, values.length * 2)));
            }
            view = values[index];
            if (view == null) {
                view = values[index] = new AttributeValue();
            }
        }
        if (view.generation != generation) {
            TagToken t = tag;
            view.reset(t.buf, t.attrValueStart[index], t.attrValueEnd[index], views);
            view.generation = generation;
        }
        return view.plainAscii ? view : view.decoded;
    }

    /**
     * An attribute value: a view over the token's bytes when they decode to themselves (ASCII without {@code &},
     * CR or NUL), else the decoded string.
     */
    static final class AttributeValue implements CharSequence {
        long generation;
        boolean plainAscii;
        String decoded;
        private byte[] buf;
        private int start;
        private int length;

        void forget() {
            buf = null;
            decoded = null;
            generation = -1;
        }

        void reset(byte[] buf, int start, int end, ViewContext views) {
            this.buf = buf;
            this.start = start;
            decoded = null;
            if (start < 0) {
                plainAscii = true;
                length = 0;
                return;
            }
            length = end - start;
            for (int i = start; i < end; i++) {
                byte b = buf[i];
                // NUL, CR and '&' are below '\'' and non-ASCII bytes are negative: one compare skips the rest.
                if (b <= '&' && (b < 0 || b == '&' || b == '\r' || b == 0)) {
                    plainAscii = false;
                    decoded = HtmlDecoder.attributeValue(buf, start, end, views.charset());
                    return;
                }
            }
            plainAscii = true;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) buf[start + index];
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return toString().substring(from, to);
        }

        @Override
        public String toString() {
            return new String(buf, start, length, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A name over the token's bytes, each byte lowercased as {@link AsciiBytes#toLower} does; or, for a tag name with
     * bytes that must be decoded, the decoded name ({@link #useDecoded}).
     */
    static final class LowerCaseBytes implements CharSequence {
        private byte[] buf;
        private int start;
        private int length;
        private String decoded;

        void reset(byte[] buf, int start, int end) {
            this.buf = buf;
            this.start = start;
            this.length = end - start;
            this.decoded = null;
        }

        void useDecoded(String name) {
            decoded = name;
            length = name.length();
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (decoded != null) {
                return decoded.charAt(index);
            }
            return (char) AsciiBytes.toLower(buf[start + index]);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return toString().substring(from, to);
        }

        @Override
        public String toString() {
            if (decoded != null) {
                return decoded;
            }
            char[] c = new char[length];
            for (int i = 0; i < length; i++) {
                c[i] = charAt(i);
            }
            return new String(c);
        }
    }
}
