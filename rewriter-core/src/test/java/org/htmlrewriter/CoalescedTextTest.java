package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Text made of characters that could each start markup ({@code <} in normal content, {@code ]} in CDATA) reaches
 * text handlers in pieces as large as the writes, not one call per byte: a document of such bytes costs the same
 * number of handler calls as any other text.
 */
class CoalescedTextTest {
    private static long calls(String head, String unit, int repeat, String tail, int chunk) {
        AtomicLong calls = new AtomicLong();
        AtomicLong chars = new AtomicLong();
        RewriterSettings s = HtmlRewriter.builder().onDocumentText(t -> {
            calls.incrementAndGet();
            chars.addAndGet(t.text().length());
        }).settings();
        HtmlRewriter r = s.newRewriter((b, off, len) -> { });
        r.write(head.getBytes(StandardCharsets.UTF_8));
        byte[] block = unit.repeat(chunk / unit.length()).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < repeat; i++) {
            r.write(block);
        }
        r.write(tail.getBytes(StandardCharsets.UTF_8));
        r.end();
        assertEquals((long) repeat * block.length, chars.get(), "every character delivered once");
        return calls.get();
    }

    @Test
    void runsOfLessThanSignsAreDeliveredAWriteAtATime() {
        long calls = calls("<p>", "<", 1000, "", 4096);
        assertTrue(calls <= 2 * 1000 + 4, "4,096,000 '<' in 4 KiB writes took " + calls + " text handler calls");
    }

    @Test
    void runsOfBracketsInCdataAreDeliveredAWriteAtATime() {
        long calls = calls("<svg><![CDATA[", "]", 1000, "", 4096);
        assertTrue(calls <= 2 * 1000 + 4, "4,096,000 ']' in 4 KiB writes took " + calls + " text handler calls");
    }
}
