package org.htmlrewriter.content;

/** The end of the document: content appended here is the last output. Valid only during the call. */
public interface DocumentEnd {
    void append(String content, ContentType type);

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
