package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.dom.HtmlDocumentBuilder;
import nu.validator.htmlparser.impl.AttributeName;
import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Namespace prefixes declared on the builder, and what namespaced selectors match in documents with inline SVG and
 * MathML: the elements and attributes are in the namespaces the engine's tree simulator finds, which must be those
 * of the tree validator.nu's HTML parser builds.
 */
class NamespaceSelectorsTest {

    private static List<String> ids(HtmlRewriter.Builder builder, String selector, String html) {
        List<List<String>> seen = new ArrayList<>();
        seen.add(new ArrayList<>());
        builder.onElement(selector, el -> seen.get(0).add(el.getAttribute("id")));
        return streamed(builder.settings(), html, seen).get(0);
    }

    /**
     * Streams {@code html} whole, in 1-byte and in 7-byte chunks; {@code seen} is what the handlers record, which must
     * not depend on the chunking. Elements without an id are left out.
     */
    private static List<List<String>> streamed(RewriterSettings settings, String html, List<List<String>> seen) {
        List<List<String>> first = null;
        for (int chunk : new int[] {html.length(), 1, 7}) {
            seen.forEach(List::clear);
            Rewrites.run(settings, html, chunk);
            List<List<String>> copy = new ArrayList<>();
            for (List<String> ids : seen) {
                List<String> withId = new ArrayList<>(ids);
                withId.removeIf(java.util.Objects::isNull);
                copy.add(withId);
            }
            if (first == null) {
                first = copy;
            } else {
                assertEquals(first, copy, chunk + "-byte chunks");
            }
        }
        return first;
    }

    private static HtmlRewriter.Builder declared() {
        return HtmlRewriter.builder().namespace("svg", Namespaces.SVG).namespace("math", Namespaces.MATHML)
                .namespace("html", Namespaces.HTML).namespace("xlink", Namespaces.XLINK).namespace("xml", Namespaces.XML);
    }

    @Test
    void declaredPrefixesTargetForeignContentOnly() {
        String html = "<a id=h1 href=/x><svg id=s1><a id=s2 href=/y><rect id=s3 /></a></svg></a>"
                + "<math id=m1><mi id=m2>x</mi></math><mi id=h2></mi>";
        assertEquals(List.of("h1", "s2"), ids(declared(), "a", html));
        assertEquals(List.of("s2"), ids(declared(), "svg|a", html));
        assertEquals(List.of("h1"), ids(declared(), "html|a", html));
        assertEquals(List.of("s1", "s2", "s3"), ids(declared(), "svg|*", html));
        assertEquals(List.of("m2"), ids(declared(), "math|mi", html));
        assertEquals(List.of("m2", "h2"), ids(declared(), "*|mi", html));
        assertEquals(List.of(), ids(declared(), "|a, |*", html));
    }

    @Test
    void anUndeclaredPrefixIsASyntaxErrorWithItsPosition() {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class,
                () -> HtmlRewriter.builder().namespace("svg", Namespaces.SVG).onElement("p > math|mi", el -> { }));
        assertEquals(SelectorSyntaxException.Kind.UNDECLARED_NAMESPACE_PREFIX, e.kind());
        assertEquals(4, e.position());
        assertTrue(e.getMessage().contains("'math' is not declared (declared: svg)"), e.getMessage());
        SelectorSyntaxException attribute = assertThrows(SelectorSyntaxException.class,
                () -> HtmlRewriter.builder().onText("a[xlink|href]", t -> { }));
        assertEquals(2, attribute.position());
        // Prefixes are case-sensitive.
        assertThrows(SelectorSyntaxException.class,
                () -> HtmlRewriter.builder().namespace("svg", Namespaces.SVG).onComment("SVG|rect", c -> { }));
    }

    @Test
    void aDeclarationAppliesToTheSelectorsRegisteredAfterIt() {
        HtmlRewriter.Builder builder = HtmlRewriter.builder();
        assertThrows(SelectorSyntaxException.class, () -> builder.onElement("n|rect", el -> { }));
        List<List<String>> seen = List.of(new ArrayList<>());
        builder.namespace("n", Namespaces.SVG).onElement("n|rect", el -> seen.get(0).add("svg " + el.getAttribute("id")))
                .namespace("n", Namespaces.HTML).onElement("n|rect", el -> seen.get(0).add("html " + el.getAttribute("id")));
        assertEquals(List.of("html a", "svg b"),
                streamed(builder.settings(), "<rect id=a></rect><svg><rect id=b /></svg>", seen).get(0));
        assertThrows(IllegalArgumentException.class, () -> builder.namespace("", Namespaces.SVG));
        assertThrows(NullPointerException.class, () -> builder.namespace("x", null));
        assertThrows(NullPointerException.class, () -> builder.namespace(null, "urn:x"));
    }

    @Test
    void theEmptyUriMeansNoNamespace() {
        HtmlRewriter.Builder builder = HtmlRewriter.builder().namespace("none", "");
        assertEquals(List.of(), ids(builder, "none|p", "<p id=p title=t></p>"));
        assertEquals(List.of("p"), ids(HtmlRewriter.builder().namespace("none", ""), "[none|title]",
                "<p id=p title=t></p>"));
    }

    // ---- against validator.nu's tree

    /** Inline SVG and MathML: integration points, breakouts, annotation-xml, namespaced and adjusted attributes. */
    private static final List<String> DOCUMENTS = List.of(
            "<p id=h1 xlink:href=a xml:lang=en href=h title=t lang=de viewbox=v>x</p>",
            "<svg id=s1 viewBox='0 0 1 1' xml:lang=en><a id=s2 xlink:href=#x href=y xlink:title=t><text id=s3"
                    + " xml:space=preserve>t</text></a><foreignObject id=s4><div id=h1 xlink:href=z title=d><svg id=s5>"
                    + "<rect id=s6 xml:lang=fr /></svg></div></foreignObject><desc id=s7><span id=h2 lang=en></span>"
                    + "</desc></svg>",
            "<math id=m1 definitionURL=u xlink:href=#m><mi id=m2><svg id=s1></svg></mi><mo id=m3><b id=h1></b></mo>"
                    + "<annotation-xml id=m4 encoding='text/html'><div id=h2></div></annotation-xml><annotation-xml"
                    + " id=m5><svg id=s2><circle id=s3 xlink:href=#c /></svg></annotation-xml><mi id=m6><mglyph id=m7"
                    + " xlink:href=g /></mi></math>",
            "<div id=h0><svg id=s1><g id=s2><p id=h1 xml:lang=x>x</p></g></svg><svg id=s3><font id=s4></font>"
                    + "</svg></div>",
            "<svg id=s1><title id=s2><svg id=s3><a id=s4 xlink:href=q xlink:arcrole=r></a></svg></title>"
                    + "<clipPath id=s5><circle id=s6 /></clipPath><linearGradient id=s7 gradientUnits=x /></svg>"
                    + "<math id=m1><ms id=m2><malignmark id=m3 /></ms><mtext id=m4><mglyph id=m5 /><i id=h1></i>"
                    + "</mtext></math>",
            "<a id=h1 xlink:href=x><svg id=s1><a id=s2 XLINK:HREF=y XML:LANG=z></a></svg></a>");

    private static final String XLINK = Namespaces.XLINK;

    /** Selectors, each with what it means on a DOM element (attributes of HTML elements are all in no namespace). */
    private static final Map<String, Predicate<Element>> SELECTORS = new LinkedHashMap<>();

    static {
        SELECTORS.put("svg|*", e -> Namespaces.SVG.equals(e.getNamespaceURI()));
        SELECTORS.put("math|*", e -> Namespaces.MATHML.equals(e.getNamespaceURI()));
        SELECTORS.put("html|*", e -> Namespaces.HTML.equals(e.getNamespaceURI()));
        SELECTORS.put("*|*", e -> true);
        SELECTORS.put("|*", e -> e.getNamespaceURI() == null);
        SELECTORS.put("svg|a", e -> Namespaces.SVG.equals(e.getNamespaceURI()) && e.getLocalName().equals("a"));
        SELECTORS.put("*|a", e -> e.getLocalName().equals("a"));
        SELECTORS.put("svg|lineargradient", e -> Namespaces.SVG.equals(e.getNamespaceURI())
                && e.getLocalName().equalsIgnoreCase("lineargradient"));
        SELECTORS.put("[href]", e -> hasAttribute(e, null, "href"));
        SELECTORS.put("[|href]", e -> hasAttribute(e, null, "href"));
        SELECTORS.put("[*|href]", e -> hasAttribute(e, "*", "href"));
        SELECTORS.put("[xlink|href]", e -> hasAttribute(e, XLINK, "href"));
        SELECTORS.put("[xlink|arcrole]", e -> hasAttribute(e, XLINK, "arcrole"));
        SELECTORS.put("[xlink\\:href]", e -> hasAttribute(e, null, "xlink:href"));
        SELECTORS.put("[*|title]", e -> hasAttribute(e, "*", "title"));
        SELECTORS.put("[title]", e -> hasAttribute(e, null, "title"));
        SELECTORS.put("[xml|lang]", e -> hasAttribute(e, Namespaces.XML, "lang"));
        SELECTORS.put("[xml|space]", e -> hasAttribute(e, Namespaces.XML, "space"));
        SELECTORS.put("[*|lang]", e -> hasAttribute(e, "*", "lang"));
        SELECTORS.put("[lang]", e -> hasAttribute(e, null, "lang"));
        SELECTORS.put("[xml\\:lang]", e -> hasAttribute(e, null, "xml:lang"));
        SELECTORS.put("[viewbox]", e -> hasAttribute(e, null, "viewbox"));
        SELECTORS.put("[definitionurl]", e -> hasAttribute(e, null, "definitionurl"));
        SELECTORS.put("svg|*[xlink|href]", e -> Namespaces.SVG.equals(e.getNamespaceURI())
                && hasAttribute(e, XLINK, "href"));
        SELECTORS.put("*|*:not(svg|*):not([*|href])", e -> !Namespaces.SVG.equals(e.getNamespaceURI())
                && !hasAttribute(e, "*", "href"));
        SELECTORS.put("svg|* > html|*", e -> Namespaces.HTML.equals(e.getNamespaceURI())
                && Namespaces.SVG.equals(((Element) e.getParentNode()).getNamespaceURI()));
        SELECTORS.put("math|* svg|*", e -> Namespaces.SVG.equals(e.getNamespaceURI()) && hasAncestor(e,
                Namespaces.MATHML));
    }

    @Test
    void namespacedSelectorsMatchValidatorNusTree() throws Exception {
        HtmlRewriter.Builder builder = declared();
        List<List<String>> streamed = new ArrayList<>();
        for (String selector : SELECTORS.keySet()) {
            List<String> ids = new ArrayList<>();
            streamed.add(ids);
            builder.onElement(selector, el -> ids.add(el.getAttribute("id")));
        }
        RewriterSettings settings = builder.settings();
        int nonEmpty = 0;
        for (String body : DOCUMENTS) {
            String html = "<!DOCTYPE html><html><head></head><body>" + body + "</body></html>";
            List<List<String>> matched = streamed(settings, html, streamed);
            Document tree = new HtmlDocumentBuilder(XmlViolationPolicy.ALTER_INFOSET)
                    .parse(new InputSource(new StringReader(html)));
            int i = 0;
            for (Map.Entry<String, Predicate<Element>> selector : SELECTORS.entrySet()) {
                List<String> expected = new ArrayList<>();
                NodeList all = tree.getElementsByTagNameNS("*", "*");
                for (int k = 0; k < all.getLength(); k++) {
                    Element element = (Element) all.item(k);
                    if (element.hasAttribute("id") && selector.getValue().test(element)) {
                        expected.add(element.getAttribute("id"));
                    }
                }
                assertEquals(expected, matched.get(i++), selector.getKey() + " on " + body);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertTrue(nonEmpty > DOCUMENTS.size() * SELECTORS.size() / 3, "only " + nonEmpty + " cases select something");
    }

    @Test
    void namespacedAttributesOfSvgAreThoseOfValidatorNu() throws Exception {
        // Every attribute name validator.nu knows, on an SVG and on an HTML element: [name] (no namespace) finds it
        // on the HTML element always, on the SVG element unless the parser puts it in a namespace there; then
        // [p|local], with p declared for that namespace, finds it on the SVG element only.
        List<AttributeName> names = new ArrayList<>();
        for (Field field : AttributeName.class.getFields()) {
            if (field.getType() == AttributeName.class) {
                names.add((AttributeName) field.get(null));
            }
        }
        StringBuilder html = new StringBuilder();
        HtmlRewriter.Builder builder = HtmlRewriter.builder();
        List<List<String>> matched = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        int namespaced = 0;
        names.removeIf(name -> name.getQName(AttributeName.HTML).equals("id")); // the label
        for (int i = 0; i < names.size(); i++) {
            AttributeName name = names.get(i);
            String qualified = name.getQName(AttributeName.HTML);
            html.append("<p id=h").append(i).append(' ').append(qualified).append("=v></p><svg id=s").append(i)
                    .append(' ').append(qualified).append("=v></svg>");
            List<String> ids = new ArrayList<>();
            matched.add(ids);
            builder.onElement("[" + qualified.replace(":", "\\:") + "]", el -> ids.add(el.getAttribute("id")));
            String uri = name.getUri(AttributeName.SVG);
            expected.add(uri.isEmpty() ? List.of("h" + i, "s" + i) : List.of("h" + i));
            if (!uri.isEmpty()) {
                namespaced++;
                List<String> prefixed = new ArrayList<>();
                matched.add(prefixed);
                builder.namespace("p", uri).onElement("[p|" + name.getLocal(AttributeName.SVG) + "]",
                        el -> prefixed.add(el.getAttribute("id")));
                expected.add(List.of("s" + i));
            }
        }
        HtmlRewriter.rewrite(html.toString(), builder.settings());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), matched.get(i));
        }
        assertEquals(11, namespaced);
        assertTrue(names.size() > 400, names.size() + " names");
    }

    private static final Pattern MANGLED = Pattern.compile("U([0-9A-F]{6})");

    /**
     * Whether the element has an attribute in {@code namespace} ({@code "*"}: any; null: none) with this local name
     * (compared ignoring ASCII case, as selectors compare names). validator.nu writes characters an XML name cannot
     * have as {@code Uxxxxxx}: {@code xlink:href} on an HTML element is the local name {@code xlinkU00003Ahref}.
     */
    private static boolean hasAttribute(Element element, String namespace, String localName) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            Matcher mangled = MANGLED.matcher(attribute.getLocalName());
            String local = mangled.replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
            boolean namespaceMatches = "*".equals(namespace) || java.util.Objects.equals(namespace,
                    attribute.getNamespaceURI());
            if (namespaceMatches && local.equalsIgnoreCase(localName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAncestor(Element element, String namespace) {
        for (org.w3c.dom.Node n = element.getParentNode(); n instanceof Element; n = n.getParentNode()) {
            if (namespace.equals(n.getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }
}
