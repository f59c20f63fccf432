package org.htmlrewriter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlrewriter.HtmlRewriter;
import org.junit.jupiter.api.Test;

/**
 * End to end with a body far larger than the heap: a generated HTML document (200 MB by default; set
 * {@code -Dhtmlrewriter.bigBody.mb=N} to change it) from a real Netty origin through the real rewriting proxy to a
 * {@code java.net.http.HttpClient} that consumes it, all in a child JVM with {@code -Xmx64m} and 64 MB of direct
 * memory, so any component that buffered the body would fail with an {@link OutOfMemoryError}. The client's byte
 * count and CRC-32 must equal the library's own rewrite of the same document.
 */
class BigBodyTest {
    private static final Pattern RESULT = Pattern.compile(
            "status=(\\d+) bytes=(\\d+) crc=(\\d+) maxHeapMb=(\\d+) peakHeapMb=(\\d+) ms=(\\d+)");

    @Test
    void aBodyMuchLargerThanTheHeapStreamsThroughTheRewritingProxy() throws Exception {
        long minBytes = Long.getLong("htmlrewriter.bigBody.mb", 200) * 1_000_000L;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = Files.createTempFile("htmlrewriter-bigbody", ".log");
        try {
            Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                    "-Dio.netty.leakDetection.level=simple", "-cp", System.getProperty("java.class.path"),
                    BigBodyTrial.class.getName(), Long.toString(minBytes)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            child.getOutputStream().close();
            if (!child.waitFor(120, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail("the child JVM did not finish in 120 s:\n" + Files.readString(output));
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), log);
            assertFalse(log.contains("LEAK:"), log);
            Matcher m = RESULT.matcher(log);
            assertTrue(m.find(), log);
            System.out.println("BigBodyTest child: " + m.group());

            RuleSet rules = RuleSet.parse(TypicalRules.RULES, "rules");
            HtmlRewriter.Builder b = HtmlRewriter.builder();
            rules.applyTo(b, null);
            long[] expected = GeneratedHtml.digest(minBytes, b.settings());
            long[] original = GeneratedHtml.digest(minBytes, null);
            assertTrue(original[0] >= minBytes && expected[0] != original[0], "the rules change the document");
            assertEquals(200, Integer.parseInt(m.group(1)));
            assertEquals(expected[0], Long.parseLong(m.group(2)), "bytes received");
            assertEquals(expected[1], Long.parseLong(m.group(3)), "CRC-32 of the bytes received");
            assertTrue(Long.parseLong(m.group(4)) <= 64, "the child ran with a 64 MB heap: " + m.group());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
