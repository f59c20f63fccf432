/**
 * CSS selectors for the streaming HTML rewriter. Users reach them through {@code org.htmlrewriter.core}, which
 * requires this module transitively: they see {@link org.htmlrewriter.selectors.SelectorSyntaxException} and
 * {@link org.htmlrewriter.selectors.Namespaces}. The engine (parser, compiled program, matching stack) is exported
 * to the core only.
 */
// "module": the core is not in this module's compilation, which javac would otherwise warn about.
@SuppressWarnings("module")
module org.htmlrewriter.selectors {
    exports org.htmlrewriter.selectors;
    exports org.htmlrewriter.selectors.internal to org.htmlrewriter.core;
}
