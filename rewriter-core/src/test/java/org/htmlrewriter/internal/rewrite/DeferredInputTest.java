package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.htmlrewriter.internal.memory.MemoryAccount;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import org.junit.jupiter.api.Test;

/** Input waiting for an asynchronous handler: its order, its memory, and what a failure writes of it. */
class DeferredInputTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static DeferredInput.Text text(String s, long offset) {
        return new DeferredInput.Text(bytes(s), TextMode.DATA, offset, 0, 0, false);
    }

    @Test
    void itemsReplayInOrderAndAnItemDeferredDuringReplayComesNext() {
        DeferredInput d = new DeferredInput(new MemoryAccount(1 << 20));
        assertFalse(d.defers());
        d.deferring = true;
        assertTrue(d.defers());
        DeferredInput.Text a = text("a", 0);
        DeferredInput.Raw b = new DeferredInput.Raw(bytes("b"), 1, 0);
        DeferredInput.Text c = text("c", 2);
        d.defer(a);
        d.defer(b);
        d.defer(c);

        d.replaying = true;
        assertFalse(d.defers(), "while replaying, callbacks act");
        assertSame(a, d.next());
        DeferredInput.Text rest = text("a2", 0);
        d.defer(rest); // a's handling suspended again: its rest goes right after it
        d.replayed();
        assertSame(rest, d.next());
        d.replayed();
        assertSame(b, d.next());
        d.replayed();
        assertSame(c, d.next());
        d.replayed();
        assertNull(d.next());
        d.replaying = false;
        d.replayDone();
        assertFalse(d.deferring);
        assertFalse(d.defers());
    }

    @Test
    void copiesAreChargedUntilTheReplayIsDone() {
        MemoryAccount account = new MemoryAccount(1 << 20);
        DeferredInput d = new DeferredInput(account);
        long before = account.used();
        d.deferring = true;
        d.defer(text("x".repeat(1000), 0));
        assertTrue(account.used() >= before + 1000);
        d.replaying = true;
        d.next();
        d.replayed();
        d.replaying = false;
        d.replayDone();
        assertEquals(before, account.used());
    }

    @Test
    void aFailureWritesWhatWaitedFromWhereTheOutputStopped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputEmitter emitter = new OutputEmitter((b, off, len) -> out.write(b, off, len),
                new Tokenizer(null, new TreeBuilderSimulator()), new ContentEncoder(StandardCharsets.UTF_8));
        DeferredInput d = new DeferredInput(new MemoryAccount(1 << 20));
        d.deferring = true;
        d.defer(text("hello ", 10));
        d.defer(new DeferredInput.Raw(bytes("<x>"), 16, 0));
        d.defer(text("world", 19));
        d.replaying = true;
        d.next(); // "hello " is being replayed when it fails, after 3 of its bytes went out
        assertEquals(24, d.writeAfterFailure(13, emitter));
        assertEquals("lo <x>world", out.toString(StandardCharsets.US_ASCII));
    }
}
