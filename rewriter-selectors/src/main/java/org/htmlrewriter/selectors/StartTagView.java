package org.htmlrewriter.selectors;

/**
 * What the matcher reads of a start tag. Implemented by the caller over its own buffers so that handing a tag
 * over allocates nothing.
 *
 * <p>Confined: a view is valid only during the {@link MatchingStack#startTag} call it is passed to; the matcher
 * keeps no reference to it or to the character sequences it returns after that call returns.
 */
public interface StartTagView {
    /** The tag name's hash as {@link ElementNames#hash} computes it; 0 when the name is not hashable. */
    long nameHash();

    /** The ASCII-lowercased tag name. */
    CharSequence localName();

    /**
     * Whether the element is in the HTML namespace; false for SVG and MathML elements, which get no implied end
     * tags and which are not pushed when self-closing.
     */
    boolean isHtml();

    /**
     * Decoded value of the attribute with this lowercase name, {@code ""} for a valueless attribute, null if
     * absent. Called lazily, only when a selector needs it; may be called several times per tag.
     */
    CharSequence attribute(String lowerCaseName);
}
