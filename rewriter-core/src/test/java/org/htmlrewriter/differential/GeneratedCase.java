package org.htmlrewriter.differential;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One differential case: a document and a handler set, both derived from one seed so any case can be regenerated
 * alone. Immutable.
 */
public record GeneratedCase(long seed, boolean generalCase, String html, List<Op> ops) {
    /** Keeps the document and handler streams independent while both come from one seed. */
    private static final long OPS_SALT = 0x9E3779B97F4A7C15L;

    public static GeneratedCase of(long seed, boolean generalCase) {
        String html = new DocumentGenerator(seed, generalCase).next();
        List<Op> ops = List.copyOf(new HandlerSetGenerator(seed ^ OPS_SALT).next());
        return new GeneratedCase(seed, generalCase, html, ops);
    }

    public byte[] htmlBytes() {
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** The same document with every op's action replaced by {@code noop}. */
    public List<Op> noopOps() {
        return ops.stream().map(op -> new Op(op.selector, op.document, op.on, "noop", null, false, null, null,
                op.when)).toList();
    }
}
