package org.htmlrewriter.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.htmlrewriter.RewritingRules;
import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The servlet snippet of the README ("Integrations") and of {@link HtmlRewritingFilter}'s javadoc, as written there,
 * compiled and run: the filter registered through the standard {@link ServletContext#addFilter} API of a real Jetty.
 */
class ServletReadmeSnippetTest {
    @Test
    void theFilterIsRegisteredWithTheStandardServletApi() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(HtmlRewritingFilterTest.servlet((req, res) -> {
            res.setContentType("text/html; charset=utf-8");
            res.getWriter().print("<html><head></head><body>page</body></html>");
        })), "/");
        context.addEventListener(new jakarta.servlet.ServletContextListener() {
            @Override
            public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                ServletContext servletContext = event.getServletContext();
                // HtmlRewritingFilter's javadoc
                RewritingRules rules = RewritingRules.of(b -> b
                    .onElement("head", el -> el.append("<script src=\"/inject.js\"></script>", ContentType.HTML)));
                // README, "Integrations"
                servletContext.addFilter("htmlrewriter", new HtmlRewritingFilter(rules))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
            }
        });
        server.setHandler(context);
        server.start();
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("<html><head><script src=\"/inject.js\"></script></head><body>page</body></html>", res.body());
        } finally {
            server.stop();
        }
    }
}
