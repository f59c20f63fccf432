package org.htmlrewriter.content;

/** A comment ({@code <!-- ... -->}, or a bogus comment such as {@code <?xml ...>}). Valid only during the call. */
public interface Comment {
    /** {@return the comment's text (U+0000 replaced, newlines normalised)} */
    String text();

    /**
     * Replaces the text; the comment is then written as {@code <!--text-->}. Refuses ({@link IllegalArgumentException})
     * text that would end or break the comment: containing {@code -->}, {@code --!>} or {@code <!--}, starting with
     * {@code >} or {@code ->}, or ending with {@code <!-} or {@code -}.
     *
     * @param text the new text
     */
    void setText(String text);

    /**
     * Inserts content just before the comment.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML}
     *                goes in as is
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
     * Inserts content just after the comment.
     *
     * @param content the content to insert
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML}
     *                goes in as is
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
     * Replaces the comment with the content (content inserted with {@link #before} and {@link #after} stays).
     *
     * @param content the replacing content
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML}
     *                goes in as is
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
     * Removes the comment. Content inserted with {@link #before} and {@link #after} stays, and so does a replacement
     * set earlier with {@link #replace} (as in lol-html).
     */
    void remove();

    /** {@return whether the comment was removed or replaced} */
    boolean isRemoved();

    /** {@return the comment's byte range in the input} */
    SourceLocation sourceLocation();

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
