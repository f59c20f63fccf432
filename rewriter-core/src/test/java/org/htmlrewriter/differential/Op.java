package org.htmlrewriter.differential;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /** A minimal JSON reader and string quoter for OPS files and oracle traces. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        /** Objects become {@link LinkedHashMap}s, arrays {@link List}s, numbers {@link Double}s. */
        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.skip();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing JSON at " + j.i);
            }
            return v;
        }

        static String quote(String v) {
            StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        private Object value() {
            skip();
            if (i >= s.length()) {
                throw new IllegalArgumentException("JSON ends early");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    skip();
                    if (peek('}')) {
                        return m;
                    }
                    do {
                        skip();
                        String k = string();
                        expect(':');
                        m.put(k, value());
                        skip();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    skip();
                    if (peek(']')) {
                        return l;
                    }
                    do {
                        l.add(value());
                        skip();
                    } while (peek(','));
                    expect(']');
                    return l;
                }
                case '"':
                    return string();
                default:
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "-+.0123456789eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("bad JSON at " + i);
                    }
                    return Double.parseDouble(s.substring(start, i));
            }
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skip();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
