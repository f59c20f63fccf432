package org.htmlrewriter.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.selectors.SelectorSyntaxException;

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
 * the rest of the line. An argument may be quoted with {@code "..."} (backslash escapes for quote, backslash, n, t, r and uXXXX) to
 * keep leading or trailing spaces. Parsing checks every line (selectors included) and fails on the first bad one
 * with its line and column, so a rules file either applies whole or not at all.
 *
 * <p>Immutable and thread-safe once parsed; the handlers it registers keep no per-document state, so the
 * settings built from it may serve many documents at once. The optional match counter is thread-safe.
 */
public final class RuleSet {
    /** Where a rule's action applies. */
    private enum Target { ELEMENT, END_TAG, TEXT, COMMENT, DOCUMENT }

    /** One action of the format: its name, target, number of arguments and what it does. */
    private record Action(String name, Target target, int arity, ContentType type, boolean documentOnly) {
    }

    private static final Map<String, Action> ACTIONS = new LinkedHashMap<>();

    private static void define(String name, Target target, int arity, ContentType type, boolean documentOnly) {
        ACTIONS.put(name, new Action(name, target, arity, type, documentOnly));
    }

    private static void defineContent(String stem, Target target, boolean documentOnly) {
        define(stem + "-html", target, 1, ContentType.HTML, documentOnly);
        define(stem + "-text", target, 1, ContentType.TEXT, documentOnly);
    }

    static {
        define("set-attribute", Target.ELEMENT, 2, null, false);
        define("remove-attribute", Target.ELEMENT, 1, null, false);
        define("rename", Target.ELEMENT, 1, null, false);
        for (String stem : List.of("before", "after", "prepend", "append", "replace", "set-inner")) {
            defineContent(stem, Target.ELEMENT, false);
        }
        define("remove", Target.ELEMENT, 0, null, false);
        define("unwrap", Target.ELEMENT, 0, null, false);
        defineContent("end-before", Target.END_TAG, false);
        defineContent("end-after", Target.END_TAG, false);
        define("end-remove", Target.END_TAG, 0, null, false);
        define("end-rename", Target.END_TAG, 1, null, false);
        defineContent("text-before", Target.TEXT, false);
        defineContent("text-after", Target.TEXT, false);
        defineContent("text-replace", Target.TEXT, false);
        define("text-remove", Target.TEXT, 0, null, false);
        defineContent("comment-before", Target.COMMENT, false);
        defineContent("comment-after", Target.COMMENT, false);
        defineContent("comment-replace", Target.COMMENT, false);
        define("comment-remove", Target.COMMENT, 0, null, false);
        define("comment-set-text", Target.COMMENT, 1, null, false);
        define("doctype-remove", Target.DOCUMENT, 0, null, true);
        defineContent("end-append", Target.DOCUMENT, true);
    }

    /** The document pseudo-selector: rules for the whole document (doctype, all text, all comments, the end). */
    public static final String DOCUMENT = "@document";

    /** A parsed rule. */
    private record Rule(String selector, Action action, List<String> args) {
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
            Rule r = parseLine(lines[i], source, i + 1);
            if (r != null) {
                rules.add(r);
            }
        }
        return new RuleSet(rules);
    }

    /** A word of a line: its text as written, where it starts (0-based) and ends. */
    private record Word(String text, int start, int end) {
    }

    private static Rule parseLine(String line, String source, int lineNo) throws RuleSyntaxException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        List<Word> words = words(line, source, lineNo);
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
                throw new RuleSyntaxException(source, lineNo, line.length() + 1,
                        "expected an action after the selector (one of " + String.join(", ", ACTIONS.keySet())
                                + ")");
            }
            throw new RuleSyntaxException(source, lineNo, suspect.start() + 1,
                    "unknown action '" + suspect.text() + "'" + suggestion(suspect.text()));
        }
        Word first = words.get(0);
        Word lastSelectorWord = words.get(actionIndex - 1);
        String selector = line.substring(first.start(), lastSelectorWord.end());
        Word actionWord = words.get(actionIndex);
        Action action = ACTIONS.get(actionWord.text());
        boolean document = selector.equals(DOCUMENT);
        if (action.documentOnly() && !document) {
            throw new RuleSyntaxException(source, lineNo, actionWord.start() + 1,
                    "'" + action.name() + "' applies to " + DOCUMENT + " only");
        }
        if (document && action.target() != Target.DOCUMENT && action.target() != Target.TEXT
                && action.target() != Target.COMMENT) {
            throw new RuleSyntaxException(source, lineNo, actionWord.start() + 1,
                    "'" + action.name() + "' needs an element selector, not " + DOCUMENT);
        }
        List<String> args = new ArrayList<>();
        int pos = actionWord.end();
        for (int a = 0; a < action.arity(); a++) {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= line.length()) {
                throw new RuleSyntaxException(source, lineNo, pos + 1, "'" + action.name() + "' needs "
                        + action.arity() + " argument" + (action.arity() == 1 ? "" : "s") + ", found " + a);
            }
            boolean lastArg = a == action.arity() - 1;
            int end;
            if (line.charAt(pos) == '"') {
                StringBuilder value = new StringBuilder();
                end = readQuoted(line, pos, value, source, lineNo);
                args.add(value.toString());
                if (lastArg && !line.substring(end).isBlank()) {
                    throw new RuleSyntaxException(source, lineNo, end + 1, "unexpected text after the quoted argument");
                }
            } else if (lastArg) {
                end = line.length();
                args.add(line.substring(pos).stripTrailing());
            } else {
                end = pos;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                args.add(line.substring(pos, end));
            }
            pos = end;
        }
        if (action.arity() == 0 && !line.substring(pos).isBlank()) {
            int extra = pos;
            while (Character.isWhitespace(line.charAt(extra))) {
                extra++;
            }
            throw new RuleSyntaxException(source, lineNo, extra + 1, "'" + action.name() + "' takes no argument");
        }
        Rule rule = new Rule(selector, action, List.copyOf(args));
        check(rule, source, lineNo, first.start(), line);
        return rule;
    }

    /** Compiles the rule alone, so that a bad selector or argument is reported now with its position. */
    private static void check(Rule rule, String source, int lineNo, int selectorStart, String line)
            throws RuleSyntaxException {
        try {
            HtmlRewriter.Builder b = HtmlRewriter.builder();
            new RuleSet(List.of(rule)).applyTo(b, null);
            b.settings();
        } catch (SelectorSyntaxException e) {
            throw new RuleSyntaxException(source, lineNo, selectorStart + Math.max(0, e.position()) + 1,
                    "bad selector: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RuleSyntaxException(source, lineNo, selectorStart + 1, e.getMessage());
        }
        String action = rule.action().name();
        if (action.equals("rename") || action.equals("end-rename")) {
            String name = rule.args().get(0);
            if (name.isEmpty() || !Character.isLetter(name.charAt(0)) || name.chars().anyMatch(
                    c -> Character.isWhitespace(c) || c == '/' || c == '>' || c == 0)) {
                throw new RuleSyntaxException(source, lineNo, line.lastIndexOf(name) + 1,
                        "not a valid tag name: '" + name + "'");
            }
        }
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
    private static List<Word> words(String line, String source, int lineNo) throws RuleSyntaxException {
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
                throw new RuleSyntaxException(source, lineNo, quoteStart + 1, "unterminated quote");
            }
            words.add(new Word(line.substring(start, Math.min(pos, n)), start, Math.min(pos, n)));
        }
        return words;
    }

    /** Reads a {@code "..."} argument starting at {@code pos}; returns the position after the closing quote. */
    private static int readQuoted(String line, int pos, StringBuilder value, String source, int lineNo)
            throws RuleSyntaxException {
        int i = pos + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
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
                            throw new RuleSyntaxException(source, lineNo, i + 1, "bad \\u escape");
                        }
                        value.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                        i += 4;
                    }
                    default -> throw new RuleSyntaxException(source, lineNo, i + 1, "unknown escape \\" + e);
                }
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw new RuleSyntaxException(source, lineNo, pos + 1, "unterminated quote");
    }

    /**
     * Registers the rules' handlers on {@code builder}, in order.
     *
     * @param elementsMatched counts elements matched by at least one element rule (thread-safe), or null
     */
    public void applyTo(HtmlRewriter.Builder builder, LongAdder elementsMatched) {
        for (Rule rule : rules) {
            register(builder, rule, elementsMatched);
        }
    }

    private static void register(HtmlRewriter.Builder b, Rule rule, LongAdder matched) {
        Action a = rule.action();
        List<String> args = rule.args();
        String content = args.isEmpty() ? null : args.get(args.size() - 1);
        ContentType type = a.type();
        boolean document = rule.selector().equals(DOCUMENT);
        String name = a.name();
        switch (a.target()) {
            case ELEMENT, END_TAG -> b.onElement(rule.selector(), el -> {
                if (matched != null) {
                    countOnce(el, matched);
                }
                applyToElement(el, name, args, content, type);
            });
            case TEXT -> {
                org.htmlrewriter.TextHandler h = chunk -> {
                    if (name.startsWith("text-before")) {
                        // Stateless handlers cannot know a node's first chunk; the empty closing chunk is skipped.
                        if (!(chunk.isLastInTextNode() && chunk.rawText().isEmpty())) {
                            chunk.before(content, type);
                        }
                    } else if (name.startsWith("text-after")) {
                        if (chunk.isLastInTextNode()) {
                            chunk.after(content, type);
                        }
                    } else if (name.startsWith("text-replace")) {
                        // A text node may come in several chunks: the whole node becomes the content once.
                        if (chunk.isLastInTextNode()) {
                            chunk.replace(content, type);
                        } else {
                            chunk.remove();
                        }
                    } else {
                        chunk.remove();
                    }
                };
                if (document) {
                    b.onDocumentText(h);
                } else {
                    b.onText(rule.selector(), h);
                }
            }
            case COMMENT -> {
                org.htmlrewriter.CommentHandler h = comment -> {
                    switch (name) {
                        case "comment-remove" -> comment.remove();
                        case "comment-set-text" -> comment.setText(content);
                        default -> {
                            if (name.startsWith("comment-before")) {
                                comment.before(content, type);
                            } else if (name.startsWith("comment-after")) {
                                comment.after(content, type);
                            } else {
                                comment.replace(content, type);
                            }
                        }
                    }
                };
                if (document) {
                    b.onDocumentComment(h);
                } else {
                    b.onComment(rule.selector(), h);
                }
            }
            case DOCUMENT -> {
                if (name.equals("doctype-remove")) {
                    b.onDocumentDoctype(d -> d.remove());
                } else {
                    b.onDocumentEnd(end -> end.append(content, type));
                }
            }
            default -> throw new AssertionError(a);
        }
    }

    private static void countOnce(Element el, LongAdder matched) {
        // Several rules may match one element; count it once (its handlers run one after another).
        long start = el.sourceLocation().start();
        Long last = LAST_COUNTED.get();
        if (last == null || last != start) {
            LAST_COUNTED.set(start);
            matched.increment();
        }
    }

    /** Per thread, the start offset of the element counted last (counting is a best-effort statistic). */
    private static final ThreadLocal<Long> LAST_COUNTED = new ThreadLocal<>();

    private static void applyToElement(Element el, String name, List<String> args, String content,
            ContentType type) {
        switch (name) {
            case "set-attribute" -> el.setAttribute(args.get(0), args.get(1));
            case "remove-attribute" -> el.removeAttribute(args.get(0));
            case "rename" -> el.setTagName(args.get(0));
            case "remove" -> el.remove();
            case "unwrap" -> el.removeAndKeepContent();
            case "end-remove" -> {
                if (el.canHaveContent()) {
                    el.onEndTag(end -> end.remove());
                }
            }
            case "end-rename" -> {
                if (el.canHaveContent()) {
                    el.onEndTag(end -> end.setName(args.get(0)));
                }
            }
            default -> {
                if (name.startsWith("end-before")) {
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> end.before(content, type));
                    }
                } else if (name.startsWith("end-after")) {
                    if (el.canHaveContent()) {
                        el.onEndTag(end -> end.after(content, type));
                    }
                } else if (name.startsWith("before")) {
                    el.before(content, type);
                } else if (name.startsWith("after")) {
                    el.after(content, type);
                } else if (name.startsWith("prepend")) {
                    el.prepend(content, type);
                } else if (name.startsWith("append")) {
                    el.append(content, type);
                } else if (name.startsWith("replace")) {
                    el.replace(content, type);
                } else if (name.startsWith("set-inner")) {
                    el.setInnerContent(content, type);
                } else {
                    throw new AssertionError(name);
                }
            }
        }
    }
}
