package org.htmlrewriter.internal.treesim;

import static org.htmlrewriter.internal.treesim.TreeConstructionCases.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.ParsingAmbiguityException;
import org.htmlrewriter.internal.treesim.TreeConstructionCases.DatCase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parser-feedback check: for every {@code #data} input of
 * {@code ../shared/html5lib-tests/tree-construction/*.dat} (document cases; {@code #document-fragment} cases are
 * skipped), the tokens our tokenizer produces with the {@link TreeBuilderSimulator} equal the tokens
 * validator.nu's tokenizer hands its real tree builder. Inputs marked {@code #script-on} / {@code #script-off}
 * run with that scripting flag, the others once with each; every run counts once in the summary line
 * {@code feedback: N agree, M disagree, K ambiguous}. A run where the (strict) simulator throws
 * {@link ParsingAmbiguityException} is ambiguous and listed with its reason, and with whether the lenient
 * simulator's choice matches.
 *
 * <p>Needs {@code ../shared} ({@code -Dhtmlrewriter.shared}, else found walking up from the working directory);
 * fails when it is missing.
 */
@Tag("conformance")
class FeedbackConformanceTest {

    record Outcome(DatCase c, boolean scripting, String detail) {
    }

    @Test
    void tokenStreamsAgreeWithValidatorNuTreeBuilder() throws IOException {
        List<Path> files = TreeConstructionCases.files();
        int agree = 0;
        int fragments = 0;
        List<Outcome> disagreements = new ArrayList<>();
        List<Outcome> ambiguous = new ArrayList<>();
        int lenientMatches = 0;
        for (Path file : files) {
            for (DatCase c : TreeConstructionCases.parse(file)) {
                if (c.fragment()) {
                    fragments++;
                    continue;
                }
                for (boolean scripting : c.scriptingFlags()) {
                    ValidatorNuOracle.Run oracle =
                            ValidatorNuOracle.run(c.data(), scripting, new TreeBuilderSimulator(true, scripting));
                    List<String> ours;
                    try {
                        ours = TokenStreams.ours(c.data(), new TreeBuilderSimulator(true, scripting));
                    } catch (ParsingAmbiguityException e) {
                        List<String> lenient =
                                TokenStreams.ours(c.data(), new TreeBuilderSimulator(false, scripting));
                        boolean matches = lenient.equals(oracle.tokens);
                        if (matches) {
                            lenientMatches++;
                        }
                        ambiguous.add(new Outcome(c, scripting, e.getMessage() + " [lenient choice "
                                + (matches ? "matches" : "differs") + "]"));
                        continue;
                    } catch (RuntimeException e) {
                        disagreements.add(new Outcome(c, scripting, "our tokenizer threw " + e));
                        continue;
                    }
                    if (ours.equals(oracle.tokens)) {
                        agree++;
                    } else {
                        disagreements.add(new Outcome(c, scripting, diff(oracle, ours)));
                    }
                }
            }
        }
        System.out.println("feedback: " + agree + " agree, " + disagreements.size() + " disagree, "
                + ambiguous.size() + " ambiguous");
        System.out.println("(" + fragments + " #document-fragment cases skipped; lenient choice matched "
                + lenientMatches + " of " + ambiguous.size() + " ambiguous runs)");
        for (Outcome o : ambiguous) {
            System.out.println("ambiguous: " + where(o) + " " + show(o.c().data()) + ": " + o.detail());
        }
        int shown = 0;
        for (Outcome o : disagreements) {
            if (shown++ < 5) {
                System.out.println("DISAGREE " + where(o) + "\n  input: " + show(o.c().data()) + "\n"
                        + o.detail());
            } else {
                System.out.println("DISAGREE " + where(o) + " " + show(o.c().data()));
            }
        }
        assertEquals(0, disagreements.size(), "token streams disagree on " + disagreements.size() + " runs");
    }

    private static String where(Outcome o) {
        return o.c().file() + "#" + o.c().index() + (o.scripting() ? " (scripting)" : " (no scripting)");
    }

    private static String diff(ValidatorNuOracle.Run oracle, List<String> ours) {
        List<String> theirs = oracle.tokens;
        int i = 0;
        while (i < theirs.size() && i < ours.size() && theirs.get(i).equals(ours.get(i))) {
            i++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("  first difference at token ").append(i).append('\n');
        sb.append("  validator.nu: ").append(show(String.join(" ", theirs.subList(i, Math.min(theirs.size(),
                i + 6))))).append('\n');
        sb.append("  ours:         ").append(show(String.join(" ", ours.subList(i, Math.min(ours.size(),
                i + 6))))).append('\n');
        if (oracle.divergence != null) {
            sb.append("  lockstep: ").append(oracle.divergence).append('\n');
        }
        if (oracle.ambiguity != null) {
            sb.append("  lockstep ambiguity: ").append(oracle.ambiguity).append('\n');
        }
        return sb.toString();
    }
}
