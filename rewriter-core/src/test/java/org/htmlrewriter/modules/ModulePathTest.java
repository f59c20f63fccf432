package org.htmlrewriter.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core and selectors modules as a user's module sees them on the module path: the core exports
 * {@code org.htmlrewriter} and {@code org.htmlrewriter.content} only, the selectors module its public package to
 * everyone and its engine to the core only, and a module that requires the core alone can use all of the API
 * (selector exceptions, namespace URIs, the {@code java.net.http} integration) and none of the internals.
 */
class ModulePathTest {
    private static final Path CORE = ConsumerModule.locationOf(HtmlRewriter.class);
    private static final Path SELECTORS = ConsumerModule.locationOf(SelectorSyntaxException.class);

    /** What users may use: the packages the two modules export to everyone. */
    private static final Set<String> API_PACKAGES =
            Set.of("org.htmlrewriter", "org.htmlrewriter.content", "org.htmlrewriter.selectors");

    /** The README's "Java modules" snippet, as written there. */
    private static final String README_MODULE = """
            module com.example.app {
                requires org.htmlrewriter.core;   // or org.htmlrewriter.netty, org.htmlrewriter.servlet
            }
            """;

    @Test
    void theReadmeShowsTheModuleCompiledHere() throws Exception {
        // Tests run in the module's folder; the README is the project's.
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
        assertTrue(readme.contains("```java\n" + README_MODULE + "```\n"),
                "README.md must show as is:\n" + README_MODULE);
    }

    @Test
    void theCoreExportsItsApiOnly() {
        ModuleDescriptor core = ConsumerModule.assertExportsExactly(CORE, "org.htmlrewriter.core",
                Set.of("org.htmlrewriter", "org.htmlrewriter.content"));
        assertTrue(requiresTransitively(core, "org.htmlrewriter.selectors"), core.requires().toString());
        assertTrue(requiresTransitively(core, "java.net.http"), core.requires().toString());
    }

    @Test
    void theSelectorsModuleExportsItsEngineToTheCoreOnly() {
        ModuleDescriptor selectors = ConsumerModule.descriptorAt(SELECTORS);
        assertEquals("org.htmlrewriter.selectors", selectors.name());
        assertEquals(Set.of("org.htmlrewriter.selectors"), ConsumerModule.exportedToAll(selectors));
        assertEquals(Map.of("org.htmlrewriter.selectors.internal", Set.of("org.htmlrewriter.core")),
                ConsumerModule.exportedToSome(selectors));
        assertTrue(selectors.opens().isEmpty(), "opens nothing");
    }

    @Test
    void theReadmesModuleUsesAllOfTheApi(@TempDir Path dir) throws Exception {
        ConsumerModule consumer = new ConsumerModule(dir, List.of(CORE, SELECTORS));
        ConsumerModule.Compilation compiled = consumer.compile(Map.of("module-info.java", README_MODULE,
                "com/example/app/Main.java", """
                package com.example.app;

                import java.net.http.HttpResponse;
                import org.htmlrewriter.HtmlRewriter;
                import org.htmlrewriter.RewriterSettings;
                import org.htmlrewriter.RewritingBodyHandler;
                import org.htmlrewriter.RewritingRules;
                import org.htmlrewriter.content.Element;
                import org.htmlrewriter.selectors.Namespaces;
                import org.htmlrewriter.selectors.SelectorSyntaxException;

                public final class Main {
                    public static void main(String[] args) {
                        RewriterSettings settings = HtmlRewriter.builder()
                                .namespace("svg", Namespaces.SVG)
                                .onElement("a[href]", (Element el) -> el.setAttribute("rel", "noopener"))
                                .onElement("svg|rect", el -> el.remove())
                                .settings();
                        System.out.println(HtmlRewriter.rewrite("<a href=x>a</a><svg><rect/></svg>", settings));
                        try {
                            HtmlRewriter.builder().onElement("li:last-child", el -> { });
                        } catch (SelectorSyntaxException e) {
                            System.out.println("rejected: " + e.kind());
                        }
                        HttpResponse.BodyHandler<String> handler = RewritingBodyHandler.of(
                                RewritingRules.of(b -> b.onElement("a", el -> { })),
                                HttpResponse.BodyHandlers.ofString());
                        System.out.println(handler.getClass().getModule().getName());
                    }
                }
                """));
        assertTrue(compiled.succeeded(), compiled.errors().toString());

        ConsumerModule.Run run = consumer.run("com.example.app/com.example.app.Main");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("<a href=x rel=\"noopener\">a</a><svg></svg>\nrejected: UNSUPPORTED_PSEUDO_CLASS\n"
                + "org.htmlrewriter.core\n", run.stdout().replace(System.lineSeparator(), "\n"));
    }

    /**
     * Every package of the two modules but the API ones, engine included, is out of a user's reach (whatever the
     * descriptors say: exporting one more package fails here too).
     */
    @Test
    void noInternalPackageIsVisibleToAUser(@TempDir Path dir) throws Exception {
        Set<String> hidden = new TreeSet<>(ConsumerModule.descriptorAt(CORE).packages());
        hidden.addAll(ConsumerModule.descriptorAt(SELECTORS).packages());
        hidden.removeAll(API_PACKAGES);
        assertTrue(hidden.contains("org.htmlrewriter.internal.rewrite"), hidden.toString());
        assertTrue(hidden.contains("org.htmlrewriter.selectors.internal"), hidden.toString());

        ConsumerModule consumer = new ConsumerModule(dir, List.of(CORE, SELECTORS));
        ConsumerModule.Compilation compiled = consumer.compile(Map.of("module-info.java", README_MODULE,
                "probe/Probe.java", ConsumerModule.importingAllOf(hidden)));
        assertFalse(compiled.succeeded(), "a user's module compiled against internal packages");
        for (String p : hidden) {
            assertTrue(compiled.errors().stream().anyMatch(e -> e.contains("package " + p + " is not visible")
                            && e.contains("does not export it")),
                    p + " is visible: " + compiled.errors());
        }
    }

    private static boolean requiresTransitively(ModuleDescriptor module, String required) {
        return module.requires().stream()
                .anyMatch(r -> r.name().equals(required) && r.modifiers().contains(Requires.Modifier.TRANSITIVE));
    }
}
