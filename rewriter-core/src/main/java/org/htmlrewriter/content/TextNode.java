package org.htmlrewriter.content;

/**
 * A whole text node: the text between two other tokens (tags, comments, the doctype, the end of input) in one text
 * mode, held until it ends so that its handlers see all of it at once, however the input was split into chunks. An
 * element the tree builder implies in the middle of text (the {@code body} before a document's first words) ends a
 * node too. It is the same node whose last {@link TextChunk} has {@link TextChunk#isLastInTextNode()}; the text of a
 * raw-text element ({@code script}, {@code style}, {@code textarea}, {@code title}, ...) is one node. Empty nodes
 * are never reported.
 *
 * <p>Buffers: the node's bytes belong to the rewriter, which holds them (counted against its memory limit) from the
 * node's first byte until its handlers have run; the strings this view returns are copies, the caller's to keep.
 * Valid only during the handler call ({@link IllegalStateException} afterwards); confined to the thread running the
 * rewriter, not thread-safe.
 */
public interface TextNode {
    /**
     * {@return the node's text with character references decoded where the text type decodes them (not in script,
     * style...), and newlines normalized as a browser reads them}
     */
    String text();

    /** {@return the node's text as written in the input} */
    String rawText();

    /** {@return how the node's bytes read: the tokenizer state it was found in} */
    TextType textType();

    /**
     * Inserts content just before the node.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void before(String content, ContentType type);

    /**
     * Inserts content just after the node.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void after(String content, ContentType type);

    /**
     * Replaces the node's text with the content, written once (content inserted with {@link #before} and
     * {@link #after} stays). Text-chunk handlers then do not see the node.
     *
     * @param content the replacing content
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where it lands,
     *                {@link ContentType#HTML} goes in as is
     */
    void replace(String content, ContentType type);

    /**
     * Removes the node's text (content inserted with {@link #before} and {@link #after} stays). Text-chunk handlers
     * then do not see the node.
     */
    void remove();

    /** {@return whether the node was removed or replaced} */
    boolean isRemoved();

    /** {@return the whole node's byte range in the input} */
    SourceLocation sourceLocation();

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
