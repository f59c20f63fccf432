package org.htmlrewriter.content;

/**
 * Content produced piece by piece while the rewriter writes it (lol-html's {@code streaming_*} mutations): a large
 * or generated insertion is written to the output as it is produced, never held whole, so it does not count
 * against the memory limit as a whole.
 *
 * <p>The rewriter calls {@link #writeTo} at most once, on its own thread, when it writes the content at its place:
 * after the handler that inserted it returned (content at an element's end when the element closes). It is not
 * called for content that is dropped before that (an element removed or replaced later, content inside removed
 * content). Anything it throws is a handler failure ({@link org.htmlrewriter.HandlerException}, recovered from by
 * graceful bail-out as other handler failures are); content already written stays written.
 *
 * <p>The pieces together are inserted exactly as the same characters inserted as one {@code String} would be: TEXT is
 * escaped for where it lands, and must not form markup there nor change how what follows is read. That check runs
 * across piece boundaries: bytes that may still start markup depending on what comes next (a {@code <} in a
 * {@code <script>}, an unfinished {@code <!--} there) are held until the next pieces settle them, at most 64 KiB;
 * content that would form markup, that ends leaving them unsettled, or that holds more than that, fails the document
 * ({@link org.htmlrewriter.HandlerException} with an {@link IllegalArgumentException} cause) without writing the
 * bytes in question. Only content that is checked this way differs from the {@code String} version: such a failure
 * comes when the content is written rather than when the handler inserts it.
 */
@FunctionalInterface
public interface StreamingContent {
    /**
     * Writes the content to {@code out}, piece by piece.
     *
     * @param out where to write the pieces; valid during this call only
     * @throws Exception anything: the document fails with a {@link org.htmlrewriter.HandlerException}
     */
    void writeTo(ContentWriter out) throws Exception;
}
