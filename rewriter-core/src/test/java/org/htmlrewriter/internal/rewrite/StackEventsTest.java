package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.selectors.internal.Closing;
import org.junit.jupiter.api.Test;

/** The queue of one stack operation's events: order, the matches of each implied element, and growth charged. */
class StackEventsTest {
    @Test
    void eventsComeBackInOrderWithTheirMatches() {
        StackEvents events = new StackEvents(new MemoryAccount(1 << 20));
        events.clear();
        assertFalse(events.any());
        int[] matched = {4, 7, 9};
        events.queueClose(3, Closing.EXPLICIT);
        events.queueImplied(2, "body", matched, 2);
        matched[0] = 5; // the engine's array is reused for the next element: the queue kept its own copy
        events.queueImplied(3, "p", matched, 3);
        assertTrue(events.any());

        assertTrue(events.hasNext());
        assertTrue(events.isClose());
        assertEquals(3, events.depth());
        assertEquals(Closing.EXPLICIT, events.how());
        events.advance();

        assertFalse(events.isClose());
        assertEquals(2, events.depth());
        assertEquals("body", events.name());
        assertArrayEquals(new int[] {4, 7}, Arrays.copyOfRange(events.matches(), events.matchFrom(), events.matchTo()));
        events.advance();

        assertEquals("p", events.name());
        assertArrayEquals(new int[] {5, 7, 9},
                Arrays.copyOfRange(events.matches(), events.matchFrom(), events.matchTo()));
        events.advance();
        assertFalse(events.hasNext());

        events.clear();
        assertFalse(events.any());
        assertFalse(events.hasNext());
    }

    @Test
    void growingBeyondItsFirstArraysIsCharged() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        StackEvents events = new StackEvents(account);
        long before = account.used();
        int[] matched = new int[20];
        for (int i = 0; i < 20; i++) {
            events.queueImplied(i, "e" + i, matched, 20);
        }
        assertTrue(account.used() > before, "the grown arrays are charged");
        for (int i = 0; i < 20; i++) {
            assertEquals(i, events.depth());
            assertEquals("e" + i, events.name());
            assertEquals(20, events.matchTo() - events.matchFrom());
            events.advance();
        }
        assertFalse(events.hasNext());
    }
}
