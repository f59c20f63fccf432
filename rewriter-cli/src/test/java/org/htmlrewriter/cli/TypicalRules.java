package org.htmlrewriter.cli;

/** Rules for the proxy tests: a typical mix of removals, attribute changes and insertions (as ProxyBenchmark's). */
final class TypicalRules {
    static final String RULES = """
            .ad                 remove
            a[href^="http://"]  set-attribute  rel  noopener
            img                 set-attribute  loading  lazy
            head                append-html    <script src="/inject.js"></script>
            body                prepend-html   <p class="rewritten-banner">Rewritten in flight.</p>
            title               prepend-text   "[proxy] "
            @document           comment-remove
            """;

    private TypicalRules() {
    }
}
