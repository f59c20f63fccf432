package org.htmlrewriter.selectors;

import java.util.Map;

/**
 * The namespace URIs an HTML document uses: every element is in the {@link #HTML}, {@link #SVG} or {@link #MATHML}
 * namespace; attributes are in no namespace, except the few that the HTML parser puts in the {@link #XLINK},
 * {@link #XML} or {@link #XMLNS} namespace on SVG and MathML elements ({@code xlink:href}, {@code xml:lang},
 * {@code xmlns}, ...: WHATWG HTML, "adjust foreign attributes"). Use them to declare prefixes for selectors such as
 * {@code svg|rect} or {@code [xlink|href]}.
 *
 * <p>Stateless; thread-safe.
 */
public final class Namespaces {
    /** The HTML namespace: {@value}. */
    public static final String HTML = "http://www.w3.org/1999/xhtml";
    /** The SVG namespace: {@value}. */
    public static final String SVG = "http://www.w3.org/2000/svg";
    /** The MathML namespace: {@value}. */
    public static final String MATHML = "http://www.w3.org/1998/Math/MathML";
    /** The XLink namespace, of {@code xlink:href} and its kin on SVG and MathML elements: {@value}. */
    public static final String XLINK = "http://www.w3.org/1999/xlink";
    /** The XML namespace, of {@code xml:lang} and {@code xml:space} on SVG and MathML elements: {@value}. */
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
    /** The XMLNS namespace, of {@code xmlns} and {@code xmlns:xlink} on SVG and MathML elements: {@value}. */
    public static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    /**
     * The attributes the HTML parser puts in a namespace on SVG and MathML elements, by the name the tokenizer
     * reads (lowercase, prefix included): their namespace and local name. Everywhere else, and for every other
     * name, an attribute is in no namespace and its local name is the name as read.
     */
    private static final Map<String, ForeignAttribute> FOREIGN_ATTRIBUTES = Map.ofEntries(
            xlink("actuate"), xlink("arcrole"), xlink("href"), xlink("role"), xlink("show"), xlink("title"),
            xlink("type"),
            Map.entry("xml:lang", new ForeignAttribute(XML, "lang")),
            Map.entry("xml:space", new ForeignAttribute(XML, "space")),
            Map.entry("xmlns", new ForeignAttribute(XMLNS, "xmlns")),
            Map.entry("xmlns:xlink", new ForeignAttribute(XMLNS, "xlink")));

    private Namespaces() {
    }

    private static Map.Entry<String, ForeignAttribute> xlink(String localName) {
        return Map.entry("xlink:" + localName, new ForeignAttribute(XLINK, localName));
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
