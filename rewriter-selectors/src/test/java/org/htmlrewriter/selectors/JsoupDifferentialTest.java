package org.htmlrewriter.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The streaming matcher against jsoup's {@code select()} on the tree jsoup builds: random documents whose only
 * restructuring by the HTML tree builder is the implied end tags (omitted {@code </p>}, {@code </li>},
 * {@code </dt>}, {@code </dd>}, {@code </td>}, {@code </tr>}), random selectors from the part of the grammar jsoup
 * implements with the same meaning. Every element of the body carries {@code data-n}, its start-tag index.
 */
class JsoupDifferentialTest {
    private static final Set<String> PHRASING = Set.of("span", "a", "em", "b", "h2", "p");
    private static final Set<String> CLOSES_P = Set.of("div", "section", "p", "ul", "ol", "dl", "table", "h2", "hr");

    @Test
    void streamingMatchesEqualJsoupSelect() {
        int[] nonEmpty = new int[1];
        qt().withExamples(1000).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String html = new DocumentGenerator(random).document();
            Document document = Jsoup.parse(html);
            checkTree(html, document);
            for (int i = 0; i < 5; i++) {
                String text = new SelectorGenerator(random, true).selectorList();
                Selector selector = Selector.parse(text);
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
                for (Element element : document.select(canonical)) {
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
                    ? new String[] {"span", "em", "b", "a", "img", "br", "x-card"}
                    : new String[] {"div", "section", "p", "ul", "ol", "dl", "table", "span", "a", "em", "h2", "img",
                        "hr", "x-card", "p", "div", "span"};
            String name;
            do {
                name = options[random.nextInt(options.length)];
            } while (insideA && name.equals("a") || parent.equals("x-card") && CLOSES_P.contains(name));
            return name;
        }

        private void element(String name, String following, int depth, boolean insideA) {
            out.append('<').append(name).append(" data-n=").append(next++);
            attributes();
            out.append('>');
            if (Set.of("img", "br", "hr").contains(name)) {
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
