package org.htmlrewriter.internal.treesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.ParsingAmbiguityException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Property: on generated tag soup made of the tags the tree construction rules treat specially (foreign content,
 * integration points, select, template, tables, frameset, text-mode elements, breakout tags, formatting and list
 * elements, CDATA sections), our tokenizer with the strict simulator produces the same tokens as validator.nu's
 * tokenizer driven by its real tree builder, unless the simulator raises {@link ParsingAmbiguityException}; the
 * lenient simulator never raises. Half the inputs are written in small chunks. Needs no {@code ../shared}.
 */
@Tag("slow")
class FeedbackDifferentialTest {
    private static final String[] START = {"svg", "math", "foreignObject", "desc", "title", "mi", "mo", "mtext",
        "mglyph", "malignmark", "annotation-xml", "annotation-xml encoding=text/html",
        "annotation-xml encoding=\"APPLICATION/XHTML+XML\"", "select", "option", "optgroup", "template", "frameset",
        "frame", "noframes", "table", "caption", "colgroup", "col", "tbody", "thead", "tr", "td", "th", "style",
        "script", "textarea", "xmp", "iframe", "noembed", "noscript", "p", "div", "span", "b", "i", "a", "nobr",
        "li", "dd", "ul", "h1", "h2", "s", "em", "font", "font color=red", "font SIZE=2", "br", "img", "input",
        "keygen", "body", "html", "head", "form", "button", "pre", "object", "g", "path", "rt", "ruby",
        "FOREIGNOBJECT", "Svg"};
    private static final String[] END = {"svg", "math", "foreignObject", "desc", "title", "mi", "mtext",
        "annotation-xml", "select", "option", "template", "frameset", "table", "caption", "tbody", "tr", "td",
        "style", "script", "textarea", "noscript", "noframes", "p", "div", "span", "b", "s", "em", "a", "li", "ul",
        "h1", "h2", "font", "br", "body", "html", "form", "button", "object", "g", "path", "colgroup"};
    private static final String[] PIECES = pieces();

    private static String[] pieces() {
        List<String> p = new ArrayList<>();
        for (String s : START) {
            p.add("<" + s + ">");
            p.add("<" + s + ">");
        }
        for (String s : START) {
            p.add("<" + s + "/>");
        }
        for (String s : END) {
            p.add("</" + s + ">");
            p.add("</" + s + ">");
        }
        for (int i = 0; i < 12; i++) {
            p.add(i % 3 == 0 ? " " : "x");
            p.add("<![CDATA[c]]>");
        }
        return p.toArray(new String[0]);
    }

    private static String markup(List<Integer> pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i : pieces) {
            sb.append(PIECES[i]);
        }
        return sb.toString();
    }

    @Test
    void strictSimulatorAgreesWithTheTreeBuilderOrSaysAmbiguous() {
        qt().withExamples(3000)
                .forAll(lists().of(integers().between(0, PIECES.length - 1)).ofSizeBetween(1, 30), booleans().all())
                .checkAssert((pieces, scripting) -> {
                    String input = markup(pieces);
                    List<String> expected;
                    try {
                        expected = ValidatorNuOracle.run(input, scripting, null).tokens;
                    } catch (AssertionError oracleCrashed) {
                        // validator.nu's tree builder trips its own assertions on some tag soup (with -ea): no
                        // oracle answer for this input, so nothing to compare.
                        return;
                    }
                    List<String> ours;
                    int chunk = pieces.size() % 2 == 0 ? Integer.MAX_VALUE : 1 + pieces.get(0) % 7;
                    try {
                        ours = TokenStreams.ours(input, new TreeBuilderSimulator(true, scripting), chunk);
                    } catch (ParsingAmbiguityException e) {
                        return;
                    }
                    assertEquals(expected, ours, () -> "input " + input + " scripting " + scripting
                            + " chunk " + chunk
                            + "; lockstep: " + ValidatorNuOracle.run(input, scripting,
                                    new TreeBuilderSimulator(true, scripting)).divergence);
                });
    }

    @Test
    void lenientSimulatorNeverThrows() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(0, PIECES.length - 1)).ofSizeBetween(1, 40), booleans().all())
                .checkAssert((pieces, scripting) -> {
                    String input = markup(pieces);
                    TokenStreams.ours(input, new TreeBuilderSimulator(false, scripting));
                });
    }
}
