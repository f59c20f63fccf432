package org.htmlrewriter.cli;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Installed with {@code -Dio.netty.customResourceLeakDetector}: records every leak Netty's detector finds, so that
 * {@link LeakChecks} can fail the build instead of only logging it. Thread-safe.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    /** Leaks found so far, as "type: records". */
    public static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + ": " + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
