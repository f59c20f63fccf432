package org.htmlrewriter.selectors.internal;

import java.util.Map;
import java.util.Random;
import org.htmlrewriter.selectors.Namespaces;

/**
 * Random selector text from the supported grammar. In {@code jsoupCompatible} mode it keeps to what jsoup's
 * {@code select()} implements with the same meaning (no {@code ~=}, {@code |=}, flags, {@code of S},
 * lowercase values), and every compound that is not the subject names a type, class, id or attribute, so it can
 * never be the {@code html} element (jsoup does not let the root match {@code :first-child} and the like).
 * With {@code namespaces}, names get namespace prefixes declared in {@link #NAMESPACES} ({@code *|}, {@code |},
 * {@code svg|}, ...); in jsoup mode only element prefixes, which the jsoup differential translates for jsoup.
 */
final class SelectorGenerator {
    static final String[] TYPES = {"div", "p", "span", "a", "li", "ul", "ol", "em", "section", "x-card", "td", "tr",
        "h2", "img", "dd", "dt", "dl", "table", "tbody", "hr", "br", "b", "svg", "g", "rect", "math", "mrow", "mi"};
    /** The prefixes generated selectors use (as parsed: {@code o\|d} is written escaped). */
    static final Map<String, String> NAMESPACES = Map.of("svg", Namespaces.SVG, "math", Namespaces.MATHML,
            "html", Namespaces.HTML, "xlink", Namespaces.XLINK, "xml", Namespaces.XML, "o|d", "urn:odd", "none", "");
    private static final String[] ELEMENT_PREFIXES = {"*|", "|", "svg|", "math|", "html|", "o\\|d|", "none|",
        "\\73 vg|"};
    static final String[] JSOUP_ELEMENT_PREFIXES = {"*|", "|", "svg|", "math|", "html|"};
    private static final String[] ATTRIBUTE_PREFIXES = {"*|", "|", "xlink|", "xml|", "svg|", "none|"};
    static final String[] CLASSES = {"c1", "c2", "c3"};
    static final String[] IDS = {"i1", "i2", "i3"};
    static final String[] ATTRIBUTE_NAMES = {"title", "lang", "data-k"};
    static final String[] VALUES = {"a", "ab", "b-c", "a b", "b"};
    private static final String[] NTH = {"1", "2", "3", "2n", "2n+1", "-n+2", "n+2", "3n-1", "odd", "even", "n", "0n+2"};
    private static final String[] ODD_IDENTIFIERS = {"esi\\:include", "\\31 23", "a\\ b", "é", "--x", "-y", "_z",
        "x\\\"y", "\\0 ", "a\\7f b", "\\1F600 "};
    // A hex escape at the end of an identifier carries its terminating space: without it, a following descendant
    // combinator's space would be taken as the terminator.
    private static final String[] ODD_STRINGS = {"\"a\\\"b\"", "'it\\'s'", "'x\\'y'", "\"\\\\\"", "\"tab\\9 x\"",
        "\"\"", "\"é\"", "\"line\\\ncontinued\"", "'\"'"};

    private final Random random;
    private final boolean jsoupCompatible;
    private final boolean namespaces;

    SelectorGenerator(Random random, boolean jsoupCompatible) {
        this(random, jsoupCompatible, false);
    }

    SelectorGenerator(Random random, boolean jsoupCompatible, boolean namespaces) {
        this.random = random;
        this.jsoupCompatible = jsoupCompatible;
        this.namespaces = namespaces;
    }

    String selectorList() {
        return list(0);
    }

    private String list(int nesting) {
        StringBuilder out = new StringBuilder(complex(nesting));
        while (random.nextInt(4) == 0) {
            out.append(random.nextBoolean() ? ", " : ",").append(complex(nesting));
        }
        return out.toString();
    }

    private String complex(int nesting) {
        int compounds = 1 + random.nextInt(nesting > 0 ? 2 : 4);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < compounds; i++) {
            if (i > 0) {
                out.append(pick(new String[] {" ", " > ", ">", " + ", "+", " ~ ", " \n "}));
            }
            out.append(compound(nesting, i < compounds - 1));
        }
        return out.toString();
    }

    private String compound(int nesting, boolean needsPositive) {
        StringBuilder out = new StringBuilder();
        boolean positive = false;
        int choice = random.nextInt(4);
        String prefix = namespaces && random.nextInt(3) == 0
                ? pick(jsoupCompatible ? JSOUP_ELEMENT_PREFIXES : ELEMENT_PREFIXES) : "";
        if (choice == 0) {
            out.append(prefix).append(pick(TYPES));
            positive = true;
        } else if (choice == 1 || !prefix.isEmpty()) {
            out.append(prefix).append('*');
        }
        int simples = random.nextInt(3);
        if (needsPositive && jsoupCompatible && !positive) {
            out.append(random.nextBoolean() ? "." + pick(CLASSES) : "[" + pick(ATTRIBUTE_NAMES) + "]");
        }
        for (int i = 0; i < simples; i++) {
            out.append(simple(nesting));
        }
        if (out.length() == 0 || out.toString().equals("*") && random.nextBoolean()) {
            out.append(random.nextBoolean() ? "." + pick(CLASSES) : "#" + pick(IDS));
        }
        return out.toString();
    }

    private String simple(int nesting) {
        int kind = random.nextInt(nesting >= 2 ? 7 : 10);
        switch (kind) {
            case 0:
                return "." + (!jsoupCompatible && random.nextInt(4) == 0 ? pick(ODD_IDENTIFIERS) : pick(CLASSES));
            case 1:
                return "#" + (!jsoupCompatible && random.nextInt(4) == 0 ? pick(ODD_IDENTIFIERS) : pick(IDS));
            case 2:
                return attribute();
            case 3:
                return pick(new String[] {":first-child", ":first-of-type"});
            case 4:
                return ":nth-child(" + pick(NTH) + ")";
            case 5:
                return ":nth-of-type(" + pick(NTH) + ")";
            case 6:
                return jsoupCompatible ? ":first-child" : ":ROOT";
            case 7:
                return ":not(" + list(nesting + 1) + ")";
            case 8:
                return (jsoupCompatible || random.nextBoolean() ? ":is(" : ":where(") + list(nesting + 1) + ")";
            default:
                if (jsoupCompatible) {
                    return ":not(" + compoundOnly(nesting + 1) + ")";
                }
                return ":nth-child(" + pick(NTH) + " of " + list(nesting + 1) + ")";
        }
    }

    private String compoundOnly(int nesting) {
        return compound(nesting, false);
    }

    private String attribute() {
        String name = pick(ATTRIBUTE_NAMES);
        boolean prefixed = namespaces && !jsoupCompatible && random.nextInt(3) == 0;
        if (prefixed && random.nextBoolean()) {
            name = "href";
        }
        if (!jsoupCompatible && random.nextInt(5) == 0) {
            name = name.toUpperCase(java.util.Locale.ROOT);
        }
        if (prefixed) {
            name = pick(ATTRIBUTE_PREFIXES) + name;
        }
        if (random.nextInt(4) == 0) {
            return "[" + name + "]";
        }
        String[] operators = jsoupCompatible ? new String[] {"=", "^=", "$=", "*="}
                : new String[] {"=", "~=", "|=", "^=", "$=", "*="};
        String operator = pick(operators);
        String value;
        if (!jsoupCompatible && random.nextInt(3) == 0) {
            value = random.nextBoolean() ? pick(ODD_STRINGS) : pick(ODD_IDENTIFIERS);
        } else {
            value = "\"" + pick(VALUES) + "\"";
        }
        String flag = jsoupCompatible ? "" : pick(new String[] {"", "", " i", " s", " I"});
        return "[" + name + operator + value + flag + "]";
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
