package org.htmlrewriter.internal.treesim;

import static org.htmlrewriter.internal.treesim.TreeConstructionCases.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.internal.treesim.TreeConstructionCases.DatCase;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Ancestor;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.InsertedElement;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Origin;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.Result;
import org.htmlrewriter.internal.treesim.TreeInsertionOracle.StartTag;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeInsertionOracle} over every document case of {@code ../shared/html5lib-tests/tree-construction/*.dat}
 * ({@code #script-on} / {@code #script-off} cases with that flag, the others with each). For every run the tree the
 * oracle's {@code TreeBuilder} subclass builds serialises exactly to the case's {@code #document} section, which
 * proves the subclass does what validator.nu's tree builder asks (every element, where the records say it was
 * inserted and where it ends up); or, where validator.nu 1.4.16 itself differs from the (newer) suite, exactly to
 * what validator.nu's own parser builds ({@link ValidatorNuTreeDump}): those runs are listed, as deviations of the
 * parser, not of the oracle. The records keep their invariants (the root html first, every other element under
 * it, ancestors inserted before their descendants, explicit elements and their start tags pointing at each other).
 * Prints the counts: runs, elements by origin, runs with a clone, with foster parenting, with an element removed
 * later, start tags that made no element.
 *
 * <p>{@code #document-fragment} cases are skipped (and counted): they parse with a context element, which the
 * oracle, a document parser like the engine, does not model.
 */
@Tag("conformance")
class TreeInsertionConformanceTest {

    record Failure(DatCase c, boolean scripting, String detail) {
        String where() {
            return c.file() + "#" + c.index() + (scripting ? " (scripting)" : " (no scripting)") + " "
                    + show(c.data());
        }
    }

    @Test
    void finalTreesEqualTheExpectedTreesAndRecordsKeepTheirInvariants() throws IOException {
        int runs = 0;
        int equalToDocument = 0;
        int inputs = 0;
        int fragments = 0;
        int withClone = 0;
        int withFoster = 0;
        int withRemoved = 0;
        int startTags = 0;
        int startTagsIgnored = 0;
        int startTagsMerged = 0;
        Map<Origin, Integer> byOrigin = new EnumMap<>(Origin.class);
        List<Failure> failures = new ArrayList<>();
        List<Failure> parserDeviations = new ArrayList<>();
        for (Path file : TreeConstructionCases.files()) {
            for (DatCase c : TreeConstructionCases.parse(file)) {
                if (c.fragment()) {
                    fragments++;
                    continue;
                }
                inputs++;
                for (boolean scripting : c.scriptingFlags()) {
                    runs++;
                    Result result;
                    try {
                        result = TreeInsertionOracle.run(c.data(), scripting);
                    } catch (RuntimeException e) {
                        failures.add(new Failure(c, scripting, "oracle threw " + e));
                        continue;
                    }
                    List<String> problems = new ArrayList<>();
                    if (result.treeDump().equals(c.document())) {
                        equalToDocument++;
                    } else {
                        String validatorNu = ValidatorNuTreeDump.dump(c.data(), scripting);
                        if (result.treeDump().equals(validatorNu)) {
                            parserDeviations.add(new Failure(c, scripting, ""));
                        } else {
                            problems.add("expected:\n" + c.document() + "\nbuilt:\n" + result.treeDump()
                                    + "\nvalidator.nu's own parser:\n" + validatorNu);
                        }
                    }
                    String broken = brokenInvariant(result);
                    if (broken != null) {
                        problems.add(broken + "\n" + result.describe());
                    }
                    if (!problems.isEmpty()) {
                        failures.add(new Failure(c, scripting, String.join("\n", problems)));
                    }
                    for (InsertedElement e : result.elements()) {
                        byOrigin.merge(e.origin(), 1, Integer::sum);
                    }
                    withClone += result.elements().stream().anyMatch(e -> e.origin() == Origin.CLONE) ? 1 : 0;
                    withFoster += result.elements().stream().anyMatch(InsertedElement::fosterParented) ? 1 : 0;
                    withRemoved += result.elements().stream().anyMatch(e -> !e.inFinalTree()) ? 1 : 0;
                    for (StartTag t : result.startTags()) {
                        startTags++;
                        startTagsIgnored += t.element() < 0 && t.mergedInto() < 0 ? 1 : 0;
                        startTagsMerged += t.mergedInto() >= 0 ? 1 : 0;
                    }
                }
            }
        }
        System.out.println("tree insertion oracle: " + inputs + " inputs, " + runs + " runs: "
                + equalToDocument + " final trees equal to #document, "
                + parserDeviations.size() + " equal to validator.nu's own parser where that parser (1.4.16, 2020)"
                + " differs from #document, " + failures.size() + " failing; " + fragments
                + " #document-fragment cases skipped (parsed with a context element, which a document parser has"
                + " not)");
        parserDeviations.forEach(d -> System.out.println("  validator.nu differs from #document: " + d.where()));
        System.out.println("elements by origin: " + byOrigin + "; runs with a CLONE: " + withClone
                + ", with foster parenting: " + withFoster + ", with an element later removed from the tree: "
                + withRemoved);
        System.out.println("start tags: " + startTags + ", made no element: " + startTagsIgnored
                + " ignored + " + startTagsMerged + " merged onto html/body");
        failures.stream().limit(20).forEach(f -> System.out.println("FAIL " + f.where() + "\n" + f.detail()));
        assertEquals(List.of(), failures.stream().map(f -> f.c().file() + "#" + f.c().index()).toList(),
                failures.size() + " runs fail");
    }

    /** The first invariant the records break, or null. */
    private static String brokenInvariant(Result result) {
        List<InsertedElement> elements = result.elements();
        if (elements.isEmpty() || !elements.get(0).name().equals("html") || !elements.get(0).ancestors().isEmpty()) {
            return "the first element is not the root html";
        }
        for (InsertedElement e : elements) {
            List<Ancestor> ancestors = e.ancestors();
            if (e.index() > 0 && (ancestors.isEmpty() || ancestors.get(ancestors.size() - 1).element() != 0)) {
                return "element " + e.index() + " is not under the root";
            }
            if (ancestors.stream().anyMatch(a -> a.element() >= e.index())) {
                return "element " + e.index() + " has an ancestor inserted after it";
            }
            if (e.childIndex() < 1) {
                return "element " + e.index() + " has no position";
            }
            boolean explicit = e.origin() == Origin.EXPLICIT;
            if (explicit != (e.startTag() >= 0)
                    || explicit && result.startTags().get(e.startTag()).element() != e.index()) {
                return "element " + e.index() + " and its start tag disagree";
            }
        }
        for (StartTag t : result.startTags()) {
            if (t.element() >= 0 && elements.get(t.element()).startTag() != t.index()) {
                return "start tag " + t.index() + " and its element disagree";
            }
        }
        return null;
    }
}
