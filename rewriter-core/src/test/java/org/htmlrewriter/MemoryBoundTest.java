package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory limit bounds the heap: whatever the input, the retained heap of a rewriter (its object graph, measured
 * by a heap probe) stays within 1.25 times its limit plus a few KB beyond a fresh rewriter of the same settings,
 * at every point between writes, and what does not fit fails with {@link MemoryLimitExceededException}. Each case
 * below is built to push one kind of holding (token bytes, attribute offsets, open elements and their selector and
 * handler state, content waiting for end tags, per-parent counters, parser-feedback hypotheses) to the limit.
 */
@Tag("slow")
class MemoryBoundTest {
    static {
        // JOL reads field offsets itself instead of attaching an agent.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    /** Slack beyond the factor: bookkeeping that is not charged (a few KB at most). */
    private static final long FIXED_SLACK = 8 * 1024;

    private static long retained(Object o) {
        return GraphLayout.parseInstance(o).totalSize();
    }

    /**
     * What a rewriter keeps for its document: its engine's object graph (the rewriter itself adds a few fields and,
     * after a failure, the exception, whose stack trace reaches into the JVM's own classes).
     */
    private static long retained(HtmlRewriter r) {
        try {
            java.lang.reflect.Field engine = HtmlRewriter.class.getDeclaredField("engine");
            engine.setAccessible(true);
            return retained(engine.get(r));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A hostile document: its bytes, made to about {@code limit}, and the settings that make a rewriter hold it. */
    private record Case(String name, Supplier<HtmlRewriter.Builder> builder, String document) { }

    private static String repeat(String s, long targetLength) {
        return s.repeat((int) Math.max(1, targetLength / s.length()));
    }

    private static List<Case> cases(long limit) {
        List<Case> cases = new ArrayList<>();
        String manyAttributes = "<div " + repeat("a b c d e f g h ", 2 * limit) + ">x</div>";
        cases.add(new Case("a tag with many attributes, a handler reading one",
                () -> HtmlRewriter.builder().onElement("div", el -> el.getAttribute("x")), manyAttributes));
        cases.add(new Case("a tag with many attributes, a handler listing them",
                () -> HtmlRewriter.builder().onElement("div", el -> el.attributes()), manyAttributes));
        cases.add(new Case("a tag with many attributes, an attribute selector",
                () -> HtmlRewriter.builder().onElement("[x]", el -> { }), manyAttributes));
        cases.add(new Case("a long attribute value",
                () -> HtmlRewriter.builder().onElement("a", el -> { }), "<a href=\"" + repeat("x", 2 * limit)
                + "\">"));
        String deep = repeat("<div>", 2 * limit);
        cases.add(new Case("deep nesting, content appended to each element and end-tag handlers",
                () -> HtmlRewriter.builder().onElement("div", el -> {
                    el.append("appended text", ContentType.TEXT);
                    el.after("<b>after</b>", ContentType.HTML);
                    el.onEndTag(end -> end.before("!", ContentType.TEXT));
                }), deep));
        cases.add(new Case("deep nesting, a descendant chain",
                () -> HtmlRewriter.builder().onElement("div div div p", el -> { }), deep));
        cases.add(new Case("deep nesting, sibling combinators",
                () -> HtmlRewriter.builder().onElement("div + div ~ div > div", el -> { }),
                repeat("<div></div><div></div><div>", 2 * limit)));
        cases.add(new Case("deep nesting, text and comment handlers scoped to each element",
                () -> HtmlRewriter.builder().onText("div", t -> { }).onComment("div", c -> { }), deep));
        StringBuilder names = new StringBuilder("<div>");
        for (int i = 0; names.length() < 2 * limit; i++) {
            names.append("<p></p><x").append(i).append("></x").append(i).append(">");
        }
        cases.add(new Case("many distinct child names per parent, :nth-of-type",
                () -> HtmlRewriter.builder().onElement("p:nth-of-type(2)", el -> { }), names.toString()));
        cases.add(new Case("a long comment, a comment handler",
                () -> HtmlRewriter.builder().onDocumentComment(c -> c.text()), "<!--" + repeat("c", 2 * limit)));
        cases.add(new Case("a long doctype, a doctype handler",
                () -> HtmlRewriter.builder().onDocumentDoctype(d -> d.name()), "<!DOCTYPE " + repeat("d", 2 * limit)));
        cases.add(new Case("long text, text handlers",
                () -> HtmlRewriter.builder().onDocumentText(t -> t.text()).onText("p", t -> { }),
                "<p>" + repeat("text &amp; more &#x20AC; ", 2 * limit)));
        cases.add(new Case("deep foreign content with long names",
                () -> HtmlRewriter.builder().onElement("p", el -> { }),
                "<svg>" + repeat("<element-with-a-name-too-long-to-hash>", 2 * limit)));
        cases.add(new Case("ambiguous markup: select inside tables, templates, frameset",
                () -> HtmlRewriter.builder().onElement("p", el -> { }),
                repeat("<table><tr><td><select><template><svg><foreignObject><math><mi>", 2 * limit)));
        return cases;
    }

    @Test
    void retainedHeapStaysWithinTheLimitForEveryKindOfHolding() {
        for (long limit : new long[] {16 * 1024, 256 * 1024}) {
            for (Case c : cases(limit)) {
                for (int chunk : new int[] {97, 4096}) {
                    check(c, limit, chunk);
                }
            }
        }
    }

    private static void check(Case c, long limit, int chunk) {
        RewriterSettings settings = c.builder.get().memoryLimit(limit).settings();
        OutputSink discard = (b, off, len) -> { };
        long fresh = retained(settings.newRewriter(discard));
        HtmlRewriter r = settings.newRewriter(discard);
        byte[] in = c.document.getBytes(StandardCharsets.UTF_8);
        long worst = 0;
        String what = c.name + ", limit " + limit + ", chunks of " + chunk;
        try {
            for (int i = 0, n = 0; i < in.length; i += chunk, n++) {
                r.write(in, i, Math.min(chunk, in.length - i));
                if (n % 8 == 0 || i + chunk >= in.length) {
                    worst = Math.max(worst, retained(r) - fresh);
                }
            }
            r.end();
        } catch (MemoryLimitExceededException expected) {
            worst = Math.max(worst, retained(r) - fresh);
        }
        assertTrue(worst <= limit * 5 / 4 + FIXED_SLACK, what + ": retained " + worst + " bytes beyond a fresh "
                + "rewriter (" + String.format("%.2f", worst / (double) limit) + " x the limit)");
    }

    @Test
    void aSharedBudgetFailsTheRewriterThatWouldExceedItAndIsGivenBackAtTheEnd() {
        MemoryBudget budget = MemoryBudget.of(64 * 1024);
        RewriterSettings settings = HtmlRewriter.builder().memoryLimit(48 * 1024).sharedMemoryBudget(budget)
                .onElement("p", el -> { }).settings();
        byte[] half = ("<p title=\"" + "x".repeat(40 * 1024)).getBytes(StandardCharsets.UTF_8);
        HtmlRewriter first = settings.newRewriter((b, off, len) -> { });
        first.write(half, 0, half.length);
        assertTrue(budget.used() >= 40 * 1024, budget::toString);

        HtmlRewriter second = settings.newRewriter((b, off, len) -> { });
        try {
            second.write(half, 0, half.length);
            fail("the second rewriter cannot hold 40 KB more of a 64 KB budget");
        } catch (MemoryLimitExceededException e) {
            assertEquals(64 * 1024, e.limit());
            assertTrue(e.getMessage().contains("shared memory budget"), e::getMessage);
        }
        // The failed one gave its share back; the first goes on and gives everything back when it ends.
        assertTrue(budget.used() < 48 * 1024, budget::toString);
        byte[] rest = "\">text</p>".getBytes(StandardCharsets.UTF_8);
        first.write(rest, 0, rest.length);
        first.end();
        assertEquals(0, budget.used(), budget::toString);
    }

    @Test
    void anAbortedRewriterGivesBackItsShareAndWritesNothingMore() {
        MemoryBudget budget = MemoryBudget.of(1 << 20);
        StringBuilder out = new StringBuilder();
        RewriterSettings settings = HtmlRewriter.builder().sharedMemoryBudget(budget)
                .onElement("p", el -> el.append("!", ContentType.TEXT))
                .onDocumentEnd(end -> end.append("<!--end-->", ContentType.HTML)).settings();
        HtmlRewriter r = settings.newRewriter((b, off, len) -> out.append(new String(b, off, len,
                StandardCharsets.UTF_8)));
        byte[] in = "<p>text<a href=\"unfinished".getBytes(StandardCharsets.UTF_8);
        r.write(in, 0, in.length);
        assertTrue(budget.used() > 0);
        r.abort();
        assertEquals(0, budget.used());
        assertEquals("<p>text", out.toString());
        assertInstanceOf(IllegalStateException.class, catchThrowable(() -> r.write(in, 0, in.length)));
        assertInstanceOf(IllegalStateException.class, catchThrowable(r::end));
        r.abort(); // again: nothing
    }

    @Test
    void aDroppedRewriterGivesBackItsShareOnceCollected() throws InterruptedException {
        MemoryBudget budget = MemoryBudget.of(1 << 20);
        RewriterSettings settings = HtmlRewriter.builder().sharedMemoryBudget(budget).onElement("p", el -> { })
                .settings();
        holdAndDrop(settings);
        assertTrue(budget.used() > 0);
        for (int i = 0; i < 100 && budget.used() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, budget.used(), "a rewriter nobody ended or aborted gives its share back after collection");
    }

    private static void holdAndDrop(RewriterSettings settings) {
        byte[] in = ("<p title=\"" + "x".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        settings.newRewriter((b, off, len) -> { }).write(in, 0, in.length);
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void aRewriterFreshlyMadeCostsAFewKilobytes() {
        RewriterSettings settings = HtmlRewriter.builder().onElement("a[href]", el -> { })
                .onDocumentText(t -> { }).settings();
        long size = retained(settings.newRewriter((b, off, len) -> { })) - retained((Object) settings);
        assertTrue(size < 16 * 1024, "a fresh rewriter retains " + size + " bytes");
        assertNull(null);
    }
}
