/**
 * CSS selectors for streaming: parsing, compiling all of a rewriter's selectors into one program, and matching start tags as they stream past against a stack of open elements.
 */
package org.htmlrewriter.selectors;
