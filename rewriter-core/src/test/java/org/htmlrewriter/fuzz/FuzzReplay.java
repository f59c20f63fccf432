package org.htmlrewriter.fuzz;

import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * Replays fuzz inputs outside JUnit and Jazzer, printing each one's plan and what failed: for triage and hand
 * minimisation. {@code java -cp <test classpath> org.htmlrewriter.fuzz.FuzzReplay file...}
 */
public final class FuzzReplay {
    private FuzzReplay() {
    }

    public static void main(String[] args) throws Exception {
        for (String file : args) {
            if (Files.isDirectory(Paths.get(file))) {
                continue;
            }
            byte[] input = Files.readAllBytes(Paths.get(file));
            RewritePlan plan = RewritePlan.decode(new FuzzChoices(input));
            System.out.println("== " + file + "\n" + plan + "\ndocument: " + RewriterFuzzTest.Check.show(plan.document));
            try {
                new RewriterFuzzTest.Check(plan).run();
                System.out.println("passes");
            } catch (AssertionError e) {
                System.out.println("FAILS: " + e.getMessage());
                if (e.getCause() != null) {
                    e.getCause().printStackTrace(System.out);
                }
            }
        }
    }
}
