package org.htmlrewriter.netty;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Objects;

/**
 * What the rewriting handler remembers of a request while its response is on the way: method, version and URI.
 * Immutable and thread-safe; holds no buffers.
 */
public final class RequestInfo {
    private final HttpMethod method;
    private final HttpVersion version;
    private final String uri;

    /**
     * A request's first line.
     *
     * @param method  its method
     * @param version its HTTP version
     * @param uri     its target, as sent
     * @throws NullPointerException if an argument is null
     */
    public RequestInfo(HttpMethod method, HttpVersion version, String uri) {
        this.method = Objects.requireNonNull(method, "method");
        this.version = Objects.requireNonNull(version, "version");
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    static RequestInfo of(HttpRequest request) {
        return new RequestInfo(request.method(), request.protocolVersion(), request.uri());
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

    @Override
    public String toString() {
        return method + " " + uri + " " + version;
    }
}
