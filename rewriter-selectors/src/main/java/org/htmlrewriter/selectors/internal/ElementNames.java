package org.htmlrewriter.selectors.internal;

/**
 * The tag-name hash shared by the tokenizer and the matcher, so that both compare names with one {@code ==}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ElementNames {
    /** Longest name that hashes to a non-zero value: 12 characters of 5 bits fit in a {@code long}. */
    public static final int MAX_HASHED_LENGTH = 12;

    private ElementNames() {
    }

    /**
     * The name hash both modules use: letters (either case) code as 6..31 ('a' -> 6), digits '1'..'6' as 0..5,
     * hash = (hash &lt;&lt; 5) | code for each char; names longer than {@value #MAX_HASHED_LENGTH} chars or containing
     * any other char hash to 0; the empty name hashes to 0.
     *
     * @param name the name, ASCII-lowercased
     * @return the hash, or 0 for a name that does not hash
     */
    public static long hash(CharSequence name) {
        int length = name.length();
        if (length == 0 || length > MAX_HASHED_LENGTH) {
            return 0;
        }
        long hash = 0;
        for (int i = 0; i < length; i++) {
            int code = code(name.charAt(i));
            if (code < 0) {
                return 0;
            }
            hash = (hash << 5) | code;
        }
        return hash;
    }

    private static int code(char ch) {
        int lower = ch | 0x20;
        if (lower >= 'a' && lower <= 'z') {
            return lower - 'a' + 6;
        }
        if (ch >= '1' && ch <= '6') {
            return ch - '1';
        }
        return -1;
    }
}
