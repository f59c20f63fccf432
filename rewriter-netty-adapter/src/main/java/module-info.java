/**
 * The Netty adapter: {@link org.htmlrewriter.netty.HtmlRewritingHandler}, a pipeline handler that rewrites HTML
 * responses as they pass, and its configuration. Compiled against Netty 4.2, whose jars are named modules. Netty
 * 4.1 works on the class path only: its jars are automatic modules without {@code io.netty.codec.compression}
 * (4.1 has those classes in {@code io.netty.codec}), which this module requires.
 */
module org.htmlrewriter.netty {
    requires transitive org.htmlrewriter.core;
    requires transitive io.netty.codec.http;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    // Decoding failures are reported as its DecompressionException.
    requires io.netty.codec.compression;

    exports org.htmlrewriter.netty;
}
