package org.htmlrewriter.bench;

import java.util.List;

/**
 * The benchmark workloads of issue 6, the same as lol-html's own benches (and {@code ../shared/oracle/workloads.mjs})
 * so results compare. Every engine implements them from these constants. Immutable.
 */
public final class Workloads {
    /** P0 parse only: no handlers, pure pass-through. */
    public static final String P0 = "P0";

    /** Selectors of S1..S4, each with a no-op element handler. */
    public static final String S1_SELECTOR = "*", S2_SELECTOR = "div", S3_SELECTOR = ".note", S4_SELECTOR = "[href]";

    /** The seven selectors of S5, together. */
    public static final List<String> S5_SELECTORS = List.of("ul", "ul > li", "table > tbody td dfn",
            "body table > tbody tr", "body [href]", "div img", "div.note span");

    /** R1: {@code body} renamed to this, with {@link #R1_AFTER} inserted after it (as text). */
    public static final String R1_SELECTOR = "body", R1_TAG_NAME = "body1", R1_AFTER = "test";
    /** R2: {@code ul} gets empty text as inner content. */
    public static final String R2_SELECTOR = "ul";
    /** R3 (a proxy): every {@code a[href]} href gets this prefix, and {@link #HEAD_SCRIPT} is appended to head. */
    public static final String PROXY_PREFIX = "https://proxy.example/";
    public static final String HEAD_SCRIPT = "<script src=\"https://proxy.example/inject.js\"></script>";
    /** T1: a text handler on {@code p} reads every chunk's decoded text. */
    public static final String T1_SELECTOR = "p";

    /** Every workload, in report order. T2 = a document-level text handler (every text node decoded). */
    public static final List<String> ALL = List.of("P0", "S1", "S2", "S3", "S4", "S5", "R1", "R2", "R3", "T1", "T2");

    /** The workloads lol-html runs too (all but T2), in report order: the rows of the per-page ratio table. */
    public static final List<String> LOLHTML = ALL.subList(0, ALL.indexOf("T2"));

    private Workloads() {
    }

    /** The selectors a selector workload registers (S1..S5), empty for the others. */
    public static List<String> selectorsOf(String workload) {
        return switch (workload) {
            case "S1" -> List.of(S1_SELECTOR);
            case "S2" -> List.of(S2_SELECTOR);
            case "S3" -> List.of(S3_SELECTOR);
            case "S4" -> List.of(S4_SELECTOR);
            case "S5" -> S5_SELECTORS;
            default -> List.of();
        };
    }

    /** One line describing a workload, for the report (the wording of the benchmark issue's table). */
    public static String describe(String workload) {
        return switch (workload) {
            case "P0" -> "no handlers";
            case "S1" -> "`*`";
            case "S2" -> "`div`";
            case "S3" -> "`.note`";
            case "S4" -> "`[href]`";
            case "S5" -> "seven selectors";
            case "R1" -> "rename `body` + text after";
            case "R2" -> "empty every `ul`";
            case "R3" -> "prefix `a[href]`, script into `head`";
            case "T1" -> "text handler on `p`";
            case "T2" -> "document text handler";
            default -> workload;
        };
    }
}
