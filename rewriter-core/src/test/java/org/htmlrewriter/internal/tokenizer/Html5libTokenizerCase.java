package org.htmlrewriter.internal.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.htmlrewriter.testing.Json;

/**
 * One case of an html5lib tokenizer {@code .test} file, with the {@code doubleEscaped} unescaping already applied
 * to its input and expected tokens. Expected tokens are kept in the file's own shape so that they compare with
 * {@link List#equals}: {@code ["StartTag", name, {attrs}]} (plus {@code true} when self-closing),
 * {@code ["EndTag", name]}, {@code ["Comment", data]}, {@code ["Character", data]} (adjacent ones coalesced),
 * {@code ["DOCTYPE", name, publicId, systemId, correctness]} with {@code null} for missing values.
 *
 * <p>The {@code errors} field is ignored on purpose: a rewriter reports no parse errors.
 *
 * <p>Immutable after loading.
 */
final class Html5libTokenizerCase {

    /** The html5lib state names and the tokenizer's text modes they start in. */
    static final Map<String, TextMode> INITIAL_STATES = Map.of(
            "Data state", TextMode.DATA,
            "PLAINTEXT state", TextMode.PLAINTEXT,
            "RCDATA state", TextMode.RCDATA,
            "RAWTEXT state", TextMode.RAWTEXT,
            "Script data state", TextMode.SCRIPT_DATA,
            "CDATA section state", TextMode.CDATA_SECTION);

    final String file;
    /** Position of the case in its file, from 0. */
    final int index;
    final String description;
    final String input;
    final List<Object> expectedTokens;
    final List<String> initialStates;
    /** Null when the file gives none ("no start tag has been emitted"). */
    final String lastStartTag;
    /** Non-null when the whole case does not apply to a rewriter, saying why. */
    final String notApplicableReason;

    private Html5libTokenizerCase(String file, int index, String description, String input,
            List<Object> expectedTokens, List<String> initialStates, String lastStartTag,
            String notApplicableReason) {
        this.file = file;
        this.index = index;
        this.description = description;
        this.input = input;
        this.expectedTokens = expectedTokens;
        this.initialStates = initialStates;
        this.lastStartTag = lastStartTag;
        this.notApplicableReason = notApplicableReason;
    }

    /** "file #index: description", for reports. */
    String name() {
        return file + " #" + index + ": " + description;
    }

    /** Every case of every {@code *.test} file in {@code tokenizerDir}, files in name order. */
    static List<Html5libTokenizerCase> loadAll(Path tokenizerDir) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(tokenizerDir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .test files in " + tokenizerDir);
        }
        List<Html5libTokenizerCase> cases = new ArrayList<>();
        for (Path file : files) {
            String json;
            try {
                json = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cases.addAll(parseFile(file.getFileName().toString(), json));
        }
        return cases;
    }

    /** The cases of one file's JSON text. */
    static List<Html5libTokenizerCase> parseFile(String fileName, String json) {
        Map<?, ?> root = (Map<?, ?>) Json.parse(json);
        List<Html5libTokenizerCase> cases = new ArrayList<>();
        for (Map.Entry<?, ?> group : root.entrySet()) {
            String key = (String) group.getKey();
            String notApplicable;
            if (key.equals("tests")) {
                notApplicable = null;
            } else if (key.equals("xmlViolationTests")) {
                notApplicable = "xmlViolationTests expect the tweaks of \"coercing an HTML DOM into an infoset\";"
                        + " a rewriter outputs HTML, not an XML infoset";
            } else {
                throw new IllegalArgumentException(fileName + ": unknown top-level key " + key);
            }
            List<?> tests = (List<?>) group.getValue();
            for (Object test : tests) {
                cases.add(parseCase(fileName, cases.size(), (Map<?, ?>) test, notApplicable));
            }
        }
        return cases;
    }

    private static Html5libTokenizerCase parseCase(String fileName, int index, Map<?, ?> test,
            String notApplicable) {
        boolean doubleEscaped = Boolean.TRUE.equals(test.get("doubleEscaped"));
        String input = (String) test.get("input");
        String description = (String) test.get("description");
        if (input == null || description == null || !(test.get("output") instanceof List)) {
            throw new IllegalArgumentException(fileName + " #" + index + ": description, input, output required");
        }
        if (doubleEscaped) {
            input = unescapeDoubleEscaped(input);
        }
        List<Object> expected = new ArrayList<>();
        for (Object token : (List<?>) test.get("output")) {
            List<Object> copy = new ArrayList<>();
            for (Object part : (List<?>) token) {
                copy.add(doubleEscaped ? unescapeDeep(part) : part);
            }
            if (copy.get(0).equals("Character") && !expected.isEmpty()
                    && ((List<?>) expected.get(expected.size() - 1)).get(0).equals("Character")) {
                // The README promises coalesced Character tokens; coalesce anyway so a file that forgot
                // does not count against the tokenizer.
                @SuppressWarnings("unchecked")
                List<Object> previous = (List<Object>) expected.get(expected.size() - 1);
                previous.set(1, (String) previous.get(1) + copy.get(1));
            } else {
                expected.add(copy);
            }
        }
        List<String> states = new ArrayList<>();
        Object statesValue = test.get("initialStates");
        if (statesValue == null) {
            states.add("Data state");
        } else {
            for (Object state : (List<?>) statesValue) {
                if (!INITIAL_STATES.containsKey(state)) {
                    throw new IllegalArgumentException(fileName + " #" + index + ": unknown state " + state);
                }
                states.add((String) state);
            }
        }
        return new Html5libTokenizerCase(fileName, index, description, input, expected, List.copyOf(states),
                (String) test.get("lastStartTag"), notApplicable);
    }

    private static Object unescapeDeep(Object value) {
        if (value instanceof String s) {
            return unescapeDoubleEscaped(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(unescapeDeep(e.getKey()), unescapeDeep(e.getValue()));
            }
            return out;
        }
        return value;
    }

    /**
     * The second round of unescaping that {@code doubleEscaped} asks for: each {@code \\uHHHH} becomes that UTF-16
     * unit (so an escaped surrogate pair becomes the pair, and a lone one stays lone). Nothing else changes.
     */
    static String unescapeDoubleEscaped(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 6 <= s.length() && s.charAt(i + 1) == 'u' && isHex4(s, i + 2)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 6;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isHex4(String s, int from) {
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name() + " " + Arrays.asList(input);
    }
}
