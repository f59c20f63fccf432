package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * Hostile inputs through the public API ({@link HtmlRewriter}): huge tags, huge numbers of selectors, deeply nested
 * selectors and documents, and huge text, comments and attribute values. Inputs are generated on the fly in
 * {@value #CHUNK}-byte chunks (never held whole), the output is checked by length and CRC-32 against the expected
 * bytes (generated the same way), and what the rewriter holds between chunks is watched through
 * {@link HtmlRewriter#heldBytes()}. The bounds are generous ({@value #TIMEOUT_SECONDS} s per case): this checks
 * that each case finishes, stays bounded and is correct; how fast is for the benchmarks.
 *
 * <p>The "huge" size is {@code -Dhtmlrewriter.hostileBytes} (default {@value #DEFAULT_HUGE} bytes, 100 MB); a
 * smaller value makes the class faster on a loaded machine.
 */
class HostileInputTest {
    static final int CHUNK = 64 * 1024;
    static final long TIMEOUT_SECONDS = 120;
    static final long DEFAULT_HUGE = 100_000_000L;
    static final long HUGE = Long.getLong("htmlrewriter.hostileBytes", DEFAULT_HUGE);
    /** What a streaming rewriter may hold between chunks while a huge token streams past. */
    static final long SMALL_HOLD = 256 * 1024;

    /** A document made of parts, each a unit repeated some number of times; generated chunk by chunk. */
    static final class Doc {
        private final List<byte[]> units = new ArrayList<>();
        private final List<Long> repeats = new ArrayList<>();

        Doc add(String unit) {
            return add(unit, 1);
        }

        Doc add(String unit, long times) {
            units.add(unit.getBytes(StandardCharsets.UTF_8));
            repeats.add(times);
            return this;
        }

        long length() {
            long n = 0;
            for (int i = 0; i < units.size(); i++) {
                n += units.get(i).length * repeats.get(i);
            }
            return n;
        }

        /** Length and CRC-32 of the whole document. */
        Digest digest() {
            Digest d = new Digest();
            chunks(d::write, CHUNK);
            return d;
        }

        interface ChunkConsumer {
            void accept(byte[] b, int off, int len);
        }

        /** Hands the document to {@code out} in chunks of at most {@code size} bytes (one reused array). */
        void chunks(ChunkConsumer out, int size) {
            byte[] buf = new byte[size];
            int fill = 0;
            for (int i = 0; i < units.size(); i++) {
                byte[] unit = units.get(i);
                for (long r = repeats.get(i); r > 0; r--) {
                    int pos = 0;
                    while (pos < unit.length) {
                        int n = Math.min(unit.length - pos, size - fill);
                        System.arraycopy(unit, pos, buf, fill, n);
                        fill += n;
                        pos += n;
                        if (fill == size) {
                            out.accept(buf, 0, fill);
                            fill = 0;
                        }
                    }
                }
            }
            if (fill > 0) {
                out.accept(buf, 0, fill);
            }
        }
    }

    /** Length, CRC-32 and the first bytes of a byte stream; an {@link OutputSink}. */
    static final class Digest implements OutputSink {
        static final int KEEP = 4096;
        final CRC32 crc = new CRC32();
        long length;
        final ByteArrayOutputStream head = new ByteArrayOutputStream();

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            length += len;
            if (head.size() < KEEP) {
                head.write(b, off, Math.min(len, KEEP - head.size()));
            }
        }

        void assertSame(Digest expected, String what) {
            assertEquals(expected.length, length, what + ": output length");
            assertEquals(expected.crc.getValue(), crc.getValue(), what + ": output CRC-32");
        }
    }

    /** What one rewrite did. */
    static final class Run {
        final Digest out = new Digest();
        long maxHeld;
        RewritingException failure;
        /** Input bytes handed to the rewriter before (and including) the write that failed. */
        long fedBeforeFailure;
        boolean poisonedAfterFailure;
    }

    /** Rewrites {@code doc} in chunks, recording the most held between chunks and a typed failure. */
    static Run rewrite(HtmlRewriter.Builder builder, Doc doc) {
        Run run = new Run();
        HtmlRewriter rewriter = builder.build(run.out);
        long[] fed = {0};
        try {
            doc.chunks((b, off, len) -> {
                if (run.failure != null) {
                    return;
                }
                fed[0] += len;
                try {
                    rewriter.write(b, off, len);
                } catch (RewritingException e) {
                    run.failure = e;
                    run.fedBeforeFailure = fed[0];
                    return;
                }
                run.maxHeld = Math.max(run.maxHeld, rewriter.heldBytes());
            }, CHUNK);
            if (run.failure == null) {
                rewriter.end();
            } else {
                try {
                    rewriter.write(new byte[] {'x'});
                } catch (IllegalStateException expected) {
                    run.poisonedAfterFailure = true;
                }
            }
        } catch (RewritingException e) {
            run.failure = e;
            run.fedBeforeFailure = fed[0];
        }
        return run;
    }

    static void bounded(Runnable body) {
        assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), body::run);
    }

    private static String attributes(int count) {
        StringBuilder sb = new StringBuilder(count * 12);
        for (int i = 0; i < count; i++) {
            sb.append(" a").append(i).append("=v").append(i % 10);
        }
        return sb.toString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // A tag with 100,000 attributes

    @Test
    void tagWithAHundredThousandAttributesWithoutHandlers() {
        bounded(() -> {
            Doc doc = new Doc().add("<p>x</p><div" + attributes(100_000) + ">text</div><p>y</p>");
            Run run = rewrite(HtmlRewriter.builder().onElement("p", el -> el.append("!", ContentType.TEXT)), doc);
            Digest expected = new Doc().add("<p>x!</p><div" + attributes(100_000) + ">text</div><p>y!</p>").digest();
            assertEquals(null, run.failure);
            run.out.assertSame(expected, "100,000 attributes, handler elsewhere");
            assertTrue(doc.length() > 900_000, "the tag is " + doc.length() + " bytes");
        });
    }

    @Test
    void tagWithAHundredThousandAttributesAndAHandlerOnIt() {
        bounded(() -> {
            long[] seen = new long[3];
            // The handler lists the attributes: about 130 bytes each while it runs, 13 MB here, counted against the
            // memory limit with the tag itself (1 MB of bytes, 1.6 MB of offsets): more than the default 16 MiB.
            HtmlRewriter.Builder b = HtmlRewriter.builder().memoryLimit(32 << 20).onElement("div[a99999]", el -> {
                seen[0] = el.attributes().size();
                seen[1] = "v9".equals(el.getAttribute("a99999")) ? 1 : 0;
                seen[2] = el.hasAttribute("a50000") ? 1 : 0;
                el.append("!", ContentType.TEXT);
            });
            Run run = rewrite(b, new Doc().add("<div" + attributes(100_000) + ">text</div>"));
            assertEquals(null, run.failure);
            assertArrayEquals(new long[] {100_000, 1, 1}, seen);
            run.out.assertSame(new Doc().add("<div" + attributes(100_000) + ">text!</div>").digest(),
                    "100,000 attributes, handler on the tag");

            // At the default limit the list does not fit: the typed error, not an exhausted heap.
            Run atDefault = rewrite(HtmlRewriter.builder().onElement("div[a99999]", el -> el.attributes()),
                    new Doc().add("<div" + attributes(100_000) + ">text</div>"));
            assertTrue(atDefault.failure instanceof MemoryLimitExceededException, String.valueOf(atDefault.failure));
        });
    }

    // ----------------------------------------------------------------------------------------------------------
    // 10,000 selectors

    private static String selector(int i) {
        return switch (i % 4) {
            case 0 -> "div.c" + i;
            case 1 -> "#i" + i;
            case 2 -> "[data-k=\"" + i + "\"]";
            default -> "section > div.c" + i;
        };
    }

    private static String element(int i, boolean marked) {
        String mark = marked ? "*" : "";
        return switch (i % 4) {
            case 0 -> "<div class=\"x c" + i + "\">" + i + mark + "</div>";
            case 1 -> "<p id=i" + i + ">" + i + mark + "</p>";
            case 2 -> "<span data-k=" + i + ">" + i + mark + "</span>";
            default -> "<section><div class=c" + i + ">" + i + mark + "</div></section>";
        };
    }

    @Test
    void tenThousandSelectors() {
        bounded(() -> {
            HtmlRewriter.Builder b = HtmlRewriter.builder();
            AtomicLong calls = new AtomicLong();
            for (int i = 0; i < 10_000; i++) {
                // Every selector has a handler (one is needed to register it); every 100th changes the page.
                boolean marks = i % 100 == 0 || i % 100 == 3;
                b.onElement(selector(i), marks ? el -> {
                    calls.incrementAndGet();
                    el.append("*", ContentType.TEXT);
                } : el -> calls.incrementAndGet());
            }
            RewriterSettings settings = b.settings();
            Doc in = new Doc();
            Doc expected = new Doc();
            in.add("<html><body>");
            expected.add("<html><body>");
            // Each selector's element twice, and elements no selector matches in between.
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 10_000; i++) {
                    boolean marks = i % 100 == 0 || i % 100 == 3;
                    in.add(element(i, false)).add("<b class=c" + i + ">-</b>");
                    expected.add(element(i, marks)).add("<b class=c" + i + ">-</b>");
                }
            }
            in.add("</body></html>");
            expected.add("</body></html>");
            Digest out = new Digest();
            HtmlRewriter r = settings.newRewriter(out);
            in.chunks(r::write, 4096);
            r.end();
            out.assertSame(expected.digest(), "10,000 selectors");
            assertEquals(20_000, calls.get());
        });
    }

    // ----------------------------------------------------------------------------------------------------------
    // Nested :not() and :is()

    /** The selector parser's nesting limit (SelectorParser.MAX_NESTING). */
    static final int SELECTOR_NESTING_LIMIT = 32;

    /** {@code depth} alternating {@code :is(} / {@code :not(} levels around {@code div}, innermost first. */
    private static String nested(int depth) {
        String s = "div";
        for (int k = 0; k < depth; k++) {
            s = (k % 2 == 0 ? ":is(" : ":not(") + s + (k % 3 == 0 ? ", x-none)" : ")");
        }
        return s;
    }

    @Test
    void selectorsNestedToTheParsersLimit() {
        bounded(() -> {
            String page = "<div>a</div><p>b</p><section><div>c</div><span>d</span></section>";
            for (int depth : new int[] {SELECTOR_NESTING_LIMIT - 1, SELECTOR_NESTING_LIMIT}) {
                // An even number of :not levels means div; an odd number, everything but div.
                boolean meansDiv = (depth / 2) % 2 == 0;
                String out = HtmlRewriter.rewrite(page, HtmlRewriter.builder().bodyFragment(true)
                        .onElement(nested(depth), el -> el.append("!", ContentType.TEXT)).settings());
                String expected = meansDiv
                        ? "<div>a!</div><p>b</p><section><div>c!</div><span>d</span></section>"
                        : "<div>a</div><p>b!</p><section><div>c</div><span>d!</span>!</section>";
                assertEquals(expected, out, "depth " + depth + ": " + nested(depth));
            }
            // A thousand selectors at the limit compile and run too.
            HtmlRewriter.Builder many = HtmlRewriter.builder();
            for (int i = 0; i < 1000; i++) {
                many.onElement(nested(SELECTOR_NESTING_LIMIT).replace("div", "div.k" + i), el -> { });
            }
            assertEquals(page, HtmlRewriter.rewrite(page, many.settings()));
        });
    }

    @Test
    void selectorsNestedOneLevelOverTheLimitAreRejected() {
        bounded(() -> {
            for (String selector : List.of(nested(SELECTOR_NESTING_LIMIT + 1), nested(2_000),
                    ":not(".repeat(SELECTOR_NESTING_LIMIT + 1) + "a" + ")".repeat(SELECTOR_NESTING_LIMIT + 1),
                    ":is(".repeat(100_000))) {
                assertThrows(SelectorSyntaxException.class,
                        () -> HtmlRewriter.builder().onElement(selector, el -> { }),
                        () -> selector.length() + " chars");
            }
        });
    }

    // ----------------------------------------------------------------------------------------------------------
    // div div div div div over deep nesting

    private static Doc nestedDivs(int depth) {
        return new Doc().add("<html><body>").add("<div>", depth).add("x").add("</div>", depth).add("</body></html>");
    }

    @Test
    void descendantChainOverAHundredThousandNestedDivs() {
        bounded(() -> {
            int depth = 60_000;
            // An open element costs about 220 bytes with a descendant-chain selector (its stack entry and the states
            // it holds): 60,000 fit the default 16 MiB.
            AtomicLong matches = new AtomicLong();
            Run run = rewrite(HtmlRewriter.builder().onElement("div div div div div", el -> matches.incrementAndGet()),
                    nestedDivs(depth));
            assertEquals(null, run.failure, "default memory limit");
            run.out.assertSame(nestedDivs(depth).digest(), "100,000 nested divs");
            assertEquals(depth - 4, matches.get());
        });
    }

    @Test
    void descendantChainBeyondTheDepthLimitIsTheTypedErrorOrCompletesWithARaisedLimit() {
        bounded(() -> {
            int depth = 150_000; // 24,000,000 bytes of open elements: over the default 16 MiB
            Run run = rewrite(HtmlRewriter.builder().onElement("div div div div div", el -> { }), nestedDivs(depth));
            assertTrue(run.failure instanceof MemoryLimitExceededException, () -> "got " + run.failure);
            assertTrue(run.poisonedAfterFailure || run.fedBeforeFailure == nestedDivs(depth).length());
            assertPrefix(nestedDivs(depth), run.out);

            AtomicLong matches = new AtomicLong();
            Run raised = rewrite(HtmlRewriter.builder().memoryLimit(64L << 20)
                    .onElement("div div div div div", el -> matches.incrementAndGet()), nestedDivs(depth));
            assertEquals(null, raised.failure, "memoryLimit 64 MiB");
            raised.out.assertSame(nestedDivs(depth).digest(), "150,000 nested divs, raised limit");
            assertEquals(depth - 4, matches.get());
        });
    }

    // ----------------------------------------------------------------------------------------------------------
    // Huge text, comments and attribute values

    private static final String FILL = "lorem ipsum dolor sit amet & consectetur; ";

    private static long repeats() {
        return Math.max(1, HUGE / FILL.length());
    }

    /** Asserts the output is a prefix of {@code doc} (the first {@link Digest#KEEP} bytes are compared). */
    private static void assertPrefix(Doc doc, Digest out) {
        byte[] expected = new byte[(int) Math.min(Digest.KEEP, out.length)];
        int[] filled = {0};
        doc.chunks((b, off, len) -> {
            int n = Math.min(len, expected.length - filled[0]);
            System.arraycopy(b, off, expected, filled[0], n);
            filled[0] += n;
        }, CHUNK);
        assertArrayEquals(expected, Arrays.copyOf(out.head.toByteArray(), expected.length), "output is not a prefix");
        assertTrue(out.length <= doc.length());
    }

    @Test
    void hugeTextNodeStreamsThroughADocumentTextHandler() {
        bounded(() -> {
            Doc doc = new Doc().add("<html><body><p class=big>").add(FILL, repeats())
                    .add("</p><p>end</p></body></html>");
            AtomicLong chars = new AtomicLong();
            Run run = rewrite(HtmlRewriter.builder().onDocumentText(t -> chars.addAndGet(t.text().length())), doc);
            assertEquals(null, run.failure);
            run.out.assertSame(doc.digest(), "huge text node");
            assertEquals(FILL.length() * repeats() + "end".length(), chars.get());
            assertTrue(run.maxHeld < SMALL_HOLD, "held " + run.maxHeld + " bytes between chunks");
        });
    }

    @Test
    void hugeCommentStreamsWithoutACommentHandler() {
        bounded(() -> {
            Doc doc = new Doc().add("<p>before</p><!--").add(FILL, repeats()).add("--><p>after</p>");
            Run run = rewrite(HtmlRewriter.builder().onElement("p", el -> el.append("!", ContentType.TEXT)), doc);
            assertEquals(null, run.failure);
            run.out.assertSame(new Doc().add("<p>before!</p><!--").add(FILL, repeats()).add("--><p>after!</p>")
                    .digest(), "huge comment");
            assertTrue(run.maxHeld < SMALL_HOLD, "held " + run.maxHeld + " bytes between chunks");
        });
    }

    @Test
    void hugeCommentWithACommentHandlerIsTheTypedMemoryLimitError() {
        bounded(() -> {
            Doc doc = new Doc().add("<p>before</p><!--").add(FILL, repeats()).add("--><p>after</p>");
            Run run = rewrite(HtmlRewriter.builder().onDocumentComment(c -> c.setText("short")), doc);
            assertTrue(run.failure instanceof MemoryLimitExceededException, () -> "got " + run.failure);
            assertEquals(HtmlRewriter.Builder.DEFAULT_MEMORY_LIMIT,
                    ((MemoryLimitExceededException) run.failure).limit());
            assertTrue(run.poisonedAfterFailure, "a failed rewriter stays failed");
            // Everything before the comment, and nothing of it: the comment was being held whole.
            assertTrue(run.out.length <= "<p>before</p>".length(), "output " + run.out.length);
            assertPrefix(doc, run.out);
            assertTrue(run.fedBeforeFailure <= HtmlRewriter.Builder.DEFAULT_MEMORY_LIMIT + 2L * CHUNK,
                    "failed only after " + run.fedBeforeFailure + " bytes");
        });
    }

    @Test
    void hugeAttributeValueOnAMatchedTagIsTheTypedMemoryLimitError() {
        bounded(() -> {
            Doc doc = new Doc().add("<p>before</p><a title=t href=\"").add(FILL, repeats()).add("\">x</a><p>after</p>");
            Run run = rewrite(HtmlRewriter.builder().onElement("a", el -> el.setAttribute("title", "u")), doc);
            assertTrue(run.failure instanceof MemoryLimitExceededException, () -> "got " + run.failure);
            assertTrue(run.poisonedAfterFailure, "a failed rewriter stays failed");
            assertTrue(run.out.length <= "<p>before</p>".length(), "output " + run.out.length);
            assertPrefix(doc, run.out);
        });
    }

    @Test
    void hugeAttributeValueStreamsWithoutAHandlerOnItsTag() {
        bounded(() -> {
            Doc doc = new Doc().add("<p>before</p><a title=t href=\"").add(FILL, repeats()).add("\">x</a><p>after</p>");
            Run run = rewrite(HtmlRewriter.builder(), doc);
            assertEquals(null, run.failure);
            run.out.assertSame(doc.digest(), "huge attribute value, no handlers");
            assertTrue(run.maxHeld < SMALL_HOLD, "held " + run.maxHeld + " bytes between chunks");

            // With a handler on another tag, today every start tag is held whole while any selector is registered
            // (lol-html only holds tags a selector could match), so this is the typed error; streaming it would
            // be better. Either outcome is accepted here, the wrong one is anything else.
            Run other = rewrite(HtmlRewriter.builder().onElement("p", el -> el.append("!", ContentType.TEXT)), doc);
            if (other.failure == null) {
                other.out.assertSame(new Doc().add("<p>before!</p><a title=t href=\"").add(FILL, repeats())
                        .add("\">x</a><p>after!</p>").digest(), "huge attribute value, handler on another tag");
                assertTrue(other.maxHeld < SMALL_HOLD, "held " + other.maxHeld + " bytes between chunks");
            } else {
                assertTrue(other.failure instanceof MemoryLimitExceededException, () -> "got " + other.failure);
                assertTrue(other.poisonedAfterFailure, "a failed rewriter stays failed");
                assertEquals("<p>before!</p>", other.out.head.toString(StandardCharsets.UTF_8));
            }
        });
    }
}
