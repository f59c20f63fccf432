package org.htmlrewriter.selectors.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.SelectorSyntaxException.Kind;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.htmlrewriter.selectors.internal.SelectorAst.Attribute;
import org.htmlrewriter.selectors.internal.SelectorAst.AttributeOperator;
import org.htmlrewriter.selectors.internal.SelectorAst.CaseSensitivity;
import org.htmlrewriter.selectors.internal.SelectorAst.ClassName;
import org.htmlrewriter.selectors.internal.SelectorAst.Combinator;
import org.htmlrewriter.selectors.internal.SelectorAst.Complex;
import org.htmlrewriter.selectors.internal.SelectorAst.Compound;
import org.htmlrewriter.selectors.internal.SelectorAst.Id;
import org.htmlrewriter.selectors.internal.SelectorAst.Logical;
import org.htmlrewriter.selectors.internal.SelectorAst.LogicalKind;
import org.htmlrewriter.selectors.internal.SelectorAst.Namespace;
import org.htmlrewriter.selectors.internal.SelectorAst.Nth;
import org.htmlrewriter.selectors.internal.SelectorAst.NthKind;
import org.htmlrewriter.selectors.internal.SelectorAst.Root;
import org.htmlrewriter.selectors.internal.SelectorAst.Simple;

/**
 * Recursive-descent parser for the supported selector grammar (see the package documentation), with tokens read
 * straight off the string as CSS Syntax defines identifiers, escapes and strings. One instance per parse.
 */
final class SelectorParser {
    /** Deepest nesting of {@code :is()}/{@code :not()}/{@code :where()}/{@code of S}, so recursion stays bounded. */
    static final int MAX_NESTING = 32;
    private static final int MAX_NTH_DIGITS = 9;

    private static final String STREAMING_REASON =
            " cannot be decided when the start tag streams past: it depends on elements that come later in the document";
    private static final Set<String> NEEDS_LATER_CONTENT = Set.of(
            "last-child", "only-child", "last-of-type", "only-of-type", "empty", "blank");
    private static final Set<String> NEEDS_LATER_CONTENT_FUNCTIONS = Set.of(
            "nth-last-child", "nth-last-of-type", "has");
    private static final Set<String> LEGACY_PSEUDO_ELEMENTS = Set.of(
            "before", "after", "first-line", "first-letter");
    private static final Set<String> STATEFUL = Set.of(
            "hover", "active", "focus", "focus-within", "focus-visible", "visited", "link", "any-link",
            "local-link", "target", "target-within", "scope", "checked", "disabled", "enabled", "required",
            "optional", "valid", "invalid", "user-valid", "user-invalid", "read-only", "read-write",
            "placeholder-shown", "default", "indeterminate", "in-range", "out-of-range", "autofill", "playing",
            "paused", "seeking", "buffering", "stalled", "muted", "volume-locked", "fullscreen", "modal",
            "picture-in-picture", "popover-open", "open", "closed", "defined", "current", "past", "future",
            "host", "state", "lang", "dir", "host-context");

    private final String originalText;
    private final String text;
    private final int length;
    /** Declared namespace prefixes (case-sensitive) to their URIs. */
    private final Map<String, String> namespaces;
    private int pos;
    private int nesting;

    private SelectorParser(String text, Map<String, String> namespaces) {
        // CSS Syntax turns NUL into U+FFFD before tokenizing; one-for-one, so positions are unchanged.
        this.originalText = text;
        this.text = text.replace('\0', '\uFFFD');
        this.length = text.length();
        this.namespaces = namespaces;
    }

    static List<Complex> parseList(String text, Map<String, String> namespaces) {
        SelectorParser parser = new SelectorParser(text, namespaces);
        List<Complex> list = parser.selectorList(-1);
        if (parser.pos < parser.length) {
            throw parser.error(Kind.UNEXPECTED_TOKEN, parser.pos, "unexpected '" + parser.text.charAt(parser.pos) + "'");
        }
        return list;
    }

    // ---- grammar ----

    /** {@code openParen} is the position of the enclosing '(' or -1 at top level. Stops before ')' when nested. */
    private List<Complex> selectorList(int openParen) {
        List<Complex> list = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (atEnd() && openParen >= 0) {
                throw unclosedParen(openParen);
            }
            if (atEnd() || peek() == ',' || (openParen >= 0 && peek() == ')')) {
                String problem = atEnd() && list.isEmpty() ? "the selector is empty"
                        : peek() == ')' && list.isEmpty() ? "empty parentheses; write a selector inside them"
                        : "empty selector in a selector list; remove the extra ',' or write a selector";
                throw error(Kind.EMPTY_SELECTOR, pos, problem);
            }
            list.add(complex(openParen));
            if (atEnd()) {
                if (openParen >= 0) {
                    throw unclosedParen(openParen);
                }
                return list;
            }
            char ch = peek();
            if (ch == ',') {
                pos++;
            } else if (openParen >= 0 && ch == ')') {
                return list;
            } else {
                throw error(Kind.UNEXPECTED_TOKEN, pos, "unexpected '" + ch + "'");
            }
        }
    }

    private Complex complex(int openParen) {
        List<Compound> compounds = new ArrayList<>();
        List<Combinator> combinators = new ArrayList<>();
        if (isCombinatorChar(peek())) {
            throw error(Kind.DANGLING_COMBINATOR, pos, "combinator '" + peek()
                    + "' has no selector on its left; relative selectors are not supported");
        }
        compounds.add(compound());
        while (true) {
            boolean whitespace = skipWhitespace();
            if (atEnd() || peek() == ',' || (openParen >= 0 && peek() == ')')) {
                return new Complex(compounds, combinators);
            }
            char ch = peek();
            Combinator combinator;
            if (isCombinatorChar(ch)) {
                int combinatorPosition = pos;
                pos++;
                skipWhitespace();
                if (atEnd() || peek() == ',' || peek() == ')' || isCombinatorChar(peek())) {
                    throw error(Kind.DANGLING_COMBINATOR, combinatorPosition, "combinator '" + ch
                            + "' has no selector on its right");
                }
                combinator = ch == '>' ? Combinator.CHILD
                        : ch == '+' ? Combinator.ADJACENT_SIBLING : Combinator.GENERAL_SIBLING;
            } else if (whitespace) {
                combinator = Combinator.DESCENDANT;
            } else if (isNameStart(ch) || ch == '*' || ch == '|') {
                throw error(Kind.UNEXPECTED_TOKEN, pos, "a type selector or '*' must come first in a compound"
                        + " selector; move it before the other parts or separate it with a combinator");
            } else {
                throw error(Kind.UNEXPECTED_TOKEN, pos, "unexpected '" + ch + "'");
            }
            combinators.add(combinator);
            compounds.add(compound());
        }
    }

    private Compound compound() {
        int start = pos;
        Namespace namespace = Namespace.ANY;
        String typeName = null;
        List<Simple> simples = new ArrayList<>();
        if (peek() == '*') {
            pos++;
            if (peek() == '|') { // *|name: any namespace, as without a prefix
                pos++;
                typeName = elementNameOrStar();
            }
        } else if (peek() == '|') { // |name: no namespace
            pos++;
            typeName = elementNameOrStar();
            namespace = Namespace.NONE;
        } else if (startsIdentifier(pos)) {
            String name = identifier();
            if (peek() == '|') { // prefix|name
                pos++;
                typeName = elementNameOrStar();
                namespace = declaredNamespace(name, start);
            } else {
                typeName = asciiLowerCase(name);
            }
        }
        while (!atEnd()) {
            char ch = peek();
            if (ch == '#') {
                int at = pos++;
                if (!startsIdentifier(pos)) {
                    throw error(Kind.UNEXPECTED_TOKEN, at, "'#' must be followed by an identifier"
                            + " (escape a leading digit, as in #\\31 23)");
                }
                simples.add(new Id(identifier()));
            } else if (ch == '.') {
                int at = pos++;
                if (!startsIdentifier(pos)) {
                    throw error(Kind.UNEXPECTED_TOKEN, at, "'.' must be followed by a class name"
                            + " (escape a leading digit, as in .\\31 23)");
                }
                simples.add(new ClassName(identifier()));
            } else if (ch == '[') {
                simples.add(attribute());
            } else if (ch == ':') {
                simples.add(pseudoClass());
            } else {
                break;
            }
        }
        if (pos == start) {
            if (atEnd()) {
                throw error(Kind.EMPTY_SELECTOR, pos, "expected a selector");
            }
            char ch = peek();
            if (isCombinatorChar(ch)) {
                throw error(Kind.DANGLING_COMBINATOR, pos, "two combinators in a row");
            }
            throw error(Kind.UNEXPECTED_TOKEN, pos, "unexpected '" + ch + "'; expected a type selector, '*',"
                    + " '#id', '.class', '[attribute]' or ':pseudo-class'");
        }
        return new Compound(namespace, typeName, simples);
    }

    /** After {@code prefix|}: an element name (lowercased), or '*' (null). */
    private String elementNameOrStar() {
        if (peek() == '*') {
            pos++;
            return null;
        }
        if (!startsIdentifier(pos)) {
            throw error(Kind.UNEXPECTED_TOKEN, pos, "expected an element name or '*' after '|'"
                    + " (no whitespace is allowed around the '|' of a namespace prefix)");
        }
        return asciiLowerCase(identifier());
    }

    /** The namespace declared for {@code prefix} (case-sensitive, as CSS Namespaces says), written at {@code at}. */
    private Namespace declaredNamespace(String prefix, int at) {
        String uri = namespaces.get(prefix);
        if (uri == null) {
            throw error(Kind.UNDECLARED_NAMESPACE_PREFIX, at, "namespace prefix '" + prefix + "' is not declared ("
                    + (namespaces.isEmpty() ? "no prefix is" : "declared: " + String.join(", ",
                    new java.util.TreeSet<>(namespaces.keySet()))) + "); declare it with its namespace URI, or write"
                    + " '*|' for any namespace");
        }
        return Namespace.declared(prefix, uri);
    }

    private Attribute attribute() {
        int open = pos++;
        skipWhitespace();
        if (atEnd()) {
            throw error(Kind.UNCLOSED, open, "attribute selector is not closed; add ']'");
        }
        int nameStart = pos;
        Namespace namespace = Namespace.NONE;
        String name;
        if ((peek() == '*' || peek() == '|') && !isAttributeOperatorAt(pos)) {
            // *|name: any namespace; |name: no namespace, as without a prefix
            namespace = peek() == '*' ? Namespace.ANY : Namespace.NONE;
            pos += peek() == '*' ? 1 : 0;
            if (peek() != '|') {
                throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, nameStart, "expected an attribute name ('*' is only"
                        + " allowed as a namespace prefix, as in [*|name])");
            }
            pos++;
            name = attributeLocalName();
        } else if (startsIdentifier(pos)) {
            name = identifier();
            if (peek() == '|' && !isAttributeOperatorAt(pos)) { // prefix|name
                pos++;
                String localName = attributeLocalName();
                namespace = declaredNamespace(name, nameStart);
                name = localName;
            } else {
                name = asciiLowerCase(name);
            }
        } else {
            throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, pos, "expected an attribute name");
        }
        skipWhitespace();
        if (atEnd()) {
            throw error(Kind.UNCLOSED, open, "attribute selector is not closed; add ']'");
        }
        if (peek() == ']') {
            pos++;
            return new Attribute(namespace, name, AttributeOperator.EXISTS, null, CaseSensitivity.DEFAULT);
        }
        AttributeOperator operator = attributeOperator();
        skipWhitespace();
        if (atEnd()) {
            throw error(Kind.UNCLOSED, open, "attribute selector is not closed; add a value and ']'");
        }
        String value;
        char ch = peek();
        if (ch == '"' || ch == '\'') {
            value = string();
        } else if (startsIdentifier(pos)) {
            value = identifier();
        } else {
            throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, pos, "expected an attribute value: an identifier"
                    + " or a quoted string");
        }
        skipWhitespace();
        CaseSensitivity caseSensitivity = CaseSensitivity.DEFAULT;
        if (startsIdentifier(pos)) {
            int flagStart = pos;
            String flag = asciiLowerCase(identifier());
            if (flag.equals("i")) {
                caseSensitivity = CaseSensitivity.INSENSITIVE;
            } else if (flag.equals("s")) {
                caseSensitivity = CaseSensitivity.SENSITIVE;
            } else {
                throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, flagStart, "unknown attribute flag '" + flag
                        + "'; use 'i' (case-insensitive) or 's' (case-sensitive), or quote the value");
            }
            skipWhitespace();
        }
        if (atEnd()) {
            throw error(Kind.UNCLOSED, open, "attribute selector is not closed; add ']'");
        }
        if (peek() != ']') {
            throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, pos, "expected ']' after the attribute value"
                    + " (quote values that contain spaces or special characters)");
        }
        pos++;
        return new Attribute(namespace, name, operator, value, caseSensitivity);
    }

    /** Whether {@code |=} (the dash-match operator, not a namespace separator) starts at {@code at}. */
    private boolean isAttributeOperatorAt(int at) {
        return text.startsWith("|=", at);
    }

    /** After {@code prefix|} in an attribute selector: the attribute's name, lowercased. */
    private String attributeLocalName() {
        if (!startsIdentifier(pos)) {
            throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, pos, "expected an attribute name after '|'"
                    + " (no whitespace is allowed around the '|' of a namespace prefix)");
        }
        return asciiLowerCase(identifier());
    }

    private AttributeOperator attributeOperator() {
        char ch = peek();
        if (ch == '=') {
            pos++;
            return AttributeOperator.EQUALS;
        }
        AttributeOperator operator = switch (ch) {
            case '~' -> AttributeOperator.INCLUDES;
            case '|' -> AttributeOperator.DASH_MATCH;
            case '^' -> AttributeOperator.PREFIX;
            case '$' -> AttributeOperator.SUFFIX;
            case '*' -> AttributeOperator.SUBSTRING;
            default -> null;
        };
        if (operator == null || pos + 1 >= length || text.charAt(pos + 1) != '=') {
            throw error(Kind.INVALID_ATTRIBUTE_SELECTOR, pos, "expected ']' or one of the operators"
                    + " = ~= |= ^= $= *=");
        }
        pos += 2;
        return operator;
    }

    private Simple pseudoClass() {
        int colon = pos++;
        if (!atEnd() && peek() == ':') {
            pos++;
            String name = startsIdentifier(pos) ? identifier() : "";
            throw error(Kind.UNSUPPORTED_PSEUDO_ELEMENT, colon, "pseudo-element '::" + name
                    + "' is not supported: pseudo-elements do not select elements of the document");
        }
        if (!startsIdentifier(pos)) {
            throw error(Kind.UNEXPECTED_TOKEN, colon, "':' must be followed by a pseudo-class name");
        }
        String name = asciiLowerCase(identifier());
        if (!atEnd() && peek() == '(') {
            int openParen = pos++;
            switch (name) {
                case "nth-child":
                    return nth(NthKind.CHILD, colon, openParen);
                case "nth-of-type":
                    return nth(NthKind.OF_TYPE, colon, openParen);
                case "not":
                    return logical(LogicalKind.NOT, colon, openParen);
                case "is":
                    return logical(LogicalKind.IS, colon, openParen);
                case "where":
                    return logical(LogicalKind.WHERE, colon, openParen);
                default:
                    throw unsupportedPseudoClass(name + "()", colon);
            }
        }
        switch (name) {
            case "first-child":
                return new Nth(NthKind.CHILD, 0, 1, null);
            case "first-of-type":
                return new Nth(NthKind.OF_TYPE, 0, 1, null);
            case "root":
                return new Root();
            case "nth-child": case "nth-of-type": case "not": case "is": case "where":
                throw error(Kind.UNEXPECTED_TOKEN, pos, "':" + name + "' needs an argument in parentheses");
            default:
                if (LEGACY_PSEUDO_ELEMENTS.contains(name)) {
                    throw error(Kind.UNSUPPORTED_PSEUDO_ELEMENT, colon, "pseudo-element ':" + name
                            + "' is not supported: pseudo-elements do not select elements of the document");
                }
                throw unsupportedPseudoClass(name, colon);
        }
    }

    private SelectorSyntaxException unsupportedPseudoClass(String nameWithParens, int colon) {
        String name = nameWithParens.endsWith("()") ? nameWithParens.substring(0, nameWithParens.length() - 2)
                : nameWithParens;
        String reason;
        if (NEEDS_LATER_CONTENT.contains(name) || NEEDS_LATER_CONTENT_FUNCTIONS.contains(name)) {
            reason = STREAMING_REASON;
        } else if (STATEFUL.contains(name)) {
            reason = " is not supported: it depends on user interaction, form state or the rendering context,"
                    + " which a rewriter does not have";
        } else {
            reason = " is unknown or not supported";
        }
        return error(Kind.UNSUPPORTED_PSEUDO_CLASS, colon, "':" + nameWithParens + "'" + reason);
    }

    private Logical logical(LogicalKind kind, int colon, int openParen) {
        enterNesting(colon);
        List<Complex> list = selectorList(openParen);
        pos++; // ')'
        nesting--;
        return new Logical(kind, list);
    }

    private void enterNesting(int at) {
        if (++nesting > MAX_NESTING) {
            throw error(Kind.UNEXPECTED_TOKEN, at, "selectors nested deeper than " + MAX_NESTING + " levels");
        }
    }

    private Nth nth(NthKind kind, int colon, int openParen) {
        skipWhitespace();
        int argumentStart = pos;
        int a;
        int b;
        if (keyword("odd")) {
            a = 2;
            b = 1;
        } else if (keyword("even")) {
            a = 2;
            b = 0;
        } else {
            int sign = 1;
            if (!atEnd() && (peek() == '+' || peek() == '-')) {
                sign = peek() == '-' ? -1 : 1;
                pos++;
            }
            int digitsStart = pos;
            long digits = digits(argumentStart);
            boolean hasDigits = pos > digitsStart;
            if (!atEnd() && (peek() == 'n' || peek() == 'N')) {
                pos++;
                a = (int) (sign * (hasDigits ? digits : 1));
                int afterN = pos;
                skipWhitespace();
                if (!atEnd() && (peek() == '+' || peek() == '-')) {
                    int bSign = peek() == '-' ? -1 : 1;
                    pos++;
                    skipWhitespace();
                    int bStart = pos;
                    long bDigits = digits(argumentStart);
                    if (pos == bStart) {
                        throw error(Kind.INVALID_NTH, pos, "expected a number after the sign in An+B");
                    }
                    b = (int) (bSign * bDigits);
                } else {
                    pos = afterN;
                    b = 0;
                }
            } else if (hasDigits) {
                a = 0;
                b = (int) (sign * digits);
            } else {
                throw error(Kind.INVALID_NTH, argumentStart, "expected An+B, a number, 'odd' or 'even'");
            }
        }
        boolean whitespace = skipWhitespace();
        List<Complex> of = null;
        if (whitespace && startsIdentifier(pos) && text.regionMatches(true, pos, "of", 0, 2)
                && (pos + 2 >= length || isWhitespace(text.charAt(pos + 2)))) {
            if (kind != NthKind.CHILD) {
                throw error(Kind.INVALID_NTH, pos, "'of S' is only allowed in :nth-child()");
            }
            pos += 2;
            enterNesting(colon);
            of = selectorList(openParen);
            nesting--;
        }
        if (atEnd()) {
            throw unclosedParen(openParen);
        }
        if (peek() != ')') {
            throw error(Kind.INVALID_NTH, pos, "unexpected '" + peek() + "' in An+B"
                    + (kind == NthKind.CHILD ? " (write 'An+B of S' to filter siblings)" : ""));
        }
        pos++;
        return new Nth(kind, a, b, of);
    }

    private boolean keyword(String word) {
        int end = pos + word.length();
        if (end <= length && text.regionMatches(true, pos, word, 0, word.length())
                && (end == length || !isNameChar(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    private long digits(int argumentStart) {
        int start = pos;
        long value = 0;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            value = value * 10 + (peek() - '0');
            pos++;
            if (pos - start > MAX_NTH_DIGITS) {
                throw error(Kind.INVALID_NTH, argumentStart, "number in An+B is too large");
            }
        }
        return value;
    }

    // ---- tokens (CSS Syntax 3, section 4) ----

    private String identifier() {
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char ch = peek();
            if (isNameChar(ch)) {
                out.append(ch);
                pos++;
            } else if (isValidEscape(pos)) {
                escape(out);
            } else {
                break;
            }
        }
        return out.toString();
    }

    private String string() {
        char quote = peek();
        int open = pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw error(Kind.UNCLOSED, open, "string is not closed; add " + quote);
            }
            char ch = peek();
            if (ch == quote) {
                pos++;
                return out.toString();
            } else if (ch == '\n' || ch == '\r' || ch == '\f') {
                throw error(Kind.UNEXPECTED_TOKEN, pos, "newline in a string; escape it as \\a");
            } else if (ch == '\\') {
                if (pos + 1 >= length) {
                    pos++;
                } else {
                    char next = text.charAt(pos + 1);
                    if (next == '\n' || next == '\f') {
                        pos += 2;
                    } else if (next == '\r') {
                        pos += pos + 2 < length && text.charAt(pos + 2) == '\n' ? 3 : 2;
                    } else {
                        escape(out);
                    }
                }
            } else {
                out.append(ch);
                pos++;
            }
        }
    }

    /** Consumes a backslash and the escaped code point after it. */
    private void escape(StringBuilder out) {
        pos++;
        if (atEnd()) {
            out.append('\uFFFD');
            return;
        }
        if (isHexDigit(peek())) {
            int codePoint = 0;
            int digits = 0;
            while (!atEnd() && digits < 6 && isHexDigit(peek())) {
                codePoint = codePoint * 16 + Character.digit(peek(), 16);
                pos++;
                digits++;
            }
            if (!atEnd() && isWhitespace(peek())) {
                pos += peek() == '\r' && pos + 1 < length && text.charAt(pos + 1) == '\n' ? 2 : 1;
            }
            if (codePoint == 0 || (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF) {
                codePoint = 0xFFFD;
            }
            out.appendCodePoint(codePoint);
            return;
        }
        int codePoint = text.codePointAt(pos);
        out.appendCodePoint(codePoint);
        pos += Character.charCount(codePoint);
    }

    private boolean startsIdentifier(int at) {
        if (at >= length) {
            return false;
        }
        char ch = text.charAt(at);
        if (ch == '-') {
            if (at + 1 >= length) {
                return false;
            }
            char next = text.charAt(at + 1);
            return isNameStart(next) || next == '-' || isValidEscape(at + 1);
        }
        return isNameStart(ch) || isValidEscape(at);
    }

    private boolean isValidEscape(int at) {
        if (at >= length || text.charAt(at) != '\\') {
            return false;
        }
        if (at + 1 >= length) {
            return true;
        }
        char next = text.charAt(at + 1);
        return next != '\n' && next != '\r' && next != '\f';
    }

    private static boolean isNameStart(char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || ch >= 0x80;
    }

    private static boolean isNameChar(char ch) {
        return isNameStart(ch) || (ch >= '0' && ch <= '9') || ch == '-';
    }

    private static boolean isHexDigit(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }

    private static boolean isWhitespace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
    }

    private static boolean isCombinatorChar(char ch) {
        return ch == '>' || ch == '+' || ch == '~';
    }

    private boolean skipWhitespace() {
        int start = pos;
        while (!atEnd() && isWhitespace(peek())) {
            pos++;
        }
        return pos > start;
    }

    private boolean atEnd() {
        return pos >= length;
    }

    /** The current char, or NUL at the end (never a meaningful char: NULs were replaced). */
    private char peek() {
        return pos < length ? text.charAt(pos) : '\0';
    }

    static String asciiLowerCase(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                char[] chars = value.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return value;
    }

    private SelectorSyntaxException unclosedParen(int openParen) {
        return error(Kind.UNCLOSED, openParen, "parenthesis is not closed; add ')'");
    }

    private SelectorSyntaxException error(Kind kind, int at, String problem) {
        return new SelectorSyntaxException(kind, at, originalText, problem);
    }
}
