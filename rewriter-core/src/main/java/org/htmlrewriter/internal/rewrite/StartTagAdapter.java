package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.AsciiBytes;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.selectors.StartTagView;

/**
 * Hands a {@link TagToken} to the selector matcher without allocating: the name is a lowercasing view over the
 * token's bytes (decoded only if it has non-ASCII bytes); attribute values are decoded on request.
 */
final class StartTagAdapter implements StartTagView {
    private final RewriterEngine engine;
    private final LowerCaseName name = new LowerCaseName();
    private TagToken tag;

    StartTagAdapter(RewriterEngine engine) {
        this.engine = engine;
    }

    StartTagAdapter reset(TagToken t) {
        tag = t;
        name.reset(t, engine);
        return this;
    }

    CharSequence nameOf(TagToken t) {
        name.reset(t, engine);
        return name;
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
                .equals(engine.simulator.namespaceOfLastStartTag());
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
        return HtmlDecoder.attributeValue(t.buf, t.attrValueStart[i], t.attrValueEnd[i], engine.charset);
    }

    /** The tag name, ASCII-lowercased, over the token's bytes. */
    static final class LowerCaseName implements CharSequence {
        private byte[] buf;
        private int start;
        private int length;
        private String decoded;

        void reset(TagToken t, RewriterEngine engine) {
            buf = t.buf;
            start = t.nameStart;
            length = t.nameEnd - t.nameStart;
            decoded = null;
            for (int i = t.nameStart; i < t.nameEnd; i++) {
                if (buf[i] < 0 || buf[i] == 0 || buf[i] == '\r') {
                    decoded = engine.decodeTagName(t);
                    length = decoded.length();
                    break;
                }
            }
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
