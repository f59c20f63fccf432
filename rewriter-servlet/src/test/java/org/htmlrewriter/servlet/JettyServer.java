package org.htmlrewriter.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * A real Jetty 12 (ee10, Servlet 6) server on 127.0.0.1 with an ephemeral port: the given filters in order (the
 * first is outermost), then servlets by path; optionally behind Jetty's {@link GzipHandler}. Closing stops it.
 */
final class JettyServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    // Jetty 12.1 deprecates GzipHandler for the CompressionHandler of its jetty-compression modules; it still is the
    // compressing handler of the ee10 distribution, and it is what this test needs: compression after every filter.
    @SuppressWarnings("removal")
    JettyServer(Map<String, HttpServlet> servlets, boolean gzip, Filter... filters) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        for (Filter f : filters) {
            context.addFilter(new FilterHolder(f), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        }
        servlets.forEach((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, path);
        });
        for (FilterHolder h : context.getServletHandler().getFilters()) {
            h.setAsyncSupported(true);
        }
        Handler handler = context;
        if (gzip) {
            GzipHandler g = new GzipHandler();
            g.setMinGzipSize(0);
            g.setHandler(context);
            handler = g;
        }
        server.setHandler(handler);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
