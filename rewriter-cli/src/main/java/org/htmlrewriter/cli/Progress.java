package org.htmlrewriter.cli;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Progress of a directory run, for a line on standard error at most once per interval (never one per file):
 * {@code htmlrewriter: 120 of 1000 files, 3.4 of 10.2 MB, 1 failed, 12 s}. The counters are thread-safe; the first
 * line comes one interval after the start, so short runs print none.
 */
final class Progress {
    private final int files;
    private final long bytes;
    private final long intervalNanos;
    private final long startNanos;
    final LongAdder filesDone = new LongAdder();
    final LongAdder bytesDone = new LongAdder();
    final LongAdder failed = new LongAdder();
    private long lastLine;

    Progress(int files, long bytes, long intervalNanos, long startNanos) {
        this.files = files;
        this.bytes = bytes;
        this.intervalNanos = intervalNanos;
        this.startNanos = startNanos;
        this.lastLine = startNanos;
    }

    /** The progress line if an interval has passed since the last one (or the start), else {@code null}. */
    synchronized String lineIfDue(long nowNanos) {
        if (nowNanos - lastLine < intervalNanos) {
            return null;
        }
        lastLine = nowNanos;
        long f = failed.sum();
        return String.format(Locale.ROOT, "htmlrewriter: %d of %d files, %.1f of %.1f MB%s, %d s", filesDone.sum(),
                files, bytesDone.sum() / 1e6, bytes / 1e6, f == 0 ? "" : ", " + f + " failed",
                (nowNanos - startNanos) / 1_000_000_000L);
    }
}
