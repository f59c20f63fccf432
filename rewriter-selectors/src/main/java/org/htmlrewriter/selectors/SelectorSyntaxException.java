package org.htmlrewriter.selectors;

/**
 * A selector string that cannot be accepted (thrown where a selector is registered, such as
 * {@code HtmlRewriter.Builder.onElement}): either it is not valid CSS, or it uses something a streaming matcher
 * cannot decide when the start tag streams past (such as {@code :last-child}). The message names the position and
 * says what to change.
 *
 * <p>Immutable; thread-safe.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {
    /** What is wrong with the selector. */
    public enum Kind {
        /** The selector, or one item of a selector list or of {@code :is()}/{@code :not()}/{@code :where()}, is empty. */
        EMPTY_SELECTOR,
        /** A character or token that the grammar does not allow here. */
        UNEXPECTED_TOKEN,
        /** A combinator ({@code >}, {@code +}, {@code ~}) with no compound selector on one side. */
        DANGLING_COMBINATOR,
        /** An attribute selector, string, parenthesis or comment that is not closed before the end. */
        UNCLOSED,
        /** An {@code An+B} argument that does not parse, or {@code of S} where it is not allowed. */
        INVALID_NTH,
        /** An attribute selector with a malformed name, operator, value or flag. */
        INVALID_ATTRIBUTE_SELECTOR,
        /** A pseudo-class that is unknown, or that a streaming matcher cannot decide (see the message). */
        UNSUPPORTED_PSEUDO_CLASS,
        /** A pseudo-element ({@code ::before}, {@code :first-line}, ...): they do not select elements. */
        UNSUPPORTED_PSEUDO_ELEMENT,
        /**
         * A namespace prefix ({@code svg|rect}, {@code [xlink|href]}) that was not declared; {@code *|} and {@code |}
         * need no declaration.
         */
        UNDECLARED_NAMESPACE_PREFIX
    }

    /** 0-based char index in the selector text where the problem was found. */
    private final int position;
    /** What kind of problem it is. */
    private final Kind kind;
    /** The whole selector text that was being parsed. */
    private final String selectorText;

    /**
     * Creates the exception; its message is {@code problem} followed by the position and the selector text.
     *
     * @param kind         what kind of problem it is
     * @param position     0-based char index in {@code selectorText} where the problem was found
     * @param selectorText the whole selector text that was being parsed
     * @param problem      what is wrong and what to change, without the position
     */
    public SelectorSyntaxException(Kind kind, int position, String selectorText, String problem) {
        super(problem + " at position " + position + " in selector \"" + selectorText + "\"");
        this.kind = kind;
        this.position = position;
        this.selectorText = selectorText;
    }

    /** {@return 0-based char index in {@link #selectorText()} where the problem was found} */
    public int position() {
        return position;
    }

    /** {@return what kind of problem it is} */
    public Kind kind() {
        return kind;
    }

    /** {@return the whole selector text that was being parsed} */
    public String selectorText() {
        return selectorText;
    }
}
