package org.htmlrewriter;

/**
 * Without building a tree, the rewriter cannot tell how a browser would tokenize what follows (for example a
 * text-mode tag such as {@code <script>} inside {@code <select>}, or content after {@code <frameset>}). Raised
 * only in strict mode; in lenient mode the rewriter makes the browser's most likely choice and goes on.
 */
public class ParsingAmbiguityException extends RewritingException {
    private static final long serialVersionUID = 1L;
    /** Byte offset in the input of the tag that made the parse ambiguous. */
    private final long streamOffset;

    /**
     * An ambiguity found at {@code streamOffset}.
     *
     * @param message      what is ambiguous
     * @param streamOffset byte offset in the input of the tag that made it so
     */
    public ParsingAmbiguityException(String message, long streamOffset) {
        super(message + " (at byte " + streamOffset + ")");
        this.streamOffset = streamOffset;
    }

    /** {@return byte offset in the input stream of the tag that made the parse ambiguous} */
    public long streamOffset() {
        return streamOffset;
    }
}
