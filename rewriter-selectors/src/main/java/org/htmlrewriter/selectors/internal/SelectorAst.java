package org.htmlrewriter.selectors.internal;

import java.util.List;

/**
 * The parsed form of a selector: immutable records whose {@code equals} is structural, and whose
 * {@code toString} is the canonical CSS text. Names are stored ASCII-lowercased where CSS compares them
 * case-insensitively (type and attribute names), so equal meaning gives equal records.
 */
final class SelectorAst {
    private SelectorAst() {
    }

    enum Combinator {
        DESCENDANT(" "), CHILD(" > "), ADJACENT_SIBLING(" + "), GENERAL_SIBLING(" ~ ");

        final String text;

        Combinator(String text) {
            this.text = text;
        }
    }

    /** {@code compounds[0] combinators[0] compounds[1] ...}; one combinator fewer than compounds. */
    record Complex(List<Compound> compounds, List<Combinator> combinators) {
        Complex {
            compounds = List.copyOf(compounds);
            combinators = List.copyOf(combinators);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < compounds.size(); i++) {
                if (i > 0) {
                    out.append(combinators.get(i - 1).text);
                }
                out.append(compounds.get(i));
            }
            return out.toString();
        }
    }

    /**
     * The namespace part of a name ({@code prefix|name}): {@link #ANY} ({@code *|}), {@link #NONE} ({@code |}: no
     * namespace), or a declared prefix with the namespace URI it was declared for. A prefix declared for the empty
     * URI means no namespace, so it is stored as {@link #NONE}; the prefix is kept (and compared) so that the
     * canonical text re-parses with the same declarations.
     */
    record Namespace(String prefix, String uri) {
        static final Namespace ANY = new Namespace("*", null);
        static final Namespace NONE = new Namespace("", "");

        /** A declared prefix, or {@link #NONE} when it was declared for the empty URI. */
        static Namespace declared(String prefix, String uri) {
            return uri.isEmpty() ? NONE : new Namespace(prefix, uri);
        }

        boolean isAny() {
            return uri == null;
        }

        boolean isNone() {
            return uri != null && uri.isEmpty();
        }

        @Override
        public String toString() {
            return isAny() ? "*|" : isNone() ? "|" : CssText.identifier(prefix) + "|";
        }
    }

    /**
     * A type selector (null: any element) in a namespace, and simple selectors, all of which must match. Without a
     * prefix, or with {@code *|}, the namespace is {@link Namespace#ANY}: no default namespace can be declared, so
     * {@code E} and {@code *|E} are the same selector (canonically {@code E}).
     */
    record Compound(Namespace namespace, String typeName, List<Simple> simples) {
        Compound {
            simples = List.copyOf(simples);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            if (!namespace.isAny()) {
                out.append(namespace).append(typeName != null ? CssText.identifier(typeName) : "*");
            } else if (typeName != null) {
                out.append(CssText.identifier(typeName));
            } else if (simples.isEmpty()) {
                out.append('*');
            }
            for (Simple simple : simples) {
                out.append(simple);
            }
            return out.toString();
        }
    }

    sealed interface Simple permits Id, ClassName, Attribute, Nth, Root, Logical {
    }

    record Id(String id) implements Simple {
        @Override
        public String toString() {
            return "#" + CssText.identifier(id);
        }
    }

    record ClassName(String name) implements Simple {
        @Override
        public String toString() {
            return "." + CssText.identifier(name);
        }
    }

    enum AttributeOperator {
        EXISTS(""), EQUALS("="), INCLUDES("~="), DASH_MATCH("|="), PREFIX("^="), SUFFIX("$="), SUBSTRING("*=");

        final String text;

        AttributeOperator(String text) {
            this.text = text;
        }
    }

    enum CaseSensitivity {
        /** As HTML says for this attribute: a few listed attributes compare ASCII case-insensitively. */
        DEFAULT(""), INSENSITIVE(" i"), SENSITIVE(" s");

        final String text;

        CaseSensitivity(String text) {
            this.text = text;
        }
    }

    /**
     * {@code value} is null exactly when the operator is {@link AttributeOperator#EXISTS}. Without a prefix, or
     * with {@code |}, the namespace is {@link Namespace#NONE} (canonically no prefix): the default namespace never
     * applies to attributes.
     */
    record Attribute(Namespace namespace, String name, AttributeOperator operator, String value,
            CaseSensitivity caseSensitivity) implements Simple {
        @Override
        public String toString() {
            String qualifiedName = (namespace.isNone() ? "" : namespace.toString()) + CssText.identifier(name);
            if (operator == AttributeOperator.EXISTS) {
                return "[" + qualifiedName + "]";
            }
            return "[" + qualifiedName + operator.text + CssText.string(value) + caseSensitivity.text + "]";
        }
    }

    enum NthKind {
        CHILD("nth-child", "first-child"), OF_TYPE("nth-of-type", "first-of-type");

        final String functionName;
        final String firstName;

        NthKind(String functionName, String firstName) {
            this.functionName = functionName;
            this.firstName = firstName;
        }
    }

    /** {@code :nth-child(An+B [of S])} / {@code :nth-of-type(An+B)}; {@code of} is null when absent. */
    record Nth(NthKind kind, int a, int b, List<Complex> of) implements Simple {
        Nth {
            of = of == null ? null : List.copyOf(of);
        }

        boolean matchesIndex(long index) {
            long offset = index - b;
            if (a == 0) {
                return offset == 0;
            }
            return offset % a == 0 && offset / a >= 0;
        }

        @Override
        public String toString() {
            if (a == 0 && b == 1 && of == null) {
                return ":" + kind.firstName;
            }
            StringBuilder out = new StringBuilder(":").append(kind.functionName).append('(');
            if (a == 0) {
                out.append(b);
            } else {
                out.append(a == 1 ? "" : a == -1 ? "-" : Integer.toString(a)).append('n');
                if (b > 0) {
                    out.append('+').append(b);
                } else if (b < 0) {
                    out.append(b);
                }
            }
            if (of != null) {
                out.append(" of ");
                CssText.appendList(out, of);
            }
            return out.append(')').toString();
        }
    }

    record Root() implements Simple {
        @Override
        public String toString() {
            return ":root";
        }
    }

    enum LogicalKind {
        IS("is"), WHERE("where"), NOT("not");

        final String name;

        LogicalKind(String name) {
            this.name = name;
        }
    }

    /** {@code :is(S)}, {@code :where(S)} (same matching, kept apart for round trips) and {@code :not(S)}. */
    record Logical(LogicalKind kind, List<Complex> selectors) implements Simple {
        Logical {
            selectors = List.copyOf(selectors);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(":").append(kind.name).append('(');
            CssText.appendList(out, selectors);
            return out.append(')').toString();
        }
    }
}
