package org.htmlrewriter.internal.treesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.htmlrewriter.selectors.internal.MemoryMeter;
import org.junit.jupiter.api.Test;

/**
 * Every field of a {@link SimulatorState} is accounted for by {@code copy}, {@code adopt} and {@code sameAs}: a field
 * added to the class and to none of them fails here until it is listed below (and in {@code SimulatorState.take} or
 * {@code sameAs}).
 */
class SimulatorStateFieldsTest {
    /** How each field is treated: carried by copy, taken by adopt, compared by sameAs. */
    private record Treatment(boolean copied, boolean adopted, boolean compared) {
    }

    private static final Treatment ALL = new Treatment(true, true, true);

    private static final Map<String, Treatment> FIELDS = Map.ofEntries(
            Map.entry("depth", ALL), Map.entry("kinds", ALL), Map.entry("flags", ALL), Map.entry("names", ALL),
            Map.entry("longNames", ALL), Map.entry("modes", ALL), Map.entry("tables", ALL),
            Map.entry("baseTables", ALL), Map.entry("frameset", ALL), Map.entry("framesetOkCleared", ALL),
            Map.entry("htmlSeen", ALL), Map.entry("lost", ALL),
            // why the hypothesis exists, and the heap its long names took: a copy's own, not what makes it the same
            Map.entry("why", new Treatment(true, false, false)),
            Map.entry("longNameBytes", new Treatment(true, false, false)),
            // every start tag sets it before it is read
            Map.entry("lastNamespace", new Treatment(false, false, false)));
    /** The simulator's, given to the constructor. */
    private static final Set<String> FINAL = Set.of("scripting", "meter");

    @Test
    void everyFieldIsAccountedFor() {
        Set<String> declared = new TreeSet<>();
        for (Field f : fields()) {
            declared.add(f.getName());
        }
        Set<String> listed = new TreeSet<>(FIELDS.keySet());
        listed.addAll(FINAL);
        assertEquals(listed, declared, "a SimulatorState field is not accounted for by copy/adopt/sameAs");
    }

    @Test
    void copyCarriesItsFields() throws Exception {
        SimulatorState original = filled(1);
        SimulatorState copy = original.copy();
        for (Field f : fields()) {
            if (FINAL.contains(f.getName())) {
                assertSame(f.get(original), f.get(copy), f.getName());
                continue;
            }
            Object a = f.get(original);
            Object b = f.get(copy);
            if (FIELDS.get(f.getName()).copied()) {
                assertTrue(Arrays.deepEquals(new Object[] {a}, new Object[] {b}), f.getName());
                if (a.getClass().isArray()) {
                    assertNotSame(a, b, f.getName() + " is cloned");
                }
            } else {
                assertFalse(Arrays.deepEquals(new Object[] {a}, new Object[] {b}), f.getName() + " is not copied");
            }
        }
        assertTrue(original.sameAs(copy));
    }

    @Test
    void adoptTakesItsFields() throws Exception {
        SimulatorState from = filled(1);
        SimulatorState into = filled(2);
        Method adopt = SimulatorState.class.getDeclaredMethod("adopt", SimulatorState.class);
        adopt.setAccessible(true);
        adopt.invoke(into, from);
        for (Field f : fields()) {
            if (FINAL.contains(f.getName())) {
                continue;
            }
            if (FIELDS.get(f.getName()).adopted()) {
                Object a = f.get(from);
                if (a.getClass().isArray()) {
                    assertSame(a, f.get(into), f.getName() + " is shared");
                } else {
                    assertEquals(a, f.get(into), f.getName());
                }
            } else {
                assertNotEquals(f.get(from), f.get(into), f.getName() + " is not adopted");
            }
        }
    }

    @Test
    void sameAsComparesItsFields() throws Exception {
        for (Field f : fields()) {
            if (FINAL.contains(f.getName())) {
                continue;
            }
            SimulatorState a = filled(1);
            SimulatorState b = filled(1);
            assertTrue(a.sameAs(b));
            f.set(b, f.get(filled(2)));
            assertEquals(!FIELDS.get(f.getName()).compared(), a.sameAs(b), f.getName());
        }
    }

    /** The instance fields of a state, made accessible. */
    private static List<Field> fields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : SimulatorState.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                fields.add(f);
            }
        }
        return fields;
    }

    /** A state whose every field holds a value of its own, different for each {@code seed} (1 or 2). */
    private static SimulatorState filled(int seed) throws Exception {
        SimulatorState s = new SimulatorState(true, MemoryMeter.UNMETERED);
        for (Field f : fields()) {
            if (FINAL.contains(f.getName())) {
                continue;
            }
            Class<?> t = f.getType();
            Object v;
            if (f.getName().equals("depth")) {
                v = 1 + seed; // entries 0 and 1 (and 2) open
            } else if (t == int.class) {
                v = 10 + seed;
            } else if (t == long.class) {
                v = 10L + seed;
            } else if (t == byte.class) {
                v = (byte) seed;
            } else if (t == boolean.class) {
                v = seed == 2; // frameset true would make sameAs look at little else: seed 1 is the base
            } else if (t == String.class) {
                v = "reason " + seed;
            } else if (t == byte[].class) {
                v = new byte[] {(byte) seed, (byte) seed, 0, 0, 0, 0, 0, 0};
            } else if (t == int[].class) {
                v = new int[] {seed, seed, 0, 0, 0, 0, 0, 0};
            } else if (t == long[].class) {
                v = new long[] {seed, seed, 0, 0, 0, 0, 0, 0};
            } else if (t == byte[][].class) {
                v = new byte[][] {{(byte) seed}, {(byte) seed}, null, null, null, null, null, null};
            } else {
                fail("no value for a field of type " + t + ": " + f.getName());
                return s;
            }
            f.set(s, v);
        }
        return s;
    }
}
