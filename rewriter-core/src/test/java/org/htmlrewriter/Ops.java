package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;

/**
 * Test helper: handler sets written in the JSON operation format of the lol-html oracle script
 * ({@code ../shared/oracle/lolhtml-rewrite.js}), so a test case can be replayed on lol-html unchanged.
 *
 * <p>{@link #expect} checks our output (in 1-, 7-byte and whole-input chunking). When the system property
 * {@code htmlrewriter.oracleDump} names a file, every case checked this way is also appended to it as one JSON
 * line {@code {"html":..,"ops":[..],"expected":..}}: a developer replays those on lol-html to confirm the
 * expectations are lol-html's. The tests never need the oracle.
 */
final class Ops {
    private Ops() {
    }

    /** Asserts our output for {@code html} under {@code opsJson} is {@code expected}, in every chunking. */
    static void expect(String html, String opsJson, String expected) {
        assertEquals(expected, Rewrites.rewrite(builder(opsJson), html), () -> "ops " + opsJson + " on " + html);
        dump(html, opsJson, expected);
    }

    /**
     * As {@link #expect} but for the whole input in one chunk only: for text handlers that insert around chunks or
     * filter on a chunk's text, whose results depend on where chunks end (lol-html's too).
     */
    static void expectWholeInput(String html, String opsJson, String expected) {
        assertEquals(expected, Rewrites.run(builder(opsJson).settings(), html, Integer.MAX_VALUE),
                () -> "ops " + opsJson + " on " + html);
        dump(html, opsJson, expected);
    }

    /** Our output for {@code html} under {@code opsJson} (checked to be chunking-independent). */
    static String rewrite(String html, String opsJson) {
        return Rewrites.rewrite(builder(opsJson), html);
    }

    static HtmlRewriter.Builder builder(String opsJson) {
        HtmlRewriter.Builder b = HtmlRewriter.builder();
        for (Map<String, Object> op : parse(opsJson)) {
            add(b, op);
        }
        return b;
    }

    private static void dump(String html, String opsJson, String expected) {
        String file = System.getProperty("htmlrewriter.oracleDump");
        if (file == null) {
            return;
        }
        String line = "{\"html\":" + quote(html) + ",\"ops\":" + opsJson.trim() + ",\"expected\":" + quote(expected)
                + "}\n";
        try {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // Applying one operation

    private static void add(HtmlRewriter.Builder b, Map<String, Object> op) {
        String on = str(op, "on", "element");
        String action = str(op, "action", "noop");
        boolean document = Boolean.TRUE.equals(op.get("document"));
        String selector = str(op, "selector", null);
        String content = str(op, "content", "");
        ContentType type = Boolean.TRUE.equals(op.get("html")) ? ContentType.HTML : ContentType.TEXT;
        String name = str(op, "name", null);
        String value = str(op, "value", null);
        String when = str(op, "when", null);
        switch (on) {
            case "element":
                b.onElement(selector, el -> {
                    if (when == null || el.tagName().contains(when)) {
                        elementAction(el, action, content, type, name, value);
                    }
                });
                break;
            case "endTag":
                b.onElement(selector, el -> {
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> endTagAction(end, action, content, type, name));
                    }
                });
                break;
            case "comments":
                CommentHandler ch = c -> {
                    if (when != null && !c.text().contains(when)) {
                        return;
                    }
                    switch (action) {
                        case "before": c.before(content, type); break;
                        case "after": c.after(content, type); break;
                        case "replace": c.replace(content, type); break;
                        case "remove": c.remove(); break;
                        case "setText": c.setText(content); break;
                        case "noop": break;
                        default: throw new IllegalArgumentException(action);
                    }
                };
                if (document) {
                    b.onDocumentComment(ch);
                } else {
                    b.onComment(selector, ch);
                }
                break;
            case "text":
                TextHandler th = t -> {
                    if (when != null && !t.text().contains(when)) {
                        return;
                    }
                    switch (action) {
                        case "before": t.before(content, type); break;
                        case "after": t.after(content, type); break;
                        case "replace": t.replace(content, type); break;
                        case "remove": t.remove(); break;
                        case "noop": break;
                        default: throw new IllegalArgumentException(action);
                    }
                };
                if (document) {
                    b.onDocumentText(th);
                } else {
                    b.onText(selector, th);
                }
                break;
            case "doctype":
                b.onDocumentDoctype(d -> {
                    if (action.equals("remove")) {
                        d.remove();
                    }
                });
                break;
            case "end":
                b.onDocumentEnd(e -> {
                    if (action.equals("append")) {
                        e.append(content, type);
                    }
                });
                break;
            default:
                throw new IllegalArgumentException("on=" + on);
        }
    }

    static void elementAction(Element el, String action, String content, ContentType type, String name,
            String value) {
        switch (action) {
            case "setAttribute": el.setAttribute(name, value); break;
            case "prefixAttribute": {
                String v = el.getAttribute(name);
                if (v != null) {
                    el.setAttribute(name, value + v);
                }
                break;
            }
            case "removeAttribute": el.removeAttribute(name); break;
            case "setTagName": el.setTagName(name); break;
            case "before": el.before(content, type); break;
            case "after": el.after(content, type); break;
            case "prepend": el.prepend(content, type); break;
            case "append": el.append(content, type); break;
            case "replace": el.replace(content, type); break;
            case "setInnerContent": el.setInnerContent(content, type); break;
            case "remove": el.remove(); break;
            case "removeAndKeepContent": el.removeAndKeepContent(); break;
            case "noop": break;
            default: throw new IllegalArgumentException(action);
        }
    }

    static void endTagAction(EndTag end, String action, String content, ContentType type, String name) {
        switch (action) {
            case "before": end.before(content, type); break;
            case "after": end.after(content, type); break;
            case "remove": end.remove(); break;
            case "setName": end.setName(name); break;
            case "noop": break;
            default: throw new IllegalArgumentException(action);
        }
    }

    private static String str(Map<String, Object> op, String key, String dflt) {
        Object v = op.get(key);
        return v == null ? dflt : v.toString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // A JSON reader for the operation lists: an array of flat objects with string, boolean or number values.

    static List<Map<String, Object>> parse(String json) {
        JsonReader r = new JsonReader(json);
        List<Map<String, Object>> ops = new ArrayList<>();
        r.expect('[');
        if (!r.tryConsume(']')) {
            do {
                ops.add(r.object());
            } while (r.tryConsume(','));
            r.expect(']');
        }
        r.end();
        return ops;
    }

    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            expect('{');
            if (tryConsume('}')) {
                return m;
            }
            do {
                String key = string();
                expect(':');
                m.put(key, value());
            } while (tryConsume(','));
            expect('}');
            return m;
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            int start = i;
            while (i < s.length() && "-+.0123456789eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("bad JSON at " + i + ": " + s);
            }
            return s.substring(start, i);
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 'r': sb.append('\r'); break;
                        case 't': sb.append('\t'); break;
                        case 'b': sb.append('\b'); break;
                        case 'f': sb.append('\f'); break;
                        case 'u': sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        void expect(char c) {
            skip();
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i + ": " + s);
            }
            i++;
        }

        boolean tryConsume(char c) {
            skip();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void end() {
            skip();
            if (i != s.length()) {
                throw new IllegalArgumentException("trailing JSON at " + i + ": " + s);
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
