package org.htmlrewriter.internal.treesim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nu.validator.htmlparser.common.TokenHandler;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.impl.ElementName;
import nu.validator.htmlparser.impl.HtmlAttributes;
import nu.validator.htmlparser.impl.Tokenizer;
import nu.validator.htmlparser.impl.TreeBuilder;
import org.xml.sax.SAXException;

/**
 * The elements of a browser's tree at the moment each is inserted, as validator.nu's real tree builder inserts
 * them: the oracle for the engine's element stack, which must report to selectors exactly these elements (implied
 * ones included, stray tags excluded) with these ancestors and sibling positions.
 *
 * <p>{@link #run(String, boolean)} runs validator.nu's tokenizer and its {@link TreeBuilder}, subclassed here to
 * build a small tree of nodes with parent pointers, and returns one {@link InsertedElement} per element inserted
 * into the document, in insertion order, and one {@link StartTag} per start tag token the tokenizer emitted.
 *
 * <h2>Insertion</h2>
 * An element is inserted when it first becomes connected: its parent chain reaches the document. Nearly always
 * that is the call that appends it (or inserts it before a table). The adoption agency algorithm is the exception:
 * it builds a chain of clones detached from the tree and connects it with one append; the clones of that chain are
 * recorded then, outermost first (tree order), each with the ancestors and position it has at that moment. An
 * element moved later (the adoption agency moves the furthest block and its children, a frameset removes the
 * body) keeps its one record: records tell where an element was inserted, not where it ends up;
 * {@link InsertedElement#inFinalTree()} tells whether it is still connected at the end.
 *
 * <h2>Origin</h2>
 * Each start tag token is handed to the tree builder with an attributes object of its own (a copy the oracle
 * makes; the tokenizer shares one empty object between all tags without attributes). The rule:
 * <ul>
 *   <li>{@link Origin#EXPLICIT}: the element was created with that very attributes object while its start tag
 *       was being processed. The tree builder creates the element for a start tag with the token's attributes
 *       (after adjusting SVG/MathML names in place) and everything else with other objects, so identity
 *       decides, whatever the element's name ({@code <image>} makes an {@code img}). One exception, handled by
 *       name: for a {@code <body>} start tag without attributes validator.nu creates the body with its shared
 *       empty attributes object (an optimisation for its SAX tree), so a {@code body} created while such a tag
 *       is processed is that tag's.</li>
 *   <li>{@link Origin#CLONE}: created while the tree builder's {@code adoptionAgencyEndTag} or
 *       {@code reconstructTheActiveFormattingElements} is on the call stack (read with a {@link StackWalker}):
 *       a copy of an earlier formatting element, with that element's attributes.</li>
 *   <li>{@link Origin#IMPLIED}: any other element: created by the tree builder with no start tag of its own.
 *       That is {@code html}, {@code head}, {@code body}, {@code tbody}, {@code tr}, {@code colgroup}; the
 *       {@code p} an end tag {@code </p>} creates when no {@code p} is in button scope; and the {@code br} an
 *       end tag {@code </br>} creates (it has no start tag: its bytes are an end tag, so rewriting it as an
 *       element means writing a start tag, as for the others; {@link InsertedElement#during()} tells the two
 *       apart).</li>
 * </ul>
 * Limits: the CLONE rule relies on the private method names of validator.nu 1.4.16's {@code TreeBuilder}. Each
 * classification is cross-checked against the names it allows (a CLONE is an HTML formatting element; an
 * IMPLIED element is one of the names above, {@code p} and {@code br} only during their end tag, and never the
 * name of the start tag being processed, which would be that tag's element missed by the rule), and a
 * mismatch throws {@link IllegalStateException}: a renamed method or a new kind of implied element fails the
 * conformance run loudly instead of misclassifying.
 *
 * <h2>Foster parenting</h2>
 * {@link InsertedElement#fosterParented()} is true when the element was inserted through the tree builder's
 * foster-parenting path (the current node was a table, tbody, tfoot, thead or tr and the element is not allowed
 * there): it then lands before the table, in the table's parent; or in the element above the table on the stack
 * when the table has no parent; or in the content of the last {@code template} when that template is more recent
 * on the stack than the last table. In every case its parent is not the current node; conversely, every other new
 * element outside the adoption agency goes into the current node. The oracle checks both at each insertion and
 * throws {@link IllegalStateException} otherwise.
 *
 * <h2>Templates</h2>
 * Elements parsed inside a {@code template} go into its content, a document fragment. Here they are the
 * template element's children ({@link Result#treeDump()} prints them under {@code content}, as the html5lib format
 * does), so an ancestor chain runs through the template element up to the root: what a selector engine that
 * treats template content as ordinary descendants sees (a browser's {@code querySelector} would not).
 *
 * <h2>Elements that leave the tree</h2>
 * A {@code <frameset>} accepted after an implied body removes that body and everything in it; the adoption agency
 * moves elements. Their records stay (a streaming engine has reported them by then), marked by
 * {@link InsertedElement#inFinalTree()} when they are no longer connected at the end.
 *
 * <h2>Which tree builder</h2>
 * validator.nu 1.4.16 (2020) predates some changes to the HTML standard, and the oracle answers as it does: it does
 * not know {@code <search>} (a plain inline element to it), it parses {@code <select>} content the old way (drops
 * {@code <svg>}, {@code <math>}, {@code <hr>}, {@code <keygen>}, {@code <div>}, {@code <button>}, formatting
 * elements and {@code <plaintext>} inside a select), and for {@code <nobr>} with a marker (e.g. a
 * {@code <marquee>}) after the open {@code nobr} it nests the new {@code nobr} instead of closing the old one.
 * {@code TreeInsertionConformanceTest} lists these cases: everywhere else the final tree equals the html5lib
 * expectation.
 *
 * <p>Not covered: fragment parsing (a context element), and scripts (no {@code document.write}).
 */
public final class TreeInsertionOracle {

    private static final Set<String> FORMATTING_ELEMENTS = Set.of("a", "b", "big", "code", "em", "font", "i",
            "nobr", "s", "small", "strike", "strong", "tt", "u");
    private static final Set<String> IMPLIED_ANY_TIME = Set.of("html", "head", "body", "tbody", "tr", "colgroup");
    private static final Set<String> CLONING_METHODS =
            Set.of("adoptionAgencyEndTag", "reconstructTheActiveFormattingElements");
    private static final Set<String> FOSTER_PARENTING_METHODS =
            Set.of("insertIntoFosterParent", "createAndInsertFosterParentedElement");
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private TreeInsertionOracle() {
    }

    /** An element's namespace. */
    public enum Namespace {
        HTML("http://www.w3.org/1999/xhtml", ""),
        SVG("http://www.w3.org/2000/svg", "svg"),
        MATHML("http://www.w3.org/1998/Math/MathML", "math");

        private final String uri;
        private final String prefix;

        Namespace(String uri, String prefix) {
            this.uri = uri;
            this.prefix = prefix;
        }

        /** The namespace URI. */
        public String uri() {
            return uri;
        }

        static Namespace of(String uri) {
            for (Namespace ns : values()) {
                if (ns.uri.equals(uri)) {
                    return ns;
                }
            }
            throw new IllegalStateException("element in namespace " + uri);
        }

        /** The name as rendered (CSS namespace syntax): {@code svg|foreignObject}, {@code math|mi}, plain for HTML. */
        String qualify(String localName) {
            return prefix.isEmpty() ? localName : prefix + "|" + localName;
        }
    }

    /** Why an element exists. */
    public enum Origin {
        /** Created for a start tag of the input. */
        EXPLICIT,
        /** Created by the tree builder without a start tag of its own. */
        IMPLIED,
        /** A copy of an earlier formatting element (adoption agency, reconstruction of formatting elements). */
        CLONE
    }

    /** The kinds of tokens the tokenizer hands the tree builder. */
    public enum TokenKind {
        DOCTYPE, START_TAG, END_TAG, CHARACTERS, COMMENT, END_OF_INPUT
    }

    /**
     * A token as the tree builder received it.
     *
     * @param kind its kind
     * @param name the tag name as the tokenizer read it (lowercase), null for other kinds
     * @param index for a tag, its 0-based position among the tags of its kind (start tags, end tags); else -1
     */
    public record Token(TokenKind kind, String name, int index) {
        @Override
        public String toString() {
            return switch (kind) {
                case START_TAG -> "start tag " + index + " <" + name + ">";
                case END_TAG -> "end tag " + index + " </" + name + ">";
                case CHARACTERS -> "characters";
                case COMMENT -> "comment";
                case DOCTYPE -> "doctype";
                case END_OF_INPUT -> "end of input";
            };
        }
    }

    /**
     * An ancestor of an inserted element, as it was at the insertion.
     *
     * @param element the ancestor's index in {@link Result#elements()}
     * @param name its local name
     * @param namespace its namespace
     * @param origin its origin
     */
    public record Ancestor(int element, String name, Namespace namespace, Origin origin) {
    }

    /**
     * One element, at the moment it was inserted into the document.
     *
     * @param index its position in {@link Result#elements()} (insertion order)
     * @param name its local name as the tree has it ({@code foreignObject}, {@code img} for {@code <image>})
     * @param namespace its namespace
     * @param origin why it exists
     * @param startTag for an {@link Origin#EXPLICIT} element, the 0-based index of its start tag among all start
     *     tags the tokenizer emitted; else -1
     * @param during the token being processed when the tree builder created it
     * @param attributes its attributes when created, by qualified name ({@code xlink:href}), in source order
     * @param ancestors its ancestors when inserted, parent first, up to the root element (the document is not
     *     included; a template's content counts as the template's children)
     * @param childIndex its 1-based position among its parent's element children when inserted
     * @param fosterParented whether the foster-parenting path inserted it (see the class comment)
     * @param inFinalTree whether it is still connected when the document ends
     */
    public record InsertedElement(int index, String name, Namespace namespace, Origin origin, int startTag,
            Token during, Map<String, String> attributes, List<Ancestor> ancestors, int childIndex,
            boolean fosterParented, boolean inFinalTree) {

        /** E.g. {@code html[implied] > body[implied] > table > tbody[implied] #1}, {@code ... > div[foster] #1}. */
        public String render() {
            StringBuilder sb = new StringBuilder();
            for (int i = ancestors.size() - 1; i >= 0; i--) {
                Ancestor a = ancestors.get(i);
                sb.append(label(a.name(), a.namespace(), a.origin())).append(" > ");
            }
            sb.append(label(name, namespace, origin));
            if (fosterParented) {
                sb.append("[foster]");
            }
            return sb.append(" #").append(childIndex).toString();
        }

        /** {@link #render()} with what caused the element, its attributes, and whether it was removed later. */
        public String describe() {
            StringBuilder sb = new StringBuilder(render());
            if (!attributes.isEmpty()) {
                sb.append(' ').append(attributes);
            }
            sb.append(origin == Origin.EXPLICIT ? "  <- " : "  during ").append(during);
            if (!inFinalTree) {
                sb.append(" (not in the final tree)");
            }
            return sb.toString();
        }

        InsertedElement withInFinalTree(boolean connected) {
            return new InsertedElement(index, name, namespace, origin, startTag, during, attributes, ancestors,
                    childIndex, fosterParented, connected);
        }

        private static String label(String name, Namespace namespace, Origin origin) {
            String qualified = namespace.qualify(name);
            return switch (origin) {
                case EXPLICIT -> qualified;
                case IMPLIED -> qualified + "[implied]";
                case CLONE -> qualified + "[clone]";
            };
        }
    }

    /**
     * A start tag token the tokenizer emitted, and what the tree builder made of it.
     *
     * @param index its 0-based position among all start tags
     * @param name its name as the tokenizer read it (lowercase)
     * @param element the index of the element created for it in {@link Result#elements()}, or -1 when it made
     *     none (ignored, or its attributes merged onto an existing element)
     * @param mergedInto the index of the existing element ({@code html} or {@code body}) its attributes were
     *     added to, or -1
     */
    public record StartTag(int index, String name, int element, int mergedInto) {
    }

    /**
     * What one run found.
     *
     * @param input the document
     * @param scripting whether scripting was on
     * @param elements every element inserted, in insertion order
     * @param startTags every start tag token, in input order
     * @param treeDump the final tree in the html5lib tree-construction format: one line per node, {@code | } plus
     *     two spaces per level; elements as {@code <name>} ({@code <svg name>}, {@code <math name>}), attributes
     *     sorted by name below them ({@code xlink href="..."} for namespaced ones), text in double quotes,
     *     comments as {@code <!-- text -->}, a template's content under a {@code content} line
     */
    public record Result(String input, boolean scripting, List<InsertedElement> elements, List<StartTag> startTags,
            String treeDump) {

        /** {@link InsertedElement#render()} of every element, in insertion order. */
        public List<String> rendered() {
            return elements.stream().map(InsertedElement::render).collect(Collectors.toList());
        }

        /** For each start tag (by index), the index of the element it created, or -1. */
        public List<Integer> elementOfStartTag() {
            return startTags.stream().map(StartTag::element).collect(Collectors.toList());
        }

        /** Every element described on its own line, then the start tags that created none. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (InsertedElement e : elements) {
                sb.append(e.index()).append(": ").append(e.describe()).append('\n');
            }
            for (StartTag t : startTags) {
                if (t.element() < 0) {
                    sb.append("start tag ").append(t.index()).append(" <").append(t.name()).append("> made no element")
                            .append(t.mergedInto() < 0 ? "" : ", attributes merged onto element " + t.mergedInto())
                            .append('\n');
                }
            }
            return sb.toString();
        }
    }

    /** Parses {@code html} as a document, with scripting on or off, and reports its elements as inserted. */
    public static Result run(String html, boolean scripting) {
        Builder builder = new Builder();
        builder.setScriptingEnabled(scripting);
        builder.setIgnoringComments(false);
        // names as the HTML standard has them (xyz:abc), not escaped into XML names (xyzU00003Aabc)
        builder.setNamePolicy(XmlViolationPolicy.ALLOW);
        Interceptor interceptor = new Interceptor(builder);
        ValidatorNuOracle.tokenize(new Tokenizer(interceptor, true), html);
        return builder.result(html, scripting);
    }

    /**
     * Prints the elements of a document as inserted, then its final tree: {@code TreeInsertionOracle [--no-scripting]
     * [HTML]}, the document read from standard input when not given. After a test-compile, from the repository:
     * {@code java -cp} with {@code rewriter-selectors/target/classes}, {@code rewriter-core/target/classes},
     * {@code rewriter-core/target/test-classes} and the local Maven repository's
     * {@code nu/validator/htmlparser/1.4.16/htmlparser-1.4.16.jar}, then
     * {@code org.htmlrewriter.internal.treesim.TreeInsertionOracle '<table><div>'}.
     */
    public static void main(String[] args) throws IOException {
        boolean scripting = true;
        String html = null;
        for (String arg : args) {
            if (arg.equals("--no-scripting")) {
                scripting = false;
            } else {
                html = arg;
            }
        }
        if (html == null) {
            InputStream in = System.in;
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Result result = run(html, scripting);
        System.out.print(result.describe());
        System.out.println("final tree:");
        System.out.println(result.treeDump());
    }

    private enum Kind {
        DOCUMENT, DOCTYPE, ELEMENT, TEXT, COMMENT
    }

    /** A node of the tree the subclass builds: enough for parents, positions and the html5lib dump. */
    private static final class Node {
        final Kind kind;
        final String name;
        final Namespace namespace;
        /** Attributes by qualified name, in source order; the names the html5lib dump gives them in dumpNames. */
        final Map<String, String> attributes = new LinkedHashMap<>();
        final Map<String, String> dumpNames = new LinkedHashMap<>();
        final StringBuilder text;
        final List<Node> children = new ArrayList<>();
        Node parent;
        Origin origin;
        int startTag = -1;
        Token createdDuring;
        /** Index of its record once inserted, else -1. */
        int record = -1;

        private Node(Kind kind, String name, Namespace namespace, String text) {
            this.kind = kind;
            this.name = name;
            this.namespace = namespace;
            this.text = text == null ? null : new StringBuilder(text);
        }

        static Node element(String ns, String name, HtmlAttributes attributes) {
            Node node = new Node(Kind.ELEMENT, name, Namespace.of(ns), null);
            node.addAbsent(attributes);
            return node;
        }

        /** Adds the attributes this element does not have yet (the tree builder's merge rule for html and body). */
        void addAbsent(HtmlAttributes added) {
            for (int i = 0; i < added.getLength(); i++) {
                String qName = added.getQNameNoBoundsCheck(i);
                if (!attributes.containsKey(qName)) {
                    attributes.put(qName, added.getValueNoBoundsCheck(i));
                    dumpNames.put(qName, Html5libTreeFormat.attributeName(added.getURINoBoundsCheck(i),
                            added.getLocalNameNoBoundsCheck(i)));
                }
            }
        }

        void append(Node child) {
            child.detach();
            children.add(child);
            child.parent = this;
        }

        void insertBefore(Node child, Node reference) {
            child.detach();
            children.add(children.indexOf(reference), child);
            child.parent = this;
        }

        void detach() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }

        boolean connected() {
            Node n = this;
            while (n.parent != null) {
                n = n.parent;
            }
            return n.kind == Kind.DOCUMENT;
        }

        void appendText(char[] buf, int start, int length) {
            Node last = children.isEmpty() ? null : children.get(children.size() - 1);
            if (last != null && last.kind == Kind.TEXT) {
                last.text.append(buf, start, length);
            } else {
                append(new Node(Kind.TEXT, null, null, new String(buf, start, length)));
            }
        }

        void dump(StringBuilder out, int level) {
            switch (kind) {
                case DOCUMENT:
                    break;
                case DOCTYPE:
                    Html5libTreeFormat.line(out, level).append(text);
                    break;
                case TEXT:
                    Html5libTreeFormat.line(out, level).append('"').append(text).append('"');
                    break;
                case COMMENT:
                    Html5libTreeFormat.line(out, level).append("<!-- ").append(text).append(" -->");
                    break;
                case ELEMENT:
                    Html5libTreeFormat.element(out, level, namespace.uri(), name);
                    Map<String, String> byFormatName = new LinkedHashMap<>();
                    attributes.forEach((qName, value) -> byFormatName.put(dumpNames.get(qName), value));
                    Html5libTreeFormat.attributes(out, level + 1, byFormatName);
                    if (isTemplate()) {
                        Html5libTreeFormat.line(out, level + 1).append("content");
                        level++;
                    }
                    break;
                default:
                    throw new IllegalStateException(kind.toString());
            }
            int childLevel = kind == Kind.DOCUMENT ? level : level + 1;
            for (Node child : children) {
                child.dump(out, childLevel);
            }
        }

        private boolean isTemplate() {
            return namespace == Namespace.HTML && name.equals("template");
        }

    }

    /** Mutable state of one start tag while the run goes on. */
    private static final class StartTagSlot {
        final String name;
        int element = -1;
        int mergedInto = -1;

        StartTagSlot(String name) {
            this.name = name;
        }
    }

    /** validator.nu's tree builder, building {@link Node}s and recording each element as it is inserted. */
    private static final class Builder extends TreeBuilder<Node> {
        private final Node document = new Node(Kind.DOCUMENT, null, null, null);
        private final List<InsertedElement> records = new ArrayList<>();
        private final List<Node> recorded = new ArrayList<>();
        private final List<Node> created = new ArrayList<>();
        final List<StartTagSlot> startTags = new ArrayList<>();
        /** The token being processed, set by the interceptor. */
        Token during;
        /** The attributes object handed over with the start tag being processed, else null. */
        HtmlAttributes tokenAttributes;

        Result result(String input, boolean scripting) {
            for (Node node : created) {
                if (node.record < 0) {
                    throw new IllegalStateException("<" + node.name + "> was created but never inserted");
                }
            }
            List<InsertedElement> elements = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                elements.add(records.get(i).withInFinalTree(recorded.get(i).connected()));
            }
            List<StartTag> tags = new ArrayList<>();
            for (int i = 0; i < startTags.size(); i++) {
                StartTagSlot slot = startTags.get(i);
                tags.add(new StartTag(i, slot.name, slot.element, slot.mergedInto));
            }
            StringBuilder dump = new StringBuilder();
            document.dump(dump, 0);
            return new Result(input, scripting, List.copyOf(elements), List.copyOf(tags), dump.toString());
        }

        private Node create(String ns, String name, HtmlAttributes attributes) throws SAXException {
            Node node = Node.element(ns, name, attributes);
            node.createdDuring = during;
            if (attributes == tokenAttributes || isAttributelessBodyTag(ns, name)) {
                node.origin = Origin.EXPLICIT;
                node.startTag = during.index();
                tokenAttributes = null; // one element per start tag
            } else {
                Set<String> methods = treeBuilderMethodsOnStack();
                node.origin = methods.stream().anyMatch(CLONING_METHODS::contains) ? Origin.CLONE : Origin.IMPLIED;
                checkClassification(node);
            }
            created.add(node);
            return node;
        }

        /**
         * Whether this is the body of a {@code <body>} start tag without attributes: the one element validator.nu
         * creates for a start tag with a shared empty attributes object instead of the token's.
         */
        private boolean isAttributelessBodyTag(String ns, String name) {
            return tokenAttributes != null && tokenAttributes.getLength() == 0 && name.equals("body")
                    && ns.equals(Namespace.HTML.uri()) && during.name().equals("body");
        }

        private static void checkClassification(Node node) {
            boolean expected;
            if (node.origin == Origin.CLONE) {
                expected = node.namespace == Namespace.HTML && FORMATTING_ELEMENTS.contains(node.name);
            } else {
                Token t = node.createdDuring;
                boolean duringOwnEndTag = t != null && t.kind() == TokenKind.END_TAG && node.name.equals(t.name());
                boolean duringOwnStartTag =
                        t != null && t.kind() == TokenKind.START_TAG && node.name.equals(t.name());
                // an element named as the start tag being processed would be that tag's, missed by the rule
                expected = node.namespace == Namespace.HTML && !duringOwnStartTag
                        && (IMPLIED_ANY_TIME.contains(node.name)
                                || (duringOwnEndTag && (node.name.equals("p") || node.name.equals("br"))));
            }
            if (!expected) {
                throw new IllegalStateException("unexpected " + node.origin + " element " + node.namespace
                        .qualify(node.name) + " during " + node.createdDuring);
            }
        }

        /** The names of the tree builder's methods on the call stack below the token handler call. */
        private static Set<String> treeBuilderMethodsOnStack() {
            return STACK.walk(frames -> frames.takeWhile(f -> f.getDeclaringClass() != Interceptor.class)
                    .filter(f -> f.getDeclaringClass() == TreeBuilder.class)
                    .map(StackWalker.StackFrame::getMethodName).collect(Collectors.toSet()));
        }

        private static boolean onFosterParentingPath() {
            return treeBuilderMethodsOnStack().stream().anyMatch(FOSTER_PARENTING_METHODS::contains);
        }

        /** Records the elements that {@code node}'s attachment connected, in tree order. */
        private void attached(Node node, boolean fosterParented) {
            if (node.parent.connected()) {
                checkFosterParenting(node, fosterParented);
                record(node, fosterParented);
            }
        }

        /**
         * Outside the adoption agency (which inserts where its algorithm says), a new element goes into the current
         * node exactly when it is not foster-parented: the {@code fosterParented} flag means "not where the stack
         * of open elements would put it".
         */
        private void checkFosterParenting(Node node, boolean fosterParented) {
            if (node.kind != Kind.ELEMENT || node.record >= 0 || node.parent.kind == Kind.DOCUMENT
                    || treeBuilderMethodsOnStack().contains("adoptionAgencyEndTag")) {
                return;
            }
            if ((node.parent == currentNode()) == fosterParented) {
                throw new IllegalStateException(node.namespace.qualify(node.name) + (fosterParented
                        ? " foster-parented into the current node" : " not foster-parented, outside the current node")
                        + " during " + during);
            }
        }

        private void record(Node node, boolean fosterParented) {
            if (node.kind != Kind.ELEMENT) {
                return;
            }
            if (node.record < 0) {
                List<Ancestor> ancestors = new ArrayList<>();
                for (Node a = node.parent; a.kind == Kind.ELEMENT; a = a.parent) {
                    ancestors.add(new Ancestor(a.record, a.name, a.namespace, a.origin));
                }
                int childIndex = 0;
                for (Node sibling : node.parent.children) {
                    if (sibling.kind == Kind.ELEMENT) {
                        childIndex++;
                    }
                    if (sibling == node) {
                        break;
                    }
                }
                node.record = records.size();
                records.add(new InsertedElement(node.record, node.name, node.namespace, node.origin, node.startTag,
                        node.createdDuring, Collections.unmodifiableMap(new LinkedHashMap<>(node.attributes)),
                        List.copyOf(ancestors), childIndex, fosterParented, true));
                recorded.add(node);
                if (node.origin == Origin.EXPLICIT) {
                    startTags.get(node.startTag).element = node.record;
                }
            }
            for (Node child : List.copyOf(node.children)) {
                record(child, false);
            }
        }

        @Override
        protected Node createElement(String ns, String name, HtmlAttributes attributes, Node intendedParent)
                throws SAXException {
            return create(ns, name, attributes);
        }

        @Override
        protected Node createHtmlElementSetAsRoot(HtmlAttributes attributes) throws SAXException {
            Node html = create(Namespace.HTML.uri(), "html", attributes);
            document.append(html);
            attached(html, false);
            return html;
        }

        @Override
        protected void detachFromParent(Node element) {
            element.detach();
        }

        @Override
        protected boolean hasChildren(Node element) {
            return !element.children.isEmpty();
        }

        @Override
        protected void appendElement(Node child, Node newParent) {
            newParent.append(child);
            attached(child, onFosterParentingPath());
        }

        @Override
        protected void appendChildrenToNewParent(Node oldParent, Node newParent) {
            for (Node child : List.copyOf(oldParent.children)) {
                newParent.append(child);
                attached(child, false);
            }
        }

        @Override
        protected void insertFosterParentedChild(Node child, Node table, Node stackParent) {
            fosterParent(child, table, stackParent);
            attached(child, true);
        }

        @Override
        protected Node createAndInsertFosterParentedElement(String ns, String name, HtmlAttributes attributes,
                Node table, Node stackParent) throws SAXException {
            Node child = create(ns, name, attributes);
            fosterParent(child, table, stackParent);
            attached(child, true);
            return child;
        }

        private static void fosterParent(Node child, Node table, Node stackParent) {
            if (table.parent != null) {
                table.parent.insertBefore(child, table);
            } else {
                stackParent.append(child);
            }
        }

        @Override
        protected void insertFosterParentedCharacters(char[] buf, int start, int length, Node table,
                Node stackParent) {
            if (table.parent == null) {
                stackParent.appendText(buf, start, length);
                return;
            }
            List<Node> siblings = table.parent.children;
            int at = siblings.indexOf(table);
            if (at > 0 && siblings.get(at - 1).kind == Kind.TEXT) {
                siblings.get(at - 1).text.append(buf, start, length);
            } else {
                table.parent.insertBefore(new Node(Kind.TEXT, null, null, new String(buf, start, length)), table);
            }
        }

        @Override
        protected void appendCharacters(Node parent, char[] buf, int start, int length) {
            parent.appendText(buf, start, length);
        }

        @Override
        protected void appendComment(Node parent, char[] buf, int start, int length) {
            parent.append(new Node(Kind.COMMENT, null, null, new String(buf, start, length)));
        }

        @Override
        protected void appendCommentToDocument(char[] buf, int start, int length) {
            appendComment(document, buf, start, length);
        }

        @Override
        protected void appendDoctypeToDocument(String name, String publicIdentifier, String systemIdentifier) {
            String ids = publicIdentifier.isEmpty() && systemIdentifier.isEmpty() ? ""
                    : " \"" + publicIdentifier + "\" \"" + systemIdentifier + "\"";
            document.append(new Node(Kind.DOCTYPE, null, null, "<!DOCTYPE " + name + ids + ">"));
        }

        @Override
        protected void addAttributesToElement(Node element, HtmlAttributes attributes) {
            element.addAbsent(attributes);
            if (during != null && during.kind() == TokenKind.START_TAG) {
                startTags.get(during.index()).mergedInto = element.record;
            }
        }
    }

    /**
     * Hands every token to the tree builder, telling it first which token it is processing; each start tag goes
     * with an attributes object of its own, so that the element created with it is recognisably that tag's.
     */
    private static final class Interceptor implements TokenHandler {
        private final Builder builder;
        private int endTags;

        Interceptor(Builder builder) {
            this.builder = builder;
        }

        private void processing(TokenKind kind) {
            builder.during = new Token(kind, null, -1);
        }

        @Override
        public void startTokenization(Tokenizer self) throws SAXException {
            builder.startTokenization(self);
        }

        @Override
        public boolean wantsComments() {
            return true;
        }

        @Override
        public void doctype(String name, String publicId, String systemId, boolean forceQuirks)
                throws SAXException {
            processing(TokenKind.DOCTYPE);
            builder.doctype(name, publicId, systemId, forceQuirks);
        }

        @Override
        public void startTag(ElementName name, HtmlAttributes attributes, boolean selfClosing)
                throws SAXException {
            int index = builder.startTags.size();
            builder.startTags.add(new StartTagSlot(name.getName()));
            builder.during = new Token(TokenKind.START_TAG, name.getName(), index);
            HtmlAttributes own = attributes.cloneAttributes();
            builder.tokenAttributes = own;
            try {
                builder.startTag(name, own, selfClosing);
            } finally {
                builder.tokenAttributes = null;
            }
        }

        @Override
        public void endTag(ElementName name) throws SAXException {
            builder.during = new Token(TokenKind.END_TAG, name.getName(), endTags++);
            builder.endTag(name);
        }

        @Override
        public void comment(char[] buf, int start, int length) throws SAXException {
            processing(TokenKind.COMMENT);
            builder.comment(buf, start, length);
        }

        @Override
        public void characters(char[] buf, int start, int length) throws SAXException {
            processing(TokenKind.CHARACTERS);
            builder.characters(buf, start, length);
        }

        @Override
        public void zeroOriginatingReplacementCharacter() throws SAXException {
            processing(TokenKind.CHARACTERS);
            builder.zeroOriginatingReplacementCharacter();
        }

        @Override
        public void eof() throws SAXException {
            processing(TokenKind.END_OF_INPUT);
            builder.eof();
        }

        @Override
        public void endTokenization() throws SAXException {
            processing(TokenKind.END_OF_INPUT);
            builder.endTokenization();
        }

        @Override
        public boolean cdataSectionAllowed() throws SAXException {
            return builder.cdataSectionAllowed();
        }

        @Override
        public void ensureBufferSpace(int inputLength) throws SAXException {
            builder.ensureBufferSpace(inputLength);
        }
    }
}
