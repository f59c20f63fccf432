package org.htmlrewriter.differential;

/**
 * Switches that make {@link OpsInterpreter} behave, through our public API, as lol-html does where the two engines
 * differ by design. The differential runner uses them to explain a disagreement: if turning one on makes our output
 * equal lol-html's, that intended difference is the cause. The project's own semantics are the defaults (none on).
 */
public enum LolHtmlEmulation {
    /** lol-html keeps one end-tag handler per element (the last registered); we run all of them in order. */
    LAST_END_TAG_HANDLER_WINS,
    /**
     * lol-html escapes {@code & < >} in TEXT content wherever it lands; we insert TEXT into raw-text elements
     * (script, style, ...) as is (and refuse text that would end the element early). Emulated by inserting the
     * escaped text as HTML.
     */
    ESCAPE_TEXT_IN_RAW_TEXT,
    /** lol-html's text chunks expose raw (undecoded) text; our {@code text()} is decoded. Affects {@code when}. */
    RAW_TEXT_CHUNKS,
    /** lol-html's {@code getAttribute} returns the raw (undecoded) value; ours decodes. Affects prefixAttribute. */
    RAW_ATTRIBUTE_VALUES,
    /** lol-html (as Bun drives it) calls document-end handlers last-registered first; we call them in order. */
    DOCUMENT_END_HANDLERS_REVERSED
}
