package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.internal.html.CharacterReferences;

/**
 * A numeric character reference ({@code &#123}, {@code &#x1F}) whose digits run past the end of a text chunk, as
 * a few ints: the engine cannot hold back an arbitrarily long run of digits (a memory bound), so it cuts the chunk
 * inside the reference and carries this state instead. The chunk that opens the reference leaves it out of its
 * {@code text()}; the chunk in which the reference ends begins its {@code text()} with the referenced character.
 * Joined, the chunks' texts are the text of the whole node, however the input was split.
 *
 * <p>A state is an int: {@link #NONE}, or the value so far (saturated by
 * {@link CharacterReferences#appendDigit}, so at most 0x110000) with {@link #HEX} set for hexadecimal references.
 * Only ASCII bytes are examined: in every supported charset an ASCII byte that follows an ASCII byte is that
 * ASCII character (trail bytes of multi-byte characters only follow lead bytes, which are not ASCII).
 */
final class OpenNumericReference {
    /** No numeric reference is open. */
    static final int NONE = -1;
    private static final int HEX = 1 << 24;
    private static final int VALUE = HEX - 1;

    private OpenNumericReference() {
    }

    /**
     * Where the numeric reference that is still open at {@code end} starts (its {@code &}), or -1: {@code buf[amp,
     * end)} must be {@code &#} or {@code &#x} followed by at least one digit and nothing else, with {@code amp >=
     * from}. Looks back over the digit run only (linear in it).
     */
    static int openAt(byte[] buf, int from, int end) {
        int i = end;
        while (i > from && hexDigit(buf[i - 1]) >= 0) {
            i--;
        }
        if (i == end || i == from) {
            return -1; // no digits, or nothing before them
        }
        byte marker = buf[i - 1];
        if ((marker == 'x' || marker == 'X') && i - 3 >= from && buf[i - 2] == '#' && buf[i - 3] == '&') {
            return i - 3;
        }
        if (marker == '#' && i - 2 >= from && buf[i - 2] == '&' && digitsEnd(0, buf, i, end) == end) {
            return i - 2;
        }
        return -1;
    }

    /** The state of the reference {@code buf[amp, end)} that {@link #openAt} found. */
    static int stateAt(byte[] buf, int amp, int end) {
        boolean hex = buf[amp + 2] == 'x' || buf[amp + 2] == 'X';
        int state = hex ? HEX : 0;
        return accumulate(state, buf, amp + (hex ? 3 : 2), end);
    }

    /** The end of the digits, from {@code from}, that continue the reference in state {@code state}. */
    static int digitsEnd(int state, byte[] buf, int from, int end) {
        int i = from;
        while (i < end && digit(state, buf[i]) >= 0) {
            i++;
        }
        return i;
    }

    /** The state after the digits {@code buf[from, to)} (as {@link #digitsEnd} found them). */
    static int accumulate(int state, byte[] buf, int from, int to) {
        int radix = (state & HEX) != 0 ? 16 : 10;
        int value = state & VALUE;
        for (int i = from; i < to; i++) {
            value = CharacterReferences.appendDigit(value, digit(state, buf[i]), radix);
        }
        return (state & HEX) | value;
    }

    /** The code point the reference stands for once its digits end. */
    static int codePoint(int state) {
        return CharacterReferences.numericReplacement(state & VALUE);
    }

    private static int digit(int state, byte b) {
        return (state & HEX) != 0 ? hexDigit(b) : b >= '0' && b <= '9' ? b - '0' : -1;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }
}
