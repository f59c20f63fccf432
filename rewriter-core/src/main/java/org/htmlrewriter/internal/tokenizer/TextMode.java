package org.htmlrewriter.internal.tokenizer;

/**
 * The tokenizer's text states: which kind of text the bytes between tags are, and how an end tag is found.
 * Also the initial states the html5lib tokenizer tests name.
 */
public enum TextMode {
    /** Normal markup: tags, comments and character references are recognised. */
    DATA,
    /** {@code title}, {@code textarea}: only the appropriate end tag ends it; character references count. */
    RCDATA,
    /** {@code style}, {@code xmp}, {@code iframe}, {@code noembed}, {@code noframes}, {@code noscript} (scripting on). */
    RAWTEXT,
    /** {@code script}: like RAWTEXT, with the escaped and double-escaped comment-like states. */
    SCRIPT_DATA,
    /** {@code plaintext}: everything to the end of input is text. */
    PLAINTEXT,
    /** {@code <![CDATA[ ... ]]>} in foreign content; the text is the bytes between the delimiters. */
    CDATA_SECTION;

    /** Whether character references are decoded in text of this mode. */
    public boolean decodesCharacterReferences() {
        return this == DATA || this == RCDATA;
    }

    /** Whether U+0000 in text of this mode becomes U+FFFD (it stays U+0000 in DATA and CDATA). */
    public boolean replacesNul() {
        return this == RCDATA || this == RAWTEXT || this == SCRIPT_DATA || this == PLAINTEXT;
    }
}
