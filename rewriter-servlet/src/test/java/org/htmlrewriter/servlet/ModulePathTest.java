package org.htmlrewriter.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.modules.ConsumerModule;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servlet filter as a user's module sees it on the module path: it exports its package only, and a module that
 * requires {@code org.htmlrewriter.servlet} alone reads the servlet API and the core through it.
 */
class ModulePathTest {
    private static final Path FILTER = ConsumerModule.locationOf(HtmlRewritingFilter.class);

    @Test
    void theFilterExportsItsPackageOnly() {
        ConsumerModule.assertExportsExactly(FILTER, "org.htmlrewriter.servlet", Set.of("org.htmlrewriter.servlet"));
    }

    @Test
    void aModuleRequiringTheFilterMakesOne(@TempDir Path dir) throws Exception {
        ConsumerModule consumer = new ConsumerModule(dir, List.of(FILTER, ConsumerModule.locationOf(HtmlRewriter.class),
                ConsumerModule.locationOf(SelectorSyntaxException.class), ConsumerModule.locationOf(Filter.class)));
        ConsumerModule.Compilation compiled = consumer.compile(Map.of(
                "module-info.java", """
                        module consumer {
                            requires org.htmlrewriter.servlet;
                        }
                        """,
                "consumer/Main.java", """
                        package consumer;

                        import jakarta.servlet.Filter;
                        import org.htmlrewriter.RewritingRules;
                        import org.htmlrewriter.servlet.HtmlRewritingFilter;

                        public final class Main {
                            public static void main(String[] args) {
                                Filter filter = new HtmlRewritingFilter(RewritingRules.of(
                                        b -> b.onElement("a[href]", el -> el.setAttribute("rel", "noopener"))));
                                System.out.println(filter.getClass().getModule().getName() + " is a "
                                        + Filter.class.getName() + " from " + Filter.class.getModule().getName());
                            }
                        }
                        """));
        assertTrue(compiled.succeeded(), compiled.errors().toString());

        ConsumerModule.Run run = consumer.run("consumer/consumer.Main");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals("org.htmlrewriter.servlet is a jakarta.servlet.Filter from jakarta.servlet",
                run.stdout().strip());
    }
}
