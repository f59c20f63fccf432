package org.htmlrewriter.netty;

import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.Charset;
import org.htmlrewriter.RewriterSettings;

/**
 * Chooses the rewriter configuration for one eligible response, once its charset is known. Called on the channel's
 * event loop, possibly from many channels at once: implementations must be thread-safe (return cached, immutable
 * {@link RewriterSettings}; compiling selectors per response is slow).
 */
@FunctionalInterface
public interface RewriterFactory {
    /**
     * The settings to rewrite this response with, or {@code null} to pass it through untouched.
     *
     * @return the settings to rewrite this response with, or {@code null} to pass it through untouched
     * @param request  the request the response answers
     * @param response the response headers as received (do not change them)
     * @param charset  the body's charset (from {@code Content-Type}, a byte order mark, a {@code <meta>} or the
     *                 UTF-8 default); the returned settings must use it
     * @throws IllegalArgumentException if the charset cannot be rewritten in (the response then passes through)
     */
    RewriterSettings settingsFor(RequestInfo request, HttpResponse response, Charset charset);
}
