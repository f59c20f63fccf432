package org.htmlrewriter.internal.treesim;

import static org.htmlrewriter.internal.treesim.TreeConstructionCases.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.htmlrewriter.internal.treesim.TreeConstructionCases.DatCase;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Ancestor;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.InsertedElement;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Namespace;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Origin;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The elements the engine reports to selectors are those of a browser's tree, pinned against validator.nu's tree
 * builder ({@link TreeInsertionOracle}) on every document case of
 * {@code ../shared/html5lib-tests/tree-construction/*.dat}: for every run the elements {@link ReportedElements}
 * records (explicit and implied), in order, each with its ancestors and its position among its siblings when
 * inserted, equal the oracle's explicit and implied elements.
 *
 * <p>Runs where the comparison does not apply are counted, by reason, and listed:
 * <ul>
 *   <li>the tree builder made an element with no tag a streaming rewriter could rewrite or report: a clone of a
 *       formatting element (the adoption agency, reconstructing the active formatting elements), or the
 *       {@code br} an end tag {@code </br>} makes; the elements after it see ancestors or siblings the stream
 *       does not have;</li>
 *   <li>validator.nu 1.4.16 (2020) builds a tree other than the suite's {@code #document} (newer parser rules:
 *       {@code <search>}, the newer {@code <select>} parsing): the oracle is then not the standard;</li>
 *   <li>strict mode throws {@code ParsingAmbiguityException}: without a tree the reading cannot be told (the
 *       parser feedback's documented ambiguities); lenient mode then guesses, and may guess wrong.</li>
 * </ul>
 * {@code #document-fragment} cases are skipped: the engine parses documents (or body fragments, see
 * {@code bodyFragment}), not fragments with an arbitrary context element.
 */
@Tag("conformance")
class ReportedElementsConformanceTest {

    @Test
    void reportedElementsAreTheTreesElementsWhereTheyAreInserted() throws IOException {
        int runs = 0;
        int agree = 0;
        int fragments = 0;
        int prefixesAgree = 0;
        Map<String, Integer> notApplicable = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> knownDisagreements = new ArrayList<>();
        for (Path file : TreeConstructionCases.files()) {
            for (DatCase c : TreeConstructionCases.parse(file)) {
                if (c.fragment()) {
                    fragments++;
                    continue;
                }
                for (boolean scripting : c.scriptingFlags()) {
                    runs++;
                    Result oracle = TreeInsertionOracle.run(c.data(), scripting);
                    String reason = notApplicable(c, scripting, oracle);
                    if (reason != null) {
                        notApplicable.merge(reason, 1, Integer::sum);
                        if (reason.equals(CLONE) && oracle.treeDump().equals(c.document())) {
                            // Up to the first element with no tag, the stream and the tree still agree.
                            List<String> prefix = new ArrayList<>();
                            for (InsertedElement e : oracle.elements()) {
                                if (e.origin() == Origin.CLONE || e.origin() == Origin.IMPLIED && e.name().equals("br")) {
                                    break;
                                }
                                prefix.add(render(e));
                            }
                            List<String> ours = ReportedElements.of(c.data(), scripting);
                            if (ours.size() >= prefix.size() && ours.subList(0, prefix.size()).equals(prefix)) {
                                prefixesAgree++;
                            } else {
                                failures.add(c.file() + "#" + c.index() + " (before its first clone) "
                                        + show(c.data()) + "\n" + firstDifference(prefix, ours));
                            }
                        }
                        continue;
                    }
                    List<String> expected = new ArrayList<>();
                    for (InsertedElement e : oracle.elements()) {
                        expected.add(render(e));
                    }
                    List<String> ours;
                    try {
                        ours = ReportedElements.of(c.data(), scripting, true);
                    } catch (org.htmlrewriter.ParsingAmbiguityException e) {
                        notApplicable.merge("strict mode: ambiguous without a tree (lenient mode guesses)", 1,
                                Integer::sum);
                        continue;
                    }
                    String known = KNOWN_DISAGREEMENTS.get(c.file() + "#" + c.index());
                    if (known != null) {
                        if (ours.equals(expected)) {
                            failures.add(c.file() + "#" + c.index() + " agrees now: take it off the known list");
                        } else {
                            knownDisagreements.add(c.file() + "#" + c.index() + ": " + known);
                        }
                    } else if (ours.equals(expected)) {
                        agree++;
                    } else {
                        failures.add(c.file() + "#" + c.index() + (scripting ? " (scripting) " : " (no scripting) ")
                                + show(c.data()) + "\n" + firstDifference(expected, ours));
                    }
                }
            }
        }
        System.out.println("reported elements: " + runs + " runs, " + agree + " agree with the tree, "
                + failures.size() + " disagree, " + knownDisagreements.size() + " known disagreements, not applicable: "
                + notApplicable + "; " + fragments
                + " #document-fragment cases skipped (a context element other than body)");
        System.out.println("  runs with a clone: the " + prefixesAgree + " of them the suite's tree agrees with agree up to "
                + "their first clone");
        knownDisagreements.forEach(k -> System.out.println("  known: " + k));
        failures.stream().limit(40).forEach(f -> System.out.println("DISAGREE " + f));
        assertEquals(0, failures.size(), failures.size() + " runs disagree");
    }

    /**
     * Runs where the engine is known to report other elements than the tree has, with the reason. The test fails if
     * one of them starts agreeing (so this list stays true).
     */
    private static final Map<String, String> KNOWN_DISAGREEMENTS = Map.of(
            "tests12.dat#0", "SVG inside MathML annotation-xml, after a table inside foreignObject: the parser "
                    + "feedback cannot follow the table's content and reads the next <g> as HTML",
            "tests12.dat#1", "the same");

    private static final String CLONE = "a clone of a formatting element";

    private static String notApplicable(DatCase c, boolean scripting, Result oracle) {
        for (InsertedElement e : oracle.elements()) {
            if (e.origin() == Origin.CLONE) {
                return CLONE;
            }
            if (e.origin() == Origin.IMPLIED && e.name().equals("br")) {
                return "</br> read as <br>";
            }
        }
        if (!oracle.treeDump().equals(c.document())) {
            return "validator.nu 1.4.16 differs from #document";
        }
        return null;
    }

    private static String render(InsertedElement e) {
        StringBuilder sb = new StringBuilder();
        List<Ancestor> ancestors = e.ancestors();
        for (int i = ancestors.size() - 1; i >= 0; i--) {
            Ancestor a = ancestors.get(i);
            sb.append(label(a.name(), a.namespace(), a.origin())).append(" > ");
        }
        return sb.append(label(e.name(), e.namespace(), e.origin())).append(" #").append(e.childIndex()).toString();
    }

    private static String label(String name, Namespace namespace, Origin origin) {
        String prefix = namespace == Namespace.HTML ? "" : namespace == Namespace.SVG ? "svg " : "math ";
        return prefix + name.toLowerCase(Locale.ROOT) + (origin == Origin.IMPLIED ? "[implied]" : "");
    }

    private static String firstDifference(List<String> expected, List<String> ours) {
        for (int i = 0; i < Math.max(expected.size(), ours.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(none)";
            String o = i < ours.size() ? ours.get(i) : "(none)";
            if (!e.equals(o)) {
                return "  element " + i + ": tree " + e + "\n             ours " + o;
            }
        }
        return "";
    }
}
