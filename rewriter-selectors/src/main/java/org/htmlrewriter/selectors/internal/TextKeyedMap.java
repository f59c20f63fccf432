package org.htmlrewriter.selectors.internal;

import java.util.Map;

/**
 * Immutable map from strings to non-negative ints that is looked up by a region of a {@link CharSequence}, so that
 * class tokens, id values, attribute names and attribute value prefixes are found without making a
 * {@code String}. A lookup may fold the text's ASCII letters to lowercase first (the keys of such lookups are
 * stored lowercased).
 *
 * <p>Immutable after construction; thread-safe.
 */
final class TextKeyedMap {
    static final int ABSENT = -1;

    private final String[] keys;
    private final int[] values;
    private final int mask;
    private final int size;

    TextKeyedMap(Map<String, Integer> entries) {
        int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2)) << 1;
        keys = new String[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        size = entries.size();
        for (Map.Entry<String, Integer> entry : entries.entrySet()) {
            String key = entry.getKey();
            int slot = hash(key, 0, key.length(), false) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry.getValue();
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code text[start, end)}, or {@link #ABSENT}. */
    int get(CharSequence text, int start, int end) {
        return get(text, start, end, false);
    }

    /**
     * The value for {@code text[start, end)}, with ASCII letters lowercased first when {@code foldAsciiCase}, or
     * {@link #ABSENT}.
     */
    int get(CharSequence text, int start, int end, boolean foldAsciiCase) {
        int slot = hash(text, start, end, foldAsciiCase) & mask;
        while (true) {
            String key = keys[slot];
            if (key == null) {
                return ABSENT;
            }
            if (regionEquals(key, text, start, end, foldAsciiCase)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean regionEquals(String key, CharSequence text, int start, int end, boolean fold) {
        if (key.length() != end - start) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = text.charAt(start + i);
            if (key.charAt(i) != (fold ? CompiledSimpleSelector.toAsciiLower(ch) : ch)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence text, int start, int end, boolean fold) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            char ch = text.charAt(i);
            hash = 31 * hash + (fold ? CompiledSimpleSelector.toAsciiLower(ch) : ch);
        }
        return hash ^ (hash >>> 16);
    }
}
