package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.selectors.internal.MemoryMeter;
import org.junit.jupiter.api.Test;

/** The invariants of the tokenizer's tail buffer, apart from the state machine. */
class TokenBufferTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String held(TokenBuffer t) {
        return new String(t.bytes(), 0, t.length(), StandardCharsets.US_ASCII);
    }

    /** What the tail costs: its capacity, as the account counts it (an empty tail is not charged). */
    private static long cost(TokenBuffer t) {
        return MemoryMeter.arrayBytes(1, t.capacity()) - MemoryMeter.arrayBytes(1, 0);
    }

    @Test
    void keepsExactlyTheBytesFromTheTokenStart() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        TokenBuffer t = new TokenBuffer(account);
        byte[] chunk = bytes("text <a href=x");
        t.startChunk(0, 0);
        t.keep(chunk, 5, chunk.length, 5);
        assertEquals("<a href=x", held(t));
        assertEquals(TokenBuffer.MIN_BLOCK, t.capacity());
        assertEquals(cost(t), account.used());
    }

    @Test
    void keepingNothingHoldsNothing() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        TokenBuffer t = new TokenBuffer(account);
        byte[] chunk = bytes("just text");
        t.keep(chunk, chunk.length, chunk.length, chunk.length);
        assertEquals(0, t.length());
        assertEquals(0, t.capacity());
        assertEquals(0, account.used());
    }

    @Test
    void keepsFromTheTailItself() {
        TokenBuffer t = new TokenBuffer(new MemoryAccount(1 << 20));
        byte[] chunk = bytes("<!-- a comment");
        t.keep(chunk, 0, chunk.length, 0);
        byte[] tail = t.bytes();
        t.keep(t.bytes(), 5, t.length(), 5); // the tail's bytes move to its start
        assertEquals("a comment", held(t));
        assertSame(tail, t.bytes(), "a small tail is reused");
    }

    @Test
    void growthIsChargedAndDoubles() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        TokenBuffer t = new TokenBuffer(account);
        byte[] start = bytes("<a title='");
        t.keep(start, 0, start.length, 0);
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'x');
        int at = t.append(chunk, 0, t.blockSize(chunk.length), chunk.length, 0);
        assertEquals(start.length, at);
        assertEquals(start.length + TokenBuffer.MIN_BLOCK, t.length());
        assertEquals(2 * TokenBuffer.MIN_BLOCK, t.capacity());
        assertEquals(cost(t), account.used());
        int before = t.length();
        t.append(chunk, TokenBuffer.MIN_BLOCK, t.blockSize(chunk.length - TokenBuffer.MIN_BLOCK), chunk.length, 0);
        assertEquals(2 * before, t.length(), "a block as long as the tail");
        assertEquals(cost(t), account.used());
        assertTrue(t.capacity() >= t.length());
    }

    @Test
    void growthBeyondTheLimitIsRefusedWithTheTokensStreamOffset() {
        MemoryAccount account = new MemoryAccount(590);
        TokenBuffer t = new TokenBuffer(account);
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'x');
        chunk[100] = '<';
        t.startChunk(0, 0);
        t.keep(chunk, 100, 400, 100); // held: 300 bytes
        t.moved(-100);
        long usedBefore = account.used();
        MemoryLimitExceededException e = assertThrows(MemoryLimitExceededException.class,
                () -> t.append(chunk, 400, t.blockSize(600), 1000, 0));
        long requested = usedBefore + MemoryMeter.arrayBytes(1, 600) - MemoryMeter.arrayBytes(1, 300);
        assertEquals(590, e.limit());
        assertEquals(requested, e.requested());
        assertEquals("memory limit of 590 bytes exceeded: a token in progress at byte 100 needs " + requested
                + " bytes", e.getMessage());
        assertEquals(usedBefore, account.used(), "nothing charged");
        assertEquals(300, t.length());
    }

    @Test
    void growthStopsShortOfTheLimitBeforeRefusing() {
        MemoryAccount account = new MemoryAccount(550);
        TokenBuffer t = new TokenBuffer(account);
        byte[] chunk = new byte[500];
        t.keep(chunk, 0, 300, 0);
        t.append(chunk, 300, 100, 500, 0); // doubling to 600 would cost more than is left: what is left is taken
        assertTrue(t.capacity() >= 400 && t.capacity() < 600, "capacity " + t.capacity());
        assertTrue(account.used() <= account.limit());
        assertEquals(cost(t), account.used());
    }

    @Test
    void aLargeTailShrinksOnceItHoldsLittle() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        TokenBuffer t = new TokenBuffer(account);
        byte[] big = new byte[5000];
        t.keep(big, 0, big.length, 0);
        assertEquals(5000, t.capacity());
        t.keep(t.bytes(), 4990, 5000, 4990);
        assertEquals(TokenBuffer.MIN_BLOCK, t.capacity(), "given back");
        assertEquals(10, t.length());
        assertEquals(cost(t), account.used());
        t.keep(big, 0, 2000, 0);
        t.keep(t.bytes(), 1400, 2000, 1400); // 600 held: not under a quarter of 2000
        assertEquals(2000, t.capacity());
        t.keep(t.bytes(), 100, 600, 100); // 500 held of 2000: still kept
        assertEquals(2000, t.capacity());
        t.keep(t.bytes(), 101, 500, 101); // 399 held: shrinks to twice that
        assertEquals(798, t.capacity());
        assertEquals(cost(t), account.used());
    }

    @Test
    void streamOffsetsStayConsistentAcrossChunksAndTheTail() {
        TokenBuffer t = new TokenBuffer(new MemoryAccount(1 << 20));
        // chunk 1: "0123456789", written from index 3 of its array; the last 4 bytes are held
        t.startChunk(0, 3);
        assertEquals(0, t.streamOffset(3));
        assertEquals(6, t.streamOffset(9));
        byte[] one = bytes("...0123456789");
        t.keep(one, 9, 13, 9);
        t.moved(-9);
        assertEquals("6789", held(t));
        assertEquals(6, t.streamOffset(0), "the tail's first byte");
        // chunk 2: appended to the tail, which is scanned at stream offsets 6..
        byte[] two = bytes("abcdef");
        int at = t.append(two, 0, 6, 6, 0);
        assertEquals(10, t.streamOffset(at));
        assertEquals(15, t.streamOffset(t.length() - 1));
        // the token ended inside the appended bytes: the scan moves onto chunk 2 itself
        int i = 6;
        t.moved(i - t.length());
        t.leave();
        assertEquals(10, t.streamOffset(0));
        assertEquals(15, t.streamOffset(5));
        // chunk 2 ends with nothing held; chunk 3 starts just after it
        t.keep(two, 6, 6, 6);
        t.moved(-6);
        t.startChunk(0, 2);
        assertEquals(16, t.streamOffset(2));
    }

    @Test
    void pauseGivesBackExactlyTheUnreadBytes() {
        TokenBuffer t = new TokenBuffer(new MemoryAccount(1 << 20));
        byte[] first = bytes("<a b");
        t.keep(first, 0, first.length, 0);
        byte[] chunk = bytes("c>rest of the chunk");
        int at = t.append(chunk, 0, chunk.length, chunk.length, 0);
        assertEquals(4, at);
        int pos = at + 2; // the tag ended after "c>", and a handler paused there
        assertEquals(chunk.length - 2, t.giveBack(pos));
        assertEquals("<a bc>", held(t));
        // a pause before any appended byte was read gives back all of them, keeping what was held before
        t.keep(t.bytes(), 6, 6, 6);
        t.keep(first, 0, first.length, 0);
        at = t.append(chunk, 0, chunk.length, chunk.length, 0);
        assertEquals(chunk.length, t.giveBack(Math.max(2, at)));
        assertEquals("<a b", held(t));
    }

    @Test
    void aFailureDrainsTheBufferFromAnOffsetAndTheUnappendedChunk() {
        TokenBuffer t = new TokenBuffer(new MemoryAccount(1 << 20));
        byte[] first = bytes("xx<a b");
        t.startChunk(0, 0);
        t.keep(first, 2, first.length, 2);
        t.moved(-2);
        byte[] chunk = new byte[1000];
        Arrays.fill(chunk, (byte) 'y');
        int n = t.blockSize(chunk.length);
        t.append(chunk, 0, n, chunk.length, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = t.drain(3, t.bytes(), t.length(), out::write);
        assertEquals(1, start, "stream offset 3 is index 1 of the tail");
        byte[] expected = new byte[3 + 1000];
        System.arraycopy(bytes("a b"), 0, expected, 0, 3);
        Arrays.fill(expected, 3, expected.length, (byte) 'y');
        assertArrayEquals(expected, out.toByteArray());
        assertThrows(IllegalStateException.class, () -> t.drain(1, t.bytes(), t.length(), out::write));
    }

    @Test
    void releaseGivesEverythingBack() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        TokenBuffer t = new TokenBuffer(account);
        t.keep(new byte[3000], 0, 3000, 0);
        assertEquals(cost(t), account.used());
        t.release();
        assertTrue(account.used() <= 0, "used " + account.used());
        assertEquals(0, t.length());
        assertEquals(0, t.capacity());
    }
}
