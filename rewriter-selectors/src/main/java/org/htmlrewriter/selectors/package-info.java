/**
 * CSS selectors for streaming: parsing, compiling all of a rewriter's selectors into one program, and matching
 * start tags as they stream past against a stack of open elements. Depends on nothing else of the project.
 *
 * <h2>Public types</h2>
 * <ul>
 *   <li>{@link org.htmlrewriter.selectors.Selector} (parse, canonical {@code toString}, structural equality) and
 *       {@link org.htmlrewriter.selectors.SelectorSyntaxException} (position, kind, message);</li>
 *   <li>{@link org.htmlrewriter.selectors.SelectorProgram}: selectors compiled once per settings, immutable and
 *       shared by all documents;</li>
 *   <li>{@link org.htmlrewriter.selectors.MatchingStack}: the per-document stack of open elements with HTML's
 *       implied end tags, reporting matching selectors per start tag and closed elements through
 *       {@link org.htmlrewriter.selectors.ClosedElementListener} / {@link org.htmlrewriter.selectors.Closing};
 *       bounded by {@link org.htmlrewriter.selectors.StackDepthExceededException};</li>
 *   <li>{@link org.htmlrewriter.selectors.StartTagView}: what the caller hands over per start tag, over its own
 *       buffers; {@link org.htmlrewriter.selectors.ElementNames}: the tag-name hash shared with the tokenizer;
 *       {@link org.htmlrewriter.selectors.Namespaces}: the namespace URIs of an HTML document.</li>
 * </ul>
 * Everything else is package-private.
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
 *       (prefixes are declared with {@link org.htmlrewriter.selectors.Selector#parse(String, java.util.Map)}):
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
 * {@link org.htmlrewriter.selectors.Selector#parse} throws
 * {@link org.htmlrewriter.selectors.SelectorSyntaxException} with a message saying why:
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
 * <h2>Where the stack differs from a browser's tree</h2>
 * The stack applies the implied end tags listed in {@link org.htmlrewriter.selectors.MatchingStack}; it cannot
 * create or move elements, so it keeps the elements as the tags say where the tree builder would restructure
 * (misnested formatting elements, foster parenting, implied {@code html}/{@code head}/{@code body}/{@code tbody},
 * content after {@code </body>}). Documents are treated as no-quirks ({@code <table>} closes an open {@code p}).
 */
package org.htmlrewriter.selectors;
