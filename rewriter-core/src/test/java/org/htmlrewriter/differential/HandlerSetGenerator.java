package org.htmlrewriter.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random handler sets from a seed: 1 to 4 {@link Op}s drawn over every target and action the lol-html oracle script
 * supports, with selectors in the subset both engines accept (type, class, id, attribute operators, descendant and
 * child combinators, {@code :first-child}, {@code :nth-child}, {@code :first-of-type}, {@code :nth-of-type},
 * {@code :not} of a compound) and names taken from {@link DocumentGenerator}'s vocabulary so that they match.
 *
 * <p>Deterministic for a seed. Not thread-safe.
 */
public final class HandlerSetGenerator {
    private static final String[] TAGS = {"div", "p", "span", "a", "b", "li", "ul", "td", "tr", "table", "h1", "h2",
        "section", "em", "code", "script", "style", "textarea", "title", "img", "br", "input", "svg", "circle", "path",
        "math", "mi", "select", "option", "body", "head", "html", "noscript", "pre", "form", "template", "button",
        "dt", "dd", "meta", "g", "text"};
    private static final String[] CONTENT = {"X", "", "<b>bold</b>", "a & b < c > d", "\"q\" 'a'", "é 日本 😀",
        "<!-- c -->", "</div>", "<br>", "&amp;", "</script>", "<p>para</p>", "&lt;x&gt;", "\n", "<span class=z>",
        "]]>", "--", "<!--"};
    private static final String[] NEW_TAG_NAMES = {"span", "section", "x-el", "h2", "Custom-Tag", "DIV", "b"};
    private static final String[] NEW_ATTRIBUTE_NAMES = {"class", "id", "data-new", "title", "href", "HREF", "lang",
        "data-x"};
    private static final String[] NEW_VALUES = {"v", "", "a\"b", "x&y", "<z>", "ü 日本", "&amp;", "'s", "https://p/"};
    private static final String[] WHEN = {"a", "d", "i", "&", "é", "é", "<", "x", "lorem", "amp"};

    private final Random random;

    public HandlerSetGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** The next handler set. */
    public List<Op> next() {
        int n = 1 + random.nextInt(4);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(op());
        }
        return ops;
    }

    private Op op() {
        int r = random.nextInt(100);
        if (r < 45) {
            return elementOp();
        }
        if (r < 60) {
            Op op = Op.on(selector(), "endTag", pick("before", "after", "remove", "setName", "noop"));
            return finish(op);
        }
        if (r < 74) {
            Op op = documentOrSelector("text", pick("before", "after", "replace", "remove", "noop"));
            return withWhen(finish(op), 0.25);
        }
        if (r < 86) {
            Op op = documentOrSelector("comments", pick("before", "after", "replace", "remove", "setText", "noop"));
            return withWhen(finish(op), 0.2);
        }
        if (r < 92) {
            return Op.document("doctype", pick("remove", "remove", "noop"));
        }
        return finish(Op.document("end", pick("append", "append", "append", "noop")));
    }

    private Op elementOp() {
        String action = pick("setAttribute", "prefixAttribute", "removeAttribute", "setTagName", "before", "after",
                "prepend", "append", "replace", "setInnerContent", "remove", "removeAndKeepContent", "noop",
                "setAttribute", "append", "prepend");
        return withWhen(finish(Op.on(selector(), "element", action)), 0.1);
    }

    private Op documentOrSelector(String on, String action) {
        return chance(0.5) ? Op.document(on, action) : Op.on(selector(), on, action);
    }

    /** Adds the fields the action reads. */
    private Op finish(Op op) {
        switch (op.action) {
            case "setAttribute", "prefixAttribute" -> {
                String name = op.action.equals("prefixAttribute")
                        ? pick("href", "class", "title", "data-x", "id", "src", "lang") : pick(NEW_ATTRIBUTE_NAMES);
                return op.withNameValue(name, pick(NEW_VALUES));
            }
            case "removeAttribute" -> {
                return op.withName(pick("class", "id", "href", "title", "data-x", "hidden", "LANG"));
            }
            case "setTagName", "setName" -> {
                return op.withName(pick(NEW_TAG_NAMES));
            }
            case "before", "after", "prepend", "append", "replace", "setInnerContent", "setText" -> {
                String content = pick(CONTENT);
                if (op.action.equals("setText")) {
                    return op.withContent(content, false);
                }
                return op.withContent(content, chance(0.5));
            }
            default -> {
                return op;
            }
        }
    }

    private Op withWhen(Op op, double p) {
        return chance(p) ? op.withWhen(pick(WHEN)) : op;
    }

    /** A selector list item, sometimes two. */
    String selector() {
        String s = complex();
        if (chance(0.1)) {
            s += ", " + complex();
        }
        return s;
    }

    private String complex() {
        String s = compound(true);
        if (chance(0.3)) {
            String combinator = chance(0.5) ? " > " : " ";
            s = compound(false) + combinator + s;
        }
        return s;
    }

    private String compound(boolean rightmost) {
        StringBuilder c = new StringBuilder();
        int r = random.nextInt(10);
        if (r < 6) {
            c.append(pick(TAGS));
        } else if (r < 7) {
            c.append('*');
        }
        int extras = c.length() == 0 ? 1 + random.nextInt(2) : random.nextInt(rightmost ? 3 : 2);
        for (int i = 0; i < extras; i++) {
            c.append(simple());
        }
        if (chance(rightmost ? 0.15 : 0.05)) {
            c.append(pick(":first-child", ":nth-child(2n+1)", ":nth-child(2)", ":first-of-type", ":nth-of-type(2)",
                    ":nth-child(odd)", ":nth-child(even)"));
        }
        if (chance(0.08)) {
            c.append(":not(").append(chance(0.5) ? pick(TAGS) : simple()).append(')');
        }
        return c.toString();
    }

    private String simple() {
        switch (random.nextInt(4)) {
            case 0:
                return "." + DocumentGenerator.CLASSES.get(random.nextInt(DocumentGenerator.CLASSES.size()));
            case 1:
                return "#" + DocumentGenerator.IDS.get(random.nextInt(DocumentGenerator.IDS.size()));
            default: {
                String name = chance(0.3) ? "href" : DocumentGenerator.ATTRIBUTE_NAMES.get(random.nextInt(DocumentGenerator.ATTRIBUTE_NAMES.size()));
                int op = random.nextInt(9);
                if (op < 3) {
                    return "[" + name + "]";
                }
                String value = pick("v", "en", "x", "https", "a", "EN", "hello", "&amp;", "&", "é", "test", "/rel");
                String operator = pick("=", "~=", "|=", "^=", "$=", "*=");
                String flag = chance(0.1) ? " i" : "";
                return "[" + name + operator + "\"" + value + "\"" + flag + "]";
            }
        }
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }
}
