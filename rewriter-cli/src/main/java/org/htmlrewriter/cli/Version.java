package org.htmlrewriter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version the command prints: the {@code version} of the {@code pom.properties} Maven puts into the jar
 * ({@code META-INF/maven/org.htmlrewriter/rewriter-cli/}), or the jar manifest's {@code Implementation-Version}.
 */
final class Version {
    static final String POM_PROPERTIES = "META-INF/maven/org.htmlrewriter/rewriter-cli/pom.properties";

    private Version() {
    }

    /** {@code htmlrewriter VERSION}, the version as found through {@code loader}. */
    static String line(ClassLoader loader) {
        return "htmlrewriter " + of(loader);
    }

    static String of(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall back to the manifest
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "(version unknown: not run from the built jar)";
    }
}
