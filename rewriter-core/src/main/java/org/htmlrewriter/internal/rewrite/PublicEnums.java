package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextType;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.selectors.internal.Closing;

/**
 * The one place where the engine's internal enums become the public ones they stand for. Each mapping is an
 * exhaustive switch, so a constant added to an internal enum does not compile until it is mapped; PublicEnumsTest
 * checks the other side, that every public constant is the image of exactly one internal one.
 */
final class PublicEnums {
    private PublicEnums() {
    }

    /** How an element closed, as the matching stack reports it, for {@link EndTag#closing}. */
    static EndTag.Closing closing(Closing how) {
        return switch (how) {
            case EXPLICIT -> EndTag.Closing.EXPLICIT;
            case IMPLICIT -> EndTag.Closing.IMPLICIT;
            case END_OF_INPUT -> EndTag.Closing.END_OF_INPUT;
        };
    }

    /** The tokenizer's text mode, for {@link org.htmlrewriter.content.TextChunk#textType}. */
    static TextType textType(TextMode mode) {
        return switch (mode) {
            case DATA -> TextType.DATA;
            case RCDATA -> TextType.RCDATA;
            case RAWTEXT -> TextType.RAWTEXT;
            case SCRIPT_DATA -> TextType.SCRIPT_DATA;
            case PLAINTEXT -> TextType.PLAINTEXT;
            case CDATA_SECTION -> TextType.CDATA_SECTION;
        };
    }
}
