package org.htmlrewriter.netty;

import java.nio.charset.Charset;

/**
 * Told what the rewriting handler does with each response, for logging and metrics. Called on the channel's event
 * loop (possibly from many channels at once when one listener is shared): keep it fast, non-blocking and
 * thread-safe. Exceptions it throws are caught and ignored. Every method does nothing by default.
 */
public interface RewritingListener {
    /** How a failure was handled. */
    enum Outcome {
        /** No body byte had been sent: the client got a 502 Bad Gateway. */
        BAD_GATEWAY,
        /** Part of the body had been sent: the connection was closed without completing the response. */
        ABORTED,
        /** Graceful bail-out: the rest of the body went through unchanged. */
        PASSED_THROUGH
    }

    /**
     * A response will be passed through untouched, for {@code reason} (such as {@code "status 304"}).
     *
     * @param request the request the response answers
     * @param reason why, in a few words
     */
    default void passedThrough(RequestInfo request, String reason) {
    }

    /**
     * A response is being rewritten, its body read in {@code charset}.
     *
     * @param request the request the response answers
     * @param charset the charset the body is read in
     */
    default void rewriteStarted(RequestInfo request, Charset charset) {
    }

    /**
     * A rewritten response was completed: {@code bodyBytesIn} body bytes received (before decompression),
     * {@code decodedBytes} bytes given to the rewriter, {@code bytesOut} bytes sent, over {@code nanos}.
     *
     * @param request the request the response answers
     * @param bodyBytesIn body bytes received (before decompression)
     * @param decodedBytes body bytes given to the rewriter
     * @param bytesOut body bytes sent
     * @param nanos how long the response took, in nanoseconds
     */
    default void rewriteCompleted(RequestInfo request, long bodyBytesIn, long decodedBytes, long bytesOut,
            long nanos) {
    }

    /**
     * Rewriting a response failed with {@code cause}, handled as {@code outcome}.
     *
     * @param request the request the response answers
     * @param cause what failed
     * @param outcome how the failure was handled
     */
    default void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
    }

    /**
     * A response that was not being rewritten arrived broken (its head or a body chunk has a failed decoder
     * result, {@code cause}): handled as {@code outcome}, {@link Outcome#BAD_GATEWAY} for a head,
     * {@link Outcome#ABORTED} for a body.
     *
     * @param request the request the response answers
     * @param cause the decoder's failure
     * @param outcome how it was handled
     */
    default void brokenResponse(RequestInfo request, Throwable cause, Outcome outcome) {
    }
}
