package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The html5lib tokenizer suite ({@code ../shared/html5lib-tests/tokenizer/*.test}) against {@link Tokenizer}
 * plus the project's decoding of its raw ranges ({@link Html5libHtmlDecoderAdapter}; text is also run through
 * the streaming decoder piece by piece, which must agree). Every case runs once per initial state it
 * lists, per charset (UTF-8, windows-1252, Shift_JIS: the expected tokens are the same in each, since the input
 * is decoded with the charset it was encoded in), and per chunking (whole, then chunks of 1, 2, 3, 7 and 64
 * bytes). Each such run counts once in the summary line {@code html5lib-tokenizer: N passed, M failed, K skipped}.
 *
 * <p>Every run also checks raw pass-through (all ranges the sink received, concatenated, are the input bytes)
 * and the sink contract. Chunks are handed over inside a larger array at a non-zero offset between bytes that
 * would change the tokens if read, and are overwritten once {@code write} returns, so reading outside the
 * given range or keeping the caller's array past the call shows up as a failure.
 *
 * <p>A run is skipped only when it cannot apply: the input is not representable in the charset (a lone
 * surrogate is representable in none), or the case is one of the {@code xmlViolationTests}, which test
 * XML-infoset coercion rather than tokenizing. Parse errors ({@code errors}) are not compared: a rewriter does
 * not report them.
 *
 * <p>Needs {@code ../shared} (system property {@code htmlrewriter.shared}, else found by walking up from the
 * working directory) and fails when it is missing. Run with
 * {@code -Dgroups=conformance -DexcludedGroups=none}.
 */
@Tag("conformance")
class Html5libTokenizerTest {

    /** Chunk sizes; 0 means the whole input in one {@code write}. */
    private static final int[] CHUNKINGS = {0, 1, 2, 3, 7, 64};
    private static final List<Charset> CHARSETS = List.of(
            StandardCharsets.UTF_8, Charset.forName("windows-1252"), Charset.forName("Shift_JIS"));
    private static final int MAX_FAILURE_DETAILS = 30;
    private static final int MAX_FAILING_CASE_LINES = 300;
    /** Padding around each chunk: bytes that would start a tag or a reference if the tokenizer read them. */
    private static final byte PADDING = '<';
    private static final byte SCRIBBLE = '&';

    private final Html5libTokenDecoder decoder = new Html5libHtmlDecoderAdapter();

    private int passed;
    private int failed;
    private int skipped;
    /** reason → case name (with detail) → skipped runs. */
    private final Map<String, Map<String, Integer>> skips = new TreeMap<>();
    private final List<String> failureDetails = new ArrayList<>();
    /** case name → "state / charset" → failing chunkings. */
    private final Map<String, Map<String, Set<String>>> failingCases = new LinkedHashMap<>();

    @Test
    void html5libTokenizerSuite() {
        Path tokenizerDir = org.htmlrewriter.SharedFolder.locate().resolve("html5lib-tests").resolve("tokenizer");
        if (!Files.isDirectory(tokenizerDir)) {
            fail("html5lib tokenizer tests not found at " + tokenizerDir);
        }
        List<Html5libTokenizerCase> cases = Html5libTokenizerCase.loadAll(tokenizerDir);
        for (Html5libTokenizerCase testCase : cases) {
            runCase(testCase);
        }
        String summary = "html5lib-tokenizer: " + passed + " passed, " + failed + " failed, " + skipped + " skipped";
        System.out.println(summary);
        System.out.println(report(cases.size()));
        assertEquals(0, failed, summary);
    }

    private void runCase(Html5libTokenizerCase testCase) {
        for (String state : testCase.initialStates) {
            TextMode mode = Html5libTokenizerCase.INITIAL_STATES.get(state);
            for (Charset charset : CHARSETS) {
                String skipReason = testCase.notApplicableReason;
                String skipDetail = "";
                byte[] input = null;
                if (skipReason == null) {
                    int lone = indexOfLoneSurrogate(testCase.input);
                    if (lone >= 0) {
                        skipReason = "lone surrogate in the input: no charset can encode it";
                        skipDetail = " (U+" + hex(testCase.input.charAt(lone)) + ")";
                    } else {
                        input = encodeExactly(testCase.input, charset);
                        if (input == null) {
                            skipReason = "input not representable in " + charset.name()
                                    + " (or does not decode back to itself)";
                            skipDetail = " (" + firstUnrepresentable(testCase.input, charset) + ")";
                        }
                    }
                }
                if (skipReason != null) {
                    skipped += CHUNKINGS.length;
                    skips.computeIfAbsent(skipReason, k -> new LinkedHashMap<>())
                            .merge(testCase.name() + skipDetail, CHUNKINGS.length, Integer::sum);
                    continue;
                }
                for (int chunkSize : CHUNKINGS) {
                    String problem = runOnce(testCase, mode, charset, input, chunkSize);
                    if (problem == null) {
                        passed++;
                    } else {
                        failed++;
                        String chunking = chunkSize == 0 ? "whole" : String.valueOf(chunkSize);
                        boolean firstFailureOfCase = !failingCases.containsKey(testCase.name());
                        failingCases.computeIfAbsent(testCase.name(), k -> new LinkedHashMap<>())
                                .computeIfAbsent(state + " / " + charset.name(), k -> new LinkedHashSet<>())
                                .add(chunking);
                        // One detailed run per failing case: the list above says which other runs fail too.
                        if (firstFailureOfCase && failureDetails.size() < MAX_FAILURE_DETAILS) {
                            failureDetails.add(showName(testCase.name()) + "\n    state: " + state + ", charset: "
                                    + charset.name() + ", chunks: " + chunking
                                    + (testCase.lastStartTag == null ? "" : ", lastStartTag: " + testCase.lastStartTag)
                                    + "\n    input:    " + show(testCase.input)
                                    + "\n    expected: " + show(testCase.expectedTokens)
                                    + problem);
                        }
                    }
                }
            }
        }
    }

    /** Null when the run matches; otherwise the lines that describe what went wrong. */
    private String runOnce(Html5libTokenizerCase testCase, TextMode mode, Charset charset, byte[] input,
            int chunkSize) {
        Html5libTokenCollector sink = new Html5libTokenCollector(decoder, charset);
        try {
            Tokenizer tokenizer = new Tokenizer(sink, null);
            tokenizer.setTextMode(mode);
            if (testCase.lastStartTag != null) {
                tokenizer.setLastStartTagName(testCase.lastStartTag);
            }
            tokenizer.setCaptureComments(true);
            tokenizer.setCaptureDoctypes(true);
            int step = chunkSize == 0 ? Math.max(input.length, 1) : chunkSize;
            for (int off = 0; off < input.length; off += step) {
                int len = Math.min(step, input.length - off);
                byte[] padded = new byte[len + 4];
                Arrays.fill(padded, PADDING);
                System.arraycopy(input, off, padded, 2, len);
                tokenizer.write(padded, 2, len);
                Arrays.fill(padded, SCRIBBLE);
            }
            tokenizer.end();
        } catch (RuntimeException | StackOverflowError e) {
            return "\n    actual:   " + show(sink.tokens) + " (before the exception)"
                    + "\n    exception: " + stackSummary(e);
        }
        StringBuilder problem = new StringBuilder();
        if (!testCase.expectedTokens.equals(sink.tokens)) {
            problem.append("\n    actual:   ").append(show(sink.tokens));
        }
        byte[] reported = sink.reportedBytes();
        if (!Arrays.equals(input, reported)) {
            int at = Arrays.mismatch(input, reported);
            problem.append("\n    pass-through: reported ").append(reported.length).append(" bytes for ")
                    .append(input.length).append(", first difference at byte ").append(at)
                    .append("; reported: ").append(show(new String(reported, charset)));
        }
        if (sink.endCalls != 1) {
            problem.append("\n    sink.end() called ").append(sink.endCalls).append(" times");
        }
        if (!sink.streamingMismatches.isEmpty()) {
            problem.append("\n    streaming text decoding: ").append(sink.streamingMismatches);
        }
        if (!sink.protocolErrors.isEmpty()) {
            problem.append("\n    sink contract: ").append(sink.protocolErrors);
        }
        return problem.length() == 0 ? null : problem.toString();
    }

    private String report(int caseCount) {
        StringBuilder out = new StringBuilder();
        out.append("  (").append(caseCount).append(" cases; each run = case x initial state x charset {UTF-8,")
                .append(" windows-1252, Shift_JIS} x chunking {whole, 1, 2, 3, 7, 64 bytes})\n");
        out.append("  note: the \"errors\" field is not checked: a rewriter does not report parse errors.\n");
        out.append("  note: raw pass-through (concatenated sink ranges == input bytes) is checked on every run.\n");
        if (!skips.isEmpty()) {
            out.append("skipped runs, by reason:\n");
            for (Map.Entry<String, Map<String, Integer>> reason : skips.entrySet()) {
                int runs = reason.getValue().values().stream().mapToInt(Integer::intValue).sum();
                out.append("  ").append(reason.getKey()).append(": ").append(reason.getValue().size())
                        .append(" cases, ").append(runs).append(" runs\n");
                for (Map.Entry<String, Integer> skippedCase : reason.getValue().entrySet()) {
                    out.append("    ").append(showName(skippedCase.getKey())).append(" [")
                            .append(skippedCase.getValue()).append(" runs]\n");
                }
            }
        }
        if (!failingCases.isEmpty()) {
            out.append("failing cases (").append(failingCases.size()).append("), with the runs that fail:\n");
            int lines = 0;
            for (Map.Entry<String, Map<String, Set<String>>> failingCase : failingCases.entrySet()) {
                if (lines++ == MAX_FAILING_CASE_LINES) {
                    out.append("    ... ").append(failingCases.size() - MAX_FAILING_CASE_LINES).append(" more\n");
                    break;
                }
                out.append("    ").append(showName(failingCase.getKey())).append(": ")
                        .append(failingCase.getValue()).append('\n');
            }
            out.append("first failing run of the first ").append(failureDetails.size()).append(" failing cases:\n");
            for (String detail : failureDetails) {
                out.append("  ").append(detail).append('\n');
            }
        }
        return out.toString();
    }

    // ---- charsets ----

    /** The input in {@code charset}, or null when some character has no encoding or does not decode back. */
    static byte[] encodeExactly(String input, Charset charset) {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (!encoder.canEncode(input)) {
            return null;
        }
        try {
            ByteBuffer encoded = encoder.reset().encode(CharBuffer.wrap(input));
            byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
            // Some mappings are one-way (Shift_JIS encodes U+00A5 as 0x5C, which decodes to U+005C): the
            // expected tokens hold only if the bytes decode back to the same characters.
            return new String(bytes, charset).equals(input) ? bytes : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String firstUnrepresentable(String input, Charset charset) {
        for (int i = 0; i < input.length(); i = input.offsetByCodePoints(i, 1)) {
            String one = new String(Character.toChars(input.codePointAt(i)));
            if (encodeExactly(one, charset) == null) {
                return "U+" + hex(input.codePointAt(i));
            }
        }
        return "no single character; the sequence does not round-trip";
    }

    static int indexOfLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    // ---- locating ../shared ----

    // ---- display ----

    /** JSON-like rendering with every character outside printable ASCII escaped, so invisible bytes show. */
    static String show(Object value) {
        StringBuilder out = new StringBuilder();
        appendShown(out, value);
        return out.toString();
    }

    private static void appendShown(StringBuilder out, Object value) {
        if (value instanceof String s) {
            out.append('"').append(showPlain(s).replace("\"", "\\\"")).append('"');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                appendShown(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                appendShown(out, e.getKey());
                out.append(": ");
                appendShown(out, e.getValue());
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    /** The text with {@code \\}, control, non-ASCII and surrogate characters written as escapes. */
    static String showPlain(String s) {
        return escape(s, true);
    }

    /** A case name for a report line: like {@link #showPlain}, but the descriptions' own backslashes stay. */
    private static String showName(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean escapeBackslash) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && escapeBackslash) {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c > 0x7E) {
                out.append("\\u").append(hex(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String hex(int codePoint) {
        return String.format("%04X", codePoint);
    }

    private static String stackSummary(Throwable e) {
        StringBuilder out = new StringBuilder(e.toString());
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(6, frames.length); i++) {
            out.append("\n        at ").append(frames[i]);
        }
        return out.toString();
    }
}
