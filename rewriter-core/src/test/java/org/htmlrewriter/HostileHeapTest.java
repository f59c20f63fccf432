package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A rewriter never causes an {@link OutOfMemoryError} at a heap a few times its limit: {@link HostileHeapMain} runs
 * hostile documents (millions of attributes, deep nesting with pending content, 100 MB comments, values and text)
 * with the default 16 MiB limit in a child JVM with a 64 MiB heap.
 */
class HostileHeapTest {
    @Test
    void hostileDocumentsEndWithTheLimitNotOutOfMemoryAtFourTimesTheLimit() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HostileHeapMain.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = child.getInputStream().readAllBytes(); // until the child exits
        boolean finished = child.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println("[hostile heap]\n" + text.trim());
        assertTrue(finished, "the child did not finish: " + text);
        assertEquals(0, child.exitValue(), text);
        assertTrue(text.contains("all hostile documents ended"), text);
    }
}
