package org.htmlrewriter.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.htmlrewriter.selectors.Namespaces;

/**
 * The streaming matcher against jsoup's {@code select()} on the tree jsoup builds: random documents whose only
 * restructuring by the HTML tree builder is the implied end tags (omitted {@code </p>}, {@code </li>},
 * {@code </dt>}, {@code </dd>}, {@code </td>}, {@code </tr>}), with inline SVG and MathML, random selectors from the
 * part of the grammar jsoup implements with the same meaning. Every element of the body carries {@code data-n}, its
 * start-tag index.
 *
 * <p>Namespace prefixes: jsoup (1.24) gives every element its namespace (HTML, SVG, MathML) but reads
 * {@code svg|rect} as an element named {@code svg:rect}, {@code *|*} as matching nothing, {@code |p} as a syntax
 * error, and has no attribute namespaces ({@code [*|href]}, {@code [xlink|href]}). So element prefixes are checked
 * against jsoup's namespaces: before jsoup selects, {@code svg|E} becomes {@code E[data-ns=svg]} (and so on), with
 * {@code data-ns} set on every element of jsoup's tree from its namespace ({@code |E} finds {@code data-ns=none},
 * which no element has); {@code *|E} is canonically {@code E}. Attribute namespaces are left to
 * {@link NamespaceMatchingTest}.
 */
@Tag("slow")
class JsoupDifferentialTest {
    private static final Set<String> PHRASING = Set.of("span", "a", "em", "b", "h2", "p");
    private static final Set<String> FOREIGN = Set.of("svg", "g", "rect", "circle", "math", "mrow", "mi", "mn");
    private static final Set<String> CLOSES_P = Set.of("div", "section", "p", "ul", "ol", "dl", "table", "h2", "hr");

    @Test
    void streamingMatchesEqualJsoupSelect() {
        int[] nonEmpty = new int[1];
        qt().withExamples(1000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String html = new DocumentGenerator(random).document();
            Document document = Jsoup.parse(html);
            checkTree(html, document);
            markNamespaces(document);
            for (int i = 0; i < 5; i++) {
                String text = new SelectorGenerator(random, true, random.nextBoolean()).selectorList();
                Selector selector = Selector.parse(text, SelectorGenerator.NAMESPACES);
                String canonical = selector.toString();
                TestHtml.Run run = TestHtml.Run.of(SelectorProgram.compile(List.of(selector)), html);
                Set<Integer> streamed = new TreeSet<>();
                for (TestHtml.Element element : run.elements) {
                    String n = element.attributes.get("data-n");
                    if (n != null && element.matched.contains(0)) {
                        streamed.add(Integer.parseInt(n));
                    }
                }
                Set<Integer> expected = new TreeSet<>();
                for (Element element : document.select(forJsoup(canonical))) {
                    if (element.hasAttr("data-n")) {
                        expected.add(Integer.parseInt(element.attr("data-n")));
                    }
                }
                assertEquals(expected, streamed, "selector " + text + " (" + canonical + ") on\n" + html);
                if (!expected.isEmpty()) {
                    nonEmpty[0]++;
                }
            }
        });
        // Guard against a vacuous pass: most selectors should pick something.
        assertTrue(nonEmpty[0] > 750, "only " + nonEmpty[0] + " of 5000 selectors matched anything");
        System.out.println("jsoup differential: " + nonEmpty[0] + " of 5000 selectors matched something");
    }

    private static final Pattern ELEMENT_PREFIX =
            Pattern.compile("(?<![\\w\\\\-])(svg|math|html|)\\|(\\*|[a-z][a-z0-9-]*)");

    /** {@code data-ns} on every element: its namespace as jsoup's tree builder decided it. */
    private static void markNamespaces(Document document) {
        for (Element element : document.getAllElements()) {
            String namespace = element.tag().namespace();
            element.attr("data-ns", namespace.equals(Namespaces.SVG) ? "svg"
                    : namespace.equals(Namespaces.MATHML) ? "math" : namespace.equals(Namespaces.HTML) ? "html"
                    : "other");
        }
    }

    /** The canonical text with element prefixes turned into {@code data-ns} tests (see the class comment). */
    static String forJsoup(String canonical) {
        return ELEMENT_PREFIX.matcher(canonical).replaceAll(m -> m.group(2) + "[data-ns="
                + (m.group(1).isEmpty() ? "none" : m.group(1)) + "]");
    }

    @Test
    void prefixesBecomeNamespaceTestsForJsoup() {
        assertEquals("rect[data-ns=svg] > *[data-ns=math]:not(p[data-ns=none]) *[data-ns=none]",
                forJsoup("svg|rect > math|*:not(|p) |*"));
        assertEquals("div.c1 x-card[data-ns=html]", forJsoup("div.c1 html|x-card"));
    }

    /** The stack's parent of every element is jsoup's parent: the implied end tags agree. */
    private static void checkTree(String html, Document document) {
        TestHtml.Run run = TestHtml.Run.of(SelectorProgram.compile(List.of()), html);
        List<String> streamed = new ArrayList<>();
        for (TestHtml.Element element : run.elements) {
            if (element.attributes.containsKey("data-n")) {
                TestHtml.Element parent = run.elements.get(element.parent);
                streamed.add(element.attributes.get("data-n") + "<" + parent.attributes.getOrDefault("data-n", parent.name));
            }
        }
        List<String> built = new ArrayList<>();
        for (Element element : document.select("[data-n]")) {
            Element parent = element.parent();
            built.add(element.attr("data-n") + "<" + (parent.hasAttr("data-n") ? parent.attr("data-n") : parent.tagName()));
        }
        assertEquals(built, streamed, "tree of\n" + html);
    }

    /** Documents with a full skeleton, so jsoup adds no elements. */
    static final class DocumentGenerator {
        private final Random random;
        private final StringBuilder out = new StringBuilder();
        private int next;

        DocumentGenerator(Random random) {
            this.random = random;
        }

        String document() {
            out.append("<!DOCTYPE html><html><head><title>t</title></head><body>");
            children("body", 0, false);
            out.append("</body></html>");
            return out.toString();
        }

        /**
         * Writes the children of an element named {@code parent}; returns nothing. An omitted end tag is only
         * emitted where the next sibling or the parent's end tag implies it.
         */
        private void children(String parent, int depth, boolean insideA) {
            int count = depth >= 5 ? 0 : random.nextInt(depth == 0 ? 6 : 4);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(childName(parent, insideA));
            }
            for (int i = 0; i < names.size(); i++) {
                if (random.nextInt(5) == 0 && !Set.of("ul", "ol", "dl", "table", "tbody", "tr").contains(parent)) {
                    out.append(random.nextBoolean() ? "t" : " ");
                }
                String name = names.get(i);
                String following = i + 1 < names.size() ? names.get(i + 1) : null;
                element(name, following, depth, insideA);
            }
        }

        private String childName(String parent, boolean insideA) {
            switch (parent) {
                case "svg": case "g":
                    return pickOne("g", "rect", "circle");
                case "math": case "mrow":
                    return pickOne("mrow", "mi", "mn");
                case "ul": case "ol":
                    return "li";
                case "dl":
                    return random.nextBoolean() ? "dt" : "dd";
                case "table":
                    return "tbody";
                case "tbody":
                    return "tr";
                case "tr":
                    return random.nextInt(4) == 0 ? "th" : "td";
                default:
                    break;
            }
            String[] options = PHRASING.contains(parent)
                    ? new String[] {"span", "em", "b", "a", "img", "br", "x-card", "svg", "math"}
                    : new String[] {"div", "section", "p", "ul", "ol", "dl", "table", "span", "a", "em", "h2", "img",
                        "hr", "x-card", "p", "div", "span", "svg", "math"};
            String name;
            do {
                name = options[random.nextInt(options.length)];
            } while (insideA && name.equals("a") || parent.equals("x-card") && CLOSES_P.contains(name));
            return name;
        }

        private String pickOne(String... options) {
            return options[random.nextInt(options.length)];
        }

        private void element(String name, String following, int depth, boolean insideA) {
            out.append('<').append(name).append(" data-n=").append(next++);
            attributes();
            if (FOREIGN.contains(name) && random.nextInt(3) == 0) {
                // namespaced on SVG and MathML elements: no unprefixed attribute selector may find them there
                out.append(random.nextBoolean() ? " xlink:href='#a'" : " xml:lang='en'");
            }
            out.append('>');
            if (Set.of("img", "br", "hr").contains(name)) {
                return;
            }
            if (Set.of("rect", "circle", "mi", "mn").contains(name)) {
                out.append("</").append(name).append('>');
                return;
            }
            children(name, depth + 1, insideA || name.equals("a"));
            boolean omit = random.nextBoolean() && switch (name) {
                case "p" -> following == null ? true : CLOSES_P.contains(following);
                case "li" -> following == null || following.equals("li");
                case "dt", "dd" -> following == null || following.equals("dt") || following.equals("dd");
                case "td", "th" -> following == null || following.equals("td") || following.equals("th");
                case "tr" -> following == null || following.equals("tr");
                default -> false;
            };
            if (!omit) {
                out.append("</").append(name).append('>');
            }
        }

        private void attributes() {
            if (random.nextInt(3) == 0) {
                out.append(" id=").append(SelectorGenerator.IDS[random.nextInt(SelectorGenerator.IDS.length)]);
            }
            if (random.nextInt(2) == 0) {
                StringBuilder classes = new StringBuilder();
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    classes.append(i > 0 ? " " : "")
                            .append(SelectorGenerator.CLASSES[random.nextInt(SelectorGenerator.CLASSES.length)]);
                }
                out.append(" class='").append(classes).append('\'');
            }
            for (String name : SelectorGenerator.ATTRIBUTE_NAMES) {
                if (random.nextInt(4) == 0) {
                    out.append(' ').append(name).append("='")
                            .append(SelectorGenerator.VALUES[random.nextInt(SelectorGenerator.VALUES.length)]).append('\'');
                }
            }
        }
    }
}
