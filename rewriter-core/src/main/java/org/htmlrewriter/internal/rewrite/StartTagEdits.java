package org.htmlrewriter.internal.rewrite;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.AsciiBytes;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * A start tag's attributes as handlers read and edit them, and the start tag written with those edits (and a new
 * name): what {@link ElementView} delegates its attributes to. Reused for every element of a document.
 *
 * <p>The token's attributes are read where they are, by index; names are compared as bytes and decoded only when
 * they have non-ASCII bytes or a NUL, so a tag with many attributes costs nothing per attribute unless a handler
 * lists them. Edits are kept beside them (made when the first edit of their kind comes): a new value or a removal
 * per token attribute, plus added attributes. What a handler's request makes is charged to the memory account until
 * {@link #release}.
 */
final class StartTagEdits {
    private final ContentEncoder encoder;
    private final MemoryAccount account;
    /** The element's current name, for memory-limit messages. */
    private final Supplier<String> elementName;
    /** What handler requests on this element charged to the memory account; given back by {@link #release}. */
    private long transientCharged;
    private TagToken tag;
    private String namespace;

    // Attributes: the token's, by index, with edits (made when the first edit of their kind comes); plus added ones.
    private int rawCount;
    private boolean[] rawRemoved;
    private String[] rawNewValue;
    private List<String[]> added;

    /**
     * @param encoder     writes names and values in the document's charset (whose charset also decodes them)
     * @param account     charged with what handler requests make
     * @param elementName the element's current name, for memory-limit messages
     */
    StartTagEdits(ContentEncoder encoder, MemoryAccount account, Supplier<String> elementName) {
        this.encoder = encoder;
        this.account = account;
        this.elementName = elementName;
    }

    /** Starts over on the start tag {@code t} of an element in {@code namespace}, with no edits. */
    void reset(TagToken t, String namespace) {
        this.tag = t;
        this.namespace = namespace;
        this.rawCount = t.attributeCount;
        this.rawRemoved = null;
        this.rawNewValue = null;
        this.added = null;
    }

    /** Drops the tag and the edits, and gives back what they were charged. */
    void release() {
        rawRemoved = null;
        rawNewValue = null;
        added = null;
        tag = null;
        account.release(transientCharged);
        transientCharged = 0;
    }

    /** Whether attribute {@code i}'s name, as HTML reads it (ASCII-lowercased, decoded), is {@code lowerName}. */
    private boolean nameIs(int i, String lowerName) {
        int start = tag.attrNameStart[i];
        int end = tag.attrNameEnd[i];
        byte[] b = tag.buf;
        for (int k = start; k < end; k++) {
            if (b[k] <= 0) { // a NUL or a non-ASCII byte: compare the decoded name
                return attributeName(i).equals(lowerName);
            }
        }
        return AsciiBytes.equalsIgnoreCase(b, start, end, lowerName);
    }

    private String attributeName(int i) {
        return HtmlDecoder.attributeName(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i], encoder.charset());
    }

    /** Index of the attribute HTML reads for this name (the first not removed), or -1. */
    private int rawIndex(String lowerName) {
        for (int i = 0; i < rawCount; i++) {
            if (nameIs(i, lowerName)) {
                // Only the first occurrence counts in HTML; a removed first occurrence removes them all.
                return rawRemoved != null && rawRemoved[i] ? -1 : i;
            }
        }
        return -1;
    }

    private int addedIndex(String lowerName) {
        if (added != null) {
            for (int i = 0; i < added.size(); i++) {
                if (added.get(i)[0].equals(lowerName)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String lower(String attributeName) {
        if (attributeName == null) {
            throw new NullPointerException("attribute name");
        }
        return ElementView.asciiLowerCase(attributeName);
    }

    /** Charges what a handler's request makes while it runs; given back by {@link #release}. */
    private void chargeTransient(long bytes, String what) {
        account.charge(bytes, what);
        transientCharged += bytes;
    }

    private static long stringBytes(String s) {
        boolean latin1 = true;
        for (int i = 0; i < s.length() && latin1; i++) {
            latin1 = s.charAt(i) < 256;
        }
        return MemoryMeter.objectBytes(12) + MemoryMeter.arrayBytes(latin1 ? 1 : 2, s.length());
    }

    /**
     * A snapshot of the attributes as HTML reads them (the first of duplicate names, in source order, then added
     * ones), usable after the handler returns. It is made here but counted against the memory limit while the
     * handler runs, so that a tag with millions of attributes fails with {@code MemoryLimitExceededException}
     * rather than exhausting the heap.
     */
    List<Attribute> attributes() {
        int[] firsts = firstOccurrences();
        List<Attribute> list = new ArrayList<>(firsts.length + (added == null ? 0 : added.size()));
        long pending = MemoryMeter.arrayBytes(4, firsts.length);
        for (int k = 0; k < firsts.length; k++) {
            int i = firsts[k];
            if (rawRemoved != null && rawRemoved[i]) {
                continue;
            }
            String name = attributeName(i);
            String changed = rawNewValue != null ? rawNewValue[i] : null;
            String raw = changed != null ? changed : rawValue(i);
            String decoded = changed != null ? changed : decodedValue(i);
            if (decoded.equals(raw)) {
                decoded = raw; // one string when nothing is decoded
            }
            list.add(new SimpleAttribute(name, decoded, raw));
            pending += MemoryMeter.objectBytes(12) + stringBytes(name) + stringBytes(raw)
                    + (decoded == raw ? 0 : stringBytes(decoded));
            if (pending > 64 * 1024 || k == firsts.length - 1) {
                chargeTransient(pending, "the attribute list of <" + elementName.get() + "> (" + rawCount + ")");
                pending = 0;
            }
        }
        if (added != null) {
            for (String[] a : added) {
                list.add(new SimpleAttribute(a[0], a[1], a[1]));
            }
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Indexes of the attributes whose name is the first of its kind, in source order. Duplicates are found with an
     * open-addressing table of indexes (no string per name unless a name needs decoding).
     */
    private int[] firstOccurrences() {
        int n = rawCount;
        int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        chargeTransient(MemoryMeter.arrayBytes(4, capacity) + MemoryMeter.arrayBytes(4, n),
                "finding the duplicate attributes of <" + elementName.get() + "> (" + n + ")");
        int[] table = new int[capacity]; // index + 1, 0 = empty
        int[] firsts = new int[n];
        int count = 0;
        int mask = capacity - 1;
        for (int i = 0; i < n; i++) {
            int slot = nameHash(i) & mask;
            boolean duplicate = false;
            while (table[slot] != 0) {
                if (sameName(table[slot] - 1, i)) {
                    duplicate = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (!duplicate) {
                table[slot] = i + 1;
                firsts[count++] = i;
            }
        }
        return count == n ? firsts : java.util.Arrays.copyOf(firsts, count);
    }

    private boolean isPlainAscii(int i) {
        for (int k = tag.attrNameStart[i]; k < tag.attrNameEnd[i]; k++) {
            if (tag.buf[k] <= 0) {
                return false;
            }
        }
        return true;
    }

    private int nameHash(int i) {
        if (!isPlainAscii(i)) {
            return attributeName(i).hashCode() * 0x9E3779B9;
        }
        int h = 0;
        for (int k = tag.attrNameStart[i]; k < tag.attrNameEnd[i]; k++) {
            h = 31 * h + AsciiBytes.toLower(tag.buf[k]);
        }
        return h * 0x9E3779B9; // the same as the decoded name's String.hashCode(), spread
    }

    private boolean sameName(int a, int b) {
        if (isPlainAscii(a) && isPlainAscii(b)) {
            int aStart = tag.attrNameStart[a];
            int bStart = tag.attrNameStart[b];
            int length = tag.attrNameEnd[a] - aStart;
            if (tag.attrNameEnd[b] - bStart != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if (AsciiBytes.toLower(tag.buf[aStart + k]) != AsciiBytes.toLower(tag.buf[bStart + k])) {
                    return false;
                }
            }
            return true;
        }
        return attributeName(a).equals(attributeName(b));
    }

    private String rawValue(int i) {
        if (tag.attrValueStart[i] < 0) {
            return "";
        }
        return new String(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i] - tag.attrValueStart[i],
                encoder.charset());
    }

    /** The attribute's current value (a value set by a handler as given), decoded or as written; null if absent. */
    String valueOf(String attributeName, boolean decoded) {
        String n = lower(attributeName);
        int a = addedIndex(n);
        if (a >= 0) {
            return added.get(a)[1];
        }
        int i = rawIndex(n);
        if (i < 0) {
            return null;
        }
        if (rawNewValue != null && rawNewValue[i] != null) {
            return rawNewValue[i];
        }
        return decoded ? decodedValue(i) : rawValue(i);
    }

    private String decodedValue(int i) {
        return HtmlDecoder.attributeValue(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i], encoder.charset());
    }

    /** Whether HTML reads an attribute of this name (after the edits). */
    boolean has(String attributeName) {
        String n = lower(attributeName);
        return addedIndex(n) >= 0 || rawIndex(n) >= 0;
    }

    /**
     * Checks an attribute a handler sets before anything changes.
     *
     * @throws IllegalArgumentException if the name is not a valid attribute name or cannot be written in the
     *         document's charset, or the value has a lone surrogate
     * @throws NullPointerException if the value is null
     */
    void checkSettable(String attributeName, String value) {
        ElementView.validateName(attributeName, "attribute name");
        if (value == null) {
            throw new NullPointerException("attribute value");
        }
        encoder.refuseUnwritableMarkup(attributeName, "an attribute name");
        ContentEncoder.refuseLoneSurrogates(value, "an attribute value");
    }

    /**
     * Sets an attribute ({@link #checkSettable checked}): the token's attribute HTML reads for the name gets the
     * value; otherwise the attribute is added (after the token's), or its added value replaced.
     */
    void set(String attributeName, String value) {
        String n = lower(attributeName);
        int i = rawIndex(n);
        if (i >= 0) {
            if (rawNewValue == null) {
                chargeTransient(MemoryMeter.arrayBytes(4, rawCount), "the changed attributes of <" + elementName.get()
                        + ">");
                rawNewValue = new String[rawCount];
            }
            rawNewValue[i] = value;
            return;
        }
        String written = ForeignNames.attributeName(namespace, attributeName);
        int a = addedIndex(n);
        if (a >= 0) {
            added.get(a)[1] = value;
            added.get(a)[2] = written;
            return;
        }
        if (added == null) {
            added = new ArrayList<>(2);
        }
        added.add(new String[] {n, value, written});
    }

    /**
     * Removes every attribute of this name: the token's (all occurrences) and an added one.
     *
     * @return whether one of the token's attributes was removed (the start tag changed)
     */
    boolean remove(String attributeName) {
        String n = lower(attributeName);
        boolean removed = false;
        for (int i = 0; i < rawCount; i++) {
            if ((rawRemoved == null || !rawRemoved[i]) && nameIs(i, n)) {
                if (rawRemoved == null) {
                    chargeTransient(MemoryMeter.arrayBytes(1, rawCount), "the removed attributes of <"
                            + elementName.get() + ">");
                    rawRemoved = new boolean[rawCount];
                }
                rawRemoved[i] = true;
                removed = true;
            }
        }
        int a = addedIndex(n);
        if (a >= 0) {
            added.remove(a);
        }
        return removed;
    }

    /**
     * The start tag with the handlers' changes: unchanged attributes keep their bytes as written, changed ones are
     * written as {@code name="value"}, removed ones are left out, added ones come last.
     *
     * @param newNameAsWritten the element's new name as the start tag is to spell it, or null to keep the name
     */
    byte[] serialize(String newNameAsWritten) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(tag.end - tag.start + 32);
        b.write('<');
        if (newNameAsWritten != null) {
            b.writeBytes(encoder.encodeMarkup(newNameAsWritten));
        } else {
            b.write(tag.buf, tag.nameStart, tag.nameEnd - tag.nameStart);
        }
        for (int i = 0; i < rawCount; i++) {
            if (rawRemoved != null && rawRemoved[i]) {
                continue;
            }
            b.write(' ');
            if (rawNewValue != null && rawNewValue[i] != null) {
                b.write(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i] - tag.attrNameStart[i]);
                writeValue(b, rawNewValue[i]);
            } else {
                int end = tag.attrNameEnd[i];
                if (tag.attrValueStart[i] >= 0) {
                    end = tag.attrValueEnd[i];
                    int q = tag.attrValueStart[i] - 1;
                    if (end < tag.end && (tag.buf[q] == '"' || tag.buf[q] == '\'') && tag.buf[end] == tag.buf[q]) {
                        end++; // the closing quote
                    }
                }
                b.write(tag.buf, tag.attrNameStart[i], end - tag.attrNameStart[i]);
            }
        }
        if (added != null) {
            for (String[] a : added) {
                b.write(' ');
                b.writeBytes(encoder.encodeMarkup(a[2]));
                writeValue(b, a[1]);
            }
        }
        if (tag.selfClosing) {
            b.write(' ');
            b.write('/');
        }
        b.write('>');
        return b.toByteArray();
    }

    private void writeValue(ByteArrayOutputStream b, String value) {
        b.write('=');
        b.write('"');
        b.writeBytes(encoder.encodeAttributeValue(value));
        b.write('"');
    }

    private static final class SimpleAttribute implements Attribute {
        private final String name;
        private final String value;
        private final String raw;

        SimpleAttribute(String name, String value, String raw) {
            this.name = name;
            this.value = value;
            this.raw = raw;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String value() {
            return value;
        }

        @Override
        public String rawValue() {
            return raw;
        }

        @Override
        public String toString() {
            return name + "=\"" + value + "\"";
        }
    }
}
