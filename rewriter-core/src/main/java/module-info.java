/**
 * The streaming HTML rewriter: {@link org.htmlrewriter.HtmlRewriter} and its settings, handlers, sinks and
 * integrations ({@code org.htmlrewriter}), and the views handlers receive ({@code org.htmlrewriter.content}).
 * Nothing under {@code org.htmlrewriter.internal} is exported.
 */
module org.htmlrewriter.core {
    // Transitive: the builder throws SelectorSyntaxException, and namespace prefixes are declared with the URIs
    // of Namespaces, so every user of the core reads the selectors' public package.
    requires transitive org.htmlrewriter.selectors;
    // Transitive: RewritingBodyHandler is an HttpResponse.BodyHandler and names java.net.http types in its API.
    requires transitive java.net.http;

    exports org.htmlrewriter;
    exports org.htmlrewriter.content;
}
