package org.htmlrewriter;

import java.util.List;
import java.util.Random;

/**
 * Test helper: random HTML documents from a seed. Two flavours: {@link #messy} (implied end tags, unclosed and
 * stray tags, raw-text elements, foreign content, comments, entities, non-ASCII, CR LF, odd bytes) and
 * {@link #wellFormed} (every element closed explicitly inside a body, no restructuring by the HTML tree builder:
 * for comparing with a DOM).
 */
final class RandomHtml {
    private static final String[] CONTAINERS = {"div", "p", "span", "a", "b", "i", "section", "ul", "li", "em", "td"};
    private static final String[] BLOCK_SAFE = {"div", "section", "span", "b", "i", "em", "a", "article", "nav"};
    private static final String[] VOIDS = {"br", "img", "input", "hr", "wbr"};
    private static final String[] ATTR_NAMES = {"class", "id", "href", "title", "data-x", "lang"};
    private static final String[] CLASSES = {"a", "b", "c", "note"};
    private static final String[] WORDS = {"hello", "world", "x", "caf\u00e9", "\u65e5\u672c", "\ud83d\ude00", "a b",
        "  ", "\n", "\r\n", "\t", "1 < 2", "tom & jerry", "&amp;", "&lt;", "&notin;", "&#233;", "&#x1F600;", "&amp",
        "&zz;", "a>b", "\"q\"", "'s'"};
    private static final String[] ATTR_VALUES = {"a", "b c", "note", "/x?a=1&amp;b=2", "&quot;q", "\u00e9", "", "a'b",
        "&#34;", "x&y", "http://e.example/"};
    private static final String[] SCRIPT_BODIES = {"if (a < b && c > d) { x(); }", "var s = \"</div>\";", "/* <p> */",
        "x = '<!-- y -->';", "document.write(1)", ""};
    private static final String[] STYLE_BODIES = {"p > a { color: red }", "a::after { content: \"&amp;\" }", ""};

    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private final boolean messy;

    private RandomHtml(long seed, boolean messy) {
        this.random = new Random(seed);
        this.messy = messy;
    }

    /** A document exercising the tokenizer and tree-builder simulation: nothing in it needs to be well-formed. */
    static String messy(long seed, int maxNodes) {
        RandomHtml g = new RandomHtml(seed, true);
        if (g.random.nextInt(3) == 0) {
            g.out.append(g.pick("<!DOCTYPE html>", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">", "<!DOCTYPE>"));
        }
        g.fill(maxNodes);
        return g.out.toString();
    }

    /** A body fragment where every element is closed explicitly and nesting is valid (a DOM reads it verbatim). */
    static String wellFormed(long seed, int maxNodes) {
        RandomHtml g = new RandomHtml(seed, false);
        g.fill(maxNodes);
        return g.out.toString();
    }

    /** Top-level nodes until a random length between 0 and about 3000 characters is reached. */
    private void fill(int maxNodes) {
        int target = random.nextInt(8) == 0 ? random.nextInt(40) : 100 + random.nextInt(2900);
        while (out.length() < target) {
            children(0, maxNodes);
            if (random.nextInt(4) == 0) {
                text();
            }
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private void children(int depth, int budget) {
        int n = random.nextInt(Math.max(1, Math.min(6, budget)));
        for (int i = 0; i < n && out.length() < 6000; i++) {
            node(depth, budget / Math.max(1, n));
        }
    }

    private void node(int depth, int budget) {
        int kind = random.nextInt(messy ? 16 : 10);
        if (depth > 8 || budget <= 1) {
            kind = random.nextInt(3) == 0 ? 2 : 0;
        }
        switch (kind) {
            case 0, 1 -> text();
            case 2 -> comment();
            case 3 -> voidElement();
            case 4, 5, 6, 7, 8, 9 -> element(depth, budget);
            case 10 -> rawText();
            case 11 -> foreign(depth);
            case 12 -> out.append(pick("</p>", "</div>", "</span>", "</zz>", "</li>", "</b>")); // stray end tag
            case 13 -> { // unclosed or implied ends
                String t = pick("p", "li", "div", "b", "td", "option", "dd");
                out.append('<').append(t).append(attributes()).append('>');
                text();
            }
            case 14 -> out.append(pick("<?xml version=\"1.0\"?>", "<!x>", "< notatag", "a <", "&", "<3", "</>",
                    "<![CDATA[x]]>", "\u0000", "<title>t &amp; <b></title>", "<textarea>a</textarea>"));
            default -> out.append(pick("\u00ff", "\u0080", "\ufffd", "\u00e9\u00e8", "\u2603"));
        }
    }

    private void text() {
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String w = WORDS[random.nextInt(WORDS.length)];
            if (!messy && (w.contains("<") || w.contains(">") || w.contains("\r") || w.equals("&amp")
                    || w.equals("&zz;"))) {
                w = "plain";
            }
            out.append(w);
        }
    }

    private void comment() {
        out.append("<!--").append(pick("", " c ", "a-b", "<p>x</p>", "\u00e9", " - ", "--x")).append("-->");
    }

    private void voidElement() {
        out.append('<').append(VOIDS[random.nextInt(VOIDS.length)]).append(attributes());
        out.append(messy && random.nextBoolean() ? "/>" : ">");
    }

    private void element(int depth, int budget) {
        String[] names = messy ? CONTAINERS : BLOCK_SAFE;
        String name = names[random.nextInt(names.length)];
        String written = messy && random.nextInt(6) == 0 ? name.toUpperCase() : name;
        out.append('<').append(written).append(attributes()).append('>');
        if (!messy && name.equals("a")) {
            // No nested links in a well-formed document (the tree builder would split them): text only.
            text();
        } else if (!messy && (name.equals("span") || name.equals("b") || name.equals("i") || name.equals("em"))) {
            inlineChildren(depth + 1);
        } else {
            children(depth + 1, budget - 1);
        }
        if (!messy || random.nextInt(8) != 0) {
            out.append("</").append(random.nextInt(8) == 0 && messy ? name.toUpperCase() : name)
                    .append(messy && random.nextInt(10) == 0 ? " " : "").append('>');
        }
    }

    /** Phrasing content only (a block inside an inline element is fine for HTML, but keep it simple). */
    private void inlineChildren(int depth) {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (depth < 8 && random.nextBoolean()) {
                String name = pick("b", "i", "em", "span");
                out.append('<').append(name).append(attributes()).append('>');
                inlineChildren(depth + 1);
                out.append("</").append(name).append('>');
            } else if (random.nextInt(4) == 0) {
                comment();
            } else {
                text();
            }
        }
    }

    private void rawText() {
        switch (random.nextInt(4)) {
            case 0 -> out.append("<script").append(attributes()).append('>')
                    .append(SCRIPT_BODIES[random.nextInt(SCRIPT_BODIES.length)]).append("</script>");
            case 1 -> out.append("<style>").append(STYLE_BODIES[random.nextInt(STYLE_BODIES.length)])
                    .append("</style>");
            case 2 -> out.append("<title>").append(pick("a &amp; b", "<b>not a tag</b>", "\u00e9")).append("</title>");
            default -> out.append("<textarea>").append(pick("x < y", "&lt;", "</p>")).append("</textarea>");
        }
    }

    private void foreign(int depth) {
        if (random.nextBoolean()) {
            out.append("<svg viewBox=\"0 0 1 1\"><circle r=1/><path d=\"M0\"></path>")
                    .append(pick("", "<![CDATA[a<b&amp;]]>", "<foreignObject><p>x</p></foreignObject>", "<g><title>t</title></g>"))
                    .append("</svg>");
        } else {
            out.append("<math><mi>x</mi>").append(pick("", "<mo>&lt;</mo>", "<annotation-xml>a</annotation-xml>"))
                    .append("</math>");
        }
    }

    private String attributes() {
        StringBuilder a = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = ATTR_NAMES[random.nextInt(ATTR_NAMES.length)];
            if (messy && random.nextInt(5) == 0) {
                name = name.toUpperCase();
            }
            String value = name.equalsIgnoreCase("class") ? CLASSES[random.nextInt(CLASSES.length)]
                    + (random.nextBoolean() ? " " + CLASSES[random.nextInt(CLASSES.length)] : "")
                    : ATTR_VALUES[random.nextInt(ATTR_VALUES.length)];
            a.append(messy && random.nextInt(4) == 0 ? "\n" : " ").append(name);
            int quoting = random.nextInt(messy ? 5 : 2);
            switch (quoting) {
                case 0 -> a.append("=\"").append(value.replace("\"", "&quot;")).append('"');
                case 1 -> a.append("='").append(value.replace("'", "&#39;")).append('\'');
                case 2 -> {
                    if (!value.isEmpty() && value.matches("[^\\s\"'<>=`]+")) {
                        a.append('=').append(value);
                    }
                }
                case 3 -> { } // valueless
                default -> a.append(" = \"").append(value.replace("\"", "&quot;")).append('"');
            }
        }
        return a.toString();
    }

    /** Random selectors from a small grammar, all supported by lol-html too. */
    static String selector(Random r) {
        return selector(r, SIMPLE_SELECTORS);
    }

    /** A random selector that reads no attribute: type selectors, {@code *}, positions and combinators. */
    static String nameOnlySelector(Random r) {
        return selector(r, NAME_ONLY_SELECTORS);
    }

    private static final List<String> NAME_ONLY_SELECTORS = List.of("div", "p", "span", "a", "li", "b", "script",
            "title", "svg", "circle", "*", "table", "td", "template", "textarea", "p:nth-child(2)", "li:first-child",
            ":not(b)", "option", "select");

    private static String selector(Random r, List<String> simple) {
        String s = simple.get(r.nextInt(simple.size()));
        switch (r.nextInt(5)) {
            case 0:
                return simple.get(r.nextInt(simple.size())) + " " + s;
            case 1:
                return simple.get(r.nextInt(simple.size())) + " > " + s;
            default:
                return s;
        }
    }

    private static final List<String> SIMPLE_SELECTORS = List.of("div", "p", "span", "a", "li", "b", "script", "title", "svg", "circle", "*",
                ".a", ".note", "#a", "[href]", "[class~=b]", "[title]", "a[href^=\"/x\"]", "[data-x=\"a\"]",
                "p:nth-child(2)", "li:first-child", ":not(b)", "[lang|=en]", "[href*=\"e.ex\"]", "[href$=\"/\"]");
}
