package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounded memory: a 1 GiB generated stream (produced on the fly) rewritten with an {@code a[href]} handler in a
 * child JVM limited to {@code -Xmx64m}. The child ({@link LargeStreamRewriteMain}) checks the output size and
 * exits 0; an {@link OutOfMemoryError} or a wrong size makes it fail. Takes about 15 s on 2 cores (around
 * 80 MB/s); {@code -Dhtmlrewriter.largeStreamBytes=N} changes the size.
 */
@Tag("slow")
class LargeStreamMemoryTest {
    private static final long SIZE = Long.getLong("htmlrewriter.largeStreamBytes", 1L << 30);

    @Test
    void oneGigabyteUnderSixtyFourMegabytesOfHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Under surefire java.class.path may be a manifest-only jar whose Class-Path lists the test classpath:
        // passing it on works the same.
        List<String> command = List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), LargeStreamRewriteMain.class.getName(), Long.toString(SIZE));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output;
        boolean finished;
        try {
            finished = child.waitFor(180, TimeUnit.SECONDS);
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("[large stream] " + output.trim());
        assertTrue(finished, "the child did not finish in 180 s: " + output);
        assertEquals(0, child.exitValue(), () -> "child failed: " + output + "\ncommand: "
                + String.join(" ", command).replace(File.pathSeparator, File.pathSeparator + "\n  "));
        assertTrue(output.contains("bytes in "), output);
    }
}
