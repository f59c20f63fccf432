package org.htmlrewriter.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.htmlrewriter.MemoryLimitExceededException;
import org.junit.jupiter.api.Test;

/** The numbers a memory limit decides, all derived by {@link MemoryPlan}. */
class MemoryPlanTest {

    @Test
    void aRewriterNeedsAtLeast1024Bytes() {
        assertEquals(1024, MemoryPlan.forRewriter(1024).limit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryPlan.forRewriter(1023));
        assertEquals("memory limit must be at least 1024 bytes: 1023", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryPlan.forRewriter(-1));
    }

    @Test
    void aTokenizerAloneNeedsAtLeast64Bytes() {
        assertEquals(64, MemoryPlan.forTokenizer(64).limit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryPlan.forTokenizer(63));
        assertEquals("memory limit must be at least 64 bytes: 63", e.getMessage());
    }

    @Test
    void theDefaultIs16MiB() {
        assertEquals(16L << 20, MemoryPlan.DEFAULT_LIMIT);
        assertEquals(MemoryPlan.DEFAULT_LIMIT, org.htmlrewriter.HtmlRewriter.Builder.DEFAULT_MEMORY_LIMIT);
        assertEquals(MemoryPlan.DEFAULT_LIMIT, org.htmlrewriter.internal.tokenizer.Tokenizer.DEFAULT_MEMORY_LIMIT);
    }

    @Test
    void theDepthIsWhatTheLimitPaysForAt160BytesAnElement() {
        assertEquals((16L << 20) / 160, MemoryPlan.forRewriter(16L << 20).maxOpenElements());
        assertEquals(10_000 / 160, MemoryPlan.forRewriter(10_000).maxOpenElements());
        assertEquals(160, MemoryPlan.forRewriter(160 * 160 + 159).maxOpenElements());
    }

    @Test
    void theDepthIsAtLeast16AndFitsAnArray() {
        assertEquals(16, MemoryPlan.forRewriter(1024).maxOpenElements()); // 1024 / 160 = 6
        assertEquals(16, MemoryPlan.forTokenizer(64).maxOpenElements());
        assertEquals(Integer.MAX_VALUE - 8, MemoryPlan.forRewriter(Long.MAX_VALUE).maxOpenElements());
    }

    @Test
    void tooManyOpenElementsRequestsWhatOneMoreCostsAtLeast() {
        MemoryLimitExceededException e = MemoryPlan.forRewriter(10_000).tooManyOpenElements(62, "62 open elements");
        assertEquals(10_000, e.limit());
        assertEquals(63L * 160, e.requested());
        assertEquals("memory limit of 10000 bytes exceeded: 62 open elements needs 10080 bytes", e.getMessage());
    }

    @Test
    void accountsCountAgainstTheLimitAndThePool() {
        MemoryAccount a = MemoryPlan.forRewriter(2048).newAccount(null);
        assertEquals(2048, a.limit());
        assertEquals(2048, a.available());
        SharedMemoryPool pool = new SharedMemoryPool(1500);
        MemoryAccount b = MemoryPlan.forRewriter(2048).newAccount(pool);
        assertEquals(1500, b.available());
        b.charge(1000, "x");
        assertEquals(1000, pool.used());
        b.close();
        assertEquals(0, pool.used());
        assertSame(MemoryLimitExceededException.class,
                assertThrows(MemoryLimitExceededException.class, () -> a.charge(2049, "y")).getClass());
    }
}
