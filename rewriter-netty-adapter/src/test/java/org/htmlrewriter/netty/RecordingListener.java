package org.htmlrewriter.netty;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what the handler reports, one short line per event: {@code pass REASON}, {@code start CHARSET},
 * {@code done}, {@code fail OUTCOME}, {@code broken OUTCOME}. For one test at a time.
 */
final class RecordingListener implements RewritingListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void passedThrough(RequestInfo request, String reason) {
        events.add("pass " + reason);
    }

    @Override
    public void rewriteStarted(RequestInfo request, Charset charset) {
        events.add("start " + charset.name());
    }

    @Override
    public void rewriteCompleted(RequestInfo request, long in, long decoded, long out, long nanos) {
        events.add("done");
    }

    @Override
    public void rewriteFailed(RequestInfo request, Throwable cause, Outcome outcome) {
        events.add("fail " + outcome);
    }

    @Override
    public void brokenResponse(RequestInfo request, Throwable cause, Outcome outcome) {
        events.add("broken " + outcome);
    }

    /** The last event, or "none". */
    String last() {
        return events.isEmpty() ? "none" : events.get(events.size() - 1);
    }
}
