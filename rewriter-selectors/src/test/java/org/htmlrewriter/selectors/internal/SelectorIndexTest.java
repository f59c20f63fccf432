package org.htmlrewriter.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.htmlrewriter.selectors.Namespaces;

/**
 * The rule-hash index and the arming of linked states are only a filter: matching must pick exactly what looking at
 * every state for every element picks, whether or not the start tags list their attributes; and the states looked
 * at must not grow with selectors that cannot match.
 */
class SelectorIndexTest {
    private static final Pattern QUOTED_VALUE = Pattern.compile("='([^']*)'");

    @Test
    void indexedMatchingEqualsExaminingEveryState() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String html = mixCase(new JsoupDifferentialTest.DocumentGenerator(random).document(), random);
            List<Selector> selectors = new ArrayList<>();
            int count = 1 + random.nextInt(25);
            for (int i = 0; i < count; i++) {
                selectors.add(Selector.parse(new SelectorGenerator(random, random.nextBoolean(), random.nextBoolean())
                        .selectorList(), SelectorGenerator.NAMESPACES));
            }
            SelectorProgram program = SelectorProgram.compile(selectors);
            // The reference: the same selectors with every state examined for every element.
            TestHtml.Run reference = run(SelectorProgram.compile(selectors, false), html, false);
            TestHtml.Run listed = run(program, html, true);
            TestHtml.Run lookedUp = run(program, html, false);
            String context = selectors + " on\n" + html;
            assertEquals(reference.events, listed.events, context);
            assertEquals(matches(reference), matches(listed), "listed attributes: " + context);
            assertEquals(matches(reference), matches(lookedUp), "looked-up attributes: " + context);
            // Each selector picks the same elements alone as among the others (states are shared and armed).
            for (int i = 0; i < Math.min(3, count); i++) {
                TestHtml.Run alone = run(SelectorProgram.compile(List.of(selectors.get(i))), html, true);
                assertEquals(alone.matchedBy(0), listed.matchedBy(i), selectors.get(i) + " on\n" + html);
            }
        });
    }

    @Test
    void selectorsThatCannotMatchAreNeverExamined() {
        StringBuilder html = new StringBuilder("<html><body>");
        for (int i = 0; i < 40; i++) {
            html.append("<div class=section id=s").append(i).append("><p>x</p><ul class=menu><li>a<li>")
                    .append("<a href='/p4/").append(i).append("'>b</a><a href='/other/' data-x=1>c</a></ul>")
                    .append("<ul class=c2><li>in</ul><li>out<table class=grid><tr><td>1<td>")
                    .append("<span class=note title=t>2</span></table><p class=lead>y</p></div>");
        }
        long[] examined = new long[3];
        List<List<List<Integer>>> results = new ArrayList<>();
        int[] counts = {10, 100, 1000};
        for (int k = 0; k < counts.length; k++) {
            SelectorProgram program = SelectorProgram.compile(harnessSelectors(counts[k]));
            for (boolean list : new boolean[] {true, false}) {
                TestHtml.Run run = run(program, html.toString(), list);
                if (list) {
                    examined[k] = run.candidatesExamined;
                    results.add(matches(run));
                } else {
                    assertEquals(examined[k], run.candidatesExamined, "looked-up attributes");
                }
            }
        }
        assertEquals(examined[0], examined[1], "10 vs 100 selectors");
        assertEquals(examined[0], examined[2], "10 vs 1000 selectors");
        // The first ten selectors are the same in all three programs and pick the same elements.
        for (int k = 1; k < counts.length; k++) {
            for (int e = 0; e < results.get(0).size(); e++) {
                List<Integer> firstTen = new ArrayList<>(results.get(k).get(e));
                firstTen.removeIf(id -> id >= 10);
                assertEquals(results.get(0).get(e), firstTen);
            }
        }
        assertTrue(examined[0] < 40 * 20, "examined " + examined[0]);
    }

    @Test
    void namespacedSelectorsCostNothingOnElementsOutsideTheirNamespace() {
        // svg|*:nth-child(N) is filed under the SVG namespace, |pN and [x|a] can match nothing: on a page without
        // SVG, a thousand of them examine no more states than ten.
        StringBuilder page = new StringBuilder("<html><body>");
        for (int i = 0; i < 40; i++) {
            page.append("<div class=note><p title=t>x<span>y</span></p><a href=/h xlink:href=/x>z</a></div>");
        }
        Map<String, String> namespaces = Map.of("svg", Namespaces.SVG, "x", "urn:x", "xlink", Namespaces.XLINK);
        long[] examined = new long[2];
        int[] counts = {10, 1000};
        for (int k = 0; k < counts.length; k++) {
            List<Selector> selectors = new ArrayList<>();
            selectors.add(Selector.parse("div.note span"));
            for (int i = 1; i < counts[k]; i++) {
                String text = switch (i % 4) {
                    case 0 -> "svg|*:nth-child(" + i + ")";
                    case 1 -> "|p" + i;
                    case 2 -> "[x|a" + i + "]";
                    default -> "[xlink|href='/p" + i + "']";
                };
                selectors.add(Selector.parse(text, namespaces));
            }
            SelectorProgram program = SelectorProgram.compile(selectors);
            for (boolean list : new boolean[] {true, false}) {
                TestHtml.Run run = run(program, page.toString(), list);
                assertEquals(40, run.matchedBy(0).size());
                if (list) {
                    examined[k] = run.candidatesExamined;
                } else {
                    assertEquals(examined[k], run.candidatesExamined, "looked-up attributes");
                }
            }
            TestHtml.Run withSvg = run(program, "<svg><g></g><rect></rect><circle></circle><g></g></svg>", true);
            assertEquals(List.of("g"), withSvg.matchedBy(4), "the SVG states are looked at on SVG elements");
        }
        assertEquals(examined[0], examined[1], "10 vs 1000 namespaced selectors");
    }

    @Test
    void manyLaterCompoundsOfOneCommonTargetCostNothingOnOtherElements() {
        // Every div makes "div" hold and stop holding; the ".cN" states must not be touched each time.
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            html.append("<div><p class=x>x</p><span class=c7>y</span></div>");
        }
        long[] examined = new long[2];
        long[] checks = new long[2];
        int[] counts = {10, 1000};
        for (int k = 0; k < counts.length; k++) {
            List<Selector> selectors = new ArrayList<>();
            for (int i = 0; i < counts[k]; i++) {
                selectors.add(Selector.parse("div .c" + i));
            }
            SelectorProgram program = SelectorProgram.compile(selectors);
            TestHtml.Run run = run(program, html.toString(), true);
            assertEquals(300, run.matchedBy(7).size());
            examined[k] = run.candidatesExamined;
            checks[k] = maxGroupsPerBucket(program);
        }
        assertEquals(examined[0], examined[1]);
        assertEquals(checks[0], checks[1], "what one bucket costs in target checks");
    }

    @Test
    void linkedStatesAreExaminedOnlyWhileWhatTheyLinkToHolds() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("ul.x > li"),
                Selector.parse("h2.t ~ p"), Selector.parse("table.grid td")));
        StringBuilder html = new StringBuilder("<ul class=x><li>1</ul><section><h2 class=t>h</h2><p>a</section>"
                + "<table class=grid><tr><td>c</table>");
        TestHtml.Run first = run(program, html.toString(), true);
        assertEquals(List.of("li"), first.matchedBy(0));
        assertEquals(List.of("p"), first.matchedBy(1));
        assertEquals(List.of("td"), first.matchedBy(2));
        for (int i = 0; i < 200; i++) {
            html.append("<ul><li>n</ul><p>p<table><tr><td>d</table>");
        }
        TestHtml.Run more = run(program, html.toString(), true);
        assertEquals(first.candidatesExamined, more.candidatesExamined);
    }

    @Test
    void manyDistinctPrefixLengthsStillMatchExactly() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        List<Selector> selectors = new ArrayList<>();
        for (int length = 1; length <= 60; length++) {
            selectors.add(Selector.parse("[data-v^=\"" + alphabet.substring(0, length) + "\"]"));
            selectors.add(Selector.parse("[lang|=\"" + alphabet.substring(0, length) + "\"]"));
            selectors.add(Selector.parse("[data-v=\"" + alphabet.substring(1, length + 1) + "\" i]"));
        }
        StringBuilder html = new StringBuilder();
        for (int length = 0; length <= alphabet.length(); length += 3) {
            String value = alphabet.substring(0, length);
            html.append("<p data-v='").append(value).append("' lang='").append(value.toUpperCase(Locale.ROOT))
                    .append("-x'></p><p data-v='").append(alphabet.substring(1, length + 1).toUpperCase(Locale.ROOT))
                    .append("'></p>");
        }
        SelectorProgram program = SelectorProgram.compile(selectors);
        List<List<Integer>> expected = matches(run(SelectorProgram.compile(selectors, false), html.toString(), false));
        assertEquals(expected, matches(run(program, html.toString(), true)));
        assertEquals(expected, matches(run(program, html.toString(), false)));
        assertTrue(expected.stream().mapToInt(List::size).sum() > 500);
    }

    @Test
    void listedAttributesCountTheFirstOfDuplicates() {
        String[] names = {"id", "class", "href", "id", "href", "class"};
        String[] values = {"a", "k", "/x/", "b", "/p4/", "z"};
        List<Selector> selectors = List.of(Selector.parse("#a"), Selector.parse("#b"), Selector.parse(".k"),
                Selector.parse("a[href^='/x/']"), Selector.parse("a[href^='/p4/']"), Selector.parse("[href$='/']"),
                Selector.parse(".z"), Selector.parse("[href='/p4/']"));
        SelectorProgram program = SelectorProgram.compile(selectors);
        for (boolean list : new boolean[] {true, false}) {
            List<Integer> matched = new ArrayList<>();
            TestHtml.Tag tag = new TestHtml.Tag("a", names, values, true, list);
            program.newMatchingStack(10).parseAsBodyFragment().startTag(tag, false, matched::add, (d, h) -> { });
            assertEquals(List.of(0, 2, 3, 5), matched, "lists attributes: " + list);
        }
    }

    @Test
    void valuePrefixIndexFollowsCaseRules() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("[lang|=en]"),
                Selector.parse("[title^=AB i]"), Selector.parse("[title^=ab]"), Selector.parse("[title=Ab s]"),
                Selector.parse("[type=text]"), Selector.parse("[type=text s]")));
        String html = "<div lang=EN-us data-n=d1></div><div title=abc data-n=d2></div><div title=ABc data-n=d3></div>"
                + "<div title=Ab data-n=d4></div><input type=TEXT data-n=d5><input type=text data-n=d6>"
                + "<svg><rect lang=EN data-n=s1 /><rect lang=en data-n=s2 /><rect type=Text data-n=s3 /></svg>";
        for (boolean list : new boolean[] {true, false}) {
            TestHtml.Run run = run(program, html, list);
            assertEquals(List.of("d1", "s2"), run.matchedBy(0));
            assertEquals(List.of("d2", "d3", "d4"), run.matchedBy(1));
            assertEquals(List.of("d2"), run.matchedBy(2));
            assertEquals(List.of("d4"), run.matchedBy(3));
            assertEquals(List.of("d5", "d6"), run.matchedBy(4));
            assertEquals(List.of("d6"), run.matchedBy(5));
        }
    }

    /** The selectors of the selector-count benchmark: one that matches, then rules keyed every way. */
    static List<Selector> harnessSelectors(int count) {
        List<Selector> selectors = new ArrayList<>();
        selectors.add(Selector.parse("div.note span"));
        for (int i = 1; i < count; i++) {
            String text = switch (i % 8) {
                case 0 -> "div.c" + i;
                case 1 -> "#id" + i;
                case 2 -> "ul.c" + i + " > li";
                case 3 -> "[data-k" + i + "]";
                case 4 -> "a[href^=\"/p" + i + "/\"]";
                case 5 -> "table.t" + i + " td";
                case 6 -> "span.c" + i;
                default -> ".section .c" + i + " p";
            };
            selectors.add(Selector.parse(text));
        }
        return selectors;
    }

    /** The most groups of later compounds' states filed under one bucket: what one bucket costs in target checks. */
    private static long maxGroupsPerBucket(SelectorProgram program) {
        long max = 0;
        for (int[] groups : program.bucketGroups) {
            max = Math.max(max, groups.length);
        }
        return max;
    }

    private static TestHtml.Run run(SelectorProgram program, String html, boolean listAttributes) {
        TestHtml.Run run = new TestHtml.Run(program, 10_000);
        run.listAttributes = listAttributes;
        run.feed(html);
        run.end();
        return run;
    }

    private static List<List<Integer>> matches(TestHtml.Run run) {
        List<List<Integer>> matches = new ArrayList<>();
        for (TestHtml.Element element : run.elements) {
            matches.add(element.matched);
        }
        return matches;
    }

    /** Changes the case of some attribute values, so case-insensitive value rules are exercised. */
    private static String mixCase(String html, Random random) {
        Matcher matcher = QUOTED_VALUE.matcher(html);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = matcher.group(1);
            int choice = random.nextInt(4);
            if (choice == 1) {
                value = value.toUpperCase(Locale.ROOT);
            } else if (choice == 2 && !value.isEmpty()) {
                value = Character.toUpperCase(value.charAt(0)) + value.substring(1);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement("='" + value + "'"));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
