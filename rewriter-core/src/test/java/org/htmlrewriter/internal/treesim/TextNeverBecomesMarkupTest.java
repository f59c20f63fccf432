package org.htmlrewriter.internal.treesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * TEXT never becomes markup, read as a browser reads it: validator.nu's tokenizer, driven by its tree builder, reads
 * the input and the rewritten output; the output's tags are the input's, in the same order, and every marker that a
 * handler inserted as TEXT (and the rewriter accepted) is text in the output, never part of a tag, comment or DOCTYPE.
 * Documents are made of raw-text elements (script with its escapes, style, title, textarea, xmp, iframe, noembed,
 * noframes, noscript, plaintext, CDATA in SVG) left open or closed, and text full of end-tag starts; handlers insert
 * TEXT made of the same dangerous pieces at every kind of place, and (strict mode) remove text, in random chunkings.
 */
class TextNeverBecomesMarkupTest {
    private static final String[] ELEMENTS = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed",
        "noframes", "noscript", "div", "p", "b"};
    private static final String[] SOUP = {"</", "<", "/", "!--", "-->", "<!--", "<script>", "</script>", "</style",
        "</title", "</textarea ", " ", ">", "]]>", "]]", "&", "lt;", "#60;", "x", "-", "--", "script", "style",
        "</scr", "<sc", "\n", "\r", "é"};

    private static String soup(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            sb.append(SOUP[r.nextInt(SOUP.length)]);
        }
        return sb.toString();
    }

    private static String document(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
            sb.append("<!DOCTYPE html><html><head></head><body>");
        }
        int parts = 1 + r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            int kind = r.nextInt(10);
            if (kind < 6) {
                String name = ELEMENTS[r.nextInt(ELEMENTS.length)];
                sb.append('<').append(name).append(r.nextBoolean() ? " id=a>" : ">").append(soup(r, 6));
                if (r.nextInt(5) > 0 || i < parts - 1) {
                    sb.append(r.nextInt(4) == 0 ? "</" + name.toUpperCase() + " >" : "</" + name + ">");
                }
            } else if (kind == 6) {
                sb.append("<svg><title>").append(soup(r, 3)).append("</title><![CDATA[").append(soup(r, 4))
                        .append(r.nextBoolean() ? "]]>" : "").append("</svg>");
            } else if (kind == 7) {
                sb.append("<!--").append(soup(r, 3).replace("-->", "")).append("-->");
            } else if (kind == 8 && i == parts - 1) {
                sb.append("<plaintext>").append(soup(r, 4));
            } else {
                sb.append(soup(r, 5));
            }
        }
        return sb.toString();
    }

    private record Plan(HtmlRewriter.Builder builder, List<String> accepted, String description) { }

    /** Inserts TEXT {@code soup + marker} through {@code insert}; records the marker if the call accepts it. */
    private static Consumer<Consumer<String>> inserter(Random seed, List<String> accepted, int[] counter) {
        long s = seed.nextLong();
        return insert -> {
            Random r = new Random(s + counter[0]);
            String marker = "Q" + (counter[0]++) + "Q";
            try {
                insert.accept(soup(r, 4) + marker);
                accepted.add(marker);
            } catch (IllegalArgumentException | IllegalStateException refused) {
                // refused where it would form markup: the rewriter said so; nothing was inserted
            }
        };
    }

    /**
     * Handlers inserting TEXT everywhere. In strict mode also text removal: lenient mode may guess a raw-text reading
     * a browser does not share (a tag it reads there is text to the rewriter, and removing that text removes the
     * tag); strict mode refuses to guess.
     */
    private static Plan plan(Random r) {
        boolean strict = r.nextBoolean();
        HtmlRewriter.Builder b = HtmlRewriter.builder().gracefulBailOut(true).strict(strict);
        List<String> accepted = new ArrayList<>();
        int[] counter = {0};
        StringBuilder d = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            String selector = r.nextBoolean() ? "*" : ELEMENTS[r.nextInt(ELEMENTS.length)];
            Consumer<Consumer<String>> insert = inserter(r, accepted, counter);
            int op = r.nextInt(9);
            if (op == 7 && !strict) {
                op = 6;
            }
            d.append(strict ? "strict " : "").append(selector).append(' ').append(op).append("; ");
            switch (op) {
                case 0 -> b.onElement(selector, el -> insert.accept(t -> el.before(t, ContentType.TEXT)));
                case 1 -> b.onElement(selector, el -> insert.accept(t -> el.after(t, ContentType.TEXT)));
                case 2 -> b.onElement(selector, el -> insert.accept(t -> el.prepend(t, ContentType.TEXT)));
                case 3 -> b.onElement(selector, el -> insert.accept(t -> el.append(t, ContentType.TEXT)));
                case 4 -> b.onElement(selector, el -> {
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> insert.accept(t -> {
                            end.before(t, ContentType.TEXT);
                            end.after(t + "E", ContentType.TEXT);
                        }));
                    }
                });
                case 5 -> b.onText(selector, chunk -> insert.accept(t -> {
                    if (chunk.isLastInTextNode()) {
                        chunk.after(t, ContentType.TEXT);
                    } else {
                        chunk.before(t, ContentType.TEXT);
                    }
                }));
                case 6 -> b.onDocumentText(chunk -> insert.accept(t -> chunk.replace(t, ContentType.TEXT)));
                case 7 -> b.onDocumentText(chunk -> {
                    try {
                        chunk.remove();
                    } catch (IllegalStateException refused) {
                        // removing it would change how the rest is read
                    }
                });
                default -> {
                    b.onDocumentComment(c -> insert.accept(t -> c.after(t, ContentType.TEXT)));
                    b.onDocumentEnd(end -> insert.accept(t -> end.append(t, ContentType.TEXT)));
                }
            }
        }
        return new Plan(b, accepted, d.toString());
    }

    private static String rewrite(Plan plan, String input, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter rw = plan.builder.settings().newRewriter(out::write);
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; ) {
            int n = Math.min(in.length - i, 1 + r.nextInt(r.nextBoolean() ? 3 : 40));
            rw.write(in, i, n);
            i += n;
        }
        rw.end();
        return out.toString(StandardCharsets.UTF_8) + (rw.failure() == null ? "" : "\u0000" + rw.failure());
    }

    private static List<String> tags(List<String> tokens) {
        List<String> tags = new ArrayList<>();
        for (String t : tokens) {
            if (t.startsWith("<") && !t.startsWith("<!--") && !t.equals("<!DOCTYPE>")) {
                tags.add(t);
            }
        }
        return tags;
    }

    /**
     * Whether the marker is in a {@code </name} the end of input cuts off. Browsers read it as text (the standard's
     * end tag name states emit it at the end of input); validator.nu 1.4.16 drops it (the same path that trips its
     * internal assert), so the oracle cannot tell there.
     */
    private static boolean inEndTagNameCutByEndOfInput(String output, String marker) {
        int lt = output.lastIndexOf("</");
        return lt >= 0 && output.indexOf(marker, lt) >= 0 && output.substring(lt + 2).matches("[A-Za-z0-9]*");
    }

    /**
     * The QuickTheories seed is fixed so that a build is reproducible; {@code -Dhtmlrewriter.qtSeed=N} explores
     * others. Seeds that once failed are replayed by {@link #seedsThatOnceFailed}.
     */
    @Test
    void insertedTextIsTextWhereverItLandsAndWhateverSurroundsIt() {
        qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 2026_1202L))
                .withExamples(Integer.getInteger("htmlrewriter.textSafety.examples", 4000)).forAll(SourceDSL.longs().all())
                .checkAssert(TextNeverBecomesMarkupTest::check);
    }

    @Test
    void seedsThatOnceFailed() {
        for (long seed : new long[] {5017333941485199824L, 1156463421561693133L, -105890628464919874L}) {
            check(seed);
        }
    }

    private static void check(long seed) {
        {
            Random r = new Random(seed);
            String input = document(r);
            Plan plan = plan(r);
            String result = rewrite(plan, input, r);
            int failureAt = result.indexOf('\u0000');
            String output = failureAt < 0 ? result : result.substring(0, failureAt);
            String where = "seed " + seed + "\nplan: " + plan.description + "\ninput:  " + input + "\noutput: " + output
                    + (failureAt < 0 ? "" : "\nfailure: " + result.substring(failureAt + 1));
            List<String> before = ValidatorNuOracle.run(input, true, null).tokens;
            List<String> after = ValidatorNuOracle.run(output, true, null).tokens;
            assertEquals(tags(before), tags(after), where);
            for (String t : after) {
                if (!t.startsWith("\"")) {
                    assertTrue(!t.matches("(?s).*Q\\d+Q.*"), "a marker inside markup: " + t + "\n" + where);
                }
            }
            if (failureAt < 0) {
                StringBuilder text = new StringBuilder();
                after.stream().filter(t -> t.startsWith("\"")).forEach(text::append);
                for (String marker : plan.accepted) {
                    // accepted markers are text (content inserted into an element whose start tag another rule
                    // removed is not used here, so every accepted one is written)
                    if (output.contains(marker) && !inEndTagNameCutByEndOfInput(output, marker)) {
                        assertTrue(text.indexOf(marker) >= 0, marker + " is not text\n" + where);
                    }
                }
            }
        }
    }
}
