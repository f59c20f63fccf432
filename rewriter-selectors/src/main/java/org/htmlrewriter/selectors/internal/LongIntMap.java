package org.htmlrewriter.selectors.internal;

import java.util.Arrays;

/**
 * Open-addressing map from {@code long} keys to non-zero {@code int} values (0 means absent), with linear probing
 * and backward-shift deletion so that no tombstones accumulate. Allocates only when it grows.
 *
 * <p>Not thread-safe; instances that are only read after construction may be shared.
 */
final class LongIntMap {
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    int get(long key) {
        int slot = slot(key);
        while (true) {
            int value = values[slot];
            if (value == 0) {
                return 0;
            }
            if (keys[slot] == key) {
                return value;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Sets {@code key} to {@code value}; a value of 0 removes the key. */
    void put(long key, int value) {
        if (value == 0) {
            remove(key);
            return;
        }
        int slot = slot(key);
        while (values[slot] != 0) {
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    int size() {
        return size;
    }

    /** Heap size of the tables (see {@link MemoryMeter}). */
    long heapBytes() {
        return MemoryMeter.arrayBytes(8, keys.length) + MemoryMeter.arrayBytes(4, values.length);
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(values, 0);
            size = 0;
        }
    }

    private void remove(long key) {
        int slot = slot(key);
        while (true) {
            if (values[slot] == 0) {
                return;
            }
            if (keys[slot] == key) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        size--;
        // Backward-shift: move later entries of the probe run into the hole when their home allows it.
        int hole = slot;
        int next = (hole + 1) & mask;
        while (values[next] != 0) {
            int home = slot(keys[next]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        values[hole] = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private int slot(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 29)) & mask;
    }
}
