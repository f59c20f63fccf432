package org.htmlrewriter.content;

import java.util.List;
import org.htmlrewriter.EndTagHandler;

/**
 * An element, seen when its start tag streams past. Handlers may change the start tag (name, attributes), insert
 * content around it and inside it, remove it, and register handlers for its end tag.
 *
 * <p>Valid only during the handler call that received it ({@link IllegalStateException} afterwards).
 *
 * <p>Insertion order follows lol-html: {@link #before} and {@link #append} add after earlier calls of the same
 * method; {@link #after} and {@link #prepend} add before them (each lands next to the element). {@link #replace}
 * and {@link #setInnerContent} replace what earlier calls of themselves set. Content inserted with {@link #append}
 * or {@link #after} is emitted even when the end tag is implied or never comes (at the end of input).
 *
 * <p>How mutations meet (lol-html's rules):
 * <ul>
 * <li>{@link #remove} drops the element's tags and content and what was inserted inside it so far
 * ({@link #prepend}, {@link #append}, {@link #setInnerContent}); it keeps what was inserted around it
 * ({@link #before}, {@link #after}), a {@link #replace} replacement set earlier, and content an end-tag handler
 * inserts. Content inserted inside after {@code remove()} is still written, where the element was.</li>
 * <li>{@link #replace} after {@code remove()} sets the replacement; {@code remove()} after {@link #replace} keeps
 * it.</li>
 * <li>On an element that cannot have content ({@link #canHaveContent()} false: void elements, self-closing foreign
 * ones), what lands inside it ({@link #prepend}, {@link #append}, {@link #setInnerContent}) is ignored, so a
 * handler for many elements ({@code *}) need not test; {@link #onEndTag} throws {@link IllegalStateException}:
 * a handler that would never be called is a mistake to report, not to ignore.</li>
 * </ul>
 */
public interface Element {
    /** {@return the tag name, ASCII-lowercased} */
    String tagName();

    /**
     * Renames the element; its end tag is renamed too. The name must be a valid tag name (ASCII letter first, no
     * whitespace, {@code /}, {@code >} or NUL), else {@link IllegalArgumentException}. It is written as given, except
     * inside SVG, where a name of the HTML standard's "adjust SVG tag names" table is written in its mixed case
     * whatever case it is given in ({@code "lineargradient"} is written {@code linearGradient}), as a browser's
     * tree has it. {@link #tagName} returns it ASCII-lowercased.
     *
     * @param name the new tag name
     * @throws IllegalArgumentException if the name is not a valid tag name
     * @throws IllegalStateException if the element is {@linkplain #isImplied() implied}: it has no tags to rename,
     *         and a start tag of another name would make another element
     */
    void setTagName(String name);

    /**
     * {@return the element's namespace: the HTML, SVG or MathML namespace URI, as the constants of
     * {@link org.htmlrewriter.selectors.Namespaces}}
     */
    String namespaceUri();

    /**
     * {@return the attributes in source order (first of duplicates only, as HTML reads them), with changes made so far}
     */
    List<Attribute> attributes();

    /**
     * Decoded value of the attribute (name ASCII case-insensitive), {@code ""} if valueless, {@code null} if absent.
     *
     * @param name the attribute's name (ASCII case-insensitive)
     * @return decoded value of the attribute (name ASCII case-insensitive), {@code ""} if valueless, {@code null} if
     * absent
     */
    String getAttribute(String name);

    /**
     * The attribute's value as written (references not decoded), or {@code null} if absent.
     *
     * @param name the attribute's name (ASCII case-insensitive)
     * @return the attribute's value as written (references not decoded), or {@code null} if absent
     */
    String rawAttribute(String name);

    /**
     * Whether the element has the attribute.
     *
     * @param name the attribute's name (ASCII case-insensitive)
     * @return whether the attribute is present (with the changes made so far)
     */
    boolean hasAttribute(String name);

    /**
     * Sets an attribute (adding it after the others if absent). The value is the value a browser should read, as
     * {@link #getAttribute} returns it: {@code "} is written as {@code &quot;}, and {@code &} as {@code &amp;} where it
     * would otherwise start a character reference; everything else is written as given. So
     * {@code setAttribute(n, prefix + getAttribute(n))} is safe.
     *
     * <p>An attribute the element does not have yet is added with the name a browser's tree gives it, whatever case
     * it is given in: ASCII-lowercased, except on SVG and MathML elements the names of the HTML standard's "adjust
     * SVG attributes" and "adjust MathML attributes" tables, which are written in their mixed case
     * ({@code "viewbox"} and {@code "VIEWBOX"} are written {@code viewBox} on an SVG element, {@code viewbox} on an
     * HTML one; {@code "definitionurl"} is written {@code definitionURL} on a MathML element). An attribute the
     * element has keeps its name as written in the document.
     *
     * @param name the attribute's name (ASCII case-insensitive)
     * @param value the value a browser should read (escaped here where needed)
     */
    void setAttribute(String name, String value);

    /**
     * Removes the attribute (every occurrence of the name), if present.
     *
     * @param name the attribute's name (ASCII case-insensitive)
     */
    void removeAttribute(String name);

    /** {@return whether the start tag ended with {@code />}} */
    boolean isSelfClosing();

    /**
     * Whether the tree builder created this element with no start tag of its own, as a browser does for the
     * {@code html}, {@code head} and {@code body} of a page that omits them, the {@code tbody} of a table whose rows
     * come without one (also {@code tr} for a cell directly in a table section, {@code colgroup} for a {@code col}
     * directly in a table), and the empty {@code p} that {@code </p>} makes when no paragraph is open.
     *
     * <p>An implied element is matched and handled like any other, at the place the tree builder creates it (just
     * before the tag, text or end of input that makes it). Its {@link #sourceLocation()} is empty. Content inserted
     * before, after or inside it goes to that place (and to where the element closes); an attribute change writes
     * a start tag there, which makes the same element; {@link #setTagName} is refused: a start tag of another name
     * would make another element.
     *
     * @return whether the element is implied
     */
    boolean isImplied();

    /**
     * {@return whether the element can have content and an end tag (false for void elements and self-closing foreign
     * ones)}
     */
    boolean canHaveContent();

    /**
     * Inserts content just before the start tag.
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
     * Inserts content just after the element (after its end tag, or after the start tag if it has none).
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
     * Inserts content just after the start tag. Ignored when the element cannot have content.
     *
     * @param content the content to insert
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
     */
    void prepend(String content, ContentType type);

    /**
     * As {@link #prepend(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void prepend(StreamingContent content, ContentType type);

    /**
     * Inserts content just before the end tag. Ignored when the element cannot have content.
     *
     * @param content the content to insert
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
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

    /**
     * Replaces the element, its content and its end tag with the content (a later {@link #remove} keeps it).
     *
     * @param content the content to insert
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

    /**
     * Replaces the element's content. Ignored when the element cannot have content.
     *
     * @param content the content to insert
     * @param type how {@code content} is inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes
     * in as is
     */
    void setInnerContent(String content, ContentType type);

    /**
     * As {@link #setInnerContent(String, ContentType)}, with content produced piece by piece while it is written, never held
     * whole (see {@link StreamingContent}).
     *
     * @param content writes the content when the rewriter writes it at its place
     * @param type how the pieces are inserted: {@link ContentType#TEXT} is escaped, {@link ContentType#HTML} goes in
     * as is
     */
    void setInnerContent(StreamingContent content, ContentType type);

    /**
     * Removes the element with its content and end tag. Content inserted before and after it stays, and so does a
     * replacement set earlier with {@link #replace}; content inserted inside it so far goes with it (see the rules
     * above).
     */
    void remove();

    /**
     * Removes the start and end tags but keeps the content.
     *
     * @throws IllegalStateException if the element's content is not read as markup ({@code script}, {@code style},
     *         {@code textarea}, {@code title}, {@code xmp}, {@code iframe}, {@code noembed}, {@code noframes},
     *         {@code noscript} with scripting, {@code plaintext}): without its tags, that text would be read as markup,
     *         so remove the element or keep its tags
     */
    void removeAndKeepContent();

    /** {@return whether the element was removed or replaced (by this handler or an earlier one)} */
    boolean isRemoved();

    /**
     * Registers a handler for this element's end tag, called when the element closes: explicitly, implicitly by the
     * HTML parsing rules, or at the end of input ({@link EndTag#closing()} tells which). Several handlers run in
     * registration order. Throws {@link IllegalStateException} if the element cannot have content (it has no end tag,
     * so the handler would never be called; lol-html refuses it too).
     *
     * @param handler the handler, called on the thread running the rewriter
     */
    void onEndTag(EndTagHandler handler);

    /**
     * Registers an asynchronous handler for this element's end tag, as {@link #onEndTag} does; the rewriter processes
     * nothing after the end until the handler's stage completes (see {@link org.htmlrewriter.AsyncEndTagHandler}).
     * Only in an {@link org.htmlrewriter.AsyncHtmlRewriter}: a synchronous rewriter throws
     * {@link IllegalStateException}.
     *
     * @param handler the handler
     */
    void onEndTagAsync(org.htmlrewriter.AsyncEndTagHandler handler);

    /** {@return byte range of the start tag in the input} */
    SourceLocation sourceLocation();

    /** {@return the state of the document this belongs to (see {@link org.htmlrewriter.DocumentContext})} */
    org.htmlrewriter.DocumentContext context();
}
