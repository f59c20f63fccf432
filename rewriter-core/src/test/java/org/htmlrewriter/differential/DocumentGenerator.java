package org.htmlrewriter.differential;

import java.util.List;
import java.util.Random;

/**
 * Random, realistic HTML documents from a seed: nested flow and phrasing content, lists, tables, forms, inline SVG
 * and MathML, attributes in every quoting style with character references, text with references and non-ASCII,
 * comments, a doctype, head content, and raw-text elements (script, style, textarea, title, noscript).
 *
 * <p>By default ({@code generalCase == false}) every element is closed explicitly and content models are respected
 * (no block inside {@code p}, no {@code a} inside {@code a}, {@code li} only in lists, ...), so that no end tag is
 * implied: an engine without a tree builder (lol-html) and ours then agree on the element tree. With
 * {@code generalCase} the generator also leaves optional end tags out, nests blocks in {@code p}, leaves elements
 * open at the end, and writes stray end tags and malformed markup.
 *
 * <p>Deterministic: the same seed and flag give the same document. Not thread-safe (one {@link Random}).
 */
public final class DocumentGenerator {
    static final List<String> CLASSES = List.of("a", "b", "c", "note", "x-y", "Big");
    static final List<String> IDS = List.of("main", "nav", "n1", "top");
    static final List<String> ATTRIBUTE_NAMES = List.of("title", "data-x", "data-id", "lang", "type", "alt", "role",
            "style", "dir", "name");

    private static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "x", "42", "café", "naïve",
        "日本語", "Ωmega", "😀", "привет", "a < b", "1 > 0", "&amp;", "&lt;", "&gt;", "&quot;", "&copy;", "&#169;",
        "&#x1F600;", "&nbsp;", "&amp", "&notin;", "&noti", "AT&T", "&", "&#0;", "&#xD800;", "&unknown;", "&lt",
        "\"q\"", "'s", "=", "/", "\t", "\n", "  "};
    private static final String[] ATTRIBUTE_VALUES = {"v", "hello world", "en", "en-US", "text/javascript",
        "https://example.test/?a=1&amp;b=2", "https://example.test/?a=1&b=2", "/rel/path", "&quot;q&quot;",
        "caf&eacute;", "日本", "x&y", "", "a\"b", "a'b", "a=b", "ltr", "EN", "&#x41;BC"};
    private static final String[] COMMENTS = {" c ", "", " a -- b ", "<div>not a tag</div>", " é 日本 ", "-x-",
        "\n multi\n line\n", " <!-- "};
    private static final String[] SCRIPTS = {"var a = 1;", "if (a < b && c > d) { x(); }", "document.write(\"</div>\");",
        "let s = '<p>&amp;</p>';", "/* é */", "", "x = 1 <!-- y", "s = \"</scrip\" + \"t>\";"};
    private static final String[] STYLES = {"p > a { color: red }", "", "a[href^='x'] { b: 1 } /* <b> */",
        ".x::before { content: \"&amp; é\" }"};
    private static final String[] FLOW = {"div", "section", "article", "nav", "header", "footer", "main", "aside",
        "blockquote", "figure", "p", "h1", "h2", "h3", "ul", "ol", "dl", "table", "form", "pre", "template",
        "noscript", "details", "fieldset", "address"};
    private static final String[] PHRASING = {"span", "a", "b", "i", "em", "strong", "code", "small", "abbr", "label",
        "button", "q", "sub", "sup", "time", "mark", "br", "img", "input", "wbr", "svg", "math", "select",
        "textarea", "script", "kbd", "s", "u", "cite", "var"};

    private final Random random;
    private final boolean generalCase;
    private final StringBuilder out = new StringBuilder();
    private int budget;

    public DocumentGenerator(long seed, boolean generalCase) {
        this.random = new Random(seed);
        this.generalCase = generalCase;
    }

    /** The next document. */
    public String next() {
        out.setLength(0);
        budget = 20 + random.nextInt(120);
        if (chance(0.7)) {
            out.append(pick("<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\""
                    + " \"http://www.w3.org/TR/html4/strict.dtd\">", "<!DOCTYPE html SYSTEM \"about:legacy-compat\">"));
            newline();
        }
        if (chance(0.6)) {
            fullDocument();
        } else {
            flow(0, new Context());
        }
        if (generalCase) {
            generalCaseTail();
        }
        return out.toString();
    }

    private void fullDocument() {
        out.append("<html").append(chance(0.5) ? " lang=en" : "").append('>');
        newline();
        if (chance(0.2)) {
            comment();
        }
        out.append("<head>");
        newline();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> out.append("<meta charset=\"utf-8\">");
                case 1 -> out.append("<title>").append(text(3)).append("</title>");
                case 2 -> out.append("<link rel=stylesheet href=\"/s.css\">");
                case 3 -> rawText("style", pick(STYLES));
                case 4 -> rawText("script", pick(SCRIPTS));
                default -> out.append("<meta name=\"description\" content=\"").append(pick(ATTRIBUTE_VALUES))
                        .append("\">");
            }
            newline();
        }
        out.append("</head>");
        newline();
        out.append("<body").append(attributes()).append('>');
        flow(1, new Context());
        out.append("</body>");
        newline();
        out.append("</html>");
        if (chance(0.3)) {
            newline();
        }
    }

    /** Flow content: blocks and phrasing, until a random count or the budget runs out. */
    private void flow(int depth, Context ctx) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n && budget > 0; i++) {
            budget--;
            int r = random.nextInt(10);
            if (r < 2) {
                text(ctx);
            } else if (r < 3) {
                comment();
            } else if (r < 7 && depth < 12) {
                block(pick(FLOW), depth, ctx);
            } else {
                phrasingItem(depth, ctx);
            }
        }
    }

    private void phrasing(int depth, Context ctx) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n && budget > 0; i++) {
            budget--;
            int r = random.nextInt(10);
            if (r < 4) {
                text(ctx);
            } else if (r < 5) {
                comment();
            } else {
                phrasingItem(depth, ctx);
            }
        }
    }

    private void block(String tag, int depth, Context ctx) {
        if (tag.equals("form") && ctx.inForm || tag.startsWith("h") && ctx.inHeading) {
            tag = "div";
        }
        if (tag.equals("noscript") && ctx.inNoscript) {
            tag = "section";
        }
        switch (tag) {
            case "p" -> {
                open("p");
                phrasing(depth + 1, ctx);
                if (generalCase && chance(0.3)) {
                    if (chance(0.5)) {
                        block("div", depth + 1, ctx); // implies </p>, then a stray </p>
                    }
                    if (chance(0.5)) {
                        return; // optional end tag left out
                    }
                }
                close("p");
            }
            case "h1", "h2", "h3" -> {
                open(tag);
                phrasing(depth + 1, ctx.with(c -> c.inHeading = true));
                close(tag);
            }
            case "pre" -> {
                open("pre");
                if (chance(0.5)) {
                    out.append('\n');
                }
                phrasing(depth + 1, ctx);
                close("pre");
            }
            case "ul", "ol" -> {
                open(tag);
                int items = 1 + random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    maybeWhitespace();
                    open("li");
                    flow(depth + 2, ctx);
                    if (!(generalCase && chance(0.4))) {
                        close("li");
                    }
                }
                maybeWhitespace();
                close(tag);
            }
            case "dl" -> {
                open("dl");
                int items = 1 + random.nextInt(3);
                for (int i = 0; i < items; i++) {
                    open("dt");
                    phrasing(depth + 1, ctx);
                    optionalClose("dt");
                    open("dd");
                    flow(depth + 2, ctx);
                    optionalClose("dd");
                }
                close("dl");
            }
            case "table" -> table(depth, ctx);
            case "form" -> {
                open("form");
                flow(depth + 1, ctx.with(c -> c.inForm = true));
                close("form");
            }
            case "template" -> {
                open("template");
                flow(depth + 1, ctx);
                close("template");
            }
            case "noscript" -> {
                // Raw text for both engines (scripting enabled): markup inside stays text.
                open("noscript");
                if (chance(0.5)) {
                    out.append("<p>").append(text(2)).append("</p>");
                } else {
                    out.append(text(2));
                }
                out.append("</noscript>");
            }
            case "details" -> {
                open("details");
                open("summary");
                phrasing(depth + 2, ctx);
                close("summary");
                flow(depth + 1, ctx);
                close("details");
            }
            case "fieldset" -> {
                open("fieldset");
                open("legend");
                phrasing(depth + 2, ctx);
                close("legend");
                flow(depth + 1, ctx);
                close("fieldset");
            }
            default -> {
                open(tag);
                flow(depth + 1, ctx);
                close(tag);
            }
        }
    }

    private void table(int depth, Context ctx) {
        open("table");
        if (chance(0.3)) {
            open("caption");
            phrasing(depth + 2, ctx);
            close("caption");
        }
        boolean tbody = !generalCase || chance(0.5);
        if (tbody) {
            open("tbody");
        }
        int rows = 1 + random.nextInt(3);
        for (int r = 0; r < rows; r++) {
            maybeWhitespace();
            open("tr");
            int cells = 1 + random.nextInt(3);
            for (int c = 0; c < cells; c++) {
                String cell = chance(0.2) ? "th" : "td";
                open(cell);
                flow(depth + 4, ctx);
                optionalClose(cell);
            }
            optionalClose("tr");
        }
        if (tbody) {
            optionalClose("tbody");
        }
        close("table");
    }

    private void phrasingItem(int depth, Context ctx) {
        String tag = pick(PHRASING);
        boolean nestedAnchorWanted = generalCase && tag.equals("a") && chance(0.5); // the parser closes the outer a
        if (tag.equals("a") && ctx.inA && !nestedAnchorWanted || tag.equals("button") && (ctx.inButton || ctx.inA)
                || tag.equals("label") && ctx.inLabel || depth > 14) {
            tag = "span";
        }
        switch (tag) {
            case "br", "wbr" -> out.append('<').append(tag).append(chance(0.3) ? "/" : "").append('>');
            case "img" -> out.append("<img src=\"/i.png\"").append(attributes()).append(chance(0.3) ? " />" : ">");
            case "input" -> out.append("<input type=").append(pick("text", "checkbox", "hidden")).append(attributes())
                    .append('>');
            case "svg" -> svg();
            case "math" -> out.append("<math><mi>x</mi><mo>=</mo><mn>").append(random.nextInt(10))
                    .append("</mn></math>");
            case "select" -> {
                open("select");
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    out.append("<option").append(chance(0.4) ? " value=" + (i + 1) : "").append('>').append(text(1));
                    optionalClose("option");
                }
                close("select");
            }
            case "textarea" -> out.append("<textarea").append(attributes()).append('>')
                    .append(chance(0.5) ? "<b>not bold</b> " : "").append(text(2)).append("</textarea>");
            case "script" -> rawText("script", pick(SCRIPTS));
            default -> {
                open(tag);
                Context inner = ctx.with(c -> {
                    c.inA |= "a".equals(c.tag);
                    c.inButton |= "button".equals(c.tag);
                    c.inLabel |= "label".equals(c.tag);
                }, tag);
                phrasing(depth + 1, inner);
                close(tag);
            }
        }
    }

    private void svg() {
        out.append("<svg viewBox=\"0 0 10 10\"").append(chance(0.5) ? " xmlns=\"http://www.w3.org/2000/svg\"" : "")
                .append('>');
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(5)) {
                // A space before "/>": in "r=3/>" the slash would be part of the unquoted value, and the element stay open.
                case 0 -> out.append("<circle cx=5 cy=5 r=").append(1 + random.nextInt(4)).append(" />");
                case 1 -> out.append("<path d=\"M0 0L10 10\"></path>");
                case 2 -> out.append("<text x=\"1\">").append(text(1)).append("</text>");
                case 3 -> out.append("<g class=").append(pick(CLASSES)).append("><rect width=2 height=2 /></g>");
                default -> out.append("<title>").append(chance(0.5) ? "<![CDATA[a < b]]>" : text(1)).append("</title>");
            }
        }
        out.append("</svg>");
    }

    private void rawText(String tag, String body) {
        out.append('<').append(tag).append(tag.equals("script") && chance(0.3) ? " type=\"module\"" : "").append('>')
                .append(body).append("</").append(tag).append('>');
    }

    private void generalCaseTail() {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(7)) {
                case 0 -> out.append("</").append(pick("div", "p", "span", "li")).append('>'); // stray end tag
                case 1 -> out.append("<div class=open>").append(text(1)); // never closed
                case 2 -> out.append("<p>a<p>b");
                case 3 -> out.append("<!--> <!---> <!x> <?php ?>");
                case 4 -> out.append("<div/>").append(text(1));
                case 5 -> out.append("<b><i>x</b>y</i>");
                default -> out.append("<ul><li>one<li>two</ul>");
            }
        }
        if (chance(0.1)) {
            out.append("<plaintext>").append(text(2)).append("</plaintext><b>");
        }
    }

    // --- small pieces

    private void open(String tag) {
        out.append('<').append(chance(0.05) ? tag.toUpperCase(java.util.Locale.ROOT) : tag).append(attributes())
                .append('>');
    }

    private void close(String tag) {
        out.append("</").append(chance(0.05) ? tag.toUpperCase(java.util.Locale.ROOT) : tag).append('>');
        maybeWhitespace();
    }

    private void optionalClose(String tag) {
        if (!(generalCase && chance(0.5))) {
            close(tag);
        }
    }

    private String attributes() {
        if (!chance(0.55)) {
            return "";
        }
        StringBuilder a = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            a.append(chance(0.9) ? " " : pick("  ", "\n", "\t"));
            switch (random.nextInt(6)) {
                case 0 -> a.append(name("class")).append(assign(pick(CLASSES) + (chance(0.3) ? " " + pick(CLASSES) : "")));
                case 1 -> a.append(name("id")).append(assign(pick(IDS)));
                case 2 -> a.append(name("href")).append(assign(pick(ATTRIBUTE_VALUES)));
                case 3 -> a.append(pick("hidden", "disabled", "data-flag")); // no value
                default -> a.append(name(pick(ATTRIBUTE_NAMES))).append(assign(pick(ATTRIBUTE_VALUES)));
            }
        }
        return a.toString();
    }

    private String name(String n) {
        return chance(0.05) ? n.toUpperCase(java.util.Locale.ROOT) : n;
    }

    /** {@code =value} in a quoting style the value allows. */
    private String assign(String value) {
        boolean unquotable = !value.isEmpty() && value.chars().noneMatch(c -> " \t\n\"'=<>`".indexOf(c) >= 0);
        int style = random.nextInt(unquotable ? 3 : 2);
        if (style == 2) {
            return "=" + value;
        }
        if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
            return "=\"" + value.replace("\"", "&quot;") + "\"";
        }
        if (value.indexOf('"') >= 0 || style == 1 && value.indexOf('\'') < 0) {
            return "='" + value + "'";
        }
        return "=\"" + value + "\"";
    }

    private void text(Context ctx) {
        out.append(text(1 + random.nextInt(4)));
    }

    private String text(int words) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                t.append(' ');
            }
            t.append(pick(WORDS));
        }
        return t.toString();
    }

    private void comment() {
        out.append("<!--").append(pick(COMMENTS).replace("<!--", generalCase ? "<!--" : "<!-")).append("-->");
    }

    private void maybeWhitespace() {
        if (chance(0.3)) {
            out.append(pick("\n", " ", "\n  "));
        }
    }

    private void newline() {
        out.append('\n');
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** What the content being generated sits inside (to avoid constructs that imply end tags). */
    private static final class Context {
        boolean inA;
        boolean inButton;
        boolean inLabel;
        boolean inForm;
        boolean inHeading;
        boolean inNoscript;
        String tag;

        Context with(java.util.function.Consumer<Context> change) {
            return with(change, null);
        }

        Context with(java.util.function.Consumer<Context> change, String newTag) {
            Context c = new Context();
            c.inA = inA;
            c.inButton = inButton;
            c.inLabel = inLabel;
            c.inForm = inForm;
            c.inHeading = inHeading;
            c.inNoscript = inNoscript;
            c.tag = newTag;
            change.accept(c);
            return c;
        }
    }
}
