package org.htmlrewriter.content;

/** One attribute of a start tag. A snapshot: changing the element later does not change it. Immutable. */
public interface Attribute {
    /** {@return the name, ASCII-lowercased} */
    String name();

    /** {@return the value with character references decoded; {@code ""} for an attribute written without a value} */
    String value();

    /**
     * {@return the value as written between its quotes (references not decoded); for a value set by a handler, that
     * value}
     */
    String rawValue();
}
