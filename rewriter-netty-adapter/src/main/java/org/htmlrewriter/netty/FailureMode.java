package org.htmlrewriter.netty;

/** What the rewriting handler does when rewriting a response fails (a handler threw, a limit was hit). */
public enum FailureMode {
    /**
     * Before any byte of the body was sent, answer {@code 502 Bad Gateway} instead (and close the connection);
     * after that, close the connection without the terminating chunk, so the client sees a truncated response
     * and never mistakes it for a complete page. The default.
     */
    FAIL,
    /**
     * Graceful bail-out: a rewriter failure stops rewriting and passes the rest of the body through unchanged (the
     * page is served, partly rewritten). Failures that make the body unreadable (corrupt or oversized compressed
     * data) still behave as {@link #FAIL}.
     */
    PASS_THROUGH
}
