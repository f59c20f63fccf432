package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * {@link InsertionStates} against the tokenizer itself: what the model says bytes do to the tokenizer state is what
 * the tokenizer does with them.
 */
class InsertionStatesTest {
    private static final String[] PIECES = {"<", "/", "!", "-", ">", " ", "\t", "a", "x", "s", "c", "r", "i", "p", "t",
        "S", "T", "y", "l", "e", "title", "style", "script", "SCRIPT", "<!--", "-->", "</", "]", "]]", "?", "<s", "</s"};

    private record Mode(TextMode mode, String lastStartTag) {
        @Override
        public String toString() {
            return mode + (lastStartTag == null ? "" : "(" + lastStartTag + ")");
        }
    }

    private static final int UNKNOWN = -2;

    private static final Mode[] MODES = {new Mode(TextMode.DATA, null), new Mode(TextMode.RCDATA, "title"),
        new Mode(TextMode.RAWTEXT, "style"), new Mode(TextMode.SCRIPT_DATA, "script"),
        new Mode(TextMode.PLAINTEXT, null), new Mode(TextMode.CDATA_SECTION, null)};

    private static Gen<String> markupSoup(int maxPieces) {
        return SourceDSL.lists().of(SourceDSL.integers().between(0, PIECES.length - 1)).ofSizeBetween(0, maxPieces)
                .map(l -> {
                    StringBuilder sb = new StringBuilder();
                    l.forEach(i -> sb.append(PIECES[i]));
                    return sb.toString();
                });
    }

    /** A token the tokenizer reported: where it ends in the stream, and what it is. */
    private record Token(long end, String what) {
    }

    private static List<Token> tokens(Mode m, String input) {
        List<Token> tokens = new ArrayList<>();
        TokenSink sink = new TokenSink() {
            @Override
            public void text(byte[] buf, int start, int end, TextMode mode) {
            }

            @Override
            public void passThrough(byte[] buf, int start, int end) {
                // with every tag captured: "</>", which makes no token but is not text either, or a cut-off tag
                tokens.add(new Token(Long.MAX_VALUE, "no token"));
            }

            @Override
            public void startTag(TagToken tag) {
                tokens.add(new Token(tag.streamOffset + tag.end - tag.start, "<" + tag.nameHash));
            }

            @Override
            public void endTag(TagToken tag) {
                tokens.add(new Token(tag.streamOffset + tag.end - tag.start, "</" + tag.nameHash));
            }

            @Override
            public void comment(CommentToken comment) {
                tokens.add(new Token(comment.streamOffset + comment.end - comment.start, "comment"));
            }

            @Override
            public void doctype(DoctypeToken doctype) {
                tokens.add(new Token(doctype.streamOffset + doctype.end - doctype.start, "doctype"));
            }

            @Override
            public void end() {
            }
        };
        Tokenizer t = new Tokenizer(sink, null);
        t.setCaptureComments(true);
        t.setCaptureDoctypes(true);
        t.setTextMode(m.mode);
        if (m.lastStartTag != null) {
            t.setLastStartTagName(m.lastStartTag);
        }
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        t.write(b, 0, b.length);
        t.end();
        return tokens;
    }

    private static int run(Mode m, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return InsertionStates.run(InsertionStates.clean(m.mode), m.lastStartTag, b, 0, b.length);
    }

    @Test
    void bytesTheModelCallsSafeNeverEndAToken() {
        for (Mode m : MODES) {
            qt().withExamples(3000).forAll(markupSoup(8), markupSoup(6)).checkAssert((x, y) -> {
                if (run(m, x) != InsertionStates.BREAKS) {
                    for (Token t : tokens(m, x + y)) {
                        assertTrue(t.end > x.length(), m + ": '" + x + "' + '" + y + "': " + t + " ends inside");
                    }
                }
            });
        }
    }

    @Test
    void bytesTheModelSaysBreakStartMarkupInsideThem() {
        for (Mode m : MODES) {
            qt().withExamples(3000).forAll(markupSoup(8)).checkAssert(x -> {
                if (run(m, x) == InsertionStates.BREAKS) {
                    // What started inside x completes with any closing bytes: a token ends after x starts.
                    List<Token> tokens = tokens(m, x + " \"'>-->]]>");
                    assertTrue(!tokens.isEmpty(), m + ": '" + x + "' breaks but makes no token");
                }
            });
        }
    }

    @Test
    void prefixesInTheSameStateAreReadTheSameWayWhateverFollows() {
        for (Mode m : MODES) {
            qt().withExamples(4000).forAll(markupSoup(6), markupSoup(6), markupSoup(6)).checkAssert((x1, x2, y) -> {
                int s1 = run(m, x1);
                if (s1 == InsertionStates.BREAKS || s1 != run(m, x2)) {
                    return;
                }
                assertEquals(after(tokens(m, x1 + y), x1.length()), after(tokens(m, x2 + y), x2.length()),
                        m + ": '" + x1 + "' and '" + x2 + "' then '" + y + "'");
            });
        }
    }

    /** Tokens ending after {@code split}, with their ends relative to it. */
    private static List<String> after(List<Token> tokens, int split) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) {
            if (t.end > split) {
                out.add((t.end == Long.MAX_VALUE ? "" : (t.end - split) + ":") + t.what);
            }
        }
        return out;
    }

    /**
     * The states the tokenizer reports at the ends of text and around tokens are the model's: running the model over
     * the text it reported, from the state before that text, ends in the state the tokenizer reports after it, for
     * any chunking.
     */
    @Test
    void theTokenizerReportsTheStatesTheModelComputes() {
        for (Mode m : MODES) {
            qt().withExamples(3000).forAll(markupSoup(14), SourceDSL.integers().between(1, 9)).checkAssert((x, chunk) -> {
                Tokenizer[] t = new Tokenizer[1];
                int[] model = {InsertionStates.clean(m.mode)};
                String where = m + " '" + x + "' in chunks of " + chunk;
                TokenSink sink = new TokenSink() {
                    @Override
                    public void text(byte[] buf, int start, int end, TextMode mode) {
                        if (model[0] != UNKNOWN) {
                            assertEquals(model[0], t[0].textStartState(), where + ": state at a text's start");
                        }
                        model[0] = t[0].textStartState();
                        int after = InsertionStates.run(model[0], t[0].appropriateEndTagName(), buf, start, end);
                        if (after != InsertionStates.BREAKS) { // text the tokenizer reports may end a cut-off tag
                            assertEquals(after, t[0].textEndState(), where + ": state after '"
                                    + new String(buf, start, end - start, StandardCharsets.ISO_8859_1) + "'");
                        }
                        model[0] = t[0].textEndState();
                    }

                    @Override
                    public void passThrough(byte[] buf, int start, int end) {
                        model[0] = UNKNOWN; // "</>", CDATA's "]]>" or a tag cut off at the end: not modelled here
                    }

                    private void token(boolean endTag) {
                        if (model[0] != UNKNOWN) {
                            assertEquals(model[0], t[0].stateBeforeToken(), where + ": state before a token");
                        }
                        model[0] = t[0].stateAfterToken(endTag);
                    }

                    @Override
                    public void startTag(TagToken tag) {
                        token(false);
                    }

                    @Override
                    public void endTag(TagToken tag) {
                        token(true);
                    }

                    @Override
                    public void comment(CommentToken comment) {
                        token(true);
                    }

                    @Override
                    public void doctype(DoctypeToken doctype) {
                        token(true);
                    }

                    @Override
                    public void end() {
                    }
                };
                t[0] = new Tokenizer(sink, null);
                t[0].setCaptureComments(true);
                t[0].setCaptureDoctypes(true);
                t[0].setTextMode(m.mode);
                if (m.lastStartTag != null) {
                    t[0].setLastStartTagName(m.lastStartTag);
                }
                byte[] b = x.getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < b.length; i += chunk) {
                    t[0].write(b, i, Math.min(chunk, b.length - i));
                }
                t[0].end();
            });
        }
    }

    @Test
    void knownCases() {
        Mode script = MODES[3];
        Mode style = MODES[2];
        assertEquals(InsertionStates.BREAKS, run(style, "a </style>"));
        assertEquals(InsertionStates.BREAKS, run(style, "</STYLE "));
        assertNotEquals(InsertionStates.BREAKS, run(style, "</styles>"));
        assertEquals(InsertionStates.clean(TextMode.SCRIPT_DATA), run(script, "if (a < b) { x = '</p>' }"));
        assertNotEquals(InsertionStates.clean(TextMode.SCRIPT_DATA), run(script, "<!-- legacy"));
        assertEquals(InsertionStates.clean(TextMode.SCRIPT_DATA), run(script, "<!-- legacy -->"));
        // "<!--<script>" enters the double-escaped state, where "</script>" no longer ends the element
        int doubleEscaped = run(script, "<!--<script>");
        assertNotEquals(InsertionStates.BREAKS, InsertionStates.run(doubleEscaped, "script",
                "</script>".getBytes(StandardCharsets.ISO_8859_1), 0, 9));
        assertEquals(InsertionStates.BREAKS, run(MODES[0], "<b>"));
        assertEquals(InsertionStates.clean(TextMode.DATA), run(MODES[0], "a &lt; b"));
        int lt = run(MODES[0], "<");
        assertTrue(InsertionStates.isCandidate(lt));
        assertTrue(InsertionStates.sameReading(lt, run(MODES[0], "< ")));
    }
}
