package org.htmlrewriter.internal.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.testing.Json;
import org.junit.jupiter.api.Test;

/** The conformance suite's JSON reader, and the doubleEscaped unescaping, on inline inputs (no ../shared needed). */
class Html5libJsonReaderTest {

    @Test
    void readsScalars() {
        assertEquals("abc", Json.parse("\"abc\""));
        assertEquals(Boolean.TRUE, Json.parse(" true "));
        assertEquals(Boolean.FALSE, Json.parse("false"));
        assertNull(Json.parse("null"));
        assertEquals(0L, Json.parse("0"));
        assertEquals(-12L, Json.parse("-12"));
        assertEquals(1.5, Json.parse("1.5"));
        assertEquals(-2.5e3, Json.parse("-2.5E+3"));
        assertEquals(1e30, Json.parse("1000000000000000000000000000000"));
    }

    @Test
    void readsNestedStructuresKeepingKeyOrder() {
        Object value = Json.parse(
                "{\"tests\": [ {\"input\":\"<a b=c>\", \"output\":[[\"StartTag\",\"a\",{\"b\":\"c\"}]],"
                        + " \"z\":1, \"a\":2} ], \"empty\": {}, \"none\": []}");
        Map<?, ?> root = (Map<?, ?>) value;
        assertEquals(List.of("tests", "empty", "none"), List.copyOf(root.keySet()));
        Map<?, ?> test = (Map<?, ?>) ((List<?>) root.get("tests")).get(0);
        assertEquals(List.of("input", "output", "z", "a"), List.copyOf(test.keySet()));
        assertEquals("<a b=c>", test.get("input"));
        List<?> token = (List<?>) ((List<?>) test.get("output")).get(0);
        assertEquals(Arrays.asList("StartTag", "a", Map.of("b", "c")), token);
        assertEquals(Collections.emptyMap(), root.get("empty"));
        assertEquals(Collections.emptyList(), root.get("none"));
    }

    @Test
    void nullInsideArraysAndObjectsIsKept() {
        assertEquals(Arrays.asList("DOCTYPE", "html", null, null, true),
                Json.parse("[\"DOCTYPE\", \"html\", null, null, true]"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("k", null);
        assertEquals(expected, Json.parse("{\"k\":null}"));
    }

    @Test
    void decodesEveryEscapeIncludingLoneSurrogates() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("\u0000\u00e9\uFFFD", Json.parse("\"\\u0000\\u00E9\\ufffd\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\uD83D\\uDE00\""));
        String lone = (String) Json.parse("\"a\\uDFFFb\"");
        assertEquals(3, lone.length());
        assertEquals('\uDFFF', lone.charAt(1));
        // A non-ASCII character written literally stays as it is.
        assertEquals("caf\u00e9 \u65e5", Json.parse("\"caf\u00e9 \u65e5\""));
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : List.of("", "[", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "{a:1}", "\"abc", "\"\\x\"",
                "\"\\u12G4\"", "\"\\u12\"", "01", "1.", "-", "1e", "tru", "[1] 2", "\"tab\there\"", "'s'")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Json.parse(bad), () -> "should reject: " + bad);
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Test
    void doubleEscapedUnescapingTurnsBackslashUIntoCharacters() {
        assertEquals("a\uD800b", Html5libTokenizerCase.unescapeDoubleEscaped("a\\uD800b"));
        assertEquals("\u0000x\u00e9", Html5libTokenizerCase.unescapeDoubleEscaped("\\u0000x\\u00E9"));
        // Anything that is not a complete \\uXXXX stays as written.
        assertEquals("\\u12 \\n \\", Html5libTokenizerCase.unescapeDoubleEscaped("\\u12 \\n \\"));
    }
}
