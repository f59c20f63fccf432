package org.htmlrewriter.selectors.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.htmlrewriter.selectors.Namespaces;

/**
 * A tiny tokenizer for the well-formed test documents, and a driver that streams them through a
 * {@link MatchingStack} the way the core does (namespace by a simple rule, attributes from a map), recording
 * which selectors matched each element, its parent and how it closed.
 */
final class TestHtml {
    private TestHtml() {
    }

    record Token(boolean isEnd, String name, Map<String, String> attributes, boolean selfClosing) {
    }

    static List<Token> tokenize(String html) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = html.length();
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                break;
            }
            if (html.startsWith("<!--", lt)) {
                int end = html.indexOf("-->", lt + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            char next = html.charAt(lt + 1);
            if (next == '!' || next == '?') {
                int end = html.indexOf('>', lt);
                i = end < 0 ? n : end + 1;
                continue;
            }
            boolean isEnd = next == '/';
            int p = isEnd ? lt + 2 : lt + 1;
            if (p >= n || !Character.isLetter(html.charAt(p))) {
                i = lt + 1;
                continue;
            }
            int nameStart = p;
            while (p < n && " \t\n\f\r/>".indexOf(html.charAt(p)) < 0) {
                p++;
            }
            String name = html.substring(nameStart, p).toLowerCase(Locale.ROOT);
            Map<String, String> attributes = new LinkedHashMap<>();
            boolean selfClosing = false;
            while (p < n) {
                char ch = html.charAt(p);
                if (ch == '>') {
                    p++;
                    break;
                }
                if (ch == '/' && p + 1 < n && html.charAt(p + 1) == '>') {
                    selfClosing = true;
                    p += 2;
                    break;
                }
                if (" \t\n\f\r/".indexOf(ch) >= 0) {
                    p++;
                    continue;
                }
                int attrStart = p;
                while (p < n && " \t\n\f\r/>=".indexOf(html.charAt(p)) < 0) {
                    p++;
                }
                String attrName = html.substring(attrStart, p).toLowerCase(Locale.ROOT);
                String value = "";
                if (p < n && html.charAt(p) == '=') {
                    p++;
                    if (p < n && (html.charAt(p) == '"' || html.charAt(p) == '\'')) {
                        char quote = html.charAt(p);
                        int end = html.indexOf(quote, p + 1);
                        value = html.substring(p + 1, end);
                        p = end + 1;
                    } else {
                        int valueStart = p;
                        while (p < n && " \t\n\f\r>".indexOf(html.charAt(p)) < 0) {
                            p++;
                        }
                        value = html.substring(valueStart, p);
                    }
                }
                attributes.putIfAbsent(attrName, value);
            }
            tokens.add(new Token(isEnd, name, attributes, selfClosing));
            i = p;
        }
        return tokens;
    }

    /** A start tag over a map of attributes; lists them ({@link #attributeCount}) only when asked to. */
    static final class Tag implements StartTagView {
        final String name;
        final Map<String, String> attributes;
        final boolean html;
        /** The namespace, or null to leave {@link #namespaceUri} to the interface's default. */
        String namespace;
        int attributeReads;
        private final String[] listedNames;
        private final String[] listedValues;

        Tag(String name, Map<String, String> attributes, boolean html) {
            this(name, attributes, html, false);
        }

        Tag(String name, Map<String, String> attributes, boolean html, boolean listsAttributes) {
            this(name, attributes.keySet().toArray(new String[0]), attributes.values().toArray(new String[0]), html,
                    listsAttributes);
        }

        /**
         * Attributes as written, duplicates included: {@link #attribute} finds the first of a name, as a tokenizer
         * keeps it; the list ({@link #attributeCount}, only when {@code listsAttributes}) has them all.
         */
        Tag(String name, String[] names, String[] values, boolean html, boolean listsAttributes) {
            this.name = name;
            this.attributes = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                attributes.putIfAbsent(names[i], values[i]);
            }
            this.html = html;
            listedNames = listsAttributes ? names : null;
            listedValues = listsAttributes ? values : null;
        }

        @Override
        public int attributeCount() {
            return listedNames == null ? -1 : listedNames.length;
        }

        @Override
        public CharSequence attributeName(int index) {
            return listedNames == null ? null : listedNames[index];
        }

        @Override
        public CharSequence attributeValue(int index) {
            return listedValues == null ? null : listedValues[index];
        }

        @Override
        public long nameHash() {
            return ElementNames.hash(name);
        }

        @Override
        public CharSequence localName() {
            return name;
        }

        @Override
        public boolean isHtml() {
            return html;
        }

        @Override
        public String namespaceUri() {
            return namespace != null ? namespace : StartTagView.super.namespaceUri();
        }

        @Override
        public CharSequence attribute(String lowerCaseName) {
            attributeReads++;
            return attributes.get(lowerCaseName);
        }
    }

    /** One element as the stream saw it. */
    static final class Element {
        final int index;
        final String name;
        final Map<String, String> attributes;
        String namespace;
        final List<Integer> matched = new ArrayList<>();
        int depth;
        int parent = -1;
        Closing closing;
        /** Created by the tree builder with no tag of its own. */
        boolean implied;

        Element(int index, String name, Map<String, String> attributes) {
            this.index = index;
            this.name = name;
            this.attributes = attributes;
        }

        String label() {
            String id = attributes.get("id");
            return id != null ? id : attributes.getOrDefault("data-n", name);
        }
    }

    static final Set<String> HTML_INTEGRATION = Set.of("foreignobject", "desc", "title", "mi", "mo", "mn", "ms",
            "mtext", "annotation-xml");
    static final Set<String> BREAKOUT = Set.of("b", "big", "blockquote", "body", "br", "center", "code", "dd",
            "div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li",
            "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike",
            "sub", "sup", "table", "tt", "u", "ul", "var");

    /** Streams {@code html} through a fresh stack of {@code program}. */
    static final class Run {
        final List<Element> elements = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final MatchingStack stack;
        /** Whether start tags list their attributes to the matcher (else it looks each indexed name up). */
        boolean listAttributes;
        /** Candidate states the stack examined for the start tags fed so far (not for elements it implied). */
        long candidatesExamined;
        private final List<Element> open = new ArrayList<>();
        /** Namespace of each open element ({@code namespaces.get(0)} is the document's: HTML). */
        private final List<String> namespaces = new ArrayList<>();

        Run(SelectorProgram program, int maxDepth) {
            this(program, maxDepth, false);
        }

        /** A run over a whole document ({@code document}: html, head and body are implied) or a body fragment. */
        Run(SelectorProgram program, int maxDepth, boolean document) {
            stack = program.newMatchingStack(maxDepth);
            if (!document) {
                stack.parseAsBodyFragment();
            }
            open.add(null);
            namespaces.add(Namespaces.HTML);
        }

        /**
         * Streams {@code html}: as a document if it starts with a doctype or {@code <html>} (a doctype
         * {@code <!DOCTYPE html>} puts it in no-quirks mode), otherwise as a fragment of body content.
         */
        static Run of(SelectorProgram program, String html) {
            String start = html.stripLeading().toLowerCase(Locale.ROOT);
            boolean document = start.startsWith("<!doctype") || start.startsWith("<html");
            Run run = new Run(program, 10_000, document);
            if (start.startsWith("<!doctype html>")) {
                run.stack.doctype(false);
            }
            run.feed(html);
            run.end();
            return run;
        }

        void feed(String html) {
            for (Token token : tokenize(html)) {
                if (token.isEnd()) {
                    end(token.name());
                } else {
                    start(token.name(), token.attributes(), token.selfClosing());
                }
            }
        }

        void start(String name, Map<String, String> attributes, boolean selfClosing) {
            int top = stack.depth();
            String parentNamespace = namespaces.get(top);
            Element parentElement = open.get(top);
            String namespace;
            if (!parentNamespace.equals(Namespaces.HTML) && !HTML_INTEGRATION.contains(parentElement.name)
                    && !BREAKOUT.contains(name)) {
                namespace = parentNamespace;
            } else {
                namespace = name.equals("svg") ? Namespaces.SVG : name.equals("math") ? Namespaces.MATHML
                        : Namespaces.HTML;
            }
            Element element = new Element(elements.size(), name, attributes);
            element.namespace = namespace;
            elements.add(element);
            Tag tag = new Tag(name, attributes, namespace.equals(Namespaces.HTML), listAttributes);
            tag.namespace = namespace;
            pendingMatches = element.matched;
            stack.candidateCount = 0;
            int depth = stack.startTag(tag, selfClosing, this::matched, listener);
            candidatesExamined += stack.candidateCount;
            int parentDepth = depth > 0 ? depth - 1 : stack.depth();
            Element parent = open.get(parentDepth);
            element.parent = parent == null ? -1 : parent.index;
            element.depth = depth;
            events.add("+" + element.label() + (depth > 0 ? "@" + depth : ""));
            if (depth > 0) {
                while (open.size() <= depth) {
                    open.add(null);
                    namespaces.add(null);
                }
                open.set(depth, element);
                namespaces.set(depth, namespace);
            }
        }

        boolean end(String name) {
            boolean html = namespaces.get(stack.depth()).equals(Namespaces.HTML);
            pendingMatches = new ArrayList<>();
            return stack.endTag(ElementNames.hash(name), name, html, this::matched, listener);
        }

        void end() {
            pendingMatches = new ArrayList<>();
            stack.endOfInput(this::matched, listener);
        }

        /** Where matches go: the implied element about to be reported, or the tag's own element. */
        private List<Integer> pendingMatches;
        private List<Integer> elementMatches;

        private void matched(int id) {
            pendingMatches.add(id);
        }

        private final ClosedElementListener listener = new ClosedElementListener() {
            @Override
            public void closed(int depth, Closing how) {
                Run.this.closed(depth, how);
            }

            @Override
            public void impliedOpened(int depth, String localName) {
                implied(depth, localName);
            }
        };

        /** An implied element (labelled with its name and *): its matches are those collected so far. */
        private void implied(int depth, String name) {
            Element element = new Element(elements.size(), name, Map.of());
            element.namespace = Namespaces.HTML;
            element.implied = true;
            element.matched.addAll(pendingMatches);
            pendingMatches.clear();
            elements.add(element);
            Element parent = open.get(depth > 0 ? depth - 1 : stack.depth());
            element.parent = parent == null ? -1 : parent.index;
            element.depth = depth;
            events.add("+" + name + "*" + (depth > 0 ? "@" + depth : ""));
            if (depth > 0) {
                while (open.size() <= depth) {
                    open.add(null);
                    namespaces.add(null);
                }
                open.set(depth, element);
                namespaces.set(depth, Namespaces.HTML);
            }
        }

        private void closed(int depth, Closing how) {
            Element element = open.get(depth);
            element.closing = how;
            events.add("-" + element.label() + (how == Closing.EXPLICIT ? "" : how == Closing.IMPLICIT ? "~" : "$"));
        }

        /** Labels of elements matched by selector {@code id}. */
        List<String> matchedBy(int id) {
            List<String> labels = new ArrayList<>();
            for (Element element : elements) {
                if (element.matched.contains(id)) {
                    labels.add(element.label());
                }
            }
            return labels;
        }
    }

    /** Labels (id, else data-n, else name) of the elements {@code selector} matches in {@code html}. */
    static List<String> select(String selector, String html) {
        return select(Selector.parse(selector), html);
    }

    static List<String> select(Selector selector, String html) {
        return Run.of(SelectorProgram.compile(List.of(selector)), html).matchedBy(0);
    }

    /** The open/close events of streaming {@code html} (no selectors). */
    static String events(String html) {
        return String.join(" ", Run.of(SelectorProgram.compile(List.of()), html).events);
    }
}
