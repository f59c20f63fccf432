/**
 * What handlers see and change: {@link org.htmlrewriter.content.Element}, {@link org.htmlrewriter.content.EndTag},
 * {@link org.htmlrewriter.content.TextChunk}, {@link org.htmlrewriter.content.TextNode},
 * {@link org.htmlrewriter.content.Comment},
 * {@link org.htmlrewriter.content.Doctype} and {@link org.htmlrewriter.content.DocumentEnd}.
 *
 * <p>Every object handed to a handler is a <em>view</em> valid only during that handler call: it may share buffers
 * with the rewriter and is reused. Using one after the handler returned throws {@link IllegalStateException}.
 * Copy what you need (strings returned by getters are yours to keep). Views are confined to the thread running the
 * rewriter.
 *
 * <p>Inserted content is a {@code String} with a {@link org.htmlrewriter.content.ContentType}: {@code TEXT} is
 * escaped for the place it lands in, {@code HTML} is inserted as is. It is encoded in the document's charset.
 * Every method that takes such a string also takes a {@link org.htmlrewriter.content.StreamingContent}: content
 * produced piece by piece into a {@link org.htmlrewriter.content.ContentWriter} while it is written, never held
 * whole.
 *
 * <p>{@link org.htmlrewriter.content.SourceLocation} tells where a view's bytes were in the input, with their line
 * and column when the rewriter counts lines.
 */
package org.htmlrewriter.content;
