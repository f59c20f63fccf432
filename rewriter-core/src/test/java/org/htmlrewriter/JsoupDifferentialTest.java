package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential test against jsoup on well-formed documents (every element closed explicitly, no restructuring by
 * the HTML tree builder): a mutation done by the streaming rewriter, then parsed by jsoup, must give the same DOM as
 * jsoup doing the same mutation on its own DOM. Compared as jsoup's serialisation of the body.
 */
@Tag("slow")
class JsoupDifferentialTest {
    private static final String[] SELECTORS = {"div", "span", "b", "i", "em", "a", "section", "article", "nav", "*",
        ".a", ".note", "#note", "[title]", "[href]", "[data-x=a]", "[href^=\"/x\"]", "div > b", "section span", "b i",
        "em:first-child", "span:nth-child(2)", ":not(b)", "article > *", "img", "br", "[id]"};
    private static final String[] TEXTS = {"T", "a<b>&amp;", "\u00e9\u65e5\ud83d\ude00", " ", "x\"y'z"};

    /** One mutation, applied by both sides to the elements inside the body matching the selector. */
    private record Mutation(String selector, String name, Consumer<Element> ours, Consumer<org.jsoup.nodes.Element> theirs) {
    }

    private static Mutation insertion(Random r) {
        String selector = SELECTORS[r.nextInt(SELECTORS.length)];
        String text = TEXTS[r.nextInt(TEXTS.length)];
        switch (r.nextInt(6)) {
            case 0:
                return new Mutation(selector, "before " + text, el -> el.before(text, ContentType.TEXT),
                        el -> el.before(new TextNode(text)));
            case 1:
                return new Mutation(selector, "after " + text, el -> el.after(text, ContentType.TEXT),
                        el -> el.after(new TextNode(text)));
            case 2:
                return new Mutation(selector, "prepend " + text, el -> el.prepend(text, ContentType.TEXT),
                        el -> {
                            if (!isVoid(el)) {
                                el.prependText(text);
                            }
                        });
            case 3:
                return new Mutation(selector, "append " + text, el -> el.append(text, ContentType.TEXT),
                        el -> {
                            if (!isVoid(el)) {
                                el.appendText(text);
                            }
                        });
            case 4:
                // Values without '&': setAttribute writes the value as given (only '"' is escaped).
                String value = text.replace("&", "+");
                return new Mutation(selector, "setAttribute " + value, el -> el.setAttribute("title", value),
                        el -> el.attr("title", value));
            default:
                return new Mutation(selector, "removeAttribute", el -> el.removeAttribute("id"),
                        el -> el.removeAttr("id"));
        }
    }

    private static Mutation structural(Random r) {
        String selector = SELECTORS[r.nextInt(SELECTORS.length)];
        String text = TEXTS[r.nextInt(TEXTS.length)];
        switch (r.nextInt(5)) {
            case 0:
                return new Mutation(selector, "remove", Element::remove, org.jsoup.nodes.Element::remove);
            case 1:
                return new Mutation(selector, "removeAndKeepContent", Element::removeAndKeepContent,
                        org.jsoup.nodes.Element::unwrap);
            case 2:
                return new Mutation(selector, "replace " + text, el -> el.replace(text, ContentType.TEXT),
                        el -> el.replaceWith(new TextNode(text)));
            case 3:
                return new Mutation(selector, "setInnerContent " + text, el -> el.setInnerContent(text, ContentType.TEXT),
                        el -> {
                            if (!isVoid(el)) {
                                el.text(text);
                            }
                        });
            default:
                // Not on void elements: renamed, a <br> would become an unclosed <zz> (a stream cannot add its end
                // tag), while jsoup writes <zz></zz>.
                return new Mutation(selector, "setTagName", el -> {
                    if (el.canHaveContent()) {
                        el.setTagName("zz");
                    }
                }, el -> {
                    if (!isVoid(el)) {
                        el.tagName("zz");
                    }
                });
        }
    }

    private static boolean isVoid(org.jsoup.nodes.Element el) {
        return el.tag().isEmpty();
    }

    private static String wrap(String body) {
        return "<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>";
    }

    private static String bodyHtml(Document d) {
        d.outputSettings().prettyPrint(false);
        return d.body().html();
    }

    /**
     * Applies up to two insertions and then possibly one structural change (so no mutation reaches an element
     * another one already detached, where jsoup and a stream legitimately differ).
     */
    private static void check(long seed) {
        Random r = new Random(seed);
        String html = wrap(RandomHtml.wellFormed(seed, 40));
        List<Mutation> mutations = new ArrayList<>();
        int insertions = r.nextInt(3);
        for (int i = 0; i < insertions; i++) {
            mutations.add(insertion(r));
        }
        if (insertions == 0 || r.nextBoolean()) {
            mutations.add(structural(r));
        }

        HtmlRewriter.Builder b = HtmlRewriter.builder();
        for (Mutation m : mutations) {
            b.onElement("body " + m.selector, el -> m.ours.accept(el));
        }
        String ours = bodyHtml(Jsoup.parse(Rewrites.rewrite(b, html)));

        Document dom = Jsoup.parse(html);
        List<Elements> selected = new ArrayList<>();
        for (Mutation m : mutations) {
            // Selected up front, as the stream matches each start tag before any handler changes it.
            selected.add(dom.select("body " + m.selector));
        }
        for (int i = 0; i < mutations.size(); i++) {
            for (org.jsoup.nodes.Element el : selected.get(i)) {
                if (el.ownerDocument() != null && el.parent() != null) {
                    mutations.get(i).theirs.accept(el);
                }
            }
        }
        String theirs = bodyHtml(dom);
        assertEquals(theirs, ours, () -> "seed " + seed + " mutations "
                + mutations.stream().map(m -> m.selector + ": " + m.name).toList() + "\ndocument: " + html);
    }

    @Test
    void mutationsAgreeWithJsoup() {
        qt().withFixedSeed(Long.getLong("htmlrewriter.qtSeed", 7_2024_1127L))
                .withExamples(Integer.getInteger("htmlrewriter.qtExamples", 300))
                .withShrinkCycles(10)
                .forAll(longs().all())
                .checkAssert(JsoupDifferentialTest::check);
    }

    @Test
    void removeEverySelectedElementExample() {
        String html = wrap("<div class=a><b>1</b><span id=note>2<i>3</i></span></div><b>4</b>");
        String ours = bodyHtml(Jsoup.parse(Rewrites.rewrite(HtmlRewriter.builder().onElement("div b, i", Element::remove),
                html)));
        Document dom = Jsoup.parse(html);
        dom.select("div b, i").remove();
        assertEquals(bodyHtml(dom), ours);
        assertEquals("<div class=\"a\"><span id=\"note\">2</span></div><b>4</b>", ours);
    }
}
