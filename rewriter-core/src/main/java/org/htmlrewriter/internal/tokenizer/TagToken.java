package org.htmlrewriter.internal.tokenizer;

/**
 * A start or end tag as ranges into {@link #buf}. One instance is reused by its tokenizer for every tag: it is
 * valid only during the sink call that hands it out, and a consumer that needs anything later copies it.
 *
 * <p>When {@link #captured} is false the tag's bytes were (or will be) reported through
 * {@link TokenSink#passThrough}; only the name fields and {@link #selfClosing} are valid then, and
 * {@link #buf} may be a small copy of the name rather than the input.
 *
 * <p>Attribute ranges are raw: names as written (not lowercased), values without their quotes and with
 * character references undecoded. A value range of {@code -1, -1} means the attribute has no value
 * ({@code <input disabled>}); an empty value ({@code a=""}) has {@code start == end}. Duplicate attributes are
 * all listed, in source order (the HTML rule that the first one wins is the consumer's to apply).
 */
public final class TagToken {
    /** Names at most this long hash to a unique {@link #nameHash}; longer ones hash to {@link #NO_HASH}. */
    public static final int MAX_HASHED_NAME_LENGTH = 12;
    /** Hash of names that cannot be hashed: too long, or with a byte outside {@code [a-zA-Z1-6]}. */
    public static final long NO_HASH = 0;

    public byte[] buf;
    /** Whole tag: from {@code <} to just after {@code >} (or end of input). Valid only when captured. */
    public int start, end;
    public int nameStart, nameEnd;
    /**
     * ASCII-case-insensitive hash of the name, 5 bits per letter (a-z = 1..26, digits 1-6 = 27..32 ... see
     * {@link TagNameHash}); {@link #NO_HASH} when the name cannot be hashed.
     */
    public long nameHash;
    public boolean endTag;
    public boolean selfClosing;
    public boolean captured;
    /** Offset of {@link #start} in the whole input stream (bytes written before this tag). */
    public long streamOffset;

    public int attributeCount;
    public int[] attrNameStart = new int[INITIAL_ATTRIBUTES], attrNameEnd = new int[INITIAL_ATTRIBUTES];
    public int[] attrValueStart = new int[INITIAL_ATTRIBUTES], attrValueEnd = new int[INITIAL_ATTRIBUTES];
    private static final int INITIAL_ATTRIBUTES = 8;
    /** Tables larger than this are given back when the next tag starts. */
    private static final int KEPT_ATTRIBUTES = 64;
    /** Charged with the attribute tables beyond their initial size; set by the tokenizer. */
    org.htmlrewriter.internal.memory.MemoryAccount account;

    /** Length of the name in bytes. */
    public int nameLength() {
        return nameEnd - nameStart;
    }

    /** Whether the name equals {@code lowerCaseAsciiName} ignoring ASCII case. */
    public boolean nameEquals(String lowerCaseAsciiName) {
        return AsciiBytes.equalsIgnoreCase(buf, nameStart, nameEnd, lowerCaseAsciiName);
    }

    /** Index of the first attribute named {@code lowerCaseAsciiName} (ASCII case-insensitive), or -1. */
    public int indexOfAttribute(String lowerCaseAsciiName) {
        for (int i = 0; i < attributeCount; i++) {
            if (AsciiBytes.equalsIgnoreCase(buf, attrNameStart[i], attrNameEnd[i], lowerCaseAsciiName)) {
                return i;
            }
        }
        return -1;
    }

    void resetAttributes() {
        attributeCount = 0;
        if (attrNameStart.length > KEPT_ATTRIBUTES) {
            account.release(tableBytes(attrNameStart.length) - tableBytes(INITIAL_ATTRIBUTES));
            attrNameStart = new int[INITIAL_ATTRIBUTES];
            attrNameEnd = new int[INITIAL_ATTRIBUTES];
            attrValueStart = new int[INITIAL_ATTRIBUTES];
            attrValueEnd = new int[INITIAL_ATTRIBUTES];
        }
    }

    /** Heap of the four attribute tables at {@code capacity}. */
    private static long tableBytes(int capacity) {
        return 4 * org.htmlrewriter.selectors.internal.MemoryMeter.arrayBytes(4, capacity);
    }

    void addAttribute(int nameStart, int nameEnd) {
        if (attributeCount == attrNameStart.length) {
            int n = attributeCount * 2;
            account.charge(tableBytes(n) - tableBytes(attributeCount), "the attribute offsets of a tag with "
                    + attributeCount + "+ attributes");
            attrNameStart = java.util.Arrays.copyOf(attrNameStart, n);
            attrNameEnd = java.util.Arrays.copyOf(attrNameEnd, n);
            attrValueStart = java.util.Arrays.copyOf(attrValueStart, n);
            attrValueEnd = java.util.Arrays.copyOf(attrValueEnd, n);
        }
        attrNameStart[attributeCount] = nameStart;
        attrNameEnd[attributeCount] = nameEnd;
        attrValueStart[attributeCount] = -1;
        attrValueEnd[attributeCount] = -1;
        attributeCount++;
    }

    /** Moves every range by {@code delta}: the token's bytes moved within or between buffers. */
    void shift(int delta) {
        start += delta;
        end += delta;
        nameStart += delta;
        nameEnd += delta;
        for (int i = 0; i < attributeCount; i++) {
            attrNameStart[i] += delta;
            attrNameEnd[i] += delta;
            if (attrValueStart[i] >= 0) {
                attrValueStart[i] += delta;
                attrValueEnd[i] += delta;
            }
        }
    }
}
