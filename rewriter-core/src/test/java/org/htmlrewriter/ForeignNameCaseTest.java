package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.dom.HtmlDocumentBuilder;
import nu.validator.htmlparser.impl.AttributeName;
import nu.validator.htmlparser.impl.ElementName;
import org.htmlrewriter.content.Attribute;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Names handlers set are written as a browser's tree has them: on SVG and MathML elements the mixed-case names of
 * the HTML standard's tables ({@code viewBox}, {@code linearGradient}, {@code definitionURL}) whatever case they are
 * given in; other attribute names ASCII-lowercased, other tag names as given. Reading and selectors stay ASCII
 * case-insensitive.
 */
class ForeignNameCaseTest {

    @Test
    void attributesAddedToSvgAndMathMlElementsGetTheAdjustedCase() {
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("svg", el -> {
                    el.setAttribute("viewbox", "0 0 1 1");
                    el.setAttribute("PRESERVEASPECTRATIO", "none");
                    el.setAttribute("dataFoo", "x");
                })
                .onElement("rect", el -> el.setAttribute("pathLength", "1"))
                .onElement("mi", el -> {
                    el.setAttribute("definitionurl", "u");
                    el.setAttribute("mathVariant", "bold");
                })
                .onElement("div", el -> {
                    el.setAttribute("viewBox", "v");
                    el.setAttribute("DATA-X", "y");
                });
        assertEquals("<svg viewBox=\"0 0 1 1\" preserveAspectRatio=\"none\" datafoo=\"x\"><rect pathLength=\"1\">"
                + "</rect></svg><math definitionURL=\"m\"><mi definitionURL=\"u\" mathvariant=\"bold\"></mi></math>"
                + "<div viewbox=\"v\" data-x=\"y\"></div>",
                Rewrites.rewrite(b.onElement("math", el -> el.setAttribute("DefinitionUrl", "m")),
                        "<svg><rect></rect></svg><math><mi></mi></math><div></div>"));
    }

    @Test
    void tagNamesSetInsideSvgGetTheAdjustedCase() {
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("rect", el -> el.setTagName("lineargradient"))
                .onElement("g", el -> el.setTagName("CLIPPATH"))
                .onElement("circle", el -> el.setTagName("FeBlend"))
                .onElement("path", el -> el.setTagName("myShape"))
                .onElement("div", el -> el.setTagName("foreignObject"))
                .onElement("mi", el -> el.setTagName("mText"));
        assertEquals("<svg><linearGradient></linearGradient><clipPath></clipPath><feBlend /><myShape></myShape></svg>"
                + "<foreignObject></foreignObject><math><mText></mText></math>",
                Rewrites.rewrite(b, "<svg><rect></rect><g></g><circle/><path></path></svg><div></div>"
                        + "<math><mi></mi></math>"));
    }

    @Test
    void endTagNamesSetInsideSvgGetTheAdjustedCase() {
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("g", el -> {
                    el.setTagName("RADIALGRADIENT");
                    el.onEndTag(end -> end.setName("radialgradient"));
                })
                .onElement("p", el -> el.onEndTag(end -> end.setName("Section")));
        assertEquals("<svg><radialGradient></radialGradient></svg><p></Section>",
                Rewrites.rewrite(b, "<svg><g></g></svg><p></p>"));
    }

    @Test
    void readingAndSelectorsStayCaseInsensitive() {
        List<String> seen = new ArrayList<>();
        HtmlRewriter.Builder b = HtmlRewriter.builder()
                .onElement("svg", el -> {
                    el.setAttribute("viewBox", "0 0 2 2");
                    seen.add(el.getAttribute("VIEWBOX") + " " + el.hasAttribute("viewbox") + " "
                            + el.attributes().stream().map(Attribute::name).toList());
                    el.setTagName("linearGradient");
                    seen.add(el.tagName());
                })
                .onElement("svg[VIEWBOX='0 0 1 1'] > LinearGradient[GRADIENTUNITS]", el -> seen.add("matched"));
        Rewrites.run(b.settings(), "<svg viewBox='0 0 1 1'><linearGradient gradientUnits=u /></svg>", 64);
        assertEquals(List.of("0 0 2 2 true [viewbox]", "lineargradient", "matched"), seen);
    }

    @Test
    void attributesTheElementHasKeepTheirSpelling() {
        assertEquals("<svg viewbox=\"0 0 2 2\" VIEWTARGET=\"t\"></svg>", Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("svg", el -> {
                    el.setAttribute("viewBox", "0 0 2 2");
                    el.setAttribute("viewTarget", "t");
                }), "<svg viewbox='0 0 1 1' VIEWTARGET=x></svg>"));
    }

    // ---- against validator.nu: the names written are the names of the tree a browser builds from the output

    /** Mixed-case names of validator.nu's tables for attributes in {@code mode} (SVG or MathML) and SVG tags. */
    private static List<String> validatorNuAdjustedNames(int mode) throws ReflectiveOperationException {
        List<String> names = new ArrayList<>();
        for (Field field : AttributeName.class.getFields()) {
            if (field.getType() == AttributeName.class) {
                String local = ((AttributeName) field.get(null)).getLocal(mode);
                if (!local.equals(local.toLowerCase(Locale.ROOT))) {
                    names.add(local);
                }
            }
        }
        return names;
    }

    private static List<String> validatorNuSvgTagNames() throws ReflectiveOperationException {
        List<String> names = new ArrayList<>();
        for (Field field : ElementName.class.getFields()) {
            if (field.getType() == ElementName.class) {
                ElementName name = (ElementName) field.get(null);
                if (!name.getCamelCaseName().equals(name.getName())) {
                    names.add(name.getCamelCaseName());
                }
            }
        }
        return names;
    }

    @Test
    void theNamesWrittenAreTheNamesOfValidatorNusTree() throws Exception {
        List<String> svgAttributes = validatorNuAdjustedNames(AttributeName.SVG);
        List<String> mathAttributes = validatorNuAdjustedNames(AttributeName.MATHML);
        List<String> svgTags = validatorNuSvgTagNames();
        assertEquals(List.of(58, 1, 37), List.of(svgAttributes.size(), mathAttributes.size(), svgTags.size()));
        List<String> otherNames = List.of("fill", "data-v", "stroke-width", "myAttr", "fooBAR", "viewbox2");
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            // One SVG, one MathML and one HTML element get an attribute each; the SVG one also a new tag name.
            String svgAttribute = randomCase(random, pick(random, random.nextBoolean() ? svgAttributes : otherNames));
            String mathAttribute = randomCase(random, pick(random, random.nextBoolean() ? mathAttributes : otherNames));
            String htmlAttribute = randomCase(random, pick(random, random.nextBoolean() ? svgAttributes : otherNames));
            String svgTag = randomCase(random, pick(random, svgTags));
            RewriterSettings settings = HtmlRewriter.builder()
                    .onElement("#s", el -> {
                        el.setAttribute(svgAttribute, "1");
                        el.setTagName(svgTag);
                    })
                    .onElement("#m", el -> el.setAttribute(mathAttribute, "2"))
                    .onElement("#h", el -> el.setAttribute(htmlAttribute, "3"))
                    .settings();
            String output = HtmlRewriter.rewrite("<!DOCTYPE html><html><head></head><body><div id=h><svg><g id=s>"
                    + "</g></svg><math><mi id=m></mi></math></div></body></html>", settings);
            Document tree = parse(output);
            String context = svgAttribute + " " + svgTag + " " + mathAttribute + " " + htmlAttribute + ": " + output;
            assertWrittenAsBuilt(output, element(tree, "s"), "1", context);
            assertWrittenAsBuilt(output, element(tree, "m"), "2", context);
            assertWrittenAsBuilt(output, element(tree, "h"), "3", context);
            Element s = element(tree, "s");
            assertTrue(output.contains("<" + s.getLocalName() + " ") && output.contains("</" + s.getLocalName() + ">"),
                    "tag " + s.getLocalName() + " for " + context);
            assertEquals(svgTag.toLowerCase(Locale.ROOT), s.getLocalName().toLowerCase(Locale.ROOT), context);
        });
    }

    /** The attribute whose value is {@code value} is written in the output with the name the tree gave it. */
    private static void assertWrittenAsBuilt(String output, Element element, String value, String context) {
        String name = null;
        for (int i = 0; i < element.getAttributes().getLength(); i++) {
            org.w3c.dom.Attr attribute = (org.w3c.dom.Attr) element.getAttributes().item(i);
            if (attribute.getValue().equals(value)) {
                name = attribute.getLocalName();
            }
        }
        assertTrue(name != null && output.contains(" " + name + "=\"" + value + "\""), name + " for " + context);
    }

    private static Document parse(String html) {
        try {
            return new HtmlDocumentBuilder(XmlViolationPolicy.ALTER_INFOSET)
                    .parse(new InputSource(new StringReader(html)));
        } catch (org.xml.sax.SAXException | java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Element element(Document tree, String id) {
        NodeList all = tree.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (id.equals(element.getAttribute("id"))) {
                return element;
            }
        }
        throw new AssertionError("no element " + id);
    }

    private static String pick(Random random, List<String> names) {
        return names.get(random.nextInt(names.size()));
    }

    private static String randomCase(Random random, String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    @Test
    void everyNameValidatorNuKnowsIsWrittenAsItsTreeHasIt() throws Exception {
        // All of validator.nu's attribute and element names, given in upper case: an extra or a missing entry in the
        // rewriter's tables shows here.
        int adjusted = 0;
        for (Field field : AttributeName.class.getFields()) {
            if (field.getType() != AttributeName.class) {
                continue;
            }
            AttributeName name = (AttributeName) field.get(null);
            if (!name.getUri(AttributeName.SVG).isEmpty()) {
                continue; // xlink:href and kin: written lowercase, as given to the tokenizer
            }
            String upper = name.getLocal(AttributeName.HTML).toUpperCase(Locale.ROOT);
            HtmlRewriter.Builder b = HtmlRewriter.builder()
                    .onElement("svg", el -> el.setAttribute(upper, "s"))
                    .onElement("math", el -> el.setAttribute(upper, "m"))
                    .onElement("p", el -> el.setAttribute(upper, "h"));
            assertEquals("<svg " + name.getLocal(AttributeName.SVG) + "=\"s\"></svg><math "
                    + name.getLocal(AttributeName.MATHML) + "=\"m\"></math><p " + name.getLocal(AttributeName.HTML)
                    + "=\"h\"></p>", HtmlRewriter.rewrite("<svg></svg><math></math><p></p>", b.settings()));
            adjusted += name.getLocal(AttributeName.HTML).equals(name.getLocal(AttributeName.SVG)) ? 0 : 1;
        }
        for (Field field : ElementName.class.getFields()) {
            if (field.getType() != ElementName.class) {
                continue;
            }
            ElementName name = (ElementName) field.get(null);
            String upper = name.getName().toUpperCase(Locale.ROOT);
            String inSvg = name.getName().equals(name.getCamelCaseName()) ? upper : name.getCamelCaseName();
            assertEquals("<svg><" + inSvg + "></" + inSvg + "></svg><math><" + upper + "></" + upper + "></math>",
                    HtmlRewriter.rewrite("<svg><g></g></svg><math><mrow></mrow></math>", HtmlRewriter.builder()
                            .onElement("g, mrow", el -> el.setTagName(upper)).settings()));
            adjusted += name.getName().equals(name.getCamelCaseName()) ? 0 : 1;
        }
        assertEquals(58 + 37, adjusted);
    }
}
