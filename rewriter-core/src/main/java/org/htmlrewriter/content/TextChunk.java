package org.htmlrewriter.content;

/**
 * A piece of a text node. A text node may arrive in several chunks (as input chunks end); the last one has
 * {@link #isLastInTextNode()} and may be empty. A chunk never splits a character or a character reference, with
 * one exception: a numeric reference whose digits run on longer than any reference name (such as
 * {@code &#x0000000000000000000000000000000041;}) may be cut, as the engine holds back only a bounded tail. Its
 * raw bytes then belong to two or more chunks, and its character belongs to the {@link #text()} of the chunk in
 * which it ends. Joined in order, the chunks' {@link #text()} always give the text of the whole node, however the
 * input was split.
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

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
