package org.htmlrewriter.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Netty the tests run with is the one the build meant: 4.2 in a plain build, 4.1 in the {@code netty-4.1}
 * profile's run (which swaps the Netty jars on the test class path), so a green run says which Netty it tested.
 */
class NettyVersionTest {
    @Test
    void theTestsRunWithTheExpectedNettyVersion() {
        String expected = System.getProperty("htmlrewriter.expectedNettyVersion");
        assertNotNull(expected, "the build names the Netty version it tests with");
        Map<String, Version> versions = Version.identify(HtmlRewritingHandler.class.getClassLoader());
        for (String artifact : new String[] {"netty-common", "netty-buffer", "netty-codec-http", "netty-handler"}) {
            assertNotNull(versions.get(artifact), artifact + " on the class path");
            assertEquals(expected, versions.get(artifact).artifactVersion(), artifact);
        }
    }
}
