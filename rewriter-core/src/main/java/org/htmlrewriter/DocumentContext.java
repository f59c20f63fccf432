package org.htmlrewriter;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * State that belongs to one document: every rewriter has its own context, and every view its handlers receive
 * leads to it ({@code context()} on {@link org.htmlrewriter.content.Element}, {@link org.htmlrewriter.content.TextChunk}
 * and the others). Handlers are compiled once into {@link RewriterSettings} and shared by every document, so this is
 * where they keep what is per document (a counter, text held back between chunks, what an earlier handler found),
 * and where a caller hands them what the document comes with (a request, a user, a nonce) as the
 * {@linkplain #attachment() attachment} given to {@link RewriterSettings#newRewriter(OutputSink, Object)}.
 *
 * <pre>{@code
 * static final DocumentContext.Key<int[]> LINKS = DocumentContext.Key.named("links seen");
 *
 * RewriterSettings settings = HtmlRewriter.builder()
 *     .onElement("a[href]", el -> el.context().computeIfAbsent(LINKS, () -> new int[1])[0]++)
 *     .onElement("a[href]", el -> {
 *         HttpRequest request = (HttpRequest) el.context().attachment();   // what this document came with
 *         el.setAttribute("data-host", request.uri().getHost());
 *     })
 *     .onDocumentEnd(end -> end.append("<!-- " + end.context().get(LINKS)[0] + " links -->", ContentType.HTML))
 *     .settings();
 * HtmlRewriter rewriter = settings.newRewriter(sink, request);
 * }</pre>
 *
 * <p>Not thread-safe: like its rewriter, used by one thread at a time (the one writing to the rewriter, whose handlers
 * run on it). Values are the caller's: they are not counted against the memory limit and go when the rewriter goes.
 */
public final class DocumentContext {
    private final Object attachment;
    private Map<Key<?>, Object> values;

    DocumentContext(Object attachment) {
        this.attachment = attachment;
    }

    /** What the document was created with ({@link RewriterSettings#newRewriter(OutputSink, Object)}), or null. */
    public Object attachment() {
        return attachment;
    }

    /** The value stored under {@code key}, or null. */
    public <T> T get(Key<T> key) {
        Objects.requireNonNull(key, "key");
        return values == null ? null : key.type.cast(values.get(key));
    }

    /** Stores {@code value} under {@code key} (null removes it); returns the previous value or null. */
    public <T> T put(Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return values == null ? null : key.type.cast(values.remove(key));
        }
        if (values == null) {
            values = new IdentityHashMap<>(4);
        }
        return key.type.cast(values.put(key, value));
    }

    /** The value under {@code key}; if there is none, {@code create}'s value, stored first. */
    public <T> T computeIfAbsent(Key<T> key, Supplier<? extends T> create) {
        T value = get(key);
        if (value == null) {
            value = Objects.requireNonNull(create.get(), "the created value");
            put(key, value);
        }
        return value;
    }

    /**
     * A key for one kind of per-document value. Keys are compared by identity: make each once (a constant) and
     * share it; two keys with the same name are different keys. Immutable and thread-safe.
     *
     * @param <T> the type of the value
     */
    public static final class Key<T> {
        private final String name;
        private final Class<T> type;

        private Key(String name, Class<T> type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = type;
        }

        /** A new key named {@code name} (the name is for messages and {@link #toString()} only). */
        @SuppressWarnings("unchecked")
        public static <T> Key<T> named(String name) {
            return new Key<>(name, (Class<T>) (Class<?>) Object.class);
        }

        /** A new key whose values are checked to be of {@code type} when read. */
        public static <T> Key<T> named(String name, Class<T> type) {
            return new Key<>(name, Objects.requireNonNull(type, "type"));
        }

        @Override
        public String toString() {
            return "DocumentContext.Key[" + name + "]";
        }
    }
}
