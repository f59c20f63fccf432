package org.htmlrewriter.cli;

/**
 * A rule failed while a document was being rewritten (content the core refused where it landed, a regular
 * expression over its step budget). The message starts with the rule's {@code SOURCE:LINE}; the core wraps this in
 * a {@link org.htmlrewriter.HandlerException}. Unchecked, immutable.
 */
public final class RuleFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleFailedException(String where, String reason, Throwable cause) {
        super(where + ": " + reason, cause);
    }
}
