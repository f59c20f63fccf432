package org.htmlrewriter.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.content.Element;

/**
 * An attribute value built from the element's attributes: {@code https://{href}}, {@code /go?u={href|urlencode}}.
 *
 * <ul>
 * <li>{@code {NAME}} is the value of attribute NAME (decoded, as {@link Element#getAttribute} returns it, including
 * changes earlier rules made). If the element has no such attribute, the rule leaves the element alone.
 * <li>{@code {NAME?}} is the same, but an absent attribute gives the empty string.
 * <li>{@code |urlencode} after the name percent-encodes the value's UTF-8 bytes, all but {@code A-Z a-z 0-9 - . _ ~}.
 * <li>{@code {{} and {@code }}} stand for a literal brace; a lone {@code {} or {@code }} is an error.
 * </ul>
 *
 * Immutable and thread-safe.
 */
final class ValueTemplate {
    private record Reference(String name, boolean optional, boolean urlencode) {
    }

    /** Literal strings and references, alternating: literal, reference, literal, ... (literals may be empty). */
    private final List<String> literals;
    private final List<Reference> references;

    private ValueTemplate(List<String> literals, List<Reference> references) {
        this.literals = List.copyOf(literals);
        this.references = List.copyOf(references);
    }

    /** Parses a template; the {@link BadArgument}'s index points into {@code text}. */
    static ValueTemplate parse(String text) throws BadArgument {
        List<String> literals = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c;
            if ((c == '{' || c == '}') && doubled) {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                throw new BadArgument(i, "'}' without an opening '{' (write }} for a literal '}')");
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                if (close < 0) {
                    throw new BadArgument(i, "'{' is not closed by '}' (write {{ for a literal '{')");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                references.add(reference(text, i + 1, close));
                i = close + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        literals.add(literal.toString());
        return new ValueTemplate(literals, references);
    }

    /** The reference between {@code from} and {@code to} (exclusive): {@code NAME[?][|urlencode]}. */
    private static Reference reference(String text, int from, int to) throws BadArgument {
        int bar = text.indexOf('|', from);
        int nameEnd = bar >= 0 && bar < to ? bar : to;
        boolean urlencode = false;
        if (nameEnd < to) {
            String filter = text.substring(nameEnd + 1, to);
            if (!filter.equals("urlencode")) {
                throw new BadArgument(nameEnd + 1, "unknown filter '" + filter + "' (the only filter is urlencode)");
            }
            urlencode = true;
        }
        boolean optional = nameEnd > from && text.charAt(nameEnd - 1) == '?';
        String name = text.substring(from, optional ? nameEnd - 1 : nameEnd);
        if (name.isEmpty()) {
            throw new BadArgument(from, "'{' must be followed by an attribute name, as in {href} (write {{ for a"
                    + " literal '{')");
        }
        try {
            Names.checkReadable(name);
        } catch (BadArgument e) {
            throw new BadArgument(from + e.index(), e.getMessage());
        }
        return new Reference(name, optional, urlencode);
    }

    /** Whether the template refers to no attribute (its value is a constant). */
    boolean isConstant() {
        return references.isEmpty();
    }

    /** The value for {@code el}, or {@code null} if a required attribute ({@code {NAME}} without {@code ?}) is absent. */
    String render(Element el) {
        if (references.isEmpty()) {
            return literals.get(0);
        }
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < references.size(); i++) {
            Reference r = references.get(i);
            String value = el.getAttribute(r.name());
            if (value == null) {
                if (!r.optional()) {
                    return null;
                }
                value = "";
            }
            out.append(r.urlencode() ? urlEncode(value) : value).append(literals.get(i + 1));
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Percent-encodes the UTF-8 bytes of {@code s}, all but the unreserved characters of RFC 3986. */
    static String urlEncode(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
