package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.internal.Selector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The namespaced selectors of the W3C css3-modsel test suite (which declares the prefixes {@code a}, {@code b} and
 * {@code html}), on a document in the suite's manner read as HTML: there {@code xmlns} and {@code a:foo} are plain
 * attributes, every element is in the HTML namespace and every attribute in no namespace. So {@code *|E} and
 * {@code |E}, {@code [*|a]} and {@code [|a]} behave as in XHTML, while {@code |p}, {@code a|p} and {@code [a|foo]}
 * find nothing (the suite's XHTML documents put elements and attributes in those namespaces; an HTML parser does
 * not). Each selector must also survive its canonical round trip.
 */
class Css3ModselNamespacesTest {
    private static final Map<String, String> NAMESPACES = Map.of("a", "http://www.example.org/a",
            "b", "http://www.example.org/b", "html", Namespaces.HTML);

    private static final String DOCUMENT = "<div class=stub id=d>"
            + "<p id=p1 title='si on chantait' class='un deux' lang=en-US>1</p>"
            + "<p id=p2 xmlns='http://www.example.org/a' a:foo=bar title='si on'>2</p>"
            + "<q id=q1 xmlns='http://www.example.org/b' lang=foo-bar myattr=tat-tut>3</q>"
            + "<l id=l1 xmlns='http://www.example.org/b'><p id=p3 xmlns=''>4</p></l>"
            + "<r id=r1 foo='un deux trois'></r><s id=s1 class=foo></s></div>";

    static Object[][] selectors() {
        String all = "p1 p2 q1 l1 p3 r1 s1";
        String children = "p1 p2 q1 l1 r1 s1";
        return new Object[][] {
            {"*|p, *|q, *|r, *|s", "p1 p2 q1 p3 r1 s1"},
            {"*|p, *|r", "p1 p2 p3 r1"},
            {"*|*[a|foo|=\"bar\"], *|*[html|lang|=\"en\"]", ""},
            {"*|*[*|title]", "p1 p2"},
            {"*|*[*|title=\"si on chantait\"]", "p1"},
            {"*|*[*|class~=\"deux\"], *|*[*|foo~=\"deux\"]", "p1 r1"},
            {"*|*[*|lang|=\"en\"]", "p1"},
            {"*|*[*|title^=\"si on\"]", "p1 p2"},
            {"*|*[*|title$=\"tait\"]", "p1"},
            {"*|*[*|title*=\"on ch\"]", "p1"},
            {"*|*[|title]", "p1 p2"},
            {"*|*[|title=\"si on chantait\"]", "p1"},
            {"*|*[|class~=\"foo\"]", "s1"},
            {"*|*[|lang|=\"foo-bar\"], *|*[|myattr|=\"tat-tut\"]", "q1"},
            {"*|*[|title^=\"si on\"]", "p1 p2"},
            {"div.stub > *:not(|p)", children},
            {"div.stub > *|l > *:not(|p)", "p3"},
            {"div.stub > *:not(*|p):not(*|div)", "q1 l1 r1 s1"},
            {"div.stub > *|*:not(*|*)", ""},
            {"div.stub > *|*:not(|*)", children},
            {"div.stub *|*:not([*|title])", "q1 l1 p3 r1 s1"},
            {"div.stub *|*:not([*|title=\"si on chantait\"])", "p2 q1 l1 p3 r1 s1"},
            {"div.stub *|*:not([|title])", "q1 l1 p3 r1 s1"},
            {"div.stub *|*:not([|class~=\"foo\"])", "p1 p2 q1 l1 p3 r1"},
            {"div.stub *|*:not([|lang|=\"foo-bar\"])", "p1 p2 l1 p3 r1 s1"},
            {"div.stub *|*:not([*|title^=\"si on\"])", "q1 l1 p3 r1 s1"},
            {"div.stub html|*:not([*|lang|=\"en\"])", "p2 q1 l1 p3 r1 s1"},
            {"div.stub *|*:not(html|*):not([a|foo|=\"un-d\"])", ""},
            {"*|p.foo, *|q, *|s", "q1 s1"},
            // Declared prefixes: the elements an XHTML reader puts in a and b are HTML elements here.
            {"a|p", ""},
            {"div.stub a|*, div.stub b|*", ""},
            {"html|p", "p1 p2 p3"},
            {"div.stub > html|*", children},
            {"*|*[a|foo]", ""},
            {"*|*[a\\:foo]", "p2"},
            {"*|*[xmlns]", "p2 q1 l1 p3"},
            {"|p, |*", ""},
            {"div.stub *:not(a|*)", all},
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void matchesAsInAnHtmlDocument(String selector, String expected) {
        HtmlRewriter.Builder builder = HtmlRewriter.builder();
        NAMESPACES.forEach(builder::namespace);
        List<String> ids = new ArrayList<>();
        RewriterSettings settings = builder.onElement(selector, el -> ids.add(el.getAttribute("id"))).settings();
        for (int chunk : new int[] {1, 5, DOCUMENT.length()}) {
            ids.clear();
            Rewrites.run(settings, DOCUMENT, chunk);
            assertEquals(expected, String.join(" ", ids), chunk + "-byte chunks");
        }
        Selector parsed = Selector.parse(selector, NAMESPACES);
        assertEquals(parsed, Selector.parse(parsed.toString(), NAMESPACES), parsed.toString());
    }
}
