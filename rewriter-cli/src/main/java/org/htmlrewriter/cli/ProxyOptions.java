package org.htmlrewriter.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The limits and timeouts of {@link RewritingProxy}, each with a default meant for a proxy facing the open internet,
 * and the {@code proxy} command's options that change them. Immutable; {@link #defaults()} then {@code with...}
 * copies.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>default</th><th>what</th></tr>
 * <tr><td>{@code --max-connections N}</td><td>{@value #DEFAULT_MAX_CONNECTIONS}</td><td>client connections open at
 * once; beyond, a connection gets {@code 503} to its first request and is closed</td></tr>
 * <tr><td>{@code --header-timeout S}</td><td>{@value #DEFAULT_HEADER_TIMEOUT_SECONDS}</td><td>seconds an idle
 * connection may take to send a complete request head (from the connection's start, or the end of the previous
 * response); then it is closed (slow headers, idle keep-alive)</td></tr>
 * <tr><td>{@code --idle-timeout S}</td><td>{@value #DEFAULT_IDLE_TIMEOUT_SECONDS}</td><td>seconds a connection in
 * the middle of an exchange may make no progress (no request byte read, no response byte taken by the client,
 * while the proxy is not waiting for the origin); then it is closed ({@code 408} if no response was started)</td>
 * </tr>
 * <tr><td>{@code --upstream-connect-timeout S}</td><td>{@value #DEFAULT_UPSTREAM_CONNECT_TIMEOUT_SECONDS}</td>
 * <td>connecting to the origin; then {@code 504}</td></tr>
 * <tr><td>{@code --upstream-timeout S}</td><td>{@value #DEFAULT_UPSTREAM_TIMEOUT_SECONDS}</td><td>seconds the
 * origin may send nothing while the proxy waits for its response (head or body); then {@code 504}, or the
 * response is cut off if it had started</td></tr>
 * <tr><td>{@code --max-header-bytes N}</td><td>{@value #DEFAULT_MAX_HEADER_BYTES}</td><td>size of a request's or
 * response's header block, and of a request line; larger requests get {@code 400}, larger responses
 * {@code 502}</td></tr>
 * <tr><td>{@code --memory-limit N}</td><td>a 32nd of the heap, between 1 MiB and 16 MiB</td><td>memory one
 * document's rewriter may hold ({@code HtmlRewriter.Builder.memoryLimit})</td></tr>
 * <tr><td>{@code --memory-budget N}</td><td>a quarter of the heap</td><td>memory all documents being rewritten may
 * hold together; a rewrite that would exceed it fails ({@code 502} or a cut-off response)</td></tr>
 * </table>
 *
 * <p>Sizes take a {@code k}, {@code m} or {@code g} suffix (powers of 1024).
 */
public final class ProxyOptions {
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 15;
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_UPSTREAM_CONNECT_TIMEOUT_SECONDS = 10;
    public static final int DEFAULT_UPSTREAM_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    static final String USAGE = """
              proxy limits (defaults in parentheses; sizes take k, m or g):
                  --max-connections N (%d)  --header-timeout S (%d)  --idle-timeout S (%d)
                  --upstream-connect-timeout S (%d)  --upstream-timeout S (%d)  --max-header-bytes N (%d)
                  --memory-limit N (per document: a 32nd of the heap, 1m..16m)
                  --memory-budget N (all documents together: a quarter of the heap)
            """.formatted(DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT_SECONDS, DEFAULT_IDLE_TIMEOUT_SECONDS,
            DEFAULT_UPSTREAM_CONNECT_TIMEOUT_SECONDS, DEFAULT_UPSTREAM_TIMEOUT_SECONDS, DEFAULT_MAX_HEADER_BYTES);

    private final int maxConnections;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration upstreamConnectTimeout;
    private final Duration upstreamTimeout;
    private final int maxHeaderBytes;
    private final long memoryLimit;
    private final long memoryBudget;

    private ProxyOptions(int maxConnections, Duration headerTimeout, Duration idleTimeout,
            Duration upstreamConnectTimeout, Duration upstreamTimeout, int maxHeaderBytes, long memoryLimit,
            long memoryBudget) {
        this.maxConnections = maxConnections;
        this.headerTimeout = headerTimeout;
        this.idleTimeout = idleTimeout;
        this.upstreamConnectTimeout = upstreamConnectTimeout;
        this.upstreamTimeout = upstreamTimeout;
        this.maxHeaderBytes = maxHeaderBytes;
        this.memoryLimit = memoryLimit;
        this.memoryBudget = memoryBudget;
    }

    /** The defaults, the memory ones derived from this JVM's maximum heap. */
    public static ProxyOptions defaults() {
        long heap = Runtime.getRuntime().maxMemory();
        return new ProxyOptions(DEFAULT_MAX_CONNECTIONS, Duration.ofSeconds(DEFAULT_HEADER_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_UPSTREAM_CONNECT_TIMEOUT_SECONDS),
                Duration.ofSeconds(DEFAULT_UPSTREAM_TIMEOUT_SECONDS), DEFAULT_MAX_HEADER_BYTES,
                defaultMemoryLimit(heap), defaultMemoryBudget(heap));
    }

    /**
     * A 32nd of the heap, at least 1 MiB (a page needs that much for its deepest nesting and longest tag) and at
     * most 16 MiB (the engine's default): a handful of hostile documents cannot take a large share of the heap.
     */
    static long defaultMemoryLimit(long maxHeap) {
        return Math.max(1L << 20, Math.min(16L << 20, maxHeap / 32));
    }

    /** A quarter of the heap: what is left serves buffers, connections and everything else. */
    static long defaultMemoryBudget(long maxHeap) {
        return Math.max(defaultMemoryLimit(maxHeap), maxHeap / 4);
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration headerTimeout() {
        return headerTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration upstreamConnectTimeout() {
        return upstreamConnectTimeout;
    }

    public Duration upstreamTimeout() {
        return upstreamTimeout;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public long memoryLimit() {
        return memoryLimit;
    }

    public long memoryBudget() {
        return memoryBudget;
    }

    public ProxyOptions withMaxConnections(int n) {
        return new ProxyOptions(positive(n, "max connections"), headerTimeout, idleTimeout, upstreamConnectTimeout,
                upstreamTimeout, maxHeaderBytes, memoryLimit, memoryBudget);
    }

    public ProxyOptions withHeaderTimeout(Duration d) {
        return new ProxyOptions(maxConnections, positive(d, "header timeout"), idleTimeout, upstreamConnectTimeout,
                upstreamTimeout, maxHeaderBytes, memoryLimit, memoryBudget);
    }

    public ProxyOptions withIdleTimeout(Duration d) {
        return new ProxyOptions(maxConnections, headerTimeout, positive(d, "idle timeout"), upstreamConnectTimeout,
                upstreamTimeout, maxHeaderBytes, memoryLimit, memoryBudget);
    }

    public ProxyOptions withUpstreamConnectTimeout(Duration d) {
        return new ProxyOptions(maxConnections, headerTimeout, idleTimeout, positive(d, "upstream connect timeout"),
                upstreamTimeout, maxHeaderBytes, memoryLimit, memoryBudget);
    }

    public ProxyOptions withUpstreamTimeout(Duration d) {
        return new ProxyOptions(maxConnections, headerTimeout, idleTimeout, upstreamConnectTimeout,
                positive(d, "upstream timeout"), maxHeaderBytes, memoryLimit, memoryBudget);
    }

    /** @throws IllegalArgumentException below 1024 or above 1 MiB */
    public ProxyOptions withMaxHeaderBytes(int n) {
        if (n < 1024 || n > (1 << 20)) {
            throw new IllegalArgumentException("max header bytes must be between 1k and 1m: " + n);
        }
        return new ProxyOptions(maxConnections, headerTimeout, idleTimeout, upstreamConnectTimeout, upstreamTimeout,
                n, memoryLimit, memoryBudget);
    }

    /** @throws IllegalArgumentException below 1024 (the engine's minimum) */
    public ProxyOptions withMemoryLimit(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("memory limit must be at least 1k: " + bytes);
        }
        return new ProxyOptions(maxConnections, headerTimeout, idleTimeout, upstreamConnectTimeout, upstreamTimeout,
                maxHeaderBytes, bytes, memoryBudget);
    }

    /** @throws IllegalArgumentException below 1024 */
    public ProxyOptions withMemoryBudget(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("memory budget must be at least 1k: " + bytes);
        }
        return new ProxyOptions(maxConnections, headerTimeout, idleTimeout, upstreamConnectTimeout, upstreamTimeout,
                maxHeaderBytes, memoryLimit, bytes);
    }

    private static int positive(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1: " + n);
        }
        return n;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    /** The options parsed from a command line, and the arguments that are not this class's. */
    record Parsed(ProxyOptions options, List<String> rest) {
    }

    /**
     * Takes this class's options out of {@code args}, starting from {@code base}.
     *
     * @throws Main.UsageException for a missing or bad value
     */
    static Parsed parse(List<String> args, ProxyOptions base) throws Main.UsageException {
        ProxyOptions o = base;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--max-connections" -> o = o.withMaxConnections(integer(value(args, ++i, a)));
                    case "--header-timeout" -> o = o.withHeaderTimeout(seconds(value(args, ++i, a)));
                    case "--idle-timeout" -> o = o.withIdleTimeout(seconds(value(args, ++i, a)));
                    case "--upstream-connect-timeout" ->
                            o = o.withUpstreamConnectTimeout(seconds(value(args, ++i, a)));
                    case "--upstream-timeout" -> o = o.withUpstreamTimeout(seconds(value(args, ++i, a)));
                    case "--max-header-bytes" -> o = o.withMaxHeaderBytes((int) Math.min(Integer.MAX_VALUE,
                            size(value(args, ++i, a))));
                    case "--memory-limit" -> o = o.withMemoryLimit(size(value(args, ++i, a)));
                    case "--memory-budget" -> o = o.withMemoryBudget(size(value(args, ++i, a)));
                    default -> rest.add(a);
                }
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException(a + ": " + e.getMessage());
            }
        }
        if (o.memoryBudget < o.memoryLimit) {
            throw new Main.UsageException("--memory-budget (" + o.memoryBudget + ") is smaller than --memory-limit ("
                    + o.memoryLimit + "): not even one document could use its limit");
        }
        return new Parsed(o, rest);
    }

    private static String value(List<String> args, int i, String option) throws Main.UsageException {
        if (i >= args.size()) {
            throw new Main.UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + text);
        }
    }

    /** Whole or fractional seconds. */
    static Duration seconds(String text) {
        try {
            double s = Double.parseDouble(text);
            if (!(s > 0) || s > 86_400) {
                throw new IllegalArgumentException("seconds must be more than 0 and at most 86400: " + text);
            }
            return Duration.ofNanos((long) (s * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of seconds: " + text);
        }
    }

    /** A byte count with an optional k, m or g suffix. */
    static long size(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                default -> 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size (bytes, or with k, m or g): " + text);
        }
    }

    @Override
    public String toString() {
        return "max connections " + maxConnections + ", header timeout " + headerTimeout.toMillis() / 1000.0
                + " s, idle timeout " + idleTimeout.toMillis() / 1000.0 + " s, upstream connect timeout "
                + upstreamConnectTimeout.toMillis() / 1000.0 + " s, upstream timeout "
                + upstreamTimeout.toMillis() / 1000.0 + " s, max header bytes " + maxHeaderBytes
                + ", memory limit " + memoryLimit + " per document, memory budget " + memoryBudget;
    }
}
