package org.htmlrewriter.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@code java.util.regex} replacement with a step budget: every character the matcher reads costs one step, and
 * a replacement that would need more than {@code 10,000,000 + 100 * length} steps (catastrophic backtracking, as in
 * {@code (a+)+b} against a long run of {@code a}) stops with {@link BudgetExceeded} instead of running for minutes.
 * The pattern and the replacement ({@link Matcher#replaceAll(String)} syntax: {@code $1}, {@code ${name}},
 * {@code \$}) are checked when the rule is read. Immutable and thread-safe.
 */
final class BoundedRegex {
    static final long BASE_BUDGET = 10_000_000L;
    static final long BUDGET_PER_CHARACTER = 100;

    /** The matcher used up its step budget. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final Pattern pattern;
    private final String replacement;

    private BoundedRegex(Pattern pattern, String replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    /**
     * Compiles the pattern and checks the replacement's group references against it.
     *
     * @throws BadArgument with {@link BadArgument#index()} into {@code regex} for a bad pattern
     * @throws BadReplacement for a bad replacement
     */
    static BoundedRegex compile(String regex, String replacement) throws BadArgument, BadReplacement {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            int index = e.getIndex() < 0 ? 0 : Math.min(e.getIndex(), regex.length());
            throw new BadArgument(index, "bad regular expression: " + e.getDescription());
        }
        // Matcher checks group references only while it expands a replacement for a match. A matcher that has
        // matched (the empty pattern matches "") and then switched to this pattern expands it without a match of
        // its own, with this pattern's groups, so a reference to a group the pattern lacks fails now, not later.
        Matcher m = Pattern.compile("").matcher("");
        m.find();
        m.usePattern(pattern);
        try {
            m.appendReplacement(new StringBuilder(), replacement);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new BadReplacement("bad replacement: " + e.getMessage()
                    + " (use $1 or ${name} for groups, \\$ and \\\\ for a literal $ or \\)");
        }
        return new BoundedRegex(pattern, replacement);
    }

    /** The replacement argument is invalid (its position is the argument's start). */
    static final class BadReplacement extends Exception {
        private static final long serialVersionUID = 1L;

        BadReplacement(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Replaces every match in {@code value}.
     *
     * @throws BudgetExceeded if matching needs more steps than the budget allows
     */
    String replaceAll(String value) {
        long budget = BASE_BUDGET + BUDGET_PER_CHARACTER * value.length();
        Budgeted input = new Budgeted(value, budget);
        try {
            return pattern.matcher(input).replaceAll(replacement);
        } catch (StackOverflowError e) {
            throw new BudgetExceeded("regular expression '" + pattern + "' overflowed the stack on a value of "
                    + value.length() + " characters");
        } catch (BudgetExceeded e) {
            throw new BudgetExceeded("regular expression '" + pattern + "' gave up after " + budget
                    + " steps on a value of " + value.length() + " characters (catastrophic backtracking?)");
        }
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /** The value, read through a step counter. */
    private static final class Budgeted implements CharSequence {
        private final String s;
        private long left;

        Budgeted(String s, long budget) {
            this.s = s;
            this.left = budget;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new BudgetExceeded("budget");
            }
            return s.charAt(index);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
