package org.htmlrewriter.netty;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.htmlrewriter.DocumentContext;

/**
 * A request as the rewriting handler read it, kept while its response is on the way: method, version, URI and
 * headers. The handler hands it to the {@link RewriterFactory}, to the {@link RewritingListener}, and to the rules
 * themselves: every rewriter it makes has the request its response answers as its document's
 * {@linkplain DocumentContext#attachment() attachment}, so that a rule can depend on the host or a cookie:
 *
 * <pre>{@code
 * .rules(b -> b.onElement("head", el -> {
 *     RequestInfo request = RequestInfo.of(el.context());
 *     if ("beta".equals(request.cookie("channel"))) {
 *         el.append("<script src=\"/beta.js\"></script>", ContentType.HTML);
 *     }
 * }))
 * }</pre>
 *
 * <p>The headers are a read-only copy taken when the request was read, before the handlers behind the rewriting
 * handler saw it: a proxy that changes {@code Host} or {@code Accept-Encoding} on its way to the origin does not
 * change what the rules see.
 *
 * <p>Immutable and thread-safe. Holds no buffers: a {@code FullHttpRequest}'s content is neither copied nor
 * retained. {@link #toString()} shows the request line only (headers may carry credentials).
 */
public final class RequestInfo {
    private final HttpMethod method;
    private final HttpVersion version;
    private final String uri;
    private final HttpHeaders headers;

    /**
     * A request's first line, without headers.
     *
     * @param method  its method
     * @param version its HTTP version
     * @param uri     its target, as sent
     * @throws NullPointerException if an argument is null
     */
    public RequestInfo(HttpMethod method, HttpVersion version, String uri) {
        this(method, version, uri, EmptyHttpHeaders.INSTANCE);
    }

    /**
     * A request's first line and headers.
     *
     * @param method  its method
     * @param version its HTTP version
     * @param uri     its target, as sent
     * @param headers its headers: copied (later changes to them do not show here)
     * @throws NullPointerException if an argument is null
     */
    public RequestInfo(HttpMethod method, HttpVersion version, String uri, HttpHeaders headers) {
        this.method = Objects.requireNonNull(method, "method");
        this.version = Objects.requireNonNull(version, "version");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = readOnlyCopy(Objects.requireNonNull(headers, "headers"));
    }

    /**
     * What a request is while its response is on the way: its method, version, URI and a copy of its headers.
     *
     * @param request the request (not retained; its content, if any, is not touched)
     * @return its information
     * @throws NullPointerException if {@code request} is null
     */
    public static RequestInfo of(HttpRequest request) {
        return new RequestInfo(request.method(), request.protocolVersion(), request.uri(), request.headers());
    }

    /**
     * The request whose response a rule is rewriting, from the context of the view the rule was handed
     * ({@code el.context()}, {@code text.context()}, ...): the attachment every rewriter made by
     * {@link HtmlRewritingHandler} has.
     *
     * @param context the document's context
     * @return the request its response answers
     * @throws IllegalArgumentException if the document was not created by {@link HtmlRewritingHandler} (its
     *                                  attachment is not a {@code RequestInfo})
     * @throws NullPointerException     if {@code context} is null
     */
    public static RequestInfo of(DocumentContext context) {
        if (context.attachment() instanceof RequestInfo request) {
            return request;
        }
        throw new IllegalArgumentException("this document has no RequestInfo attached (it was not created by "
                + "HtmlRewritingHandler): " + context.attachment());
    }

    /** {@return the request's method} */
    public HttpMethod method() {
        return method;
    }

    /** {@return the request's HTTP version} */
    public HttpVersion version() {
        return version;
    }

    /** {@return the request's target, as sent} */
    public String uri() {
        return uri;
    }

    /**
     * The request's headers as they were when it was read: names case-insensitive, as in any {@link HttpHeaders}.
     *
     * @return a read-only copy (changing it throws {@link UnsupportedOperationException}); empty when built without
     *         headers
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * The value of a cookie the request sent, read from its {@code Cookie} headers (leniently, as browsers write
     * them; parsed on each call, so a rule that asks for every element can keep the value in its document's
     * context).
     *
     * @param name the cookie's name (case-sensitive)
     * @return the value of the first cookie of that name, or null if there is none
     * @throws NullPointerException if {@code name} is null
     */
    public String cookie(String name) {
        Objects.requireNonNull(name, "name");
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    private static HttpHeaders readOnlyCopy(HttpHeaders headers) {
        if (headers.isEmpty()) {
            return EmptyHttpHeaders.INSTANCE;
        }
        List<CharSequence> namesAndValues = new ArrayList<>(headers.size() * 2);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            // toString: a CharSequence value could be mutable; Strings (what the codec makes) are returned as is.
            namesAndValues.add(header.getKey().toString());
            namesAndValues.add(header.getValue().toString());
        }
        return new ReadOnlyHttpHeaders(false, namesAndValues.toArray(CharSequence[]::new));
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + version;
    }
}
