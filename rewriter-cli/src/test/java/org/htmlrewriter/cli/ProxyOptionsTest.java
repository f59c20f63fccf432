package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy's limits: defaults derived from the heap, and the command line that changes them. */
class ProxyOptionsTest {
    @Test
    void memoryDefaultsFollowTheHeap() {
        assertEquals(2L << 20, ProxyOptions.defaultMemoryLimit(64L << 20), "a 32nd of a 64 MB heap");
        assertEquals(1L << 20, ProxyOptions.defaultMemoryLimit(16L << 20), "never under 1 MiB");
        assertEquals(16L << 20, ProxyOptions.defaultMemoryLimit(8L << 30), "never over 16 MiB");
        assertEquals(16L << 20, ProxyOptions.defaultMemoryBudget(64L << 20), "a quarter of the heap");
        assertEquals(2L << 30, ProxyOptions.defaultMemoryBudget(8L << 30));
        ProxyOptions d = ProxyOptions.defaults();
        assertTrue(d.memoryBudget() >= d.memoryLimit());
    }

    @Test
    void optionsAreTakenOutOfTheCommandLine() throws Exception {
        ProxyOptions.Parsed p = ProxyOptions.parse(List.of("--listen", "127.0.0.1:0", "--max-connections", "7",
                "--header-timeout", "2.5", "--idle-timeout", "3", "--upstream-connect-timeout", "0.5",
                "--upstream-timeout", "9", "--max-header-bytes", "32k", "--memory-limit", "3m", "--memory-budget",
                "1g", "--rule", "a remove"), ProxyOptions.defaults());
        assertEquals(List.of("--listen", "127.0.0.1:0", "--rule", "a remove"), p.rest());
        ProxyOptions o = p.options();
        assertEquals(7, o.maxConnections());
        assertEquals(Duration.ofMillis(2500), o.headerTimeout());
        assertEquals(Duration.ofSeconds(3), o.idleTimeout());
        assertEquals(Duration.ofMillis(500), o.upstreamConnectTimeout());
        assertEquals(Duration.ofSeconds(9), o.upstreamTimeout());
        assertEquals(32 * 1024, o.maxHeaderBytes());
        assertEquals(3L << 20, o.memoryLimit());
        assertEquals(1L << 30, o.memoryBudget());
    }

    @Test
    void badValuesAreUsageErrors() {
        for (List<String> args : List.of(List.of("--max-connections", "0"), List.of("--max-connections", "x"),
                List.of("--header-timeout", "0"), List.of("--idle-timeout", "-1"),
                List.of("--upstream-timeout", "soon"),
                List.of("--max-header-bytes", "100"), List.of("--memory-limit", "12q"), List.of("--memory-limit", "10"),
                List.of("--memory-limit", "8m", "--memory-budget", "4m"), List.of("--upstream-timeout"))) {
            Main.UsageException e = assertThrows(Main.UsageException.class,
                    () -> ProxyOptions.parse(args, ProxyOptions.defaults()), args.toString());
            assertTrue(e.getMessage().contains(args.get(0)) || e.getMessage().contains("--memory-budget"),
                    e.getMessage());
        }
    }
}
