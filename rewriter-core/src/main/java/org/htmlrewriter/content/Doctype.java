package org.htmlrewriter.content;

/** A DOCTYPE. Valid only during the call. */
public interface Doctype {
    /** The name, ASCII-lowercased, or {@code null} if missing. */
    String name();

    /** The public identifier, or {@code null} if missing. */
    String publicId();

    /** The system identifier, or {@code null} if missing. */
    String systemId();

    /** Whether a browser would render the document in quirks mode because of how this DOCTYPE is written. */
    boolean forceQuirks();

    void remove();

    boolean isRemoved();

    SourceLocation sourceLocation();

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
