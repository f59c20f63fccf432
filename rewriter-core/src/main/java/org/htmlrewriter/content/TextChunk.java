package org.htmlrewriter.content;

/**
 * A piece of a text node. A text node may arrive in several chunks (as input chunks end); the last one has
 * {@link #isLastInTextNode()} and may be empty. A chunk never splits a character or a character reference.
 * Valid only during the call.
 */
public interface TextChunk {
    /** The text with character references decoded where the text type decodes them (not in script, style...). */
    String text();

    /** The text as written. */
    String rawText();

    boolean isLastInTextNode();

    TextType textType();

    void before(String content, ContentType type);

    void after(String content, ContentType type);

    void replace(String content, ContentType type);

    void remove();

    boolean isRemoved();

    SourceLocation sourceLocation();
}
