package org.htmlrewriter.selectors.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Inputs that make ancestor-walking matchers and scope searches quadratic must run in linear time. The bounds
 * are generous (a quadratic implementation needs minutes); they catch complexity bugs, not slow machines.
 */
class LinearTimeTest {
    private static final int N = 100_000;
    private static final ClosedElementListener IGNORE_CLOSED = (depth, how) -> { };

    @Test
    void descendantChainOnDeeplyNestedDivs() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("div div div div div"),
                Selector.parse("div > div + div"), Selector.parse("div:nth-child(1 of div) div:first-of-type")));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 3; round++) {
                MatchingStack stack = program.newMatchingStack(N + 1).parseAsBodyFragment();
                TestHtml.Tag div = new TestHtml.Tag("div", Map.of(), true);
                int[] matches = new int[3];
                for (int i = 0; i < N; i++) {
                    stack.startTag(div, false, id -> matches[id]++, IGNORE_CLOSED);
                }
                assertEquals(N, stack.depth());
                for (int i = 0; i < N; i++) {
                    stack.endTag(div.nameHash(), "div", true, IGNORE_CLOSED);
                }
                assertEquals(0, stack.depth());
                assertEquals(N - 4, matches[0]);
                assertEquals(0, matches[1]);
                assertEquals(N - 1, matches[2]);
            }
        });
    }

    @Test
    void strayEndTagsUnderADeepStack() {
        SelectorProgram program = SelectorProgram.compile(List.of(Selector.parse("span span")));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            MatchingStack stack = program.newMatchingStack(2 * N).parseAsBodyFragment();
            stack.startTag(new TestHtml.Tag("b", Map.of(), true), false, id -> { }, IGNORE_CLOSED);
            stack.startTag(new TestHtml.Tag("li", Map.of(), true), false, id -> { }, IGNORE_CLOSED);
            stack.startTag(new TestHtml.Tag("section", Map.of(), true), false, id -> { }, IGNORE_CLOSED);
            TestHtml.Tag span = new TestHtml.Tag("span", Map.of(), true);
            for (int i = 0; i < N; i++) {
                stack.startTag(span, false, id -> { }, IGNORE_CLOSED);
            }
            String[] stray = {"b", "dt", "dl", "x-unknown", "em", "td", "h1", "foreignobject"};
            for (int i = 0; i < N; i++) {
                String name = stray[i % stray.length];
                assertFalse(stack.endTag(ElementNames.hash(name), name, true, IGNORE_CLOSED));
            }
            // Start tags that search the stack for an open item to close.
            TestHtml.Tag li = new TestHtml.Tag("li", Map.of(), true);
            TestHtml.Tag dd = new TestHtml.Tag("dd", Map.of(), true);
            TestHtml.Tag em = new TestHtml.Tag("em", Map.of(), true);
            for (int i = 0; i < N / 2; i++) {
                stack.startTag(i % 2 == 0 ? li : dd, false, id -> { }, IGNORE_CLOSED);
                stack.startTag(em, false, id -> { }, IGNORE_CLOSED);
                stack.endTag(em.nameHash(), "em", true, IGNORE_CLOSED);
                stack.endTag(ElementNames.hash("b"), "b", true, IGNORE_CLOSED);
            }
            // The section stops every search for an open li/dd, so each item nests in the previous one.
            assertEquals(N + 3 + N / 2, stack.depth());
            stack.endOfInput(IGNORE_CLOSED);
        });
    }
}
