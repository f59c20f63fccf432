/**
 * The public API of htmlrewriter: a streaming HTML rewriter that takes byte chunks, lets handlers selected by
 * CSS selectors change elements, text, comments and doctypes as they pass, and emits unchanged bytes as slices
 * of the input.
 */
package org.htmlrewriter;
