package org.htmlrewriter.selectors;

import java.util.Map;

/**
 * Immutable map from strings to int arrays that is looked up by a region of a {@link CharSequence}, so that class
 * tokens and id values are found without making a {@code String}.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class TextKeyedMap {
    private final String[] keys;
    private final int[][] values;
    private final int mask;

    TextKeyedMap(Map<String, int[]> entries) {
        int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2)) << 1;
        keys = new String[capacity];
        values = new int[capacity][];
        mask = capacity - 1;
        for (Map.Entry<String, int[]> entry : entries.entrySet()) {
            String key = entry.getKey();
            int slot = hash(key, 0, key.length()) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = entry.getValue();
        }
    }

    boolean isEmpty() {
        for (String key : keys) {
            if (key != null) {
                return false;
            }
        }
        return true;
    }

    /** The value for {@code text[start, end)}, or null. */
    int[] get(CharSequence text, int start, int end) {
        int slot = hash(text, start, end) & mask;
        while (true) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (regionEquals(key, text, start, end)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean regionEquals(String key, CharSequence text, int start, int end) {
        if (key.length() != end - start) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != text.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(CharSequence text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash ^ (hash >>> 16);
    }
}
