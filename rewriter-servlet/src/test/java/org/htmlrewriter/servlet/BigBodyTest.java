package org.htmlrewriter.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A body far larger than the heap through the filter: a generated page of 100 MB ({@code -Dhtmlrewriter.bigBody.mb}
 * changes it) written by a servlet in Jetty, rewritten by {@link HtmlRewritingFilter}, read by an {@code HttpClient}
 * as a stream, all in a child JVM with {@code -Xmx64m}: any component that held the body would fail with an
 * {@link OutOfMemoryError}. The client's byte count and CRC-32 must equal the library's own rewrite of the page.
 */
class BigBodyTest {
    private static final Pattern RESULT = Pattern.compile(
            "status=(\\d+) bytes=(\\d+) crc=(\\d+) maxHeapMb=(\\d+) peakHeapMb=(\\d+)");

    @Test
    void aBodyMuchLargerThanTheHeapStreamsThroughTheFilter() throws Exception {
        long minBytes = Long.getLong("htmlrewriter.bigBody.mb", 100) * 1_000_000L;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("htmlrewriter-servlet-bigbody", ".log");
        try {
            Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    BigBodyTrial.class.getName(), Long.toString(minBytes)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            child.getOutputStream().close();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("the child JVM did not finish in 120 s:\n" + Files.readString(output));
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), log);
            Matcher m = RESULT.matcher(log);
            assertTrue(m.find(), log);
            long[] expected = GeneratedPage.rewrittenDigest(minBytes, HtmlRewritingFilterTest.RULES
                    .settingsFor(StandardCharsets.UTF_8));
            assertTrue(expected[0] > minBytes, "the page is as large as asked, and rewriting lengthens it");
            assertEquals(200, Integer.parseInt(m.group(1)));
            assertEquals(expected[0], Long.parseLong(m.group(2)), "bytes received");
            assertEquals(expected[1], Long.parseLong(m.group(3)), "CRC-32 of the bytes received");
            assertTrue(Long.parseLong(m.group(4)) <= 64, "the child ran with a 64 MB heap: " + m.group());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
