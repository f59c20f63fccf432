package org.htmlrewriter.content;

/** A DOCTYPE. Valid only during the call. */
public interface Doctype {
    /** {@return the name, ASCII-lowercased, or {@code null} if missing} */
    String name();

    /** {@return the public identifier, or {@code null} if missing} */
    String publicId();

    /** {@return the system identifier, or {@code null} if missing} */
    String systemId();

    /** {@return whether a browser would render the document in quirks mode because of how this DOCTYPE is written} */
    boolean forceQuirks();

    /** Removes the DOCTYPE from the output. */
    void remove();

    /** {@return whether the DOCTYPE was removed} */
    boolean isRemoved();

    /** {@return the DOCTYPE's byte range in the input} */
    SourceLocation sourceLocation();

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
