package org.htmlrewriter.selectors.internal;

import java.util.Map;

import org.htmlrewriter.selectors.Namespaces;

/**
 * The attributes that the HTML parser puts in a namespace on SVG and MathML elements ({@code xlink:href},
 * {@code xml:lang}, {@code xmlns}, ...: WHATWG HTML, "adjust foreign attributes"), for matching {@code [ns|a]}.
 *
 * <p>Stateless; thread-safe.
 */
final class ForeignAttributes {
    /**
     * The attributes the HTML parser puts in a namespace on SVG and MathML elements, by the name the tokenizer
     * reads (lowercase, prefix included): their namespace and local name. Everywhere else, and for every other
     * name, an attribute is in no namespace and its local name is the name as read.
     */
    private static final Map<String, ForeignAttribute> FOREIGN_ATTRIBUTES = Map.ofEntries(
            xlink("actuate"), xlink("arcrole"), xlink("href"), xlink("role"), xlink("show"), xlink("title"),
            xlink("type"),
            Map.entry("xml:lang", new ForeignAttribute(Namespaces.XML, "lang")),
            Map.entry("xml:space", new ForeignAttribute(Namespaces.XML, "space")),
            Map.entry("xmlns", new ForeignAttribute(Namespaces.XMLNS, "xmlns")),
            Map.entry("xmlns:xlink", new ForeignAttribute(Namespaces.XMLNS, "xlink")));

    private ForeignAttributes() {
    }

    private static Map.Entry<String, ForeignAttribute> xlink(String localName) {
        return Map.entry("xlink:" + localName, new ForeignAttribute(Namespaces.XLINK, localName));
    }

    /** An attribute's namespace and local name on SVG and MathML elements. */
    private record ForeignAttribute(String namespace, String localName) {
    }

    /** Whether an attribute with this (lowercase) name is in a namespace on SVG and MathML elements. */
    static boolean isNamespacedOnForeignElements(String name) {
        return FOREIGN_ATTRIBUTES.containsKey(name);
    }

    /**
     * The name as written (lowercase) of the attribute that SVG and MathML elements have in {@code namespace} with
     * {@code localName}, or null if the HTML parser never makes such an attribute.
     */
    static String foreignAttributeName(String namespace, String localName) {
        for (Map.Entry<String, ForeignAttribute> entry : FOREIGN_ATTRIBUTES.entrySet()) {
            ForeignAttribute attribute = entry.getValue();
            if (attribute.namespace().equals(namespace) && attribute.localName().equals(localName)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * The name as written (lowercase) of the attribute that SVG and MathML elements have in some namespace with
     * {@code localName}, or null if none (local names of the namespaced attributes are all distinct).
     */
    static String foreignAttributeName(String localName) {
        for (Map.Entry<String, ForeignAttribute> entry : FOREIGN_ATTRIBUTES.entrySet()) {
            if (entry.getValue().localName().equals(localName)) {
                return entry.getKey();
            }
        }
        return null;
    }
}
