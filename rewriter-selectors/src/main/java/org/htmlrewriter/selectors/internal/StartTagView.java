package org.htmlrewriter.selectors.internal;

import org.htmlrewriter.selectors.Namespaces;

/**
 * What the matcher reads of a start tag. Implemented by the caller over its own buffers so that handing a tag
 * over allocates nothing.
 *
 * <p>Confined: a view is valid only during the {@link MatchingStack#startTag} call it is passed to; the matcher
 * keeps no reference to it or to the character sequences it returns after that call returns.
 */
public interface StartTagView {
    /** {@return the tag name's hash as {@link ElementNames#hash} computes it; 0 when the name is not hashable} */
    long nameHash();

    /** {@return the ASCII-lowercased tag name} */
    CharSequence localName();

    /**
     * Whether the element is in the HTML namespace; false for SVG and MathML elements, which get no implied end
     * tags and which are not pushed when self-closing.
     *
     * @return whether the element is in the HTML namespace; false for SVG and MathML elements, which get no implied end
     * tags and which are not pushed when self-closing
     */
    boolean isHtml();

    /**
     * The element's namespace: {@link Namespaces#HTML}, {@link Namespaces#SVG} or {@link Namespaces#MATHML} (the
     * constants themselves, or equal strings), consistent with {@link #isHtml}. Read only when a selector names a
     * namespace ({@code svg|rect}). The default answers {@link Namespaces#HTML} for HTML elements and null for the
     * others: a view that cannot tell SVG from MathML then matches no selector that names either.
     *
     * @return the element's namespace URI, or null if the view cannot tell which foreign namespace it is
     */
    default String namespaceUri() {
        return isHtml() ? Namespaces.HTML : null;
    }

    /**
     * Decoded value of the attribute with this lowercase name, {@code ""} for a valueless attribute, null if
     * absent. Called lazily, only when a selector needs it; may be called several times per tag.
     *
     * @param lowerCaseName the attribute's name, ASCII-lowercased
     * @return decoded value of the attribute with this lowercase name, {@code ""} for a valueless attribute, null if
     * absent
     */
    CharSequence attribute(String lowerCaseName);

    /**
     * Number of attributes of the tag as written, duplicates included; -1 (the default) when the view cannot list
     * them. Listing lets the matcher find the selectors keyed by attribute names and values ({@code [data-x]},
     * {@code a[href^="/p/"]}) with work proportional to the tag's attributes; without it the matcher asks
     * {@link #attribute} once per distinct attribute name any selector uses.
     *
     * @return number of attributes of the tag as written, duplicates included; -1 (the default) when the view cannot
     * list them
     */
    default int attributeCount() {
        return -1;
    }

    /**
     * Name of attribute {@code index} ({@code 0 <= index < attributeCount()}), ASCII-lowercased, or null if the view
     * cannot list attributes. For every name {@code n} for which {@link #attribute attribute(n)} is not null, some
     * index must have the name {@code n} (char for char) and {@link #attributeValue} equal to
     * {@code attribute(n)}; other entries (such as later duplicates) only cost a lookup.
     *
     * @param index the attribute's index, from 0 to {@code attributeCount() - 1}
     * @return name of attribute {@code index} ({@code 0 <= index < attributeCount()}), ASCII-lowercased, or null if the
     * view cannot list attributes
     */
    default CharSequence attributeName(int index) {
        return null;
    }

    /**
     * Decoded value of attribute {@code index}, {@code ""} for a valueless attribute, or null if the view cannot
     * list attributes.
     *
     * @param index the attribute's index, from 0 to {@code attributeCount() - 1}
     * @return decoded value of attribute {@code index}, {@code ""} for a valueless attribute, or null if the view
     * cannot list attributes
     */
    default CharSequence attributeValue(int index) {
        return null;
    }
}
