package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.differential.Op;
import org.htmlrewriter.differential.OpsInterpreter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;

/**
 * Properties over random documents and random handler sets: output does not depend on chunking, and handlers
 * that change nothing leave the input byte for byte.
 *
 * <p>Each example is drawn from one seed (document and handlers are built from it), so a failure message names a
 * seed that reproduces it: {@code RandomHtml.messy(seed, ...)} and {@link #randomHandlers}. The QuickTheories seed
 * is fixed for reproducible builds; set {@code -Dhtmlrewriter.qtSeed=N} to explore others.
 */
@Tag("slow")
class ChunkingPropertiesTest {
    private static final int EXAMPLES = Integer.getInteger("htmlrewriter.qtExamples", 300);

    private static QuickTheory theory() {
        return qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 4_2024_1127L)).withExamples(EXAMPLES)
                .withShrinkCycles(20);
    }

    /** The output for {@code in} split at the given chunk sizes (cycled); a failure is part of the output. */
    static String run(RewriterSettings s, byte[] in, int[] sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = write(s, in, sizes, out);
        String failure = r.failure() == null ? "" : "\n[bailed out: " + r.failure().getClass().getSimpleName() + "]";
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1) + failure;
    }

    /**
     * Rewrites {@code in} into {@code out} in pieces of the given sizes (cycled), each copied into a fresh array
     * (at offset 1); returns the rewriter, ended.
     */
    static HtmlRewriter write(RewriterSettings s, byte[] in, int[] sizes, ByteArrayOutputStream out) {
        HtmlRewriter r = s.newRewriter(out::write);
        int k = 0;
        for (int i = 0; i < in.length; ) {
            int n = Math.min(sizes[k++ % sizes.length], in.length - i);
            byte[] piece = new byte[n + 2];
            System.arraycopy(in, i, piece, 1, n);
            r.write(piece, 1, n);
            i += n;
        }
        r.end();
        return r;
    }

    static List<int[]> chunkings(long seed, int length) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        int[] random = new int[16];
        for (int i = 0; i < random.length; i++) {
            random[i] = 1 + r.nextInt(r.nextBoolean() ? 5 : 64);
        }
        return List.of(new int[] {1}, new int[] {2}, new int[] {7}, random, new int[] {Math.max(1, length)});
    }

    // ---------------------------------------------------------------------------------------------------------
    // Random handler sets

    private static final String[] CONTENTS = {"X", "<b>&amp;</b>", "\u00e9\ud83d\ude00", "", "<!--i-->", "a & b"};
    private static final String[] ELEMENT_ACTIONS = {"setAttribute", "prefixAttribute", "removeAttribute",
        "setTagName", "before", "after", "prepend", "append", "replace", "setInnerContent", "remove",
        "removeAndKeepContent", "noop"};

    /**
     * A random handler set of every kind. Text handlers only do what does not depend on where chunks end: remove
     * every chunk, or insert after the last chunk of a node. Failures (content refused in raw text) are
     * recovered by graceful bail-out, which must be chunking-independent too.
     */
    static HtmlRewriter.Builder randomHandlers(long seed, StringBuilder description) {
        return randomHandlers(seed, description, false);
    }

    /** {@link #randomHandlers(long, StringBuilder)}, with selectors that read no attribute if {@code nameOnly}. */
    static HtmlRewriter.Builder randomHandlers(long seed, StringBuilder description, boolean nameOnly) {
        return randomHandlers(seed, description, nameOnly, null);
    }

    /**
     * Runs a handler's action later: element, end-tag and document-end handlers then register as asynchronous
     * handlers whose stage completes when {@link #later} has run the action (on some thread, after some delay).
     */
    interface Later {
        java.util.concurrent.CompletionStage<Void> later(ThrowingAction action);

        /** Whether this registration is made asynchronous (else it stays synchronous). */
        boolean makeAsync();
    }

    /** What a handler does. */
    interface ThrowingAction {
        void run() throws Exception;
    }

    /**
     * {@link #randomHandlers(long, StringBuilder, boolean)}; with {@code later}, the element, end-tag and document-end
     * handlers it picks are asynchronous, doing the same thing when {@code later} runs them.
     */
    static HtmlRewriter.Builder randomHandlers(long seed, StringBuilder description, boolean nameOnly, Later later) {
        Random r = new Random(seed * 31 + 7);
        HtmlRewriter.Builder b = HtmlRewriter.builder().gracefulBailOut(true);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            String selector = nameOnly ? RandomHtml.nameOnlySelector(r) : RandomHtml.selector(r);
            String content = CONTENTS[r.nextInt(CONTENTS.length)];
            ContentType type = r.nextBoolean() ? ContentType.TEXT : ContentType.HTML;
            switch (r.nextInt(7)) {
                case 0, 1, 2 -> {
                    String action = ELEMENT_ACTIONS[r.nextInt(ELEMENT_ACTIONS.length)];
                    String name = action.equals("setTagName") ? "zz" : r.nextBoolean() ? "class" : "href";
                    description.append(selector).append(" element ").append(action).append(' ').append(type)
                            .append(' ').append(content).append('\n');
                    Op op = Op.on(selector, "element", action).withContent(content, type == ContentType.HTML)
                            .withNameValue(name, "v\"&");
                    if (later != null && later.makeAsync()) {
                        b.onElementAsync(selector, el -> later.later(() -> OpsInterpreter.apply(op, el)));
                    } else {
                        b.onElement(selector, el -> OpsInterpreter.apply(op, el));
                    }
                }
                case 3 -> {
                    String action = new String[] {"before", "after", "remove", "setName"}[r.nextInt(4)];
                    description.append(selector).append(" endTag ").append(action).append(' ').append(type)
                            .append(' ').append(content).append('\n');
                    Op op = Op.on(selector, "endTag", action).withContent(content, type == ContentType.HTML)
                            .withName("q");
                    if (later != null && later.makeAsync()) {
                        b.onElementAsync(selector, el -> later.later(() -> {
                            if (el.canHaveContent()) {
                                el.onEndTagAsync(end -> later.later(() -> OpsInterpreter.apply(op, end)));
                            }
                        }));
                    } else {
                        b.onElement(selector, el -> {
                            if (el.canHaveContent()) {
                                el.onEndTag(end -> OpsInterpreter.apply(op, end));
                            }
                        });
                    }
                }
                case 4 -> {
                    int action = r.nextInt(5);
                    boolean document = r.nextBoolean();
                    description.append(document ? "document" : selector).append(" comment ").append(action)
                            .append(' ').append(type).append(' ').append(content).append('\n');
                    CommentHandler h = c -> {
                        switch (action) {
                            case 0 -> c.before(content, type);
                            case 1 -> c.after(content, type);
                            case 2 -> c.replace(content, type);
                            case 3 -> c.remove();
                            default -> c.setText(c.text().replace("-", "_") + "!");
                        }
                    };
                    if (document) {
                        b.onDocumentComment(h);
                    } else {
                        b.onComment(selector, h);
                    }
                }
                case 5 -> {
                    boolean remove = r.nextBoolean();
                    boolean document = r.nextInt(3) == 0;
                    description.append(document ? "document" : selector).append(remove ? " text remove" : " text after last ")
                            .append(type).append(' ').append(content).append('\n');
                    TextHandler h = t -> {
                        if (remove) {
                            t.remove();
                        } else if (t.isLastInTextNode()) {
                            t.after(content, type);
                        }
                    };
                    if (document) {
                        b.onDocumentText(h);
                    } else {
                        b.onText(selector, h);
                    }
                }
                default -> {
                    description.append("doctype remove / end append ").append(content).append('\n');
                    b.onDocumentDoctype(d -> d.remove());
                    if (later != null && later.makeAsync()) {
                        b.onDocumentEndAsync(e -> later.later(() -> e.append(content, type)));
                    } else {
                        b.onDocumentEnd(e -> e.append(content, type));
                    }
                }
            }
        }
        randomTextNodeHandlers(seed, description, nameOnly, b);
        return b;
    }

    private static final String[] TEXT_NODE_ACTIONS = {"before", "after", "replace", "remove", "bracket", "read"};

    /**
     * Adds text-node handlers to about half of the handler sets, drawn from a generator of their own (the other
     * handlers of a seed stay what they were): any of their actions, on every node of the document or of the
     * elements a selector matches.
     */
    private static void randomTextNodeHandlers(long seed, StringBuilder description, boolean nameOnly,
            HtmlRewriter.Builder b) {
        Random r = new Random(seed * 53 + 11);
        for (int i = 0, n = r.nextInt(4) - 1; i < n; i++) {
            String selector = nameOnly ? RandomHtml.nameOnlySelector(r) : RandomHtml.selector(r);
            String content = CONTENTS[r.nextInt(CONTENTS.length)];
            ContentType type = r.nextBoolean() ? ContentType.TEXT : ContentType.HTML;
            String action = TEXT_NODE_ACTIONS[r.nextInt(TEXT_NODE_ACTIONS.length)];
            boolean document = r.nextInt(3) == 0;
            description.append(document ? "document" : selector).append(" textNode ").append(action).append(' ')
                    .append(type).append(' ').append(content).append('\n');
            TextNodeHandler h = node -> {
                switch (action) {
                    case "before" -> node.before(content, type);
                    case "after" -> node.after(content, type);
                    case "replace" -> node.replace(content, type);
                    case "remove" -> node.remove();
                    case "bracket" -> node.replace("[" + node.text() + "|" + node.rawText().length() + "]", type);
                    default -> java.util.Objects.requireNonNull(node.text() + node.rawText() + node.textType()
                            + node.sourceLocation() + node.isRemoved()); // reads everything, changes nothing
                }
            };
            if (document) {
                b.onDocumentTextNode(h);
            } else {
                b.onTextNode(selector, h);
            }
        }
    }

    @Test
    void outputDoesNotDependOnChunking() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            String html = RandomHtml.messy(seed, 40);
            StringBuilder handlers = new StringBuilder();
            RewriterSettings s = randomHandlers(seed, handlers).settings();
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            List<int[]> chunkings = chunkings(seed, in.length);
            String expected = run(s, in, chunkings.get(chunkings.size() - 1));
            for (int[] sizes : chunkings) {
                assertEquals(expected, run(s, in, sizes), () -> "seed " + seed + ", chunks "
                        + java.util.Arrays.toString(sizes) + "\nhandlers:\n" + handlers + "document: " + html);
            }
        });
    }

    /**
     * Tags no selector can match stream through without being held (when no selector reads attributes); that must
     * not change the output: the same handlers, plus one whose selector reads an attribute (so every tag is held
     * whole), give the same bytes.
     */
    @Test
    void streamingTagsThroughUnheldChangesNothing() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            String html = RandomHtml.messy(seed, 40);
            StringBuilder handlers = new StringBuilder();
            RewriterSettings selective = randomHandlers(seed, handlers, true).settings();
            RewriterSettings holdAll = randomHandlers(seed, new StringBuilder(), true)
                    .onElement("[data-never-in-any-document]", el -> el.setAttribute("x", "y")).settings();
            byte[] in = html.getBytes(StandardCharsets.UTF_8);
            for (int[] sizes : chunkings(seed, in.length)) {
                assertEquals(run(holdAll, in, sizes), run(selective, in, sizes), () -> "seed " + seed + ", chunks "
                        + java.util.Arrays.toString(sizes) + "\nhandlers:\n" + handlers + "document: " + html);
            }
        });
    }

    /** Handlers that read everything and change nothing. */
    static RewriterSettings readOnlyHandlers(long seed) {
        return readOnlyHandlerBuilder(seed).settings();
    }

    /** A builder with {@link #readOnlyHandlers}' handlers (to set a charset on). */
    static HtmlRewriter.Builder readOnlyHandlerBuilder(long seed) {
        Random r = new Random(seed * 17 + 3);
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        List<String> sink = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String selector = RandomHtml.selector(r);
            b.onElement(selector, el -> readElement(el, sink));
            b.onText(selector, t -> sink.add(t.text() + t.rawText() + t.textType() + t.isLastInTextNode()));
            b.onComment(selector, c -> sink.add(c.text()));
        }
        if (r.nextBoolean()) {
            b.onDocumentText(t -> {
                sink.add(t.text());
                sink.clear();
            });
        }
        b.onDocumentComment(c -> sink.add(c.text() + c.sourceLocation()));
        b.onDocumentDoctype(d -> sink.add(d.name() + d.publicId() + d.systemId() + d.forceQuirks()));
        b.onDocumentEnd(e -> sink.clear());
        return b;
    }

    private static void readElement(Element el, List<String> sink) {
        sink.add(el.tagName() + el.namespaceUri() + el.isSelfClosing() + el.canHaveContent() + el.sourceLocation()
                + el.getAttribute("href") + el.rawAttribute("class") + el.hasAttribute("id"));
        for (Attribute a : el.attributes()) {
            sink.add(a.name() + a.value() + a.rawValue());
        }
        if (el.canHaveContent()) {
            el.onEndTag(end -> sink.add(end.name() + end.closing() + end.sourceLocation()));
        }
        if (sink.size() > 1000) {
            sink.clear();
        }
    }

    @Test
    void handlersThatChangeNothingLeaveTheInputByteForByte() {
        theory().forAll(longs().all()).checkAssert(seed -> {
            byte[] in = withOddBytes(RandomHtml.messy(seed, 40).getBytes(StandardCharsets.UTF_8), seed);
            RewriterSettings s = readOnlyHandlers(seed);
            for (int[] sizes : chunkings(seed, in.length)) {
                assertArrayEquals(in, run(s, in, sizes).getBytes(StandardCharsets.ISO_8859_1),
                        () -> "seed " + seed + ", chunks " + java.util.Arrays.toString(sizes) + "\ndocument: "
                                + new String(in, StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * Text made of character-reference pieces (numeric references with up to 80 digits, named ones with and without
     * {@code ;}, CR LF, multi-byte chars; in four charsets): joined per node, the chunks' {@code text()} is the node's text as one
     * chunk gives it, in any chunking, and a handler rewriting each node from its joined text gives the same output.
     */
    @Test
    void chunkTextsJoinToTheNodeTextWhateverTheReferencesAndChunking() {
        String[] pieces = {"&#", "&#x", "&#X", "&", "&amp", "&notin", "&notit;", ";", "0", "7", "9", "a", "F", "g",
            "x", "#", "\r", "\n", " ", "\u00e9", "\u65e5", "<p>", "</p>", "<title>", "</title>"};
        theory().forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            StringBuilder doc = new StringBuilder();
            for (int i = 0, n = r.nextInt(60); i < n; i++) {
                String p = pieces[r.nextInt(pieces.length)];
                doc.append(p.length() == 1 && Character.isDigit(p.charAt(0)) ? p.repeat(1 + r.nextInt(40)) : p);
            }
            java.nio.charset.Charset charset = java.nio.charset.Charset.forName(
                    new String[] {"UTF-8", "windows-1252", "GBK", "Shift_JIS"}[r.nextInt(4)]);
            byte[] in = doc.toString().getBytes(charset);
            String expected = null;
            for (int[] sizes : chunkings(seed, in.length)) {
                List<String> nodes = new ArrayList<>();
                StringBuilder node = new StringBuilder();
                RewriterSettings s = HtmlRewriter.builder().charset(charset).onDocumentText(t -> {
                    node.append(t.text());
                    if (t.isLastInTextNode()) {
                        nodes.add(node.toString());
                        t.replace("[" + node + "]", ContentType.TEXT);
                        node.setLength(0);
                    } else {
                        t.remove();
                    }
                }).settings();
                String out = run(s, in, sizes) + nodes;
                if (expected == null) {
                    expected = out;
                } else {
                    assertEquals(expected, out, () -> "seed " + seed + ", chunks " + java.util.Arrays.toString(sizes)
                            + "\ndocument: " + doc);
                }
            }
        });
    }

    /** Sometimes splices invalid UTF-8, NUL and lone continuation bytes into the document. */
    private static byte[] withOddBytes(byte[] in, long seed) {
        Random r = new Random(seed + 99);
        if (r.nextInt(3) != 0 || in.length == 0) {
            return in;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            out.write(b);
            if (r.nextInt(40) == 0) {
                byte[] odd = {(byte) 0x80, (byte) 0xC3, 0, (byte) 0xFF, (byte) 0xE2, (byte) 0x82, '\r'};
                out.write(odd[r.nextInt(odd.length)]);
            }
        }
        return out.toByteArray();
    }

    @Test
    void noHandlersAtAllIsTheIdentity() {
        RewriterSettings none = HtmlRewriter.builder().settings();
        theory().forAll(longs().all()).checkAssert(seed -> {
            byte[] in = withOddBytes(RandomHtml.messy(seed, 40).getBytes(StandardCharsets.UTF_8), seed);
            for (int[] sizes : chunkings(seed, in.length)) {
                assertArrayEquals(in, run(none, in, sizes).getBytes(StandardCharsets.ISO_8859_1), () -> "seed " + seed);
            }
        });
    }
}
