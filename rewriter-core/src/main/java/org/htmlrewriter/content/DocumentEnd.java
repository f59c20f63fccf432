package org.htmlrewriter.content;

/** The end of the document: content appended here is the last output. Valid only during the call. */
public interface DocumentEnd {
    /**
     * Appends content at the end of the document, after earlier appended content.
     *
     * @param content the content to append
     * @param type    how {@code content} is inserted: {@link ContentType#TEXT} is escaped for where the document
     *                ends, {@link ContentType#HTML} goes in as is
     */
    void append(String content, ContentType type);

    /**
     * As {@link #append(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void append(StreamingContent content, ContentType type);

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
