/**
 * Netty adapter: {@link org.htmlrewriter.netty.HtmlRewritingHandler} rewrites HTML response bodies as their
 * {@code HttpContent} chunks pass through a proxy's client-facing pipeline, configured by an
 * {@link org.htmlrewriter.netty.HtmlRewritingConfig}. Decoding of compressed bodies, charset sniffing and the
 * mapping of rewriter output back to slices of the input buffers are package-private helpers.
 */
package org.htmlrewriter.netty;
