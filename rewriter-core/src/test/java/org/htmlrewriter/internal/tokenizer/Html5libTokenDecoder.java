package org.htmlrewriter.internal.tokenizer;

import java.nio.charset.Charset;

/**
 * Turns the raw byte ranges a {@link Tokenizer} reports into the strings an html5lib tokenizer test expects:
 * charset decoding, the input-stream preprocessing (CR LF and lone CR become LF), U+0000 handling, ASCII
 * lowercasing of names and character references where the spec decodes them. The tokenizer itself never does
 * any of this (raw pass-through); the suite checks the tokenizer and the decoding together.
 *
 * <p>Implementations are stateless; each call gets the complete raw bytes of one value.
 */
interface Html5libTokenDecoder {

    /** One text run (consecutive {@link TokenSink#text} pieces of one mode, concatenated). */
    String text(byte[] raw, Charset charset, TextMode mode);

    /** A tag or attribute name. */
    String name(byte[] raw, Charset charset);

    /** An attribute value without its quotes. */
    String attributeValue(byte[] raw, Charset charset);

    /** A comment's data. */
    String comment(byte[] raw, Charset charset);

    /** A DOCTYPE name. */
    String doctypeName(byte[] raw, Charset charset);

    /** A DOCTYPE public or system identifier, without its quotes. */
    String doctypeIdentifier(byte[] raw, Charset charset);
}
