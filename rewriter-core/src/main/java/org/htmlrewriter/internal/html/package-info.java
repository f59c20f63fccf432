/**
 * Decoding of the raw byte ranges the tokenizer reports into the strings of the WHATWG tokenizer: charset
 * decoding first, then newline normalisation, U+0000 handling, character references and ASCII lowercasing.
 *
 * <p>The tokenizer ({@code org.htmlrewriter.internal.tokenizer}) never decodes, so that untouched input passes
 * through byte for byte; strings are made here, lazily, only when a handler or a conformance test asks.
 * {@link org.htmlrewriter.internal.html.HtmlDecoder} decodes a whole range at once (tag and attribute names,
 * attribute values, comments, DOCTYPEs, complete text; the test sources' {@code StreamingTextDecoder} checks
 * that a text node arriving in pieces decodes the same for any split). {@link org.htmlrewriter.internal.html.CharacterReferences} holds the char-level
 * rules and {@link org.htmlrewriter.internal.html.NamedCharacterReferences} the WHATWG name table (a generated
 * resource, see {@code NamedCharacterTableGenerator} in the test sources). UTF-8 is decoded by the WHATWG
 * algorithm ({@code Utf8Decoding}), other charsets by the JDK's decoders.
 */
package org.htmlrewriter.internal.html;
