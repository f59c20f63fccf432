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

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
