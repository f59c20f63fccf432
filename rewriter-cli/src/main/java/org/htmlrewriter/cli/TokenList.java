package org.htmlrewriter.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * HTML's whitespace-separated token lists ({@code class}, {@code rel}, ...), as the DOM's {@code DOMTokenList}
 * reads them: tokens are separated by ASCII whitespace (space, tab, LF, FF, CR), compared case-sensitively, and a
 * list changed by {@link #add} or {@link #remove} is written as its tokens in order, duplicates dropped, one space
 * apart. A list that needs no change is left as written.
 */
final class TokenList {
    private TokenList() {
    }

    static boolean isHtmlWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** The tokens of {@code value}, in order, without duplicates. */
    static Set<String> tokens(String value) {
        Set<String> tokens = new LinkedHashSet<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isHtmlWhitespace(value.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isHtmlWhitespace(value.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(value.substring(start, i));
            }
        }
        return tokens;
    }

    /**
     * The tokens a rule names, checked: at least one.
     *
     * @throws BadArgument if there is none
     */
    static List<String> parseRuleTokens(String argument) throws BadArgument {
        List<String> tokens = new ArrayList<>(tokens(argument));
        if (tokens.isEmpty()) {
            throw new BadArgument(0, "expected at least one token (tokens are separated by spaces)");
        }
        return List.copyOf(tokens);
    }

    /**
     * The value with {@code add} added at the end (those not present yet), or {@code null} if every one is present
     * already. An absent attribute ({@code value == null}) counts as an empty list.
     */
    static String add(String value, List<String> add) {
        Set<String> tokens = tokens(value == null ? "" : value);
        if (value != null && tokens.containsAll(add)) {
            return null;
        }
        tokens.addAll(add);
        return String.join(" ", tokens);
    }

    /** The value without the tokens in {@code remove}, or {@code null} if none of them is present (or no value). */
    static String remove(String value, List<String> remove) {
        if (value == null) {
            return null;
        }
        Set<String> tokens = tokens(value);
        if (!tokens.removeAll(remove)) {
            return null;
        }
        return String.join(" ", tokens);
    }
}
