package org.htmlrewriter.internal.rewrite;

/**
 * Encoded content a handler inserted. {@code text} marks TEXT content in a place where character references are
 * read: if the output just before it ends with a lone {@code <} from the input, a first character that would turn
 * that {@code <} into markup ({@code <x}, {@code </}, {@code <!}, {@code <?}) is written as a reference instead.
 */
final class Content {
    final byte[] bytes;
    final boolean text;

    Content(byte[] bytes, boolean text) {
        this.bytes = bytes;
        this.text = text;
    }

    /** Heap of this piece: the object and its bytes. */
    long heapBytes() {
        return org.htmlrewriter.selectors.MemoryMeter.objectBytes(8)
                + org.htmlrewriter.selectors.MemoryMeter.arrayBytes(1, bytes.length);
    }

    /** Whether this content, written right after a {@code <}, would make that {@code <} start markup. */
    boolean wouldOpenMarkupAfterLessThan() {
        if (!text || bytes.length == 0) {
            return false;
        }
        int b = bytes[0];
        return b == '/' || b == '!' || b == '?' || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
    }
}
