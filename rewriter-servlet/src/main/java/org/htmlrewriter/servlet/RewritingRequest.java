package org.htmlrewriter.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The request as the servlet sees it behind {@link HtmlRewritingFilter}: its {@link AsyncContext} ends the rewritten
 * document when the servlet calls {@code complete()}, before the container finishes the response. Confined to the
 * request's threads, like the request.
 */
final class RewritingRequest extends HttpServletRequestWrapper {
    private final RewritingResponse response;

    RewritingRequest(HttpServletRequest request, RewritingResponse response) {
        super(request);
        this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
        return wrap(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
        return wrap(super.startAsync(request, servletResponse));
    }

    @Override
    public AsyncContext getAsyncContext() {
        return new CompletingContext(super.getAsyncContext());
    }

    private AsyncContext wrap(AsyncContext context) {
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) throws IOException {
                response.finish(); // a no-op when complete() already finished it
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                response.abandon();
            }

            @Override
            public void onError(AsyncEvent event) {
                response.abandon();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }
        });
        return new CompletingContext(context);
    }

    /** Ends the document before the container completes the response. */
    private final class CompletingContext implements AsyncContext {
        private final AsyncContext delegate;

        CompletingContext(AsyncContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public void complete() {
            try {
                response.finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                delegate.complete();
            }
        }

        @Override
        public ServletRequest getRequest() {
            return delegate.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return delegate.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return delegate.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            delegate.dispatch();
        }

        @Override
        public void dispatch(String path) {
            delegate.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            delegate.dispatch(context, path);
        }

        @Override
        public void addListener(AsyncListener listener) {
            delegate.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            delegate.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> clazz) throws jakarta.servlet.ServletException {
            return delegate.createListener(clazz);
        }

        @Override
        public void start(Runnable run) {
            delegate.start(run);
        }

        @Override
        public void setTimeout(long timeout) {
            delegate.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return delegate.getTimeout();
        }
    }
}
