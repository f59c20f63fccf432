package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.htmlrewriter.content.Element;
import org.junit.jupiter.api.Test;

/**
 * {@link HtmlRewriter.Builder#esiTags}: {@code esi:include} and {@code esi:comment} are void elements (lol-html's
 * {@code enable_esi_tags}), so they are never ancestors; off, they are ordinary elements as in a browser's tree.
 * Outputs are checked under random chunking.
 */
class EsiTagsTest {

    private static HtmlRewriter.Builder builder(boolean esi) {
        return HtmlRewriter.builder().bodyFragment(true).esiTags(esi);
    }

    /** What {@code describe} says of each element {@code selector} matches, the same under random chunking. */
    private static List<String> matches(boolean esi, String selector, String html,
            java.util.function.Function<Element, String> describe) {
        List<String> seen = new ArrayList<>();
        RewriterSettings s = builder(esi).onElement(selector, el -> seen.add(describe.apply(el))).settings();
        Rewrites.run(s, html, Integer.MAX_VALUE);
        List<String> whole = new ArrayList<>(seen);
        Rewrites.forRandomChunkings(20, sizes -> {
            seen.clear();
            Rewrites.runBytes(s, html.getBytes(java.nio.charset.StandardCharsets.UTF_8), sizes);
            assertEquals(whole, seen, () -> "chunks " + sizes);
        });
        return whole;
    }

    private static String rewrite(boolean esi, String selector, Consumer<Element> handler, String html) {
        return Rewrites.rewriteUnderRandomChunking(builder(esi).onElement(selector, handler::accept).settings(), html);
    }

    @Test
    void esiIncludeIsNeverAnAncestor() {
        String html = "<div><esi:include src=a><span>x</span></div>";
        assertEquals(List.of(), matches(true, "esi\\:include span", html, Element::tagName));
        assertEquals(List.of("span"), matches(true, "div > span", html, Element::tagName));
        // Off: an ordinary element, the span's parent (as in a browser's tree).
        assertEquals(List.of("span"), matches(false, "esi\\:include > span", html, Element::tagName));
        assertEquals(List.of(), matches(false, "div > span", html, Element::tagName));
    }

    @Test
    void esiIncludeAndEsiCommentCannotHaveContent() {
        String html = "<p><esi:include src=a><esi:comment text=c><ESI:Include src=b/><esi:try></esi:try></p>";
        assertEquals(List.of("esi:include false", "esi:comment false", "esi:include false", "esi:try true"),
                matches(true, "p > *", html, el -> el.tagName() + " " + el.canHaveContent()));
        assertEquals(List.of("esi:include true"),
                matches(false, "p > *", html, el -> el.tagName() + " " + el.canHaveContent()));
    }

    @Test
    void otherEsiTagsKeepTheirContent() {
        assertEquals(List.of("b"), matches(true, "esi\\:try > esi\\:attempt > b",
                "<esi:try><esi:attempt><b>x</b></esi:attempt></esi:try>", Element::tagName));
    }

    @Test
    void replaceReplacesTheStartTagAloneAndAFollowingEndTagIsWrittenAsItIs() {
        Consumer<Element> replace = el -> el.replace("[" + el.getAttribute("src") + "]", TEXT);
        assertEquals("a[x]b[y]</esi:include>c",
                rewrite(true, "esi\\:include", replace, "a<esi:include src=\"x\"/>b<esi:include src=y></esi:include>c"));
        // Off, the element has content and an end tag, which replace() takes too.
        assertEquals("a[y]c", rewrite(false, "esi\\:include", replace, "a<esi:include src=y></esi:include>c"));
    }

    @Test
    void aFollowingEndTagClosesNothing() {
        String html = "<esi:include src=a><b>x</esi:include>y";
        assertEquals(List.of("b END_OF_INPUT"), ends(true, html));
        // Off: </esi:include> closes its element, and the b inside it with it.
        assertEquals(List.of("b IMPLICIT"), ends(false, html));
    }

    private static List<String> ends(boolean esi, String html) {
        List<String> ends = new ArrayList<>();
        RewriterSettings s = builder(esi).onElement("b",
                el -> el.onEndTag(end -> ends.add(end.name() + " " + end.closing()))).settings();
        assertEquals(html, Rewrites.rewriteUnderRandomChunking(s, html));
        return ends.subList(0, 1);
    }

    @Test
    void onEndTagOnAnEsiIncludeThrows() {
        assertEquals(List.of("IllegalStateException"), matches(true, "esi\\:include", "<esi:include src=a>",
                el -> assertThrows(IllegalStateException.class, () -> el.onEndTag(end -> { }))
                        .getClass().getSimpleName()));
    }

    @Test
    void inSvgEsiTagsAreForeignElementsAsBefore() {
        assertEquals(List.of("rect"), matches(true, "esi\\:include > rect",
                "<svg><esi:include><rect/></esi:include></svg>", Element::tagName));
    }
}
