package org.htmlrewriter.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Replays fuzz inputs outside JUnit and Jazzer, printing each one's plan and what failed: for triage.
 * {@code java -cp <test classpath> org.htmlrewriter.fuzz.FuzzReplay file...}
 *
 * <p>{@code FuzzReplay --minimise file} shrinks the document of a failing input (delta debugging over its bytes)
 * while it fails the same way (the first line of the failure, digits ignored), keeping the plan, and writes the
 * result, still a fuzz input, to {@code file.min}. A fuzz input is the document followed by the bytes the plan's
 * choices read from the end ({@link FuzzChoices}), so the plan's tail is kept as it is.
 */
public final class FuzzReplay {
    private FuzzReplay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--minimise")) {
            minimise(Paths.get(args[1]));
            return;
        }
        for (String file : args) {
            if (Files.isDirectory(Paths.get(file))) {
                continue;
            }
            byte[] input = Files.readAllBytes(Paths.get(file));
            RewritePlan plan = RewritePlan.decode(new FuzzChoices(input));
            System.out.println("== " + file + "\n" + plan + "\ndocument: " + RewriterFuzzTest.Check.show(plan.document));
            String failure = failure(input);
            System.out.println(failure == null ? "passes" : "FAILS: " + failure);
        }
    }

    /** The failure's message, or null if the input passes. */
    private static String failure(byte[] input) {
        try {
            new RewriterFuzzTest.Check(RewritePlan.decode(new FuzzChoices(input))).run();
            return null;
        } catch (AssertionError e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** What identifies a failure across documents: its first line without digits (marker ids, offsets). */
    private static String kind(String failure) {
        return failure == null ? null : failure.lines().findFirst().orElse("").replaceAll("[0-9]+", "#");
    }

    private static void minimise(Path file) throws Exception {
        byte[] input = Files.readAllBytes(file);
        int documentLength = RewritePlan.decode(new FuzzChoices(input)).document.length;
        byte[] tail = Arrays.copyOfRange(input, documentLength, input.length);
        String kind = kind(failure(input));
        if (kind == null) {
            System.out.println("passes: nothing to minimise");
            return;
        }
        byte[] document = Arrays.copyOf(input, documentLength);
        int parts = 2;
        while (document.length >= 2) {
            int size = (document.length + parts - 1) / parts;
            boolean shrunk = false;
            for (int from = 0; from < document.length && !shrunk; from += size) {
                int to = Math.min(document.length, from + size);
                byte[] candidate = new byte[document.length - (to - from)];
                System.arraycopy(document, 0, candidate, 0, from);
                System.arraycopy(document, to, candidate, from, document.length - to);
                if (kind.equals(kind(failure(concat(candidate, tail))))) {
                    document = candidate;
                    shrunk = true;
                }
            }
            if (shrunk) {
                parts = Math.max(parts - 1, 2);
            } else if (size == 1) {
                break;
            } else {
                parts = Math.min(document.length, parts * 2);
            }
        }
        byte[] result = concat(document, tail);
        Path out = Paths.get(file + ".min");
        Files.write(out, result);
        System.out.println("minimised document (" + document.length + " bytes), written with its plan to " + out
                + ":\n" + RewriterFuzzTest.Check.show(document) + "\n" + failure(result));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
