package org.htmlrewriter.content;

/**
 * A piece of a text node. A text node may arrive in several chunks (as input chunks end); the last one has
 * {@link #isLastInTextNode()} and may be empty. A chunk never splits a character or a character reference, with
 * one exception: a numeric reference whose digits run on longer than any reference name (such as
 * {@code &#x0000000000000000000000000000000041;}) may be cut, as the engine holds back only a bounded tail. Its
 * raw bytes then belong to two or more chunks, and its character belongs to the {@link #text()} of the chunk in
 * which it ends. Joined in order, the chunks' {@link #text()} always give the text of the whole node, however the
 * input was split. Handlers that need the whole node at once register for {@link TextNode}s instead.
 * Valid only during the call.
 */
public interface TextChunk {
    /**
     * {@return the text with character references decoded where the text type decodes them (not in script, style...)}
     */
    String text();

    /** {@return the text as written} */
    String rawText();

    /** {@return whether this is the last chunk of its text node (it may be empty)} */
    boolean isLastInTextNode();

    /** {@return how the chunk's bytes read: the tokenizer state it was found in} */
    TextType textType();

    /**
     * Inserts content just before the chunk.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void before(String content, ContentType type);

    /**
     * As {@link #before(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void before(StreamingContent content, ContentType type);

    /**
     * Inserts content just after the chunk.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void after(String content, ContentType type);

    /**
     * As {@link #after(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void after(StreamingContent content, ContentType type);

    /**
     * Replaces the chunk's text with the content (content inserted with {@link #before} and {@link #after} stays).
     *
     * @param content the replacing content
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void replace(String content, ContentType type);

    /**
     * As {@link #replace(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void replace(StreamingContent content, ContentType type);

    /**
     * Removes the chunk's text. Content inserted with {@link #before} and {@link #after} stays, and so does a replacement
     * set earlier with {@link #replace} (as in lol-html).
     */
    void remove();

    /** {@return whether the chunk was removed or replaced} */
    boolean isRemoved();

    /** {@return the chunk's byte range in the input} */
    SourceLocation sourceLocation();

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
