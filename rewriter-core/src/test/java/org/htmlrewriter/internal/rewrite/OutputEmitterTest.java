package org.htmlrewriter.internal.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emitter's own invariants: coalescing, suppression, the order of content and input, the output's progress. */
class OutputEmitterTest {
    /** Records each sink call. */
    private final List<String> writes = new ArrayList<>();
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private OutputEmitter emitter;

    @BeforeEach
    void setUp() {
        OutputSink sink = (b, off, len) -> {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
            all.write(b, off, len);
        };
        Tokenizer tokenizer = new Tokenizer(null, new TreeBuilderSimulator()) /* never fed: no sink */;
        emitter = new OutputEmitter(sink, tokenizer, new ContentEncoder(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String output() {
        return all.toString(StandardCharsets.UTF_8);
    }

    @Test
    void adjacentSlicesOfTheChunkAreOneWrite() {
        byte[] chunk = bytes("<p>hello</p>");
        emitter.beginChunk(chunk);
        emitter.emitInput(chunk, 0, 3);
        emitter.emitInput(chunk, 3, 8);
        emitter.emitInput(chunk, 8, 12);
        assertTrue(writes.isEmpty(), "nothing is written before the flush: " + writes);
        emitter.flushPending();
        emitter.endChunk();
        assertEquals(List.of("<p>hello</p>"), writes);
    }

    @Test
    void aGapOrAnotherArrayEndsTheSlice() {
        byte[] chunk = bytes("<p>hello</p>");
        emitter.beginChunk(chunk);
        emitter.emitInput(chunk, 0, 3);
        emitter.emitInput(chunk, 8, 12);
        emitter.emitInput(bytes("xyz"), 0, 3); // not the chunk: written at once, after the pending slice
        assertEquals(List.of("<p>", "</p>", "xyz"), writes);
        emitter.flushPending();
        assertEquals(List.of("<p>", "</p>", "xyz"), writes);
    }

    @Test
    void contentInsertedAtAPositionLandsBeforeTheInputFromThere() {
        byte[] chunk = bytes("<b>x</b>");
        emitter.beginChunk(chunk);
        emitter.emitInput(chunk, 0, 3);
        ContentList before = new ContentList();
        before.addLast(new Content(bytes("<i>"), false, false));
        emitter.emitContent(before, 3, InsertionStates.clean(TextMode.DATA));
        emitter.emitInput(chunk, 3, 8);
        emitter.flushPending();
        assertEquals("<b><i>x</b>", output());
        assertEquals(List.of("<b>", "<i>", "x</b>"), writes);
    }

    @Test
    void nothingIsWrittenWhileContentIsRemoved() {
        byte[] chunk = bytes("abc");
        emitter.beginChunk(chunk);
        emitter.suppressDepth = 2;
        emitter.emitInput(chunk, 0, 3);
        emitter.emitBytes(bytes("x"));
        ContentList list = new ContentList();
        list.addLast(new Content(bytes("<i>"), false, false));
        emitter.emitContent(list, 0, InsertionStates.clean(TextMode.DATA));
        emitter.flushPending();
        assertEquals("", output());
        emitter.suppressDepth = 0;
        emitter.emitInput(chunk, 1, 3);
        emitter.flushPending();
        assertEquals("bc", output());
    }

    @Test
    void droppedPendingOutputIsNeverWritten() {
        byte[] chunk = bytes("abc");
        emitter.beginChunk(chunk);
        emitter.emitInput(chunk, 0, 3);
        emitter.dropPending();
        emitter.flushPending();
        assertEquals("", output());
    }

    @Test
    void rawWritesBypassSuppression() {
        emitter.suppressDepth = 1;
        emitter.writeRaw(bytes("abc"), 1, 2);
        assertEquals("bc", output());
    }

    @Test
    void theOutputOffsetMovesAsAdvanced() {
        assertEquals(0, emitter.outputUpTo());
        emitter.advanceTo(5);
        emitter.advanceTo(12);
        assertEquals(12, emitter.outputUpTo());
    }

    @Test
    void theInsertionPointIsOnlyWhereTheOutputDiffers() {
        int data = InsertionStates.clean(TextMode.DATA);
        assertFalse(emitter.hasPoint());
        assertEquals(data, emitter.outputStateAt(4, data));
        assertArrayEquals(new byte[0], emitter.bridgeAt(4));
        emitter.setPoint(InsertionStates.UNKNOWN, 4, data);
        assertTrue(emitter.hasPoint());
        assertEquals(InsertionStates.UNKNOWN, emitter.outputStateAt(4, data));
        assertEquals(data, emitter.outputStateAt(5, data));
        assertArrayEquals(new byte[0], emitter.bridgeAt(5), "elsewhere the output reads as the input");
    }

    @Test
    void inputThatTheOutputWouldReadAsMarkupIsBridgedOrRefused() {
        int data = InsertionStates.clean(TextMode.DATA);
        byte[] text = bytes("x");
        // The output is read as the input at the point: nothing to do, and the point is consumed.
        emitter.setPoint(data, 7, data);
        emitter.beforeInput(7, data, text, 0, 1, false);
        assertFalse(emitter.hasPoint());
        assertEquals("", output());
        // A point somewhere else leaves input at other offsets alone.
        emitter.setPoint(InsertionStates.UNKNOWN, 7, data);
        emitter.beforeInput(8, data, text, 0, 1, false);
        assertTrue(emitter.hasPoint());
    }

    @Test
    void textThatWouldFormMarkupIsRefused() {
        emitter.guessedTextHadLessThan = true;
        ContentList list = new ContentList();
        list.addLast(new Content(bytes("<b>"), true, false));
        assertThrows(HandlerException.class, () -> emitter.emitContent(list, 0, InsertionStates.clean(
                TextMode.RAWTEXT)));
        assertEquals("", output());
    }
}
