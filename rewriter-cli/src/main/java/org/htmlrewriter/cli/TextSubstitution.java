package org.htmlrewriter.cli;

/**
 * A literal search-and-replace over text that arrives in pieces (nginx's {@code sub_filter}, on decoded text):
 * every occurrence of {@code from}, left to right and not overlapping (as {@link String#replace} finds them),
 * becomes {@code to}. Fed piece by piece, it holds back only the end of a piece that could be the start of an
 * occurrence: fewer than {@code from.length()} characters. Ignoring case compares characters one by one after
 * {@link Character#toUpperCase(char)} and then {@link Character#toLowerCase(char)} (as
 * {@link String#regionMatches(boolean, int, String, int, int)} does for characters of the Basic Multilingual Plane).
 *
 * <p>Linear in the input (Knuth-Morris-Pratt), whatever the pattern. Immutable and thread-safe.
 */
final class TextSubstitution {
    /** The longest pattern, in characters: the most one substitution holds back per document is one less. */
    static final int MAX_PATTERN_LENGTH = 4096;

    private final String to;
    private final boolean ignoreCase;
    private final char[] pattern;
    /** {@code failure[i]}: length of the longest proper prefix of {@code pattern[0..i]} that is also its suffix. */
    private final int[] failure;

    TextSubstitution(String from, String to, boolean ignoreCase) {
        if (from.isEmpty() || from.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("pattern length must be 1.." + MAX_PATTERN_LENGTH);
        }
        this.to = to;
        this.ignoreCase = ignoreCase;
        this.pattern = new char[from.length()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = fold(from.charAt(i));
        }
        this.failure = new int[pattern.length];
        for (int i = 1, k = 0; i < pattern.length; i++) {
            while (k > 0 && pattern[i] != pattern[k]) {
                k = failure[k - 1];
            }
            if (pattern[i] == pattern[k]) {
                k++;
            }
            failure[i] = k;
        }
    }

    private char fold(char c) {
        return ignoreCase ? Character.toLowerCase(Character.toUpperCase(c)) : c;
    }

    /**
     * Replaces the occurrences in {@code input}, appending to {@code out} everything that is decided, and returns
     * the held-back rest: the longest end of {@code input} (after the last occurrence) that is a proper prefix of
     * the pattern, to be put in front of the next piece. With {@code last}, nothing is held back.
     */
    String feed(CharSequence input, boolean last, StringBuilder out) {
        int n = input.length();
        int m = pattern.length;
        int emitted = 0;
        int matched = 0;
        for (int i = 0; i < n; i++) {
            char c = fold(input.charAt(i));
            while (matched > 0 && pattern[matched] != c) {
                matched = failure[matched - 1];
            }
            if (pattern[matched] == c) {
                matched++;
            }
            if (matched == m) {
                out.append(input, emitted, i + 1 - m).append(to);
                emitted = i + 1;
                matched = 0;
            }
        }
        int keep = last ? n : n - matched;
        out.append(input, emitted, keep);
        return input.subSequence(keep, n).toString();
    }
}
