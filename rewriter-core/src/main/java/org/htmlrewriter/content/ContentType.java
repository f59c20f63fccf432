package org.htmlrewriter.content;

/** How inserted content is treated. */
public enum ContentType {
    /**
     * Text: escaped so that it reads as the given characters where it lands. In normal content {@code &}, {@code <}
     * and {@code >} become character references; in raw text elements ({@code script}, {@code style}, ...), where
     * references are not decoded, it is inserted as is, and content that would end the element early is refused
     * with {@link IllegalArgumentException}.
     */
    TEXT,
    /** Markup, inserted byte for byte (encoded in the document's charset). */
    HTML
}
