package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlrewriter.netty.RecordingLeakDetector;
import org.junit.jupiter.api.Test;

/**
 * Load and faults at once, in a child JVM with a 64 MB heap and Netty's paranoid leak detection
 * ({@link ProxyLoadTrial}): while a hundred slowloris connections, clients that never read a decompression bomb,
 * slow readers and clients fetching hostile responses (stalled deeply nested pages, a huge tag, broken chunking,
 * resets, a stalled origin, huge headers) keep the proxy busy, well-behaved clients get every page complete and
 * byte for byte right; no hostile response comes back as a complete page; the heap does not grow; afterwards no
 * connection, budget share or buffered byte is left, and no buffer leaked. Loopback only; about 30 s
 * ({@code -Dhtmlrewriter.load.seconds=N} changes the load phase, 12 s by default).
 */
class ProxyLoadTest {
    private static final Pattern RESULT = Pattern.compile("result ((?:\\w+=\\d+ ?)+)");

    @Test
    void wellBehavedClientsAreServedCorrectlyWhileHostileOnesAndABadOriginDoTheirWorst() throws Exception {
        String seconds = System.getProperty("htmlrewriter.load.seconds", "12");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("htmlrewriter-load", ".log");
        try {
            Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                    "-Dio.netty.leakDetection.level=paranoid", "-Dio.netty.leakDetection.targetRecords=4",
                    "-Dio.netty.customResourceLeakDetector=" + RecordingLeakDetector.class.getName(),
                    "-cp", System.getProperty("java.class.path"), ProxyLoadTrial.class.getName(), seconds))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            child.getOutputStream().close();
            if (!child.waitFor(Long.parseLong(seconds) + 150, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("the child JVM did not finish in time:\n" + tail(output));
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), tail(output));
            assertFalse(log.contains("OutOfMemoryError"), tail(output));
            Matcher m = RESULT.matcher(log);
            assertTrue(m.find(), tail(output));
            System.out.println("ProxyLoadTest child: " + m.group());
            Map<String, Long> r = new HashMap<>();
            for (String pair : m.group(1).trim().split(" ")) {
                String[] kv = pair.split("=");
                r.put(kv[0], Long.parseLong(kv[1]));
            }
            assertEquals(0, r.get("bad"), "something went wrong:\n" + tail(output));
            assertEquals(0, r.get("leaks"));
            assertTrue(r.get("maxHeapMb") <= 64, "the child ran with a 64 MB heap");
            assertTrue(r.get("good") >= 10, "well-behaved clients were served: " + r.get("good"));
            assertTrue(r.get("hostile") >= 8, "hostile responses were fetched: " + r.get("hostile"));
            assertEquals(ProxyLoadTrial.SLOWLORIS, r.get("slowlorisThreadsCut"), "every slowloris was cut off");
            assertTrue(r.get("nonReaders") >= ProxyLoadTrial.NON_READERS);
            assertTrue(r.get("slowReadBytes") > 0);
            assertEquals(0, r.get("open"), "connections left open");
            assertEquals(0, r.get("budgetUsed"), "shared memory budget not given back");
            assertEquals(0, r.get("buffered"), "bytes still buffered by the handlers");
            assertTrue(r.get("heapEndMb") <= r.get("heapStartMb") + 8,
                    "heap after the load " + r.get("heapEndMb") + " MB, before " + r.get("heapStartMb") + " MB");
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
