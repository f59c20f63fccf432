package org.htmlrewriter.internal.tokenizer;

/**
 * What a tree builder tells its tokenizer, decided here without a tree: the text mode after each start tag, and
 * whether {@code <![CDATA[} opens a CDATA section (only in foreign content). The tokenizer calls it for every
 * tag, captured or not; the tag's attribute ranges are valid only for tags for which
 * {@link #needsAttributes} returned true (the tokenizer then captures them whatever the sink says).
 */
public interface ParserFeedback {

    /** Whether deciding on this tag needs its attributes ({@code font}, {@code annotation-xml}, ...). */
    boolean needsAttributes(TagToken nameOnly);

    /** After a start tag: the mode the tokenizer continues in (usually {@link TextMode#DATA}). */
    TextMode afterStartTag(TagToken tag);

    /** After an end tag. */
    void afterEndTag(TagToken tag);

    /** Whether the adjusted current node is in a foreign (SVG or MathML) namespace: CDATA sections allowed. */
    boolean inForeignContent();
}
