package org.htmlrewriter.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The differential generator and {@link OpsInterpreter} without lol-html: pass-through identity with handlers that
 * change nothing, and the same output for every chunking, over a few hundred generated cases.
 */
@Tag("slow")
class GeneratedCasesTest {
    private static final int CASES = 300;

    @Test
    void generatorIsDeterministic() {
        GeneratedCase a = GeneratedCase.of(42, false);
        GeneratedCase b = GeneratedCase.of(42, false);
        assertEquals(a, b);
        assertEquals(a.ops(), Op.parseList(Op.toJson(a.ops())), "ops round-trip through JSON");
        assertNotEquals(a.html(), GeneratedCase.of(43, false).html());
    }

    @Test
    void noopHandlersLeaveTheDocumentUnchanged() {
        for (boolean general : new boolean[] {false, true}) {
            for (long seed = 1; seed <= CASES; seed++) {
                GeneratedCase c = GeneratedCase.of(seed, general);
                byte[] in = c.htmlBytes();
                List<Op> noop = c.noopOps();
                assertArrayEquals(in, OpsInterpreter.rewrite(noop, in), () -> "seed " + c.seed() + " " + noop);
                assertArrayEquals(in, OpsInterpreter.rewrite(noop, in, Set.of(), null, new int[] {1}),
                        () -> "seed " + c.seed() + " in 1-byte chunks");
            }
        }
    }

    /**
     * Text ops that insert or replace per chunk, or filter chunks by content, see the chunk boundaries, which depend
     * on the input's chunking by design; they become no-ops here (so do they in the differential agreement rate
     * "whose output cannot depend on text-chunk boundaries").
     */
    @Test
    void outputDoesNotDependOnChunking() {
        Random random = new Random(7);
        for (boolean general : new boolean[] {false, true}) {
            for (long seed = 1; seed <= CASES; seed++) {
                GeneratedCase generated = GeneratedCase.of(seed, general);
                GeneratedCase c = new GeneratedCase(seed, general, generated.html(), generated.ops().stream()
                        .map(op -> DifferentialRunner.textChunkSensitive(List.of(op))
                                ? new Op(op.selector, op.document, op.on, "noop", null, false, null, null, null)
                                : op)
                        .toList());
                byte[] in = c.htmlBytes();
                String whole = outcome(c, new int[] {in.length});
                assertEquals(whole, outcome(c, new int[] {1}), () -> "seed " + c.seed() + " in 1-byte chunks");
                int[] sizes = new int[8];
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = random.nextInt(i == 0 ? 3 : 40); // 0 = an empty write
                }
                sizes[sizes.length - 1] = Math.max(1, sizes[sizes.length - 1]);
                assertEquals(whole, outcome(c, sizes), () -> "seed " + c.seed() + " in chunks " + Arrays.toString(sizes));
            }
        }
    }

    /** The output, or the exception class when a handler's change was refused (which must not depend on chunking). */
    private static String outcome(GeneratedCase c, int[] sizes) {
        try {
            return new String(OpsInterpreter.rewrite(c.ops(), c.htmlBytes(), Set.of(), null, sizes),
                    StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return "failed: " + e.getClass().getName();
        }
    }
}
