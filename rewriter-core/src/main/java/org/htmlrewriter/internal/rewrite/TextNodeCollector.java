package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.selectors.internal.MemoryMeter;

/**
 * The raw bytes of the text node in progress, held from its first byte until the node ends so that text-node
 * handlers see it whole (see {@link RewriterEngine}). Its array is charged to the document's memory account; a
 * small one is kept between nodes, a larger one is let go when its node is done.
 *
 * <p>Not thread-safe: confined to the engine's thread.
 */
final class TextNodeCollector {
    /** Capacity kept (and kept charged) between nodes. */
    private static final int KEEP = 4096;
    private static final String WHAT = "a text node held whole for its text-node handlers";

    private final MemoryAccount account;
    /** Bytes of the node: {@code buf[0, length)}, valid until {@link #done}. */
    byte[] buf = new byte[0];
    int length;
    /** Stream offset of the node's first byte. */
    long start;
    /** Tokenizer states at the node's start and after its last byte. */
    int startState;
    int endState;
    /** Bytes reported for the node go here, not out (from its first byte until its handlers run). */
    boolean holding;
    /** What the account holds for {@link #buf}. */
    private long charged;

    TextNodeCollector(MemoryAccount account) {
        this.account = account;
    }

    /** A node starts at stream offset {@code offset}, where the tokenizer is in {@code state}: it is held. */
    void begin(long offset, int state) {
        holding = true;
        length = 0;
        start = offset;
        startState = state;
        endState = state;
    }

    /**
     * The node's next bytes {@code b[from, to)}, after which the tokenizer is in {@code stateAfter}. All or nothing:
     * if they do not fit in the memory limit, nothing is added.
     *
     * @throws MemoryLimitExceededException if the node would exceed the limit
     */
    void append(byte[] b, int from, int to, int stateAfter) {
        int n = to - from;
        if (length + (long) n > buf.length) {
            grow(length + (long) n);
        }
        System.arraycopy(b, from, buf, length, n);
        length += n;
        endState = stateAfter;
    }

    private void grow(long needed) {
        if (needed > Integer.MAX_VALUE - 16) {
            throw new MemoryLimitExceededException(account.limit(), needed, WHAT);
        }
        long capacity = Math.min(Integer.MAX_VALUE - 16, Math.max(needed, Math.max(256, 2L * buf.length)));
        if (!account.tryCharge(MemoryMeter.arrayBytes(1, capacity) - charged)) {
            capacity = needed; // doubling would not fit: exactly what is needed, if that fits
            account.charge(MemoryMeter.arrayBytes(1, capacity) - charged, WHAT);
        }
        charged = MemoryMeter.arrayBytes(1, capacity);
        buf = java.util.Arrays.copyOf(buf, (int) capacity);
    }

    /** Stream offset just after the node's last byte. */
    long end() {
        return start + length;
    }

    /** The node was written: its bytes are no longer needed. */
    void done() {
        holding = false;
        length = 0;
        if (buf.length > KEEP) {
            account.release(charged);
            charged = 0;
            buf = new byte[0];
        }
    }
}
