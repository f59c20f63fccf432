package org.htmlrewriter.cli;

/**
 * A rule argument is invalid: why, and where in the argument's value (0-based index into the value, which the rules
 * parser turns into the line's column). Checked, so that every validation path must report a position.
 */
final class BadArgument extends Exception {
    private static final long serialVersionUID = 1L;
    private final int index;

    BadArgument(int index, String reason) {
        super(reason, null, false, false);
        this.index = index;
    }

    /** 0-based index into the argument's value (may equal its length: the problem is at its end). */
    int index() {
        return index;
    }
}
