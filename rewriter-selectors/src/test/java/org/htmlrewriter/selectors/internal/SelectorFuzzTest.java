package org.htmlrewriter.selectors.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the selector parser. The input bytes, read as UTF-8 (malformed sequences become
 * U+FFFD), are a selector text, parsed with the namespace prefixes of {@link SelectorGenerator#NAMESPACES}.
 * Checked: {@link Selector#parse} either returns or throws
 * {@link SelectorSyntaxException} (nothing else: no other exception, no stack overflow); a parsed selector's
 * canonical {@link Selector#toString()} parses back to an equal selector with the same canonical text; it compiles;
 * and the compiled program matches a fixed document without failing, the same way as the re-parsed canonical form.
 * Regression mode replays {@code fuzz-corpus/selectors/}; see fuzz-corpus/README.md.
 */
@Tag("slow")
class SelectorFuzzTest {
    private static final String DOCUMENT = "<html><head><title>t</title></head><body class=c1><div id=i1 class='a b'>"
            + "<p lang=en-us>one<a href='https://x/' data-x=\"v1\">link</a></p><p>two</p><ul><li>1<li class=b>2"
            + "<li>3</ul><svg><rect class=a xlink:href=#x /><foreignObject><span id=x>f</span></foreignObject></svg>"
            + "<table><tr><td>c<td>d</table><select><option>o<option selected>p</select></div>"
            + "<template><b>t</b></template><input type=TEXT name=q></body></html>";

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Selector selector;
        try {
            selector = Selector.parse(text, SelectorGenerator.NAMESPACES);
        } catch (SelectorSyntaxException e) {
            if (e.position() < 0 || e.position() > text.length() || !text.equals(e.selectorText()) || e.kind() == null) {
                throw new AssertionError("bad exception details for " + show(text) + ": " + e.position() + " "
                        + e.kind(), e);
            }
            return;
        }
        String canonical = selector.toString();
        Selector again;
        try {
            again = Selector.parse(canonical, SelectorGenerator.NAMESPACES);
        } catch (SelectorSyntaxException e) {
            throw new AssertionError("canonical form " + show(canonical) + " of " + show(text) + " does not parse", e);
        }
        if (!again.equals(selector) || again.hashCode() != selector.hashCode()) {
            throw new AssertionError("canonical form " + show(canonical) + " of " + show(text)
                    + " parses to a different selector: " + show(again.toString()));
        }
        if (!again.toString().equals(canonical)) {
            throw new AssertionError("canonical form not stable: " + show(canonical) + " -> "
                    + show(again.toString()) + " (from " + show(text) + ")");
        }
        TestHtml.Run run = TestHtml.Run.of(SelectorProgram.compile(List.of(selector)), DOCUMENT);
        TestHtml.Run run2 = TestHtml.Run.of(SelectorProgram.compile(List.of(again, selector)), DOCUMENT);
        if (!run.matchedBy(0).equals(run2.matchedBy(0)) || !run.matchedBy(0).equals(run2.matchedBy(1))) {
            throw new AssertionError("canonical form matches differently: " + show(text) + " " + run.matchedBy(0)
                    + " vs " + run2.matchedBy(0) + " / " + run2.matchedBy(1));
        }
    }

    private static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }
}
