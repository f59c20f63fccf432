package org.htmlrewriter.selectors.internal;

/**
 * Where a {@link MatchingStack} reports the heap it allocates and gives back, so that its owner can count it
 * against a memory limit. {@link #charge} is called before memory is kept and may throw (an unchecked exception of
 * the owner's choosing) to refuse it; the stack is then unusable, as after {@link StackDepthExceededException}.
 *
 * <p>The sizes are estimates of the retained heap (object headers, fields, array lengths on a 64-bit JVM with
 * compressed references), computed with {@link #arrayBytes} and {@link #objectBytes}; they are meant to be at least
 * the real size.
 *
 * <p>Implementations are confined to the thread that processes the document.
 */
public interface MemoryMeter {
    /** Counts nothing: for callers without a limit. */
    MemoryMeter UNMETERED = new MemoryMeter() {
        @Override
        public void charge(long bytes) {
        }

        @Override
        public void release(long bytes) {
        }
    };

    /**
     * {@code bytes} more are about to be kept; throws to refuse them.
     *
     * @param bytes how many more bytes will be kept
     */
    void charge(long bytes);

    /**
     * {@code bytes} charged earlier are no longer kept.
     *
     * @param bytes how many bytes were let go of
     */
    void release(long bytes);

    /**
     * Heap size of an array.
     *
     * @param elementBytes bytes per element (references: 4)
     * @param length       the array's length
     * @return its size in bytes, header included
     */
    static long arrayBytes(int elementBytes, long length) {
        return align(16 + elementBytes * length);
    }

    /**
     * What growing an array adds to the heap (an array of length 0 is taken to be a shared empty array, which costs
     * nothing).
     *
     * @param elementBytes bytes per element
     * @param oldLength    the length before
     * @param newLength    the length after
     * @return the bytes added
     */
    static long growthBytes(int elementBytes, long oldLength, long newLength) {
        return arrayBytes(elementBytes, newLength) - (oldLength == 0 ? 0 : arrayBytes(elementBytes, oldLength));
    }

    /**
     * Heap size of an object.
     *
     * @param fieldBytes the bytes its fields take
     * @return its size in bytes, header and padding included
     */
    static long objectBytes(int fieldBytes) {
        return align(12 + fieldBytes);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
