package org.htmlrewriter.content;

/** The tokenizer state a text chunk was found in, which decides how its bytes read. */
public enum TextType {
    /** Normal content: character references are decoded. */
    DATA,
    /** {@code title}, {@code textarea}: references decoded, no tags. */
    RCDATA,
    /** {@code style}, {@code xmp}, {@code iframe}, {@code noembed}, {@code noframes}, {@code noscript}: raw. */
    RAWTEXT,
    /** {@code script}: raw. */
    SCRIPT_DATA,
    /** After {@code <plaintext>}: everything to the end is raw text. */
    PLAINTEXT,
    /** Inside {@code <![CDATA[ ... ]]>} in SVG or MathML. */
    CDATA_SECTION
}
