/**
 * The rewriter proper: {@link org.htmlrewriter.internal.rewrite.RewriterEngine} receives the tokenizer's ranges,
 * drives the selector matching stack, calls handlers through short-lived views, and writes the output (slices of
 * the input where nothing changed). Internal: not part of the public API.
 */
package org.htmlrewriter.internal.rewrite;
