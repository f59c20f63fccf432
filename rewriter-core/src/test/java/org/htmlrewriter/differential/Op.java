package org.htmlrewriter.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.htmlrewriter.testing.Json;

/**
 * One operation of a handler set, in the JSON shape of the lol-html oracle script
 * ({@code ../shared/oracle/lolhtml-rewrite.js}): {@code selector} or {@code document}, {@code on}, {@code action},
 * {@code content}, {@code html}, {@code name}, {@code value}, {@code when}. A list of these serialized with
 * {@link #toJson(List)} is an OPS file that drives both lol-html (through Bun) and {@link OpsInterpreter}.
 *
 * <p>Immutable; thread-safe.
 */
public final class Op {
    /** CSS selector for element-scoped ops, or null for document-scoped ones. */
    public final String selector;
    public final boolean document;
    /** {@code element} {@code endTag} {@code comments} {@code text} {@code doctype} {@code end}. */
    public final String on;
    public final String action;
    /** Null when the oracle's default (empty) applies. */
    public final String content;
    public final boolean html;
    public final String name;
    public final String value;
    /** Substring filter on the tag name / text / comment text, or null. */
    public final String when;

    public Op(String selector, boolean document, String on, String action, String content, boolean html,
            String name, String value, String when) {
        if (document == (selector != null)) {
            throw new IllegalArgumentException("an op has either a selector or document: true");
        }
        this.selector = selector;
        this.document = document;
        this.on = Objects.requireNonNull(on, "on");
        this.action = Objects.requireNonNull(action, "action");
        this.content = content;
        this.html = html;
        this.name = name;
        this.value = value;
        this.when = when;
    }

    /** Element-scoped op. */
    public static Op on(String selector, String on, String action) {
        return new Op(selector, false, on, action, null, false, null, null, null);
    }

    /** Document-scoped op. */
    public static Op document(String on, String action) {
        return new Op(null, true, on, action, null, false, null, null, null);
    }

    public Op withContent(String c, boolean isHtml) {
        return new Op(selector, document, on, action, c, isHtml, name, value, when);
    }

    public Op withName(String n) {
        return new Op(selector, document, on, action, content, html, n, value, when);
    }

    public Op withNameValue(String n, String v) {
        return new Op(selector, document, on, action, content, html, n, v, when);
    }

    public Op withWhen(String w) {
        return new Op(selector, document, on, action, content, html, name, value, w);
    }

    /** Content as the oracle reads it: absent means empty. */
    public String contentOrEmpty() {
        return content == null ? "" : content;
    }

    /** One JSON object, keys in a fixed order, absent fields left out. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        if (document) {
            sb.append("\"document\":true");
        } else {
            sb.append("\"selector\":").append(Json.quote(selector));
        }
        sb.append(",\"on\":").append(Json.quote(on));
        sb.append(",\"action\":").append(Json.quote(action));
        if (content != null) {
            sb.append(",\"content\":").append(Json.quote(content));
        }
        if (html) {
            sb.append(",\"html\":true");
        }
        if (name != null) {
            sb.append(",\"name\":").append(Json.quote(name));
        }
        if (value != null) {
            sb.append(",\"value\":").append(Json.quote(value));
        }
        if (when != null) {
            sb.append(",\"when\":").append(Json.quote(when));
        }
        return sb.append('}').toString();
    }

    /** The OPS file text: one op per line for readable diffs. */
    public static String toJson(List<Op> ops) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ops.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ").append(ops.get(i).toJson());
        }
        return sb.append("\n]\n").toString();
    }

    /** Reads an OPS file (as written by {@link #toJson(List)} or by hand). */
    public static List<Op> parseList(String json) {
        Object parsed = Json.parse(json);
        if (!(parsed instanceof List)) {
            throw new IllegalArgumentException("ops must be a JSON array");
        }
        List<Op> ops = new ArrayList<>();
        for (Object o : (List<?>) parsed) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException("an op must be a JSON object: " + o);
            }
            Map<?, ?> m = (Map<?, ?>) o;
            boolean doc = Boolean.TRUE.equals(m.get("document"));
            ops.add(new Op(doc ? null : str(m, "selector"), doc, m.containsKey("on") ? str(m, "on") : "element",
                    m.containsKey("action") ? str(m, "action") : "noop", str(m, "content"),
                    Boolean.TRUE.equals(m.get("html")), str(m, "name"), str(m, "value"), str(m, "when")));
        }
        return ops;
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue()); // JavaScript's String(3) is "3"
        }
        return v == null ? null : v.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op other && toJson().equals(other.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
