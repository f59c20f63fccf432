package org.htmlrewriter.selectors;

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

    private Namespaces() {
    }
}
