package org.htmlrewriter.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The release metadata stays consistent: the BOM (which has no parent, so that importing it brings only its own
 * entries) has the build's version, manages every library module at that version and carries the metadata a
 * published pom needs; every module's pom names and describes itself, at the build's (release) version.
 */
class BomTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> LIBRARIES = List.of("rewriter-selectors", "rewriter-core",
            "rewriter-netty-adapter", "rewriter-servlet");

    private static Element pom(String module) throws Exception {
        Path file = module.isEmpty() ? ROOT.resolve("pom.xml") : ROOT.resolve(module).resolve("pom.xml");
        assertTrue(Files.isRegularFile(file), file.toString());
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    /** The direct child {@code name} of {@code e}, or null. */
    private static Element childElement(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && n.getNodeName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    /** The trimmed text of the direct child {@code name} of {@code e}, or null. */
    private static String child(Element e, String name) {
        Element c = childElement(e, name);
        return c == null ? null : c.getTextContent().trim();
    }

    @Test
    void theBomManagesEveryLibraryModuleAtTheBuildsVersionWithPublishableMetadata() throws Exception {
        Element parent = pom("");
        Element bom = pom("rewriter-bom");
        assertNull(childElement(bom, "parent"), "the BOM has no parent");
        assertEquals(child(parent, "version"), child(bom, "version"));
        List<String> managed = new ArrayList<>();
        NodeList deps = childElement(childElement(bom, "dependencyManagement"), "dependencies")
                .getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("org.htmlrewriter", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(LIBRARIES, managed);
        for (Element p : List.of(parent, bom)) {
            assertEquals("https://github.com/htmlrewriter/htmlrewriter", child(p, "url"));
            assertTrue(child(childElement(p, "licenses"), "license").contains("Apache License, Version 2.0"));
            assertTrue(child(childElement(p, "developers"), "developer").contains("htmlrewriter contributors"));
            assertEquals("https://github.com/htmlrewriter/htmlrewriter", child(childElement(p, "scm"), "url"));
        }
    }

    @Test
    void everyModuleNamesAndDescribesItselfAtTheBuildsReleaseVersion() throws Exception {
        Element parent = pom("");
        assertFalse(child(parent, "version").endsWith("-SNAPSHOT"));
        NodeList modules = childElement(parent, "modules").getElementsByTagName("module");
        assertTrue(modules.getLength() > LIBRARIES.size());
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().trim();
            Element p = pom(module);
            assertFalse(child(p, "name") == null || child(p, "name").isEmpty(), module + " has a name");
            assertFalse(child(p, "description") == null || child(p, "description").isEmpty(), module);
            Element parentRef = childElement(p, "parent");
            String version = parentRef != null ? child(parentRef, "version") : child(p, "version");
            assertEquals(child(parent, "version"), version, module + " is at the build's version");
        }
    }
}
