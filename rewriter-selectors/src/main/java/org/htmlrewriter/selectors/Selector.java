package org.htmlrewriter.selectors;

import java.util.List;

import org.htmlrewriter.selectors.SelectorAst.Complex;

/**
 * A parsed CSS selector list, such as {@code "div.note > a[href^='https:'], #main p:nth-child(odd)"}. The grammar
 * it accepts, and what it rejects and why, is listed in the {@linkplain org.htmlrewriter.selectors package
 * documentation}.
 *
 * <p>Immutable; thread-safe. {@link #equals} and {@link #hashCode} compare structure: two texts that parse to
 * the same selectors (differing only in whitespace, case of type and attribute names, quoting or escapes) are
 * equal. {@link #toString} gives the canonical text, which parses back to an equal {@code Selector}.
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
        if (text == null) {
            throw new NullPointerException("selector text");
        }
        return new Selector(SelectorParser.parseList(text));
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
