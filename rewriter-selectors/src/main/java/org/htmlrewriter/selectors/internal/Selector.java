package org.htmlrewriter.selectors.internal;

import java.util.List;
import java.util.Map;

import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.htmlrewriter.selectors.internal.SelectorAst.Complex;

/**
 * A parsed CSS selector list, such as {@code "div.note > a[href^='https:'], #main p:nth-child(odd)"}. The grammar
 * it accepts, and what it rejects and why, is listed in the {@linkplain org.htmlrewriter.selectors package
 * documentation}.
 *
 * <p>Immutable; thread-safe. {@link #equals} and {@link #hashCode} compare structure: two texts that parse to
 * the same selectors (differing only in whitespace, case of type and attribute names, quoting or escapes, or
 * {@code *|} before an element name) are equal; a namespace prefix is compared with its URI. {@link #toString} gives
 * the canonical text, which parses back to an equal {@code Selector} (with the same namespace declarations).
 */
public final class Selector {
    private final List<Complex> complexSelectors;

    private Selector(List<Complex> complexSelectors) {
        this.complexSelectors = List.copyOf(complexSelectors);
    }

    /**
     * Parses a selector list.
     *
     * @param text the selector list, as written (CSS syntax)
     * @return the parsed selector list
     * @throws SelectorSyntaxException if the text is not a valid selector, or uses a feature that cannot be
     *                                 matched while streaming; its message says where and what to change
     * @throws NullPointerException    if {@code text} is null
     */
    public static Selector parse(String text) {
        return parse(text, Map.of());
    }

    /**
     * Parses a selector list that may use namespace prefixes: {@code prefix|name} for elements and attributes in
     * the namespace declared for {@code prefix} ({@code svg|rect}, {@code svg|*}, {@code [xlink|href]}). As in CSS,
     * no default namespace can be declared here: {@code E} and {@code *|E} match elements in any namespace,
     * {@code |E} elements in no namespace (none, in an HTML document), {@code [a]} and {@code [|a]} attributes in
     * no namespace, {@code [*|a]} attributes in any. The {@link #toString canonical text} parses back to an equal
     * selector with the same declarations.
     *
     * @param text       the selector list, as written (CSS syntax)
     * @param namespaces declared prefixes (case-sensitive, as in CSS) to namespace URIs (compared as strings; the
     *                   empty URI means no namespace), such as {@code Map.of("svg", Namespaces.SVG)}
     * @return the parsed selector list
     * @throws SelectorSyntaxException if the text is not a valid selector, uses a prefix that {@code namespaces}
     *                                 does not declare, or uses a feature that cannot be matched while streaming;
     *                                 its message says where and what to change
     * @throws NullPointerException    if {@code text} or {@code namespaces} is null, or the map holds a null
     * @throws IllegalArgumentException if {@code namespaces} declares the empty prefix
     */
    public static Selector parse(String text, Map<String, String> namespaces) {
        if (text == null) {
            throw new NullPointerException("selector text");
        }
        Map<String, String> declared = Map.copyOf(namespaces);
        if (declared.containsKey("")) {
            throw new IllegalArgumentException("the empty namespace prefix cannot be declared: '|name' means no"
                    + " namespace, and no default namespace can be declared");
        }
        return new Selector(SelectorParser.parseList(text, declared));
    }

    /** The comma-separated alternatives, in source order. */
    List<Complex> complexSelectors() {
        return complexSelectors;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && complexSelectors.equals(that.complexSelectors);
    }

    @Override
    public int hashCode() {
        return complexSelectors.hashCode();
    }

    /** The canonical text: lowercase names, single spaces around combinators, quoted attribute values. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        CssText.appendList(out, complexSelectors);
        return out.toString();
    }
}
