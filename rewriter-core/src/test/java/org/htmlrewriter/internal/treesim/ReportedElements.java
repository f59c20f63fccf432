package org.htmlrewriter.internal.treesim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.TokenSink;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.selectors.internal.ClosedElementListener;
import org.htmlrewriter.selectors.internal.Closing;
import org.htmlrewriter.selectors.internal.MatchingStack;
import org.htmlrewriter.selectors.internal.SelectorProgram;
import org.htmlrewriter.selectors.internal.StackProbe;
import org.htmlrewriter.selectors.internal.StartTagView;

/**
 * The elements the engine's stack reports for a document, each rendered as {@link TreeInsertionOracle} renders
 * the tree's: {@code html[implied] > body[implied] > table > tbody[implied] #1}. Driven the way
 * {@code RewriterEngine} drives it: the real tokenizer with the tree-builder simulator's feedback, start tags read
 * as HTML or foreign by the simulator, end tags processed by the foreign-content rules where the simulator says so,
 * the doctype deciding quirks mode, text other than whitespace in normal content, the end of input.
 */
final class ReportedElements implements TokenSink, ClosedElementListener {
    private final TreeBuilderSimulator simulator;
    private final MatchingStack stack;
    private final Tokenizer tokenizer;
    /** Per depth: the open element's rendered label, its tree parent's depth, its record. */
    private String[] labels = new String[64];
    private int[] parents = new int[64];
    private final List<String> rendered = new ArrayList<>();

    private ReportedElements(boolean scripting, boolean strict) {
        simulator = new TreeBuilderSimulator(strict, scripting);
        stack = SelectorProgram.compile(List.of()).newMatchingStack(10_000);
        stack.scriptingEnabled(scripting);
        tokenizer = new Tokenizer(this, simulator);
        tokenizer.setCaptureDoctypes(true);
    }

    /** The elements reported for {@code html}, in order (lenient: where it cannot tell, the likelier reading). */
    static List<String> of(String html, boolean scripting) {
        return of(html, scripting, false);
    }

    /**
     * The same; in strict mode a document whose reading cannot be told without a tree throws
     * {@link org.htmlrewriter.ParsingAmbiguityException}, as the engine does.
     */
    static List<String> of(String html, boolean scripting, boolean strict) {
        ReportedElements r = new ReportedElements(scripting, strict);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        r.tokenizer.write(bytes, 0, bytes.length);
        r.tokenizer.end();
        return r.rendered;
    }

    private void record(int depth, String label) {
        int parent = StackProbe.parentDepthOfLastElement(stack);
        StringBuilder sb = new StringBuilder();
        List<String> chain = new ArrayList<>();
        for (int d = parent; d > 0; d = parents[d]) {
            chain.add(labels[d]);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            sb.append(chain.get(i)).append(" > ");
        }
        rendered.add(sb.append(label).append(" #").append(StackProbe.childIndexOfLastElement(stack)).toString());
        if (depth > 0) {
            if (depth >= labels.length) {
                labels = java.util.Arrays.copyOf(labels, depth * 2);
                parents = java.util.Arrays.copyOf(parents, depth * 2);
            }
            labels[depth] = label;
            parents[depth] = parent;
        }
    }

    @Override
    public void closed(int depth, Closing how) {
    }

    @Override
    public void impliedOpened(int depth, String localName) {
        impliedCount++;
        record(depth, localName + "[implied]");
    }

    @Override
    public boolean captureTag(TagToken tag) {
        return true;
    }

    @Override
    public void startTag(TagToken tag) {
        String name = new String(tag.buf, tag.nameStart, tag.nameEnd - tag.nameStart, StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        String namespace = simulator.namespaceOfLastStartTag();
        boolean html = TreeBuilderSimulator.HTML_NAMESPACE.equals(namespace);
        StartTagView view = new StartTagView() {
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
                return html;
            }

            @Override
            public String namespaceUri() {
                return namespace;
            }

            @Override
            public CharSequence attribute(String lowerCaseName) {
                int i = tag.indexOfAttribute(lowerCaseName);
                return i < 0 ? null : tag.attrValueStart[i] < 0 ? ""
                        : HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i],
                                StandardCharsets.UTF_8);
            }
        };
        long before = StackProbe.elementsInserted(stack);
        long impliedBefore = impliedCount;
        int depth = stack.startTag(view, tag.selfClosing, id -> { }, this);
        if (StackProbe.elementsInserted(stack) - before > impliedCount - impliedBefore) {
            String prefix = html ? "" : TreeBuilderSimulator.SVG_NAMESPACE.equals(namespace) ? "svg " : "math ";
            // The tree builder reads <image> as <img> (so does the stack, for selectors).
            record(depth, prefix + (html && name.equals("image") ? "img" : name));
        }
    }

    /** Implied elements reported so far. */
    private long impliedCount;

    @Override
    public void endTag(TagToken tag) {
        String name = new String(tag.buf, tag.nameStart, tag.nameEnd - tag.nameStart, StandardCharsets.UTF_8)
                .toLowerCase(Locale.ROOT);
        stack.endTag(tag.nameHash, name, !simulator.inForeignContentLikely(), id -> { }, this);
    }

    @Override
    public void text(byte[] buf, int start, int end, TextMode mode) {
        if (mode != TextMode.DATA || !stack.textMatters()) {
            return;
        }
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\n' && b != '\t' && b != '\f' && b != '\r' && b != 0) {
                stack.nonWhitespaceText(id -> { }, this);
                return;
            }
        }
    }

    @Override
    public void passThrough(byte[] buf, int start, int end) {
    }

    @Override
    public void comment(CommentToken comment) {
    }

    @Override
    public void doctype(DoctypeToken d) {
        stack.doctype(QuirksMode.isQuirks(
                HtmlDecoder.doctypeName(d.buf, d.nameStart, d.nameEnd, StandardCharsets.UTF_8),
                HtmlDecoder.doctypeIdentifier(d.buf, d.publicIdStart, d.publicIdEnd, StandardCharsets.UTF_8),
                HtmlDecoder.doctypeIdentifier(d.buf, d.systemIdStart, d.systemIdEnd, StandardCharsets.UTF_8),
                d.forceQuirks));
    }

    @Override
    public void end() {
        stack.endOfInput(id -> { }, this);
    }
}
