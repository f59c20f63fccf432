package org.htmlrewriter.internal.treesim;

import java.util.Map;

/**
 * The html5lib tree-construction format ({@code #document} sections of the {@code .dat} files): one line per node,
 * {@code | } plus two spaces per level; elements as {@code <name>} ({@code <svg name>}, {@code <math name>}),
 * attributes sorted by name one level below ({@code xlink href="..."} for namespaced ones), text in double quotes,
 * comments as {@code <!-- text -->}, a template's content under a {@code content} line.
 */
final class Html5libTreeFormat {
    private Html5libTreeFormat() {
    }

    /** Starts a new line of {@code out} at {@code level} and returns {@code out} to append the node to. */
    static StringBuilder line(StringBuilder out, int level) {
        if (out.length() > 0) {
            out.append('\n');
        }
        out.append("| ");
        for (int i = 0; i < level; i++) {
            out.append("  ");
        }
        return out;
    }

    /** An element's line: {@code <div>}, {@code <svg foreignObject>}, {@code <math mi>}. */
    static void element(StringBuilder out, int level, String namespaceUri, String localName) {
        String prefix = switch (namespaceUri) {
            case "http://www.w3.org/1999/xhtml" -> "";
            case "http://www.w3.org/2000/svg" -> "svg ";
            case "http://www.w3.org/1998/Math/MathML" -> "math ";
            default -> "otherns ";
        };
        line(out, level).append('<').append(prefix).append(localName).append('>');
    }

    /** How the format names an attribute: its local name, after {@code xlink }, {@code xml } or {@code xmlns }. */
    static String attributeName(String namespaceUri, String localName) {
        return switch (namespaceUri) {
            case "http://www.w3.org/1999/xlink" -> "xlink " + localName;
            case "http://www.w3.org/XML/1998/namespace" -> "xml " + localName;
            case "http://www.w3.org/2000/xmlns/" -> "xmlns " + localName;
            default -> localName;
        };
    }

    /** The attributes' lines, by their names in the format, sorted. */
    static void attributes(StringBuilder out, int level, Map<String, String> byFormatName) {
        byFormatName.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(attribute -> line(out, level)
                .append(attribute.getKey()).append("=\"").append(attribute.getValue()).append('"'));
    }
}
