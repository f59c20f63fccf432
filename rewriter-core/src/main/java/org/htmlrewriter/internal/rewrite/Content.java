package org.htmlrewriter.internal.rewrite;

/**
 * Encoded content a handler inserted. {@code text}: it was inserted as TEXT, which must never form markup where it is
 * written (see {@link TextPlacement}); {@code escaped}: as TEXT for a place where character references are read (so
 * {@code & < >} were escaped, and its first character may be written as a reference if that is what keeps it text).
 */
final class Content {
    final byte[] bytes;
    final boolean text;
    final boolean escaped;
    /** Content produced while it is written ({@code bytes} is then null), or null. */
    final org.htmlrewriter.content.StreamingContent producer;

    Content(byte[] bytes, boolean text, boolean escaped) {
        this(bytes, text, escaped, null);
    }

    Content(byte[] bytes, boolean text, boolean escaped, org.htmlrewriter.content.StreamingContent producer) {
        this.bytes = bytes;
        this.text = text;
        this.escaped = escaped;
        this.producer = producer;
    }

    /** Heap of this piece: the object and its bytes. */
    long heapBytes() {
        return org.htmlrewriter.selectors.internal.MemoryMeter.objectBytes(8)
                + (bytes == null ? 0 : org.htmlrewriter.selectors.internal.MemoryMeter.arrayBytes(1, bytes.length));
    }
}
