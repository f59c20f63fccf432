/**
 * The selector engine behind {@code org.htmlrewriter.selectors}: parsing, compiling all of a rewriter's selectors
 * into one program, and matching start tags as they stream past against a stack of open elements. Not API: the
 * module exports this package to the rewriter's core module only. Depends on nothing else of the project.
 *
 * <h2>Types the core uses</h2>
 * <ul>
 *   <li>{@link org.htmlrewriter.selectors.internal.Selector} (parse, canonical {@code toString}, structural
 *       equality);</li>
 *   <li>{@link org.htmlrewriter.selectors.internal.SelectorProgram}: selectors compiled once per settings,
 *       immutable and shared by all documents;</li>
 *   <li>{@link org.htmlrewriter.selectors.internal.MatchingStack}: the per-document stack of open elements, as the
 *       HTML tree builder keeps it, reporting matching selectors per start tag and closed elements through
 *       {@link org.htmlrewriter.selectors.internal.ClosedElementListener} /
 *       {@link org.htmlrewriter.selectors.internal.Closing}; bounded by
 *       {@link org.htmlrewriter.selectors.internal.StackDepthExceededException};</li>
 *   <li>{@link org.htmlrewriter.selectors.internal.StartTagView}: what the caller hands over per start tag, over
 *       its own buffers; {@link org.htmlrewriter.selectors.internal.ElementNames}: the tag-name hash shared with
 *       the tokenizer; {@link org.htmlrewriter.selectors.internal.HtmlElements}: HTML's element categories;
 *       {@link org.htmlrewriter.selectors.internal.MemoryMeter}: how allocations are reported.</li>
 * </ul>
 * Everything else is package-private. The grammar is described in the {@code org.htmlrewriter.selectors} package
 * documentation; how the stack follows the tree builder in
 * {@link org.htmlrewriter.selectors.internal.MatchingStack}.
 */
package org.htmlrewriter.selectors.internal;
