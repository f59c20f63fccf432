package org.htmlrewriter.content;

/** A comment ({@code <!-- ... -->}, or a bogus comment such as {@code <?xml ...>}). Valid only during the call. */
public interface Comment {
    /** The comment's text (U+0000 replaced, newlines normalised). */
    String text();

    /**
     * Replaces the text; the comment is then written as {@code <!--text-->}. Refuses ({@link IllegalArgumentException})
     * text that would end or break the comment: containing {@code -->}, {@code --!>} or {@code <!--}, starting with
     * {@code >} or {@code ->}, or ending with {@code <!-} or {@code -}.
     */
    void setText(String text);

    void before(String content, ContentType type);

    void after(String content, ContentType type);

    void replace(String content, ContentType type);

    void remove();

    boolean isRemoved();

    SourceLocation sourceLocation();

    /** The state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext}). */
    org.htmlrewriter.DocumentContext context();
}
