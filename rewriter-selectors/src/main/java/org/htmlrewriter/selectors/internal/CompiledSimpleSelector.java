package org.htmlrewriter.selectors.internal;

import java.util.Set;

import org.htmlrewriter.selectors.Namespaces;
import org.htmlrewriter.selectors.internal.SelectorAst.AttributeOperator;
import org.htmlrewriter.selectors.internal.SelectorAst.CaseSensitivity;

/**
 * One simple selector of a compiled compound, tested against the start tag a {@link MatchingStack} is matching.
 * Everything a test reads about the element's surroundings (sibling indexes, which states matched it already) the
 * stack has computed before running the tests, so every test is O(1) apart from reading an attribute.
 *
 * <p>Immutable; shared by all stacks of a program.
 */
abstract class CompiledSimpleSelector {
    /** Whether the element being matched by {@code stack} passes this test. */
    abstract boolean matches(MatchingStack stack);

    /** Whether the test reads attributes (so the caller must provide them). */
    boolean readsAttributes() {
        return false;
    }

    /** Whether no element of an HTML document can pass the test (so its compound needs no looking at). */
    boolean neverMatches() {
        return false;
    }

    /**
     * Attributes whose values HTML matches ASCII case-insensitively in attribute selectors without a flag
     * (WHATWG HTML, "Case-sensitivity of selectors").
     */
    static final Set<String> CASE_INSENSITIVE_VALUES = Set.of(
            "accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset", "checked", "clear",
            "codetype", "color", "compact", "declare", "defer", "dir", "direction", "disabled", "enctype", "face",
            "frame", "hreflang", "http-equiv", "lang", "language", "link", "media", "method", "multiple",
            "nohref", "noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope", "scrolling",
            "selected", "shape", "target", "text", "type", "valign", "valuetype", "vlink");

    static final class Type extends CompiledSimpleSelector {
        /** Hash of the name, or 0 to compare the text (names that are not hashable, or start with a digit). */
        final long hash;
        final String name;

        Type(String name) {
            this.name = name;
            this.hash = selectorNameHash(name);
        }

        static long selectorNameHash(String name) {
            char first = name.isEmpty() ? 0 : name.charAt(0);
            return first >= 'a' && first <= 'z' ? ElementNames.hash(name) : 0;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return hash != 0 ? stack.tagHash == hash : HtmlTreeRules.contentEquals(stack.tag.localName(), name);
        }
    }

    /**
     * The namespace of {@code ns|E} and {@code ns|*}: the element's namespace is the declared URI. Every element of
     * an HTML document is in the HTML, SVG or MathML namespace, so {@code |E} (no namespace) and prefixes declared
     * for other URIs match nothing.
     */
    static final class Namespace extends CompiledSimpleSelector {
        final String uri;

        Namespace(String uri) {
            this.uri = uri;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return uri.equals(stack.tag.namespaceUri());
        }

        @Override
        boolean neverMatches() {
            return !isElementNamespace(uri);
        }

        static boolean isElementNamespace(String uri) {
            return uri.equals(Namespaces.HTML) || uri.equals(Namespaces.SVG) || uri.equals(Namespaces.MATHML);
        }
    }

    static final class Id extends CompiledSimpleSelector {
        final String id;

        Id(String id) {
            this.id = id;
        }

        @Override
        boolean matches(MatchingStack stack) {
            CharSequence value = stack.tag.attribute("id");
            return value != null && HtmlTreeRules.contentEquals(value, id);
        }

        @Override
        boolean readsAttributes() {
            return true;
        }
    }

    static final class ClassName extends CompiledSimpleSelector {
        final String name;

        ClassName(String name) {
            this.name = name;
        }

        @Override
        boolean matches(MatchingStack stack) {
            CharSequence value = stack.tag.attribute("class");
            return value != null && containsToken(value, name, false);
        }

        @Override
        boolean readsAttributes() {
            return true;
        }
    }

    /**
     * An attribute selector. Attributes are found by the name the tokenizer reads; on SVG and MathML elements a few
     * of those names ({@code xlink:href}, {@code xml:lang}, {@code xmlns}, ...) are a namespace and a local name
     * instead (see {@link Namespaces}), which {@code [a]} (no namespace), {@code [*|a]} (any) and {@code [p|a]}
     * (the namespace declared for {@code p}) tell apart as a browser's DOM does.
     */
    static final class Attribute extends CompiledSimpleSelector {
        /**
         * The name to look up on HTML elements (null: none), where every attribute is in no namespace, and on SVG
         * and MathML elements (null: none), where the name can stand for a namespaced attribute.
         */
        final String htmlName;
        final String foreignName;
        /** On SVG and MathML elements with {@code [*|a]}: the no-namespace attribute {@code a}, looked up too. */
        final String foreignPlainName;
        final AttributeOperator operator;
        final String value;
        final CaseSensitivity caseSensitivity;
        final boolean htmlCaseInsensitive;

        Attribute(SelectorAst.Namespace namespace, String name, AttributeOperator operator, String value,
                CaseSensitivity caseSensitivity) {
            boolean namespacedOnForeign = ForeignAttributes.isNamespacedOnForeignElements(name);
            if (namespace.isNone()) {
                htmlName = name;
                foreignName = namespacedOnForeign ? null : name;
                foreignPlainName = null;
            } else if (namespace.isAny()) {
                htmlName = name;
                String namespaced = ForeignAttributes.foreignAttributeName(name);
                String plain = namespacedOnForeign ? null : name;
                foreignName = namespaced != null ? namespaced : plain;
                foreignPlainName = namespaced != null && !namespaced.equals(plain) ? plain : null;
            } else {
                htmlName = null;
                foreignName = ForeignAttributes.foreignAttributeName(namespace.uri(), name);
                foreignPlainName = null;
            }
            this.operator = operator;
            this.value = value;
            this.caseSensitivity = caseSensitivity;
            this.htmlCaseInsensitive = caseSensitivity == CaseSensitivity.DEFAULT
                    && CASE_INSENSITIVE_VALUES.contains(name);
        }

        /**
         * The one attribute name this test can find on any element, or null when it looks up no name or two (the
         * rule index files the selector by it).
         */
        String onlyName() {
            if (foreignPlainName != null) {
                return null;
            }
            if (htmlName == null || foreignName == null || htmlName.equals(foreignName)) {
                return htmlName != null ? htmlName : foreignName;
            }
            return null;
        }

        @Override
        boolean neverMatches() {
            return htmlName == null && foreignName == null;
        }

        @Override
        boolean matches(MatchingStack stack) {
            if (stack.tagIsHtml) {
                return htmlName != null && matchesValue(stack.tag.attribute(htmlName), htmlCaseInsensitive);
            }
            return foreignName != null && (matchesValue(stack.tag.attribute(foreignName), false)
                    || foreignPlainName != null && matchesValue(stack.tag.attribute(foreignPlainName), false));
        }

        private boolean matchesValue(CharSequence actual, boolean htmlCaseInsensitiveValue) {
            if (actual == null) {
                return false;
            }
            boolean ignoreCase = caseSensitivity == CaseSensitivity.INSENSITIVE || htmlCaseInsensitiveValue;
            switch (operator) {
                case EXISTS:
                    return true;
                case EQUALS:
                    return actual.length() == value.length() && regionMatches(actual, 0, value, ignoreCase);
                case INCLUDES:
                    return containsToken(actual, value, ignoreCase);
                case DASH_MATCH:
                    return actual.length() >= value.length() && regionMatches(actual, 0, value, ignoreCase)
                            && (actual.length() == value.length() || actual.charAt(value.length()) == '-');
                case PREFIX:
                    return !value.isEmpty() && actual.length() >= value.length()
                            && regionMatches(actual, 0, value, ignoreCase);
                case SUFFIX:
                    return !value.isEmpty() && actual.length() >= value.length()
                            && regionMatches(actual, actual.length() - value.length(), value, ignoreCase);
                case SUBSTRING:
                    if (value.isEmpty()) {
                        return false;
                    }
                    for (int start = 0; start + value.length() <= actual.length(); start++) {
                        if (regionMatches(actual, start, value, ignoreCase)) {
                            return true;
                        }
                    }
                    return false;
                default:
                    throw new AssertionError(operator);
            }
        }

        @Override
        boolean readsAttributes() {
            return true;
        }
    }

    /** {@code :nth-child(An+B)}, {@code :first-child}. */
    static final class NthChild extends CompiledSimpleSelector {
        final SelectorAst.Nth nth;

        NthChild(SelectorAst.Nth nth) {
            this.nth = nth;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return nth.matchesIndex(stack.childIndex);
        }
    }

    /** {@code :nth-of-type(An+B)}, {@code :first-of-type}. */
    static final class NthOfType extends CompiledSimpleSelector {
        final SelectorAst.Nth nth;

        NthOfType(SelectorAst.Nth nth) {
            this.nth = nth;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return nth.matchesIndex(stack.typeIndex);
        }
    }

    /**
     * {@code :nth-child(An+B of S)}: the element must match S, and its index counts only the preceding siblings
     * that matched S (kept per parent in counter {@code counter}).
     */
    static final class NthChildOf extends CompiledSimpleSelector {
        final SelectorAst.Nth nth;
        final int counter;
        final int[] finalStates;

        NthChildOf(SelectorAst.Nth nth, int counter, int[] finalStates) {
            this.nth = nth;
            this.counter = counter;
            this.finalStates = finalStates;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return stack.anyMatched(finalStates) && nth.matchesIndex(stack.parentOfCount(counter) + 1L);
        }
    }

    static final class Root extends CompiledSimpleSelector {
        @Override
        boolean matches(MatchingStack stack) {
            return stack.parentDepth == 0;
        }
    }

    /**
     * {@code :is(S)}/{@code :where(S)} ({@code negated == false}) and {@code :not(S)}: whether the final state of
     * any alternative of S matched this element. Those states have smaller ids than the state holding this test,
     * so the stack has already decided them.
     */
    static final class AnyOf extends CompiledSimpleSelector {
        final int[] finalStates;
        final boolean negated;

        AnyOf(int[] finalStates, boolean negated) {
            this.finalStates = finalStates;
            this.negated = negated;
        }

        @Override
        boolean matches(MatchingStack stack) {
            return stack.anyMatched(finalStates) != negated;
        }
    }

    // ---- text helpers ----

    static boolean isAsciiWhitespace(char ch) {
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
    }

    /** Whether the whitespace-separated list {@code list} contains {@code token} (never for empty tokens). */
    static boolean containsToken(CharSequence list, String token, boolean ignoreCase) {
        int tokenLength = token.length();
        if (tokenLength == 0) {
            return false;
        }
        for (int i = 0; i < tokenLength; i++) {
            if (isAsciiWhitespace(token.charAt(i))) {
                return false;
            }
        }
        int length = list.length();
        int start = 0;
        while (start < length) {
            while (start < length && isAsciiWhitespace(list.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < length && !isAsciiWhitespace(list.charAt(end))) {
                end++;
            }
            if (end - start == tokenLength && regionMatches(list, start, token, ignoreCase)) {
                return true;
            }
            start = end;
        }
        return false;
    }

    /** Whether {@code text} at {@code offset} starts with {@code value} (caller checks the length). */
    static boolean regionMatches(CharSequence text, int offset, String value, boolean ignoreAsciiCase) {
        for (int i = 0; i < value.length(); i++) {
            char a = text.charAt(offset + i);
            char b = value.charAt(i);
            if (a != b) {
                if (!ignoreAsciiCase || toAsciiLower(a) != toAsciiLower(b)) {
                    return false;
                }
            }
        }
        return true;
    }

    static char toAsciiLower(char ch) {
        return ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch;
    }
}
