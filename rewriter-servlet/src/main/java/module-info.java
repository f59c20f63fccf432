/**
 * The servlet filter: {@link org.htmlrewriter.servlet.HtmlRewritingFilter} rewrites the {@code text/html}
 * responses of any Jakarta Servlet 6 container. The container provides {@code jakarta.servlet}.
 */
module org.htmlrewriter.servlet {
    requires transitive org.htmlrewriter.core;
    // Transitive: the filter is a jakarta.servlet.Filter, and its API names servlet types.
    requires transitive jakarta.servlet;

    exports org.htmlrewriter.servlet;
}
