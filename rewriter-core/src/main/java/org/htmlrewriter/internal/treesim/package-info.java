/**
 * Parser feedback without a tree: {@link org.htmlrewriter.internal.treesim.TreeBuilderSimulator} tells the
 * tokenizer which text mode follows each start tag and whether CDATA sections are allowed, simulating just enough
 * of the HTML tree construction rules (foreign content and its integration points, select, template, frameset)
 * on a small bounded stack, and raising {@link org.htmlrewriter.ParsingAmbiguityException} in strict mode where
 * the answer would need the real tree.
 */
package org.htmlrewriter.internal.treesim;
