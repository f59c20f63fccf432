package org.htmlrewriter.content;

/**
 * The end of an element, given to the handlers registered with {@link Element#onEndTag}. An end tag implied by the
 * HTML parsing rules or by the end of input has no bytes: {@link #setName} and {@link #remove} change nothing for
 * it, while {@link #before}, {@link #after} and {@link #replace} still insert content at that point (a replacement
 * replaces nothing there: it is written between the content inserted with {@code before} and with {@code after}).
 *
 * <p>Valid only during the handler call that received it.
 */
public interface EndTag {
    /** How an element closed. */
    enum Closing {
        /** By its own end tag in the input. */
        EXPLICIT,
        /** By the HTML parsing rules (for example {@code <p>} closed by a following {@code <div>}). */
        IMPLICIT,
        /** Still open when the input ended. */
        END_OF_INPUT
    }

    /** {@return the end tag's name, ASCII-lowercased} */
    String name();

    /**
     * Renames an explicit end tag. Same rules as {@link Element#setTagName}, including the adjusted case of SVG tag
     * names.
     *
     * @param name the new name
     */
    void setName(String name);

    /** {@return how the element closed: by its end tag, implied by the HTML rules, or at the end of input} */
    Closing closing();

    /**
     * Inserts content just before the end tag (inside the element).
     *
     * @param content the content to insert
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
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
     * Inserts content just after the end tag.
     *
     * @param content the content to insert
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
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
     * Replaces an explicit end tag's bytes with the content; content inserted with {@link #before} and {@link #after}
     * stays around it, and a later call replaces what an earlier one set. The content lands where the element's
     * content ends: {@link ContentType#TEXT} is escaped as in {@link #before} (inside a raw-text element it goes in as
     * is, and text that would end the element is refused). As for {@link #remove}, the element then has no end tag
     * in the output: what follows is read inside it unless the content closes it ({@code "</section>"} as HTML).
     *
     * <p>An implied end tag has no bytes to replace: the content is inserted where the element closes, between
     * content inserted with {@code before} and {@code after}, and {@link #isRemoved} stays false.
     *
     * @param content the replacing content
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
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

    /** Removes an explicit end tag's bytes (inserted content stays, and so does a replacement set earlier). */
    void remove();

    /** {@return whether the end tag's bytes were removed or replaced} */
    boolean isRemoved();

    /** {@return byte range of the end tag in the input (empty for implied end tags)} */
    SourceLocation sourceLocation();

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
