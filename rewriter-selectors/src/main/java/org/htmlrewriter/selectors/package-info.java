/**
 * CSS selectors for streaming: what a user of the rewriter sees of them. Selectors are given as strings to the
 * rewriter's builder ({@code org.htmlrewriter.HtmlRewriter.Builder}), which parses and compiles them; this package
 * holds what such a user needs besides: {@link org.htmlrewriter.selectors.SelectorSyntaxException}, thrown for a
 * selector that is invalid or cannot be matched while streaming (position, kind, message), and
 * {@link org.htmlrewriter.selectors.Namespaces}, the namespace URIs to declare prefixes with. The parser, compiler
 * and matcher are in {@code org.htmlrewriter.selectors.internal}, which only the rewriter's core module may use.
 *
 * <h2>Supported selectors</h2>
 * <ul>
 *   <li>{@code *}, type ({@code div}, ASCII case-insensitive), {@code .class} and {@code #id} (case-sensitive, as in
 *       no-quirks documents), selector lists {@code a, b};</li>
 *   <li>attributes {@code [a]} {@code [a=v]} {@code [a~=v]} {@code [a|=v]} {@code [a^=v]} {@code [a$=v]}
 *       {@code [a*=v]}, with the {@code i} and {@code s} flags; names match ASCII case-insensitively; values
 *       case-sensitively, except, on HTML elements without the {@code s} flag, the attributes HTML lists as
 *       case-insensitive ({@code type}, {@code lang}, {@code dir}, {@code rel}, {@code media}, ...); as the spec
 *       says, {@code [a^=""]}, {@code [a$=""]}, {@code [a*=""]} and {@code [a~=""]} match nothing;</li>
 *   <li>{@code :first-child}, {@code :nth-child(An+B)}, {@code :nth-child(An+B of S)}, {@code :first-of-type},
 *       {@code :nth-of-type(An+B)} (with {@code odd}, {@code even}), {@code :root};</li>
 *   <li>{@code :not(S)}, {@code :is(S)}, {@code :where(S)} taking selector lists of complex selectors, nested
 *       freely ({@code :not(.a.b)} is not {@code :not(.a):not(.b)});</li>
 *   <li>combinators: descendant (whitespace), child {@code >}, adjacent sibling {@code +}, general sibling
 *       {@code ~};</li>
 *   <li>identifiers, escapes and quoted strings as CSS Syntax defines them ({@code esi\:include},
 *       {@code [data-x="a\"b"]}, {@code .\31 23});</li>
 *   <li>namespaces, as CSS Namespaces and Selectors define them for an HTML document without a default namespace
 *       (prefixes are declared on the rewriter's builder, {@code HtmlRewriter.Builder.namespace}):
 *       {@code E} and {@code *|E} match elements of any namespace; {@code svg|E}, {@code svg|*} only elements in
 *       the namespace declared for {@code svg}; {@code |E} and {@code |*} elements in no namespace, which an HTML
 *       document has none of. {@code [a]} and {@code [|a]} match attributes in no namespace, {@code [*|a]} in any,
 *       {@code [xlink|a]} in the declared one; all attributes are in no namespace except, on SVG and MathML
 *       elements, the ones the HTML parser puts in a namespace ({@code xlink:href} is {@code href} in the XLink
 *       namespace, {@code xml:lang}, {@code xmlns}: see {@link org.htmlrewriter.selectors.Namespaces}), so there
 *       {@code [xlink|href]} and {@code [*|href]} find {@code xlink:href} while {@code [xlink\:href]} does not;
 *       element and attribute names still match ASCII case-insensitively, also in SVG and MathML.</li>
 * </ul>
 *
 * <h2>Rejected selectors</h2>
 * Registering one throws {@link org.htmlrewriter.selectors.SelectorSyntaxException} with a message saying why:
 * <ul>
 *   <li>{@code :last-child}, {@code :only-child}, {@code :last-of-type}, {@code :only-of-type},
 *       {@code :nth-last-child()}, {@code :nth-last-of-type()}, {@code :has()}, {@code :empty}: they depend on
 *       content after the start tag, which has not streamed past yet;</li>
 *   <li>user-action, form-state and other stateful pseudo-classes ({@code :hover}, {@code :focus},
 *       {@code :checked}, {@code :disabled}, {@code :visited}, {@code :link}, {@code :target}, {@code :lang()},
 *       {@code :dir()}, ...) and unknown ones;</li>
 *   <li>pseudo-elements ({@code ::before}, {@code :first-line}, ...);</li>
 *   <li>namespace prefixes that were not declared (CSS makes them invalid; the message lists the declared ones),
 *       relative selectors ({@code > a}), CSS comments, and nesting deeper than 32 levels.</li>
 * </ul>
 * {@code :is()} and {@code :where()} are parsed strictly (an invalid item is an error, not dropped).
 *
 * <h2>The elements selectors see</h2>
 * Those of a browser's tree, as the HTML tree builder inserts them: implied {@code html}, {@code head},
 * {@code body}, {@code tbody} (and {@code tr}, {@code colgroup}, the {@code p} of a stray {@code </p>}) are matched
 * like explicit ones; tags the tree builder ignores make no element; content foster-parented out of a table has the
 * table's parent as its parent; implied end tags close what they close, and quirks mode (from the doctype) keeps a
 * {@code <table>} in an open {@code p}. Not modelled: the clones of formatting elements that the adoption agency
 * and the reconstruction of active formatting elements create; there selectors see the elements as the tags make
 * them.
 */
package org.htmlrewriter.selectors;
