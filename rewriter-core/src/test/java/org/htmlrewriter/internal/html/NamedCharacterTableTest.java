package org.htmlrewriter.internal.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The committed table, its generator, an independent source, and the trie's longest-prefix matching. */
class NamedCharacterTableTest {

    /** With {@code -Dhtmlrewriter.regenerateEntities=true} this rewrites the resource instead (see the generator). */
    @Test
    void committedResourceIsWhatTheGeneratorWrites() throws IOException {
        if (Boolean.getBoolean("htmlrewriter.regenerateEntities")) {
            // The classpath copy is from before this run; the next build picks the new file up.
            NamedCharacterTableGenerator.main(new String[0]);
            return;
        }
        String committed;
        try (InputStream in = NamedCharacterReferences.class.getResourceAsStream(NamedCharacterReferences.RESOURCE_NAME)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(NamedCharacterTableGenerator.render(), committed,
                "regenerate with NamedCharacterTableGenerator (see its javadoc)");
    }

    /** validator.nu keeps names without their first two chars, bucketed by those two chars in HILO_ACCEL. */
    @Test
    void tableEqualsValidatorNuTable() throws ReflectiveOperationException {
        Class<?> table = Class.forName("nu.validator.htmlparser.impl.NamedCharacters");
        String[] tails = (String[]) staticField(table, "NAMES");
        char[][] values = (char[][]) staticField(table, "VALUES");
        int[][] accel = (int[][]) staticField(Class.forName("nu.validator.htmlparser.impl.NamedCharactersAccel"), "HILO_ACCEL");
        TreeMap<String, String> validator = new TreeMap<>();
        for (int second = 0; second < accel.length; second++) {
            if (accel[second] == null) {
                continue;
            }
            for (int firstIndex = 0; firstIndex < accel[second].length; firstIndex++) {
                int hilo = accel[second][firstIndex];
                if (hilo == 0) {
                    continue;
                }
                char first = (char) (firstIndex < 26 ? 'A' + firstIndex : 'a' + firstIndex - 26);
                for (int i = hilo & 0xFFFF; i <= hilo >>> 16; i++) {
                    validator.put("" + first + (char) second + tails[i], new String(values[i]));
                }
            }
        }
        TreeMap<String, String> ours = new TreeMap<>();
        for (int entry = 0; entry < NamedCharacterReferences.ENTRY_COUNT; entry++) {
            ours.put(NamedCharacterReferences.name(entry), NamedCharacterReferences.replacement(entry));
        }
        assertEquals(validator, ours);
    }

    private static Object staticField(Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    @Test
    void sizesAndLegacyNames() {
        int legacy = 0;
        for (int entry = 0; entry < NamedCharacterReferences.ENTRY_COUNT; entry++) {
            if (!NamedCharacterReferences.endsWithSemicolon(entry)) {
                legacy++;
                String name = NamedCharacterReferences.name(entry);
                int withSemicolon = NamedCharacterReferences.entryOf(name + ";");
                assertTrue(withSemicolon >= 0, name);
                assertEquals(NamedCharacterReferences.replacement(withSemicolon), NamedCharacterReferences.replacement(entry));
            }
        }
        assertEquals(106, legacy);
        assertEquals("CounterClockwiseContourIntegral;".length(), NamedCharacterReferences.maxNameLength());
    }

    @Test
    void replacementsOfOneAndTwoCodePoints() {
        assertEquals("&", replacementOf("amp;"));
        assertEquals("&", replacementOf("AMP"));
        assertEquals("\u2242\u0338", replacementOf("NotEqualTilde;"));
        assertEquals("fj", replacementOf("fjlig;"));
        assertEquals("\uD835\uDD04", replacementOf("Afr;")); // U+1D504, outside the BMP
        assertEquals(NamedCharacterReferences.NO_MATCH, NamedCharacterReferences.entryOf("notit;"));
    }

    private static String replacementOf(String name) {
        return NamedCharacterReferences.replacement(NamedCharacterReferences.entryOf(name));
    }

    @Test
    void longestMatchTakesTheLongestName() {
        assertEquals("not", matchName("notit;", true));
        assertEquals("notin;", matchName("notin;", true));
        assertEquals("not", matchName("notin", true)); // "notin" without ';' is not in the table
        assertEquals("amp;", matchName("amp;x", true));
        assertEquals("amp", matchName("ampx", true));
        assertEquals("CounterClockwiseContourIntegral;", matchName("CounterClockwiseContourIntegral;;", true));
        assertEquals(null, matchName("xyz", true));
        assertEquals(null, matchName("Amp;", true));
        assertEquals(null, matchName("", true));
    }

    @Test
    void longestMatchAsksForMoreInputOnlyWhileALongerNameIsPossible() {
        assertEquals(NamedCharacterReferences.NEEDS_MORE_INPUT, match("no", false));
        assertEquals(NamedCharacterReferences.NEEDS_MORE_INPUT, match("not", false)); // "not;", "notin;", ...
        assertEquals(NamedCharacterReferences.NEEDS_MORE_INPUT, match("", false));
        assertEquals("not", matchName("notx", false));
        assertEquals("amp;", matchName("amp;", false)); // nothing extends "amp;"
        assertEquals(NamedCharacterReferences.NO_MATCH, match("zz", false));
    }

    private static int match(String input, boolean endOfInput) {
        char[] chars = ("@" + input + "@").toCharArray(); // offsets must be honoured
        return NamedCharacterReferences.longestMatch(chars, 1, chars.length - 1, endOfInput);
    }

    private static String matchName(String input, boolean endOfInput) {
        int entry = match(input, endOfInput);
        assertTrue(entry >= NamedCharacterReferences.NO_MATCH, "unexpected " + entry);
        return entry == NamedCharacterReferences.NO_MATCH ? null : NamedCharacterReferences.name(entry);
    }
}
