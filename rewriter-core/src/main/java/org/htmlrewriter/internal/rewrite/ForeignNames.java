package org.htmlrewriter.internal.rewrite;

import java.util.HashMap;
import java.util.Map;
import org.htmlrewriter.selectors.Namespaces;

/**
 * How names that handlers set are written. A browser's tokenizer lowercases every tag and attribute name; then, for
 * SVG and MathML elements, the tree builder gives the names listed in the HTML standard their mixed case back
 * (WHATWG HTML, "adjust SVG tag names", "adjust SVG attributes", "adjust MathML attributes": {@code viewBox},
 * {@code linearGradient}, {@code definitionURL}). Names are written as that tree has them, whatever case the handler
 * gave: an attribute name is the listed mixed-case name on an SVG or MathML element, else ASCII-lowercased (on every
 * element, as the tree has it); a tag name is the listed mixed-case name inside SVG, else written as given (as for
 * HTML elements, and as lol-html does).
 *
 * <p>Stateless; thread-safe.
 */
final class ForeignNames {
    /** ASCII-lowercased name to its adjusted case. */
    static final Map<String, String> SVG_TAG_NAMES = byLowerCase(
            "altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion", "animateTransform",
            "clipPath", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
            "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
            "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
            "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
            "foreignObject", "glyphRef", "linearGradient", "radialGradient", "textPath");
    static final Map<String, String> SVG_ATTRIBUTES = byLowerCase(
            "attributeName", "attributeType", "baseFrequency", "baseProfile", "calcMode", "clipPathUnits",
            "diffuseConstant", "edgeMode", "filterUnits", "glyphRef", "gradientTransform", "gradientUnits",
            "kernelMatrix", "kernelUnitLength", "keyPoints", "keySplines", "keyTimes", "lengthAdjust",
            "limitingConeAngle", "markerHeight", "markerUnits", "markerWidth", "maskContentUnits", "maskUnits",
            "numOctaves", "pathLength", "patternContentUnits", "patternTransform", "patternUnits", "pointsAtX",
            "pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio", "primitiveUnits", "refX", "refY",
            "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "specularConstant",
            "specularExponent", "spreadMethod", "startOffset", "stdDeviation", "stitchTiles", "surfaceScale",
            "systemLanguage", "tableValues", "targetX", "targetY", "textLength", "viewBox", "viewTarget",
            "xChannelSelector", "yChannelSelector", "zoomAndPan");
    static final Map<String, String> MATHML_ATTRIBUTES = byLowerCase("definitionURL");

    private ForeignNames() {
    }

    private static Map<String, String> byLowerCase(String... names) {
        Map<String, String> map = new HashMap<>();
        for (String name : names) {
            map.put(ElementView.asciiLowerCase(name), name);
        }
        return Map.copyOf(map);
    }

    /**
     * The tag name to write for an element in {@code namespace} renamed to {@code name}.
     *
     * @param namespace the element's namespace URI
     * @param name      the name the handler gave
     * @return the adjusted name for a listed SVG tag name, else {@code name}
     */
    static String tagName(String namespace, String name) {
        if (Namespaces.SVG.equals(namespace)) {
            return SVG_TAG_NAMES.getOrDefault(ElementView.asciiLowerCase(name), name);
        }
        return name;
    }

    /**
     * The attribute name to write for an attribute a handler adds to an element in {@code namespace}.
     *
     * @param namespace the element's namespace URI
     * @param name      the name the handler gave
     * @return on an SVG or MathML element the adjusted name of a listed attribute; otherwise {@code name}
     *         ASCII-lowercased
     */
    static String attributeName(String namespace, String name) {
        String lower = ElementView.asciiLowerCase(name);
        Map<String, String> adjusted = Namespaces.SVG.equals(namespace) ? SVG_ATTRIBUTES
                : Namespaces.MATHML.equals(namespace) ? MATHML_ATTRIBUTES : Map.of();
        return adjusted.getOrDefault(lower, lower);
    }
}
