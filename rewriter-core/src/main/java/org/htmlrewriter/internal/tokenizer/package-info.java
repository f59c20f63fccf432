/**
 * The byte-level HTML tokenizer: a resumable WHATWG state machine over {@code byte[]} chunks that reports
 * token boundaries as {@code int} ranges into the chunk it is scanning, never decoding or copying bytes
 * nobody asked for.
 *
 * <p>{@link org.htmlrewriter.internal.tokenizer.Tokenizer} is fed chunks; it reports every input byte exactly
 * once to its {@link org.htmlrewriter.internal.tokenizer.TokenSink}: as text, as the raw range of a captured
 * token, or as pass-through bytes of a token nobody captured. Concatenating those ranges in call order gives
 * back the input, whatever the chunking. Character references, NUL replacement, newline normalisation and
 * charset decoding are left to the consumers of the ranges (see {@code org.htmlrewriter.internal.html}).
 */
package org.htmlrewriter.internal.tokenizer;
