package org.htmlrewriter;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Rewriting rules for responses whose charset is known only when they arrive: the handlers are registered by a
 * function on a fresh {@link HtmlRewriter.Builder}, compiled once per charset, and the compiled
 * {@link RewriterSettings} are kept. Used by the integrations that rewrite HTTP responses
 * ({@link RewritingBodyHandler}, the servlet filter), which also ask it whether a {@code Content-Type} is to be
 * rewritten at all.
 *
 * <pre>{@code
 * RewritingRules rules = RewritingRules.of(b -> b
 *     .onElement("a[href^='http://']", el -> el.setAttribute("href",
 *         "https://" + el.getAttribute("href").substring("http://".length()))));
 * }</pre>
 *
 * <p>Holds no buffers. Immutable and thread-safe (the cache is concurrent); the handlers registered by the function
 * are shared by every response, so they must be safe to call from several threads at once.
 */
public final class RewritingRules {
    private final Consumer<HtmlRewriter.Builder> rules;
    private final Set<String> mediaTypes;
    private final Map<Charset, RewriterSettings> byCharset;

    private RewritingRules(Consumer<HtmlRewriter.Builder> rules, Set<String> mediaTypes,
            Map<Charset, RewriterSettings> byCharset) {
        this.rules = rules;
        this.mediaTypes = mediaTypes;
        this.byCharset = byCharset;
    }

    /**
     * Rules made by {@code rules}, which registers handlers (and may set limits such as
     * {@link HtmlRewriter.Builder#memoryLimit}) on the builder it is given; the charset it might set is replaced by
     * the response's. They are compiled for UTF-8 at once, so a bad selector fails here. Only {@code text/html}
     * bodies are rewritten ({@link #withMediaTypes} adds others).
     *
     * @param rules registers the handlers; called once per charset met, possibly from several threads
     * @return the rules
     * @throws NullPointerException if {@code rules} is null
     * @throws org.htmlrewriter.selectors.SelectorSyntaxException if a selector is invalid
     */
    public static RewritingRules of(Consumer<HtmlRewriter.Builder> rules) {
        RewritingRules r = new RewritingRules(Objects.requireNonNull(rules, "rules"), Set.of("text/html"),
                new ConcurrentHashMap<>());
        r.settingsFor(StandardCharsets.UTF_8);
        return r;
    }

    /**
     * The same rules, rewriting bodies of these media types instead of only {@code text/html} (for example
     * {@code "text/html", "application/xhtml+xml"}). The compiled settings are shared with this object.
     *
     * @param types media types of the form {@code type/subtype}, without parameters (case-insensitive)
     * @return rules rewriting exactly those types
     * @throws IllegalArgumentException if none is given or one is not of the form {@code type/subtype}
     * @throws NullPointerException     if a type is null
     */
    public RewritingRules withMediaTypes(String... types) {
        if (types.length == 0) {
            throw new IllegalArgumentException("at least one media type is needed");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String t : types) {
            String lower = Objects.requireNonNull(t, "media type").trim().toLowerCase(Locale.ROOT);
            int slash = lower.indexOf('/');
            if (slash <= 0 || slash == lower.length() - 1 || lower.indexOf('/', slash + 1) >= 0
                    || lower.indexOf(';') >= 0 || lower.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("not a media type: '" + t + "'");
            }
            checked.add(lower);
        }
        return new RewritingRules(rules, Collections.unmodifiableSet(checked), byCharset);
    }

    /**
     * The media types whose bodies are rewritten (lowercase, without parameters).
     *
     * @return an unmodifiable set
     */
    public Set<String> mediaTypes() {
        return mediaTypes;
    }

    /**
     * The settings for documents in {@code charset}, compiled on first use and kept.
     *
     * @param charset the documents' charset
     * @return the compiled settings
     * @throws IllegalArgumentException if the rewriter cannot work in {@code charset} (neither ASCII-compatible
     *                                  nor UTF-16, such as UTF-32 or ISO-2022-JP)
     * @throws NullPointerException     if {@code charset} is null
     */
    public RewriterSettings settingsFor(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        RewriterSettings s = byCharset.get(charset);
        return s != null ? s : byCharset.computeIfAbsent(charset, this::compile);
    }

    private RewriterSettings compile(Charset charset) {
        HtmlRewriter.Builder b = HtmlRewriter.builder().charset(charset);
        rules.accept(b);
        return b.charset(charset).settings();
    }

    /**
     * The settings for a body with this {@code Content-Type} header value, or {@code null} if such a body is to pass
     * through untouched: no or another media type than {@link #mediaTypes()}, or a {@code charset} parameter naming
     * a charset this JVM does not know or the rewriter cannot work in. Without a {@code charset} parameter, the
     * body is taken to be UTF-8.
     *
     * @param contentType the header's value, such as {@code text/html; charset=windows-1252}, or {@code null}
     * @return the settings to rewrite the body with, or {@code null} to leave it alone
     */
    public RewriterSettings settingsForContentType(String contentType) {
        if (contentType == null || !mediaTypes.contains(mediaType(contentType))) {
            return null;
        }
        String name = charsetParameter(contentType);
        if (name == null) {
            return settingsFor(StandardCharsets.UTF_8);
        }
        try {
            return settingsFor(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return null; // known to the JVM, but the rewriter cannot work in it
        }
    }

    /**
     * The media type of a {@code Content-Type} value: what comes before any parameter, trimmed and lowercased.
     *
     * @param contentType the header's value
     * @return the media type, such as {@code text/html}
     */
    public static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of the {@code charset} parameter of a {@code Content-Type} value, unquoted, or {@code null} if it
     * has none.
     *
     * @param contentType the header's value
     * @return the charset's name as written, or {@code null}
     */
    public static String charsetParameter(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
