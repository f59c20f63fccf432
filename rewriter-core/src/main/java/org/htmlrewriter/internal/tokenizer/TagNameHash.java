package org.htmlrewriter.internal.tokenizer;

/**
 * Tag names hashed to a {@code long} while they are scanned, so the tokenizer and the tree simulator compare
 * names with one {@code ==}. Letters (either case) code as 6..31 and the digits 1-6 (for {@code h1}..{@code h6})
 * as 0..5, five bits each, so names of up to {@value TagToken#MAX_HASHED_NAME_LENGTH} such characters map to
 * distinct values; a name always starts with a letter, so its hash is never {@link TagToken#NO_HASH}. Any other
 * byte, or a longer name, gives {@link TagToken#NO_HASH}.
 */
public final class TagNameHash {
    /** Marks a byte that belongs to a name but cannot be hashed, in {@link #SCAN}. */
    static final int UNHASHABLE = 32;

    /**
     * For the tag-name scan loop: the code of each byte ({@link #code}), {@link #UNHASHABLE} for other bytes that
     * belong to the name, and -1 for the bytes that end a name (whitespace, {@code /}, {@code >}).
     */
    static final byte[] SCAN = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int c = code(b);
            SCAN[b] = (byte) (c >= 0 ? c : UNHASHABLE);
        }
        for (char c : " \n\t\f\r/>".toCharArray()) {
            SCAN[c] = -1;
        }
    }

    private TagNameHash() {
    }

    /** Code of one byte, or -1 if it cannot be part of a hashed name. */
    static int code(int b) {
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'z') {
            return lower - 'a' + 6;
        }
        if (b >= '1' && b <= '6') {
            return b - '1';
        }
        return -1;
    }

    /**
     * Extends {@code hash} (of the name so far, {@code length} bytes long) with byte {@code b}. Returns
     * {@link TagToken#NO_HASH} once the name becomes unhashable; stays there.
     */
    public static long update(long hash, int length, int b) {
        if (hash == TagToken.NO_HASH && length > 0) {
            return TagToken.NO_HASH;
        }
        int c = code(b);
        if (c < 0 || length >= TagToken.MAX_HASHED_NAME_LENGTH) {
            return TagToken.NO_HASH;
        }
        return (hash << 5) | c;
    }

    /** Hash of a whole name (ASCII case-insensitive). */
    public static long of(CharSequence name) {
        long h = 0;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch > 0x7f) {
                return TagToken.NO_HASH;
            }
            h = update(h, i, ch);
            if (h == TagToken.NO_HASH) {
                return h;
            }
        }
        return name.length() == 0 ? TagToken.NO_HASH : h;
    }

    /** Hash of {@code buf[start, end)}. */
    public static long of(byte[] buf, int start, int end) {
        long h = 0;
        for (int i = start; i < end; i++) {
            h = update(h, i - start, buf[i] & 0xff);
            if (h == TagToken.NO_HASH) {
                return h;
            }
        }
        return end == start ? TagToken.NO_HASH : h;
    }
}
