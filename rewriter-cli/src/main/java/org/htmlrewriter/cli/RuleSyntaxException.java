package org.htmlrewriter.cli;

/** A line of a rules file could not be read: where (1-based line and column) and why. Immutable. */
public final class RuleSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public RuleSyntaxException(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
