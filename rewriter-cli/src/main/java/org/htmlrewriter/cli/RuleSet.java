package org.htmlrewriter.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.htmlrewriter.CommentHandler;
import org.htmlrewriter.DoctypeHandler;
import org.htmlrewriter.DocumentContext;
import org.htmlrewriter.DocumentEndHandler;
import org.htmlrewriter.ElementHandler;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.TextNodeHandler;
import org.htmlrewriter.content.Comment;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Doctype;
import org.htmlrewriter.content.DocumentEnd;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.EndTag;
import org.htmlrewriter.content.TextNode;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.htmlrewriter.selectors.internal.Selector;

/**
 * Rewriting rules read from the line-based rules format (documented in {@code rewriter-cli/README.md}):
 *
 * <pre>
 * # comment
 * SELECTOR  ACTION  [ARGUMENT...]
 * &#64;document  ACTION  [ARGUMENT...]
 * </pre>
 *
 * The selector runs up to the first word that names an action; arguments are words, except the last, which is
 * the rest of the line. An argument may be quoted with {@code "..."} (backslash escapes for quote, backslash, n, t,
 * r and uXXXX) to keep spaces. Parsing checks every line (selectors, names, templates, regular expressions, text
 * that would end a raw-text element early) and fails on the first bad one with its line and column, so a rules file
 * either applies whole or not at all. Columns are 1-based and count characters (Unicode code points; a tab is one).
 *
 * <p>Immutable and thread-safe once parsed; the handlers it registers keep per-document state only where a rule
 * needs it ({@code text-substitute}, see {@link SubstitutionPipeline}), so the settings built from it may serve many
 * documents at once. The optional match counter is thread-safe.
 */
public final class RuleSet {
    /** Where a rule's action applies. */
    private enum Target { ELEMENT, END_TAG, TEXT, COMMENT, DOCUMENT }

    /** Where a rule's TEXT content lands: decides which raw-text elements it must not end early. */
    private enum Lands {
        /** Next to an element or a comment: never inside raw text. */
        OUTSIDE,
        /** Inside the matched element: raw text if the element is a raw-text element. */
        INSIDE_ELEMENT,
        /** Where a text node is: inside any raw-text element within the matched elements. */
        IN_TEXT
    }

    /** Turns a rule's checked arguments into its handler (or {@link TextSubstitution}). */
    @FunctionalInterface
    private interface Compiler {
        Object compile(Line line, String selector, List<Arg> args) throws RuleSyntaxException;
    }

    /** One action of the format: its name, target, parameter names (for messages and help) and compiler. */
    private record Action(String name, Target target, List<String> params, boolean documentOnly, Compiler compiler) {
        int arity() {
            return params.size();
        }

        String usage() {
            return params.isEmpty() ? name : name + " " + String.join(" ", params);
        }
    }

    /** Elements whose content is raw text, where TEXT is inserted unescaped (and refused if it would end them). */
    private static final List<String> RAW_TEXT_ELEMENTS =
            List.of("script", "style", "xmp", "iframe", "noembed", "noframes", "noscript");

    private static final Map<String, Action> ACTIONS = new LinkedHashMap<>();

    private static void define(String name, Target target, String params, Compiler compiler) {
        ACTIONS.put(name, new Action(name, target, params.isEmpty() ? List.of() : List.of(params.split(" ")),
                target == Target.DOCUMENT, compiler));
    }

    /** Makes the handler for a content action from its content and type. */
    @FunctionalInterface
    private interface ContentAction {
        Object make(String content, ContentType type, String where);
    }

    private static void defineContent(String stem, Target target, Lands lands, ContentAction action) {
        define(stem + "-html", target, "CONTENT", (l, s, a) -> action.make(a.get(0).value(), ContentType.HTML,
                l.where()));
        define(stem + "-text", target, "CONTENT", (l, s, a) -> {
            checkRawText(l, s, a.get(0), lands);
            return action.make(a.get(0).value(), ContentType.TEXT, l.where());
        });
    }

    static {
        define("set-attribute", Target.ELEMENT, "NAME VALUE", (l, s, a) -> {
            String name = writableName(l, a.get(0), "attribute name");
            ValueTemplate value = template(l, a.get(1));
            return (ElementHandler) el -> {
                String v = value.render(el);
                if (v != null) {
                    el.setAttribute(name, v);
                }
            };
        });
        define("remove-attribute", Target.ELEMENT, "NAME", (l, s, a) -> {
            String name = readableName(l, a.get(0));
            return (ElementHandler) el -> el.removeAttribute(name);
        });
        define("replace-prefix", Target.ELEMENT, "NAME FROM TO", (l, s, a) -> {
            String name = writableName(l, a.get(0), "attribute name");
            String from = nonEmpty(l, a.get(1), "the prefix to replace");
            String to = a.get(2).value();
            return (ElementHandler) el -> {
                String v = el.getAttribute(name);
                if (v != null && v.startsWith(from)) {
                    el.setAttribute(name, to + v.substring(from.length()));
                }
            };
        });
        define("replace-regex", Target.ELEMENT, "NAME REGEX REPLACEMENT", (l, s, a) -> {
            String name = writableName(l, a.get(0), "attribute name");
            BoundedRegex regex = regex(l, a.get(1), a.get(2));
            return (ElementHandler) el -> {
                String v = el.getAttribute(name);
                if (v != null) {
                    String replaced = regex.replaceAll(v);
                    if (!replaced.equals(v)) {
                        el.setAttribute(name, replaced);
                    }
                }
            };
        });
        define("add-token", Target.ELEMENT, "NAME TOKENS", (l, s, a) ->
                addTokens(writableName(l, a.get(0), "attribute name"), tokens(l, a.get(1))));
        define("remove-token", Target.ELEMENT, "NAME TOKENS", (l, s, a) ->
                removeTokens(writableName(l, a.get(0), "attribute name"), tokens(l, a.get(1))));
        define("add-class", Target.ELEMENT, "TOKENS", (l, s, a) -> addTokens("class", tokens(l, a.get(0))));
        define("remove-class", Target.ELEMENT, "TOKENS", (l, s, a) -> removeTokens("class", tokens(l, a.get(0))));
        define("rename", Target.ELEMENT, "TAG", (l, s, a) -> {
            String name = writableName(l, a.get(0), "tag name");
            return (ElementHandler) el -> el.setTagName(name);
        });
        defineContent("before", Target.ELEMENT, Lands.OUTSIDE, (c, t, w) -> (ElementHandler) el -> el.before(c, t));
        defineContent("after", Target.ELEMENT, Lands.OUTSIDE, (c, t, w) -> (ElementHandler) el -> el.after(c, t));
        defineContent("prepend", Target.ELEMENT, Lands.INSIDE_ELEMENT,
                (c, t, w) -> (ElementHandler) el -> el.prepend(c, t));
        defineContent("append", Target.ELEMENT, Lands.INSIDE_ELEMENT,
                (c, t, w) -> (ElementHandler) el -> el.append(c, t));
        defineContent("replace", Target.ELEMENT, Lands.OUTSIDE, (c, t, w) -> (ElementHandler) el -> el.replace(c, t));
        defineContent("set-inner", Target.ELEMENT, Lands.INSIDE_ELEMENT,
                (c, t, w) -> (ElementHandler) el -> el.setInnerContent(c, t));
        define("remove", Target.ELEMENT, "", (l, s, a) -> (ElementHandler) Element::remove);
        define("unwrap", Target.ELEMENT, "", (l, s, a) -> (ElementHandler) Element::removeAndKeepContent);
        defineContent("end-before", Target.END_TAG, Lands.INSIDE_ELEMENT,
                (c, t, w) -> onEndTag(w, end -> end.before(c, t)));
        defineContent("end-after", Target.END_TAG, Lands.OUTSIDE, (c, t, w) -> onEndTag(w, end -> end.after(c, t)));
        define("end-remove", Target.END_TAG, "", (l, s, a) -> onEndTag(l.where(), end -> end.remove()));
        define("end-rename", Target.END_TAG, "TAG", (l, s, a) -> {
            String name = writableName(l, a.get(0), "tag name");
            return onEndTag(l.where(), end -> end.setName(name));
        });
        defineContent("text-before", Target.TEXT, Lands.IN_TEXT,
                (c, t, w) -> (TextNodeHandler) node -> node.before(c, t));
        defineContent("text-after", Target.TEXT, Lands.IN_TEXT,
                (c, t, w) -> (TextNodeHandler) node -> node.after(c, t));
        defineContent("text-replace", Target.TEXT, Lands.IN_TEXT,
                (c, t, w) -> (TextNodeHandler) node -> node.replace(c, t));
        define("text-remove", Target.TEXT, "", (l, s, a) -> (TextNodeHandler) TextNode::remove);
        define("text-substitute", Target.TEXT, "FROM TO", (l, s, a) -> substitution(l, a, false));
        define("text-substitute-i", Target.TEXT, "FROM TO", (l, s, a) -> substitution(l, a, true));
        defineContent("comment-before", Target.COMMENT, Lands.OUTSIDE,
                (c, t, w) -> (CommentHandler) comment -> comment.before(c, t));
        defineContent("comment-after", Target.COMMENT, Lands.OUTSIDE,
                (c, t, w) -> (CommentHandler) comment -> comment.after(c, t));
        defineContent("comment-replace", Target.COMMENT, Lands.OUTSIDE,
                (c, t, w) -> (CommentHandler) comment -> comment.replace(c, t));
        define("comment-remove", Target.COMMENT, "", (l, s, a) -> (CommentHandler) comment -> comment.remove());
        define("comment-set-text", Target.COMMENT, "TEXT", (l, s, a) -> {
            String text = commentText(l, a.get(0));
            return (CommentHandler) comment -> comment.setText(text);
        });
        define("doctype-remove", Target.DOCUMENT, "", (l, s, a) -> (DoctypeHandler) doctype -> doctype.remove());
        defineContent("end-append", Target.DOCUMENT, Lands.IN_TEXT,
                (c, t, w) -> (DocumentEndHandler) end -> end.append(c, t));
    }

    /** The document pseudo-selector: rules for the whole document (doctype, all text, all comments, the end). */
    public static final String DOCUMENT = "@document";

    /** A parsed rule: its selector, action, where it was written and its handler. */
    private record Rule(String selector, Action action, String where, Object handler) {
    }

    private final List<Rule> rules;

    private RuleSet(List<Rule> rules) {
        this.rules = Collections.unmodifiableList(rules);
    }

    public static RuleSet empty() {
        return new RuleSet(List.of());
    }

    /** Names of all actions, in documentation order. */
    public static List<String> actionNames() {
        return List.copyOf(ACTIONS.keySet());
    }

    /** Each action with its arguments ({@code set-attribute NAME VALUE}), in documentation order. */
    public static List<String> actionUsages() {
        return ACTIONS.values().stream().map(Action::usage).toList();
    }

    public int size() {
        return rules.size();
    }

    /** These rules followed by {@code other}'s. */
    public RuleSet plus(RuleSet other) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new RuleSet(all);
    }

    /**
     * Parses a rules text.
     *
     * @param source name used in error messages (a file name, or {@code --rule})
     * @throws RuleSyntaxException at the first bad line
     */
    public static RuleSet parse(String text, String source) throws RuleSyntaxException {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Rule r = parseLine(new Line(source, i + 1, lines[i]));
            if (r != null) {
                rules.add(r);
            }
        }
        return new RuleSet(rules);
    }

    /** A line being parsed; makes errors with its columns (1-based, in code points). */
    private record Line(String source, int number, String text) {
        RuleSyntaxException error(int index, String reason) {
            int column = text.codePointCount(0, Math.max(0, Math.min(index, text.length()))) + 1;
            return new RuleSyntaxException(source, number, column, reason);
        }

        RuleSyntaxException error(Arg arg, BadArgument e) {
            return error(arg.lineIndex(e.index()), e.getMessage());
        }

        String where() {
            return source + ":" + number;
        }
    }

    /** A word of a line: its text as written, where it starts (0-based) and ends. */
    private record Word(String text, int start, int end) {
    }

    /**
     * An argument as read: its value and, for each of its characters, the index in the line it came from (quoted
     * arguments with escapes are shorter than what was written); {@code start} is where it starts in the line (its
     * opening quote, if quoted) and {@code end} where it ends (its closing quote, if quoted).
     */
    private record Arg(String value, int[] at, int start, int end) {
        /** Where the value's character {@code valueIndex} was written; past the end, where the argument ends. */
        int lineIndex(int valueIndex) {
            if (valueIndex < at.length) {
                return at[valueIndex];
            }
            return at.length == 0 ? start : end;
        }
    }

    private static Rule parseLine(Line l) throws RuleSyntaxException {
        String line = l.text();
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        List<Word> words = words(l);
        int actionIndex = -1;
        for (int i = 1; i < words.size(); i++) {
            if (ACTIONS.containsKey(words.get(i).text())) {
                actionIndex = i;
                break;
            }
        }
        if (actionIndex < 0) {
            Word suspect = words.size() > 1 ? words.get(words.size() > 2 ? guessActionWord(words) : 1) : null;
            if (suspect == null) {
                throw l.error(line.length(), "expected an action after the selector (one of "
                        + String.join(", ", ACTIONS.keySet()) + ")");
            }
            throw l.error(suspect.start(), "unknown action '" + suspect.text() + "'" + suggestion(suspect.text()));
        }
        Word first = words.get(0);
        String selector = line.substring(first.start(), words.get(actionIndex - 1).end());
        Word actionWord = words.get(actionIndex);
        Action action = ACTIONS.get(actionWord.text());
        boolean document = selector.equals(DOCUMENT);
        if (action.documentOnly() && !document) {
            throw l.error(actionWord.start(), "'" + action.name() + "' applies to " + DOCUMENT + " only");
        }
        if (document && (action.target() == Target.ELEMENT || action.target() == Target.END_TAG)) {
            throw l.error(actionWord.start(), "'" + action.name() + "' needs an element selector, not " + DOCUMENT);
        }
        List<Arg> args = arguments(l, action, actionWord.end());
        if (!document) {
            checkSelector(l, selector, first.start());
        }
        Object handler = action.compiler().compile(l, selector, args);
        return new Rule(selector, action, l.where(), handler);
    }

    private static List<Arg> arguments(Line l, Action action, int from) throws RuleSyntaxException {
        String line = l.text();
        List<Arg> args = new ArrayList<>();
        int pos = from;
        for (int a = 0; a < action.arity(); a++) {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= line.length()) {
                throw l.error(pos, "'" + action.name() + "' needs " + action.arity() + " argument"
                        + (action.arity() == 1 ? "" : "s") + " (" + action.usage() + "), found " + a);
            }
            boolean lastArg = a == action.arity() - 1;
            Arg arg;
            if (line.charAt(pos) == '"') {
                arg = readQuoted(l, pos);
                pos = arg.end() + 1;
                if (lastArg && !line.substring(pos).isBlank()) {
                    throw l.error(pos + line.substring(pos).indexOf(line.substring(pos).strip()),
                            "unexpected text after the quoted argument");
                }
            } else {
                int end = pos;
                if (lastArg) {
                    end = pos + line.substring(pos).stripTrailing().length();
                } else {
                    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                        end++;
                    }
                }
                int start = pos;
                int[] at = new int[end - start];
                Arrays.setAll(at, i -> start + i);
                arg = new Arg(line.substring(start, end), at, start, end);
                pos = end;
            }
            checkSurrogates(l, arg);
            args.add(arg);
        }
        if (!line.substring(pos).isBlank()) {
            int extra = pos;
            while (Character.isWhitespace(line.charAt(extra))) {
                extra++;
            }
            throw l.error(extra, "'" + action.name() + "' takes no argument");
        }
        return args;
    }

    /** A lone surrogate (from a {@code \\u} escape) cannot be encoded in any charset. */
    private static void checkSurrogates(Line l, Arg arg) throws RuleSyntaxException {
        String v = arg.value();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw l.error(arg.lineIndex(i), String.format("lone surrogate \\u%04X (write the character or a pair"
                        + " of \\u escapes)", (int) c));
            }
        }
    }

    /** Compiles the selector alone, so that a bad one is reported now with its position. */
    private static void checkSelector(Line l, String selector, int selectorStart) throws RuleSyntaxException {
        try {
            HtmlRewriter.builder().onElement(selector, el -> { }).settings();
        } catch (SelectorSyntaxException e) {
            String suffix = " at position " + e.position() + " in selector \"" + e.selectorText() + "\"";
            String problem = e.getMessage().endsWith(suffix)
                    ? e.getMessage().substring(0, e.getMessage().length() - suffix.length()) : e.getMessage();
            throw l.error(selectorStart + Math.max(0, e.position()), "bad selector: " + problem);
        } catch (IllegalArgumentException e) {
            throw l.error(selectorStart, e.getMessage());
        }
    }

    // --- argument checks

    private static String writableName(Line l, Arg a, String what) throws RuleSyntaxException {
        try {
            Names.checkWritable(a.value(), what);
            return a.value();
        } catch (BadArgument e) {
            throw l.error(a, e);
        }
    }

    private static String readableName(Line l, Arg a) throws RuleSyntaxException {
        try {
            Names.checkReadable(a.value());
            return a.value();
        } catch (BadArgument e) {
            throw l.error(a, e);
        }
    }

    private static String nonEmpty(Line l, Arg a, String what) throws RuleSyntaxException {
        if (a.value().isEmpty()) {
            throw l.error(a.lineIndex(0), what + " cannot be empty");
        }
        return a.value();
    }

    private static ValueTemplate template(Line l, Arg a) throws RuleSyntaxException {
        try {
            return ValueTemplate.parse(a.value());
        } catch (BadArgument e) {
            throw l.error(a, e);
        }
    }

    private static BoundedRegex regex(Line l, Arg regex, Arg replacement) throws RuleSyntaxException {
        try {
            return BoundedRegex.compile(regex.value(), replacement.value());
        } catch (BadArgument e) {
            throw l.error(regex, e);
        } catch (BoundedRegex.BadReplacement e) {
            throw l.error(replacement.lineIndex(0), e.getMessage());
        }
    }

    private static List<String> tokens(Line l, Arg a) throws RuleSyntaxException {
        try {
            return TokenList.parseRuleTokens(a.value());
        } catch (BadArgument e) {
            throw l.error(a, e);
        }
    }

    private static ElementHandler addTokens(String name, List<String> tokens) {
        return el -> {
            String v = TokenList.add(el.getAttribute(name), tokens);
            if (v != null) {
                el.setAttribute(name, v);
            }
        };
    }

    private static ElementHandler removeTokens(String name, List<String> tokens) {
        return el -> {
            String v = TokenList.remove(el.getAttribute(name), tokens);
            if (v != null) {
                el.setAttribute(name, v);
            }
        };
    }

    private static TextSubstitution substitution(Line l, List<Arg> a, boolean ignoreCase)
            throws RuleSyntaxException {
        String from = nonEmpty(l, a.get(0), "the text to find");
        if (from.length() > TextSubstitution.MAX_PATTERN_LENGTH) {
            throw l.error(a.get(0).lineIndex(TextSubstitution.MAX_PATTERN_LENGTH), "the text to find is longer than "
                    + TextSubstitution.MAX_PATTERN_LENGTH + " characters");
        }
        return new TextSubstitution(from, a.get(1).value(), ignoreCase);
    }

    /** The core's rule for comment text: nothing that would end or break the comment. */
    private static String commentText(Line l, Arg a) throws RuleSyntaxException {
        String text = a.value();
        for (String bad : List.of("-->", "--!>", "<!--")) {
            int i = text.indexOf(bad);
            if (i >= 0) {
                throw l.error(a.lineIndex(i), "comment text cannot contain '" + bad + "' (it would end or break the"
                        + " comment)");
            }
        }
        if (text.startsWith(">") || text.startsWith("->")) {
            throw l.error(a.lineIndex(0), "comment text cannot start with '>' or '->' (it would end the comment)");
        }
        if (text.endsWith("-") || text.endsWith("<!-")) {
            int at = text.endsWith("<!-") ? text.length() - 3 : text.length() - 1;
            throw l.error(a.lineIndex(at), "comment text cannot end with '-' or '<!-' (it would break the comment)");
        }
        return text;
    }

    /**
     * Refuses TEXT content that would end a raw-text element early (where TEXT is not escaped) if the rule can put
     * it in one: {@code </script}, {@code </style} (and the other raw-text elements' end tags), {@code <!--} in a
     * script, {@code ]]>} in a CDATA section. Content inserted next to an element or a comment never lands in raw
     * text; content inside the element does if the selector can match a raw-text element; text rules reach the raw
     * text of any script or style inside the matched elements. The core refuses the rest at run time.
     */
    private static void checkRawText(Line l, String selector, Arg content, Lands lands) throws RuleSyntaxException {
        List<String> reached = switch (lands) {
            case OUTSIDE -> List.of();
            case INSIDE_ELEMENT -> rawTextElementsMatched(selector);
            case IN_TEXT -> RAW_TEXT_ELEMENTS;
        };
        String lower = content.value().toLowerCase(Locale.ROOT);
        for (String element : reached) {
            int i = lower.indexOf("</" + element);
            if (i >= 0) {
                throw l.error(content.lineIndex(i), "text would end a <" + element + "> element early: this rule's"
                        + " text can land inside <" + element + ">, where it is not escaped");
            }
        }
        int comment = lower.indexOf("<!--");
        if (reached.contains("script") && comment >= 0) {
            throw l.error(content.lineIndex(comment), "'<!--' would change how the rest of a <script> element is"
                    + " read: this rule's text can land inside <script>, where it is not escaped");
        }
        int cdataEnd = lower.indexOf("]]>");
        if (lands == Lands.IN_TEXT && cdataEnd >= 0) {
            throw l.error(content.lineIndex(cdataEnd), "']]>' would end a CDATA section early: this rule's text can"
                    + " land inside one (in SVG or MathML)");
        }
    }

    /**
     * The raw-text elements a selector can match: those named as the type of an alternative's last compound, or all
     * of them if some alternative's last compound names no type ({@code .x}, {@code *}, {@code :is(...)}).
     */
    static List<String> rawTextElementsMatched(String selector) {
        if (selector.equals(DOCUMENT)) {
            return RAW_TEXT_ELEMENTS;
        }
        String canonical = Selector.parse(selector).toString();
        List<String> matched = new ArrayList<>();
        for (String alternative : splitTopLevel(canonical, ',')) {
            List<String> compounds = splitTopLevel(alternative.strip(), ' ');
            String last = compounds.get(compounds.size() - 1);
            int end = 0;
            while (end < last.length() && (Character.isLetterOrDigit(last.charAt(end)) || last.charAt(end) == '-')) {
                end++;
            }
            boolean namesType = end > 0 && Character.isLetter(last.charAt(0))
                    && (end == last.length() || ".#[:".indexOf(last.charAt(end)) >= 0);
            if (!namesType) {
                return RAW_TEXT_ELEMENTS;
            }
            String type = last.substring(0, end);
            if (RAW_TEXT_ELEMENTS.contains(type) && !matched.contains(type)) {
                matched.add(type);
            }
        }
        return matched;
    }

    /** Splits at {@code separator} outside brackets, parentheses and quotes. */
    private static List<String> splitTopLevel(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static int guessActionWord(List<Word> words) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i).text();
            if (w.matches("[a-z]+(-[a-z]+)+") || w.matches("[a-z]+-?")) {
                return i;
            }
        }
        return 1;
    }

    private static String suggestion(String word) {
        String best = null;
        int bestDistance = 3;
        for (String name : ACTIONS.keySet()) {
            int d = distance(word, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Splits a line into words; quotes and brackets keep spaces inside one word. */
    private static List<Word> words(Line l) throws RuleSyntaxException {
        String line = l.text();
        List<Word> words = new ArrayList<>();
        int pos = 0;
        int n = line.length();
        while (pos < n) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                break;
            }
            int start = pos;
            int depth = 0;
            char quote = 0;
            int quoteStart = -1;
            while (pos < n) {
                char c = line.charAt(pos);
                if (quote != 0) {
                    if (c == '\\') {
                        pos++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    quoteStart = pos;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if ((c == ']' || c == ')') && depth > 0) {
                    depth--;
                } else if (depth == 0 && Character.isWhitespace(c)) {
                    break;
                }
                pos++;
            }
            if (quote != 0 && words.stream().noneMatch(w -> ACTIONS.containsKey(w.text()))) {
                throw l.error(quoteStart, "unterminated quote");
            }
            words.add(new Word(line.substring(start, Math.min(pos, n)), start, Math.min(pos, n)));
        }
        return words;
    }

    /**
     * Reads a {@code "..."} argument starting at {@code pos}; its {@link Arg#end()} is the closing quote's index.
     */
    private static Arg readQuoted(Line l, int pos) throws RuleSyntaxException {
        String line = l.text();
        StringBuilder value = new StringBuilder();
        int[] at = new int[line.length() - pos];
        int i = pos + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return new Arg(value.toString(), Arrays.copyOf(at, value.length()), pos, i);
            }
            at[value.length()] = i;
            if (c == '\\') {
                if (i + 1 >= line.length()) {
                    break;
                }
                char e = line.charAt(i + 1);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '"', '\\', '\'' -> value.append(e);
                    case 'u' -> {
                        if (i + 6 > line.length() || !line.substring(i + 2, i + 6).matches("[0-9a-fA-F]{4}")) {
                            throw l.error(i, "bad \\u escape (\\u and four hex digits)");
                        }
                        value.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                        i += 4;
                    }
                    default -> throw l.error(i, "unknown escape \\" + e + " (inside quotes write \\\\ for a"
                            + " backslash, as in \\\\" + e + ")");
                }
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw l.error(pos, "unterminated quote");
    }

    /**
     * Registers the rules' handlers on {@code builder}: the {@code text-substitute} rules first (applied in rule
     * order to text chunks, see {@link SubstitutionPipeline}), then the others in order. The other {@code text-*}
     * rules act on whole text nodes ({@code onTextNode}), whose handlers run before the chunk handlers of the node:
     * a {@code text-remove} or {@code text-replace-*} rule on the same text wins over substitutions whatever its
     * place, and {@code text-before-*} / {@code text-after-*} content lands around the substituted text.
     *
     * @param elementsMatched counts elements matched by at least one element rule (thread-safe), or null
     */
    public void applyTo(HtmlRewriter.Builder builder, LongAdder elementsMatched) {
        List<SubstitutionPipeline.Stage> stages = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.handler() instanceof TextSubstitution s) {
                stages.add(new SubstitutionPipeline.Stage(rule.selector().equals(DOCUMENT) ? null : rule.selector(),
                        s));
            }
        }
        if (!stages.isEmpty()) {
            new SubstitutionPipeline(stages).register(builder);
        }
        for (Rule rule : rules) {
            register(builder, rule, elementsMatched);
        }
    }

    private static void register(HtmlRewriter.Builder b, Rule rule, LongAdder matched) {
        String where = rule.where();
        Object handler = rule.handler();
        boolean document = rule.selector().equals(DOCUMENT);
        if (handler instanceof ElementHandler h) {
            Handler<Element> guarded = h::handle;
            b.onElement(rule.selector(), el -> {
                if (matched != null) {
                    countOnce(el, matched);
                }
                call(where, guarded, el);
            });
        } else if (handler instanceof TextNodeHandler h) {
            Handler<TextNode> guarded = h::handle;
            if (document) {
                b.onDocumentTextNode(node -> call(where, guarded, node));
            } else {
                b.onTextNode(rule.selector(), node -> call(where, guarded, node));
            }
        } else if (handler instanceof CommentHandler h) {
            Handler<Comment> guarded = h::handle;
            if (document) {
                b.onDocumentComment(comment -> call(where, guarded, comment));
            } else {
                b.onComment(rule.selector(), comment -> call(where, guarded, comment));
            }
        } else if (handler instanceof DoctypeHandler h) {
            Handler<Doctype> guarded = h::handle;
            b.onDocumentDoctype(doctype -> call(where, guarded, doctype));
        } else if (handler instanceof DocumentEndHandler h) {
            Handler<DocumentEnd> guarded = h::handle;
            b.onDocumentEnd(end -> call(where, guarded, end));
        } else if (!(handler instanceof TextSubstitution)) {
            throw new AssertionError(handler);
        }
    }

    /** Any of the core's handler types. */
    @FunctionalInterface
    private interface Handler<T> {
        void handle(T node) throws Exception;
    }

    /** Calls a rule's handler; what it throws names the rule. */
    private static <T> void call(String where, Handler<T> handler, T node) {
        try {
            handler.handle(node);
        } catch (Exception e) {
            throw failed(where, e);
        }
    }

    /**
     * What a rule's handler threw, naming the rule; the rewriter's own exceptions (limits, ambiguities) pass as
     * they are.
     */
    private static RuntimeException failed(String where, Exception e) {
        if (e instanceof RuleFailedException || e instanceof RewritingException) {
            return (RuntimeException) e;
        }
        return new RuleFailedException(where, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    /** An element-rule handler that registers {@code end} on the element's end tag, if it has one. */
    private static ElementHandler onEndTag(String where, EndTagHandler end) {
        return el -> {
            if (el.canHaveContent()) {
                Handler<EndTag> guarded = end::handle;
                el.onEndTag(tag -> call(where, guarded, tag));
            }
        };
    }

    private static void countOnce(Element el, LongAdder matched) {
        // Several rules may match one element; count it once (its handlers run one after another): the document's
        // context remembers where the element counted last starts.
        long start = el.sourceLocation().start();
        long[] last = el.context().computeIfAbsent(LAST_COUNTED, () -> new long[] {-1});
        if (last[0] != start) {
            last[0] = start;
            matched.increment();
        }
    }

    /** Per document, the start offset of the element counted last (counting is a statistic for the summary line). */
    private static final DocumentContext.Key<long[]> LAST_COUNTED = DocumentContext.Key.named("last counted",
            long[].class);
}
