package org.htmlrewriter.netty;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.htmlrewriter.EncodingSniffer;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.MemoryBudget;
import org.htmlrewriter.RewriterSettings;

/**
 * Configuration of {@link HtmlRewritingHandler}: which responses are eligible, how their rewriters are made, the
 * limits and what happens on failure. Made by {@link #builder()}, which validates every value.
 *
 * <p>Immutable and thread-safe: one config may serve every channel of a server (each channel still needs its own
 * handler). The settings it compiles per charset are cached.
 */
public final class HtmlRewritingConfig {
    /** Default cap on the decoded size of a compressed body: {@value} bytes (1 GiB). */
    public static final long DEFAULT_MAX_DECODED_BYTES = 1L << 30;
    /** Default rewriter memory limit: {@value} bytes (16 MiB), see {@link HtmlRewriter.Builder#memoryLimit}. */
    public static final long DEFAULT_MEMORY_LIMIT = HtmlRewriter.Builder.DEFAULT_MEMORY_LIMIT;
    /** How many body bytes the {@code <meta>} charset prescan looks at: {@value}, as {@link EncodingSniffer}'s. */
    public static final int PRESCAN_BYTES = EncodingSniffer.PRESCAN_BYTES;

    private final Set<String> mediaTypes;
    private final RewriterFactory factory;
    private final long maxDecodedBytes;
    private final FailureMode failureMode;
    private final RewritingListener listener;
    private final boolean narrowAcceptEncoding;
    private final MemoryBudget sharedMemoryBudget;
    /** Bytes the handlers using this config hold outside their rewriters; see {@link #bufferedBytes()}. */
    private final AtomicLong buffered = new AtomicLong();

    private HtmlRewritingConfig(Builder b, RewriterFactory factory) {
        this.mediaTypes = Collections.unmodifiableSet(new LinkedHashSet<>(b.mediaTypes));
        this.factory = factory;
        this.maxDecodedBytes = b.maxDecodedBytes;
        this.failureMode = b.failureMode;
        this.listener = b.listener;
        this.narrowAcceptEncoding = b.narrowAcceptEncoding;
        this.sharedMemoryBudget = b.sharedMemoryBudget;
    }

    /** {@return a new builder, with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return media types (lowercase, without parameters) whose bodies are rewritten; default {@code text/html}} */
    public Set<String> mediaTypes() {
        return mediaTypes;
    }

    /** {@return how the settings of each eligible response are chosen} */
    public RewriterFactory rewriterFactory() {
        return factory;
    }

    /** {@return the cap on the decoded size of one compressed body, in bytes} */
    public long maxDecodedBytes() {
        return maxDecodedBytes;
    }

    /** {@return what happens when rewriting a response fails} */
    public FailureMode failureMode() {
        return failureMode;
    }

    /** {@return the listener told what happens to each response} */
    public RewritingListener listener() {
        return listener;
    }

    /** {@return whether requests' {@code Accept-Encoding} is narrowed to what the handler can decode} */
    public boolean narrowAcceptEncoding() {
        return narrowAcceptEncoding;
    }

    /** {@return the budget all rewriters made by {@link Builder#rules} count against, or {@code null}} */
    public MemoryBudget sharedMemoryBudget() {
        return sharedMemoryBudget;
    }

    /**
     * Bytes that the handlers using this config hold right now outside their rewriters (whose memory the memory
     * limit and the shared budget count): the charset sniffing buffers ({@value #PRESCAN_BYTES} bytes, or 3 when
     * the header names a charset {@link EncodingSniffer} knows, per response being sniffed), original body chunks
     * kept while the charset is undecided (at most 64 KiB and one chunk per response), and chunks waiting while
     * decoding waits for a client to read (bounded by the proxy's backpressure: what it had read when the client
     * stopped). For monitoring; thread-safe.
     *
     * @return the bytes held now
     */
    public long bufferedBytes() {
        return buffered.get();
    }

    void addBuffered(long delta) {
        if (delta != 0) {
            buffered.addAndGet(delta);
        }
    }

    /** Not thread-safe; the config it builds is. */
    public static final class Builder {
        private final Set<String> mediaTypes = new LinkedHashSet<>(Set.of("text/html"));
        private Consumer<HtmlRewriter.Builder> rules;
        private RewriterFactory factory;
        private long memoryLimit = DEFAULT_MEMORY_LIMIT;
        private long maxDecodedBytes = DEFAULT_MAX_DECODED_BYTES;
        private FailureMode failureMode = FailureMode.FAIL;
        private RewritingListener listener = new RewritingListener() {
        };
        private boolean narrowAcceptEncoding;
        private MemoryBudget sharedMemoryBudget;

        private Builder() {
        }

        /**
         * The media types to rewrite, replacing the default, {@code text/html} alone.
         *
         * <p>XML media types ({@code application/xhtml+xml}, {@code application/xml}, {@code text/xml} and any
         * {@code +xml} type) are refused: the engine reads HTML syntax (implied end tags, raw-text elements such as
         * {@code script}, a {@code />} that does not close a {@code <script/>}), so an XML document would be read
         * differently from how an XML parser reads it and rewriting could change or break it. Such responses always
         * pass through untouched.
         *
         * @param types the media types, each of the form {@code type/subtype}
         * @return this builder
         * @throws IllegalArgumentException if empty, if a type is not of the form {@code type/subtype}, or if it is
         *                                  an XML type
         */
        public Builder mediaTypes(Set<String> types) {
            Objects.requireNonNull(types, "types");
            if (types.isEmpty()) {
                throw new IllegalArgumentException("at least one media type is needed");
            }
            Set<String> checked = new LinkedHashSet<>();
            for (String t : types) {
                String lower = Objects.requireNonNull(t, "media type").trim().toLowerCase(Locale.ROOT);
                int slash = lower.indexOf('/');
                if (slash <= 0 || slash == lower.length() - 1 || lower.indexOf('/', slash + 1) >= 0
                        || lower.indexOf(';') >= 0 || lower.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("not a media type: '" + t + "'");
                }
                if (isXml(lower)) {
                    throw new IllegalArgumentException(lower + " cannot be rewritten: it is XML, and the rewriter"
                            + " reads HTML syntax (implied end tags, raw-text elements, no self-closing tags), so it"
                            + " would read the document differently from an XML parser");
                }
                checked.add(lower);
            }
            mediaTypes.clear();
            mediaTypes.addAll(checked);
            return this;
        }

        /**
         * The rewriting rules, as a function that registers handlers on a fresh builder. The config applies the
         * charset, memory limit and failure mode to it and compiles it once per charset. Exclusive with
         * {@link #rewriterFactory}. The handlers it registers run on event loops, concurrently across channels.
         *
         * @param rules registers the handlers on a fresh builder
         * @return this builder
         */
        public Builder rules(Consumer<HtmlRewriter.Builder> rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            this.factory = null;
            return this;
        }

        /**
         * A per-response choice of settings, for full control (the memory limit and failure mode options then
         * apply only as far as the returned settings say). Exclusive with {@link #rules}.
         *
         * @param factory chooses the settings for each eligible response
         * @return this builder
         */
        public Builder rewriterFactory(RewriterFactory factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.rules = null;
            return this;
        }

        /**
         * The rewriter's memory limit, for {@link #rules}: at least 1024, default {@value #DEFAULT_MEMORY_LIMIT}.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder memoryLimit(long bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("memory limit must be at least 1024 bytes: " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * Cap on the decoded size of one compressed body (a decompression bomb fails the response): at least 1,
         * default {@value #DEFAULT_MAX_DECODED_BYTES}.
         *
         * @param bytes the limit in bytes
         * @return this builder
         */
        public Builder maxDecodedBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max decoded bytes must be positive: " + bytes);
            }
            this.maxDecodedBytes = bytes;
            return this;
        }

        /**
         * What to do on failure; default {@link FailureMode#FAIL}.
         *
         * @param mode what to do on failure
         * @return this builder
         */
        public Builder failureMode(FailureMode mode) {
            this.failureMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The listener told what happens to each response (for logging and metrics); by default one that does
         * nothing.
         *
         * @param listener the listener, called on event loops
         * @return this builder
         */
        public Builder listener(RewritingListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Whether to narrow a request's {@code Accept-Encoding} to the encodings the handler can decode
         * ({@code gzip}, {@code x-gzip}, {@code deflate}, {@code identity}, and {@code br} when
         * {@code org.brotli:dec} is on the class path) before it goes upstream, so that HTML comes back in a
         * form that can be rewritten. Default false.
         *
         * @param enabled {@code true} to turn it on
         * @return this builder
         */
        public Builder narrowAcceptEncoding(boolean enabled) {
            this.narrowAcceptEncoding = enabled;
            return this;
        }

        /**
         * A memory budget shared by every rewriter this config makes with {@link #rules} (and by any other settings
         * that use the same budget), on top of each one's {@link #memoryLimit}: see
         * {@link HtmlRewriter.Builder#sharedMemoryBudget}. A response whose rewriter would take the budget past its
         * limit fails like any other rewriting failure ({@link FailureMode}). Default: none.
         *
         * @param budget the budget, shared with whatever else should count against it
         * @return this builder
         */
        public Builder sharedMemoryBudget(MemoryBudget budget) {
            this.sharedMemoryBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration, immutable and thread-safe
         * @throws IllegalStateException if neither rules nor a rewriter factory was given
         */
        public HtmlRewritingConfig build() {
            if (factory != null) {
                return new HtmlRewritingConfig(this, factory);
            }
            if (rules == null) {
                throw new IllegalStateException("set rules(...) or rewriterFactory(...)");
            }
            return new HtmlRewritingConfig(this, new CachingFactory(rules, memoryLimit,
                    failureMode == FailureMode.PASS_THROUGH, sharedMemoryBudget));
        }
    }

    /** Whether a media type (lowercase, no parameters) is an XML type. */
    static boolean isXml(String mediaType) {
        return mediaType.endsWith("+xml") || mediaType.equals("application/xml") || mediaType.equals("text/xml");
    }

    /** Compiles the rules once per charset; thread-safe. */
    private static final class CachingFactory implements RewriterFactory {
        private final Consumer<HtmlRewriter.Builder> rules;
        private final long memoryLimit;
        private final boolean graceful;
        private final MemoryBudget budget;
        private final Map<Charset, RewriterSettings> byCharset = new ConcurrentHashMap<>();

        CachingFactory(Consumer<HtmlRewriter.Builder> rules, long memoryLimit, boolean graceful,
                MemoryBudget budget) {
            this.rules = rules;
            this.memoryLimit = memoryLimit;
            this.graceful = graceful;
            this.budget = budget;
            byCharset.put(java.nio.charset.StandardCharsets.UTF_8, compile(java.nio.charset.StandardCharsets.UTF_8));
        }

        private RewriterSettings compile(Charset charset) {
            HtmlRewriter.Builder b = HtmlRewriter.builder().charset(charset).memoryLimit(memoryLimit)
                    .gracefulBailOut(graceful).sharedMemoryBudget(budget);
            rules.accept(b);
            return b.settings();
        }

        @Override
        public RewriterSettings settingsFor(RequestInfo request, io.netty.handler.codec.http.HttpResponse response,
                Charset charset) {
            return byCharset.computeIfAbsent(charset, this::compile);
        }
    }
}
