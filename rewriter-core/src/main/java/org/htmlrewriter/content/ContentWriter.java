package org.htmlrewriter.content;

/**
 * Where a {@link StreamingContent} writes its content, piece by piece. Each piece is escaped (for
 * {@link ContentType#TEXT}), encoded in the document's charset and written to the rewriter's output as it comes:
 * nothing of the content is held whole, only what TEXT needs to be checked across pieces (see
 * {@link StreamingContent}).
 *
 * <p>Valid only while the {@link StreamingContent#writeTo} call that received it runs, on that thread
 * ({@link IllegalStateException} afterwards); not thread-safe. The characters passed are read during the call only.
 */
public interface ContentWriter {
    /**
     * Writes the next piece of the content. A surrogate pair may be split between two pieces; a lone surrogate is
     * refused. Pieces may be empty.
     *
     * @param piece the next characters of the content, read during this call only
     * @throws org.htmlrewriter.HandlerException if the content cannot be written there (TEXT that would form
     *                                            markup, a character the charset cannot write in raw text); the
     *                                            document fails, and further writes throw it again
     * @throws IllegalStateException if called after the producer returned
     */
    void write(CharSequence piece);

    /**
     * Writes the next piece of the content, as {@link #write(CharSequence)} does.
     *
     * @param piece the next characters of the content
     */
    default void write(String piece) {
        write((CharSequence) piece);
    }
}
