package org.htmlrewriter.differential;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlrewriter.CommentHandler;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.TextHandler;
import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextChunk;
import org.htmlrewriter.testing.Json;

/**
 * Runs an OPS list ({@link Op}) over our public API with the same meaning as the oracle script
 * {@code lolhtml-rewrite.js}: one handler per op, registered in list order; {@code when} filters on the tag name,
 * the text chunk's text or the comment's text; {@code endTag} ops register an end-tag handler from an element
 * handler (skipped where the element cannot have an end tag); {@code prefixAttribute} prepends only to an
 * attribute that is present.
 *
 * <p>Each call builds fresh handlers; an instance is confined to one thread. The optional trace list receives one
 * line per handler call, in the spirit of the oracle's {@code --trace}.
 */
public final class OpsInterpreter {
    private final List<Op> ops;
    private final Set<LolHtmlEmulation> emulate;
    private final List<String> trace;
    /** For {@link LolHtmlEmulation#LAST_END_TAG_HANDLER_WINS}: element start offset to the last endTag op. */
    private final Map<Long, Integer> lastEndTagOp = new HashMap<>();

    private OpsInterpreter(List<Op> ops, Set<LolHtmlEmulation> emulate, List<String> trace) {
        this.ops = ops;
        this.emulate = emulate.isEmpty() ? EnumSet.noneOf(LolHtmlEmulation.class) : EnumSet.copyOf(emulate);
        this.trace = trace;
    }

    /** Settings for {@code ops} with our semantics. */
    public static RewriterSettings settings(List<Op> ops) {
        return builder(ops).settings();
    }

    /** A builder with {@code ops}' handlers, registered in list order, with our semantics. */
    public static HtmlRewriter.Builder builder(List<Op> ops) {
        return new OpsInterpreter(ops, Set.of(), null).builder();
    }

    /** Does what element op {@code op} does to {@code el} (its {@code when} and selector aside), with our semantics. */
    public static void apply(Op op, Element el) {
        new OpsInterpreter(List.of(op), Set.of(), null).elementAction(op, el);
    }

    /** Does what end-tag op {@code op} does to {@code end}, with our semantics. */
    public static void apply(Op op, EndTag end) {
        new OpsInterpreter(List.of(op), Set.of(), null).endTagAction(op, end);
    }

    /** Rewrites {@code html} fed as one chunk, as Bun feeds lol-html. */
    public static byte[] rewrite(List<Op> ops, byte[] html) {
        return rewrite(ops, html, Set.of(), null, new int[] {html.length});
    }

    /**
     * Rewrites {@code html} split into chunks of the given sizes (repeated cyclically; 0 entries are allowed and
     * mean an empty write).
     *
     * @param trace receives one line per handler call, or null
     */
    public static byte[] rewrite(List<Op> ops, byte[] html, Set<LolHtmlEmulation> emulate, List<String> trace,
            int[] chunkSizes) {
        OpsInterpreter interpreter = new OpsInterpreter(ops, emulate, trace);
        ByteArrayOutputStream out = new ByteArrayOutputStream(html.length + 64);
        HtmlRewriter r = interpreter.builder().build(out::write);
        int pos = 0;
        int k = 0;
        while (pos < html.length) {
            int n = Math.min(chunkSizes[k++ % chunkSizes.length], html.length - pos);
            r.write(html, pos, n);
            pos += n;
        }
        r.end();
        return out.toByteArray();
    }

    private HtmlRewriter.Builder builder() {
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        boolean reverseEnd = emulate.contains(LolHtmlEmulation.DOCUMENT_END_HANDLERS_REVERSED);
        for (int i = 0; i < ops.size(); i++) {
            if (!(reverseEnd && ops.get(i).on.equals("end"))) {
                register(b, ops.get(i), i);
            }
        }
        for (int i = ops.size() - 1; reverseEnd && i >= 0; i--) {
            if (ops.get(i).on.equals("end")) {
                register(b, ops.get(i), i);
            }
        }
        return b;
    }

    private void trace(String line) {
        if (trace != null) {
            trace.add(line);
        }
    }

    private void register(HtmlRewriter.Builder b, Op op, int index) {
        switch (op.on) {
            case "element" -> b.onElement(requireSelector(op), el -> {
                trace("op" + index + " element " + el.tagName());
                if (op.when == null || el.tagName().contains(op.when)) {
                    elementAction(op, el);
                }
            });
            case "endTag" -> b.onElement(requireSelector(op), el -> {
                if (!el.canHaveContent()) {
                    return; // lol-html throws from onEndTag here; the oracle script catches it
                }
                long start = el.sourceLocation().start();
                lastEndTagOp.put(start, index);
                el.onEndTag(end -> {
                    if (emulate.contains(LolHtmlEmulation.LAST_END_TAG_HANDLER_WINS)
                            && lastEndTagOp.get(start) != index) {
                        return;
                    }
                    trace("op" + index + " endTag " + end.name());
                    endTagAction(op, end);
                });
            });
            case "comments" -> {
                CommentHandler h = c -> {
                    trace("op" + index + " comment " + c.text());
                    if (op.when == null || c.text().contains(op.when)) {
                        commentAction(op, c);
                    }
                };
                if (op.document) {
                    b.onDocumentComment(h);
                } else {
                    b.onComment(requireSelector(op), h);
                }
            }
            case "text" -> {
                TextHandler h = t -> {
                    String text = emulate.contains(LolHtmlEmulation.RAW_TEXT_CHUNKS) ? t.rawText() : t.text();
                    trace("op" + index + " text " + Json.quote(t.rawText()) + (t.isLastInTextNode() ? " last" : ""));
                    if (op.when == null || text.contains(op.when)) {
                        textAction(op, t);
                    }
                };
                if (op.document) {
                    b.onDocumentText(h);
                } else {
                    b.onText(requireSelector(op), h);
                }
            }
            case "doctype" -> b.onDocumentDoctype(d -> {
                trace("op" + index + " doctype " + d.name());
                switch (op.action) {
                    case "remove" -> d.remove();
                    case "noop" -> { }
                    default -> throw new IllegalArgumentException("unknown doctype action " + op.action);
                }
            });
            case "end" -> b.onDocumentEnd(e -> {
                trace("op" + index + " end");
                switch (op.action) {
                    case "append" -> e.append(op.contentOrEmpty(), type(op));
                    case "noop" -> { }
                    default -> throw new IllegalArgumentException("unknown end action " + op.action);
                }
            });
            default -> throw new IllegalArgumentException("unknown on=" + op.on);
        }
    }

    private static String requireSelector(Op op) {
        if (op.selector == null) {
            throw new IllegalArgumentException("on=" + op.on + " needs a selector here: " + op);
        }
        return op.selector;
    }

    private static ContentType type(Op op) {
        return op.html ? ContentType.HTML : ContentType.TEXT;
    }

    /** The content and type to hand our API, after {@link LolHtmlEmulation#ESCAPE_TEXT_IN_RAW_TEXT}. */
    private String content(Op op) {
        String c = op.contentOrEmpty();
        if (!op.html && emulate.contains(LolHtmlEmulation.ESCAPE_TEXT_IN_RAW_TEXT)) {
            return escape(c);
        }
        return c;
    }

    private ContentType contentType(Op op) {
        return op.html || emulate.contains(LolHtmlEmulation.ESCAPE_TEXT_IN_RAW_TEXT) ? ContentType.HTML
                : ContentType.TEXT;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void elementAction(Op op, Element el) {
        switch (op.action) {
            case "setAttribute" -> el.setAttribute(op.name, String.valueOf(op.value));
            case "prefixAttribute" -> {
                String v = emulate.contains(LolHtmlEmulation.RAW_ATTRIBUTE_VALUES) ? el.rawAttribute(op.name)
                        : el.getAttribute(op.name);
                if (v != null) {
                    el.setAttribute(op.name, op.value + v);
                }
            }
            case "removeAttribute" -> el.removeAttribute(op.name);
            case "setTagName" -> el.setTagName(op.name);
            case "before" -> el.before(content(op), contentType(op));
            case "after" -> el.after(content(op), contentType(op));
            case "prepend" -> el.prepend(content(op), contentType(op));
            case "append" -> el.append(content(op), contentType(op));
            case "replace" -> el.replace(content(op), contentType(op));
            case "setInnerContent" -> el.setInnerContent(content(op), contentType(op));
            case "remove" -> el.remove();
            case "removeAndKeepContent" -> el.removeAndKeepContent();
            case "noop" -> { }
            default -> throw new IllegalArgumentException("unknown element action " + op.action);
        }
    }

    private void endTagAction(Op op, EndTag end) {
        switch (op.action) {
            case "before" -> end.before(content(op), contentType(op));
            case "after" -> end.after(content(op), contentType(op));
            case "remove" -> end.remove();
            case "setName" -> end.setName(op.name);
            case "noop" -> { }
            default -> throw new IllegalArgumentException("unknown endTag action " + op.action);
        }
    }

    private void commentAction(Op op, Comment c) {
        switch (op.action) {
            case "before" -> c.before(content(op), contentType(op));
            case "after" -> c.after(content(op), contentType(op));
            case "replace" -> c.replace(content(op), contentType(op));
            case "remove" -> c.remove();
            case "setText" -> c.setText(op.contentOrEmpty());
            case "noop" -> { }
            default -> throw new IllegalArgumentException("unknown comment action " + op.action);
        }
    }

    private void textAction(Op op, TextChunk t) {
        switch (op.action) {
            case "before" -> t.before(content(op), contentType(op));
            case "after" -> t.after(content(op), contentType(op));
            case "replace" -> t.replace(content(op), contentType(op));
            case "remove" -> t.remove();
            case "noop" -> { }
            default -> throw new IllegalArgumentException("unknown text action " + op.action);
        }
    }
}
