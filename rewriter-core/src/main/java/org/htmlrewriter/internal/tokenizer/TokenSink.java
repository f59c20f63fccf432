package org.htmlrewriter.internal.tokenizer;

/**
 * Receives what a {@link Tokenizer} finds, in input order. Every input byte is reported exactly once, through
 * {@link #text}, {@link #passThrough}, or as part of the raw range of a captured token
 * ({@link #startTag}/{@link #endTag} with {@code captured}, {@link #comment}, {@link #doctype}); so a sink that
 * writes all of those ranges out in call order reproduces the input byte for byte.
 *
 * <p>The arrays handed out belong to the caller of {@link Tokenizer#write} or to the tokenizer; they are valid
 * only during the call. Implementations must not throw except to abort tokenizing (the tokenizer is then
 * unusable).
 */
public interface TokenSink {

    /** Raw text bytes in {@code mode}. One text node may arrive in several calls (chunk ends, held tails). */
    void text(byte[] buf, int start, int end, TextMode mode);

    /**
     * Raw bytes that belong to no reported token: tokens that were not captured, and constructs that produce
     * no token at all ({@code </>}, a tag cut off by the end of input).
     */
    void passThrough(byte[] buf, int start, int end);

    /**
     * Asked once per tag as soon as its name is complete (only the name fields of {@code tag} are set):
     * whether to hold the whole tag and report it with its ranges, or to stream its bytes through
     * {@link #passThrough} and report only its name. The default captures every tag.
     */
    default boolean captureTag(TagToken tag) {
        return true;
    }

    void startTag(TagToken tag);

    void endTag(TagToken tag);

    /** A comment; called only while {@link Tokenizer#setCaptureComments comments are captured}. */
    void comment(CommentToken comment);

    /** A DOCTYPE; called only while {@link Tokenizer#setCaptureDoctypes doctypes are captured}. */
    void doctype(DoctypeToken doctype);

    /** End of input: every byte has been reported. */
    void end();
}
