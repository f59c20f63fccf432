package org.htmlrewriter.selectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.htmlrewriter.selectors.SelectorAst.Combinator;
import org.htmlrewriter.selectors.SelectorAst.Complex;
import org.htmlrewriter.selectors.SelectorAst.Compound;
import org.htmlrewriter.selectors.SelectorAst.Simple;

/**
 * All of a rewriter's selectors compiled together, once per settings, and shared by every document.
 *
 * <h2>How matching works</h2>
 * Each complex selector {@code K1 c1 K2 ... Kn} becomes a chain of <em>states</em>: state {@code i} holds for an
 * element when the element matches {@code Ki} and its {@code c(i-1)}-related element (an ancestor, the parent, the
 * previous sibling, some previous sibling) holds state {@code i-1}. Equal prefixes share states, across all
 * selectors and the selector lists nested in {@code :is()}, {@code :not()}, {@code :where()} and
 * {@code :nth-child(... of S)}. Each state is filed in one bucket by its compound's id, else a class, else the
 * type name, else in the "universal" bucket (browsers' rule hashes), so a start tag only looks at the states that
 * could hold for it. The {@link MatchingStack} decides the candidate states in increasing id order (a nested
 * list's states get smaller ids than the state that uses them), with the related element's states already known:
 * it keeps, per state, the depth of the innermost open element that holds it, and, per parent, the latest child
 * that holds it, restored when elements close. No selector ever walks the ancestors, so a start tag costs
 * O(candidate states) however deep the document is.
 *
 * <p>Immutable; thread-safe.
 */
public final class SelectorProgram {
    static final int LINK_NONE = 0;
    static final int LINK_DESCENDANT = 1;
    static final int LINK_CHILD = 2;
    static final int LINK_ADJACENT = 3;
    static final int LINK_GENERAL = 4;

    /** Marks a name key computed from the name's text because the name is not hashable. */
    static final long TEXT_KEY_BIT = 1L << 63;

    private final int selectorCount;
    final int stateCount;
    final int[] previousState;
    final int[] link;
    final ElementTest[][] tests;
    /** Whether some state's link looks for this state on an ancestor or the parent. */
    final boolean[] ancestorTarget;
    /** Whether some state's link looks for this state on a previous sibling. */
    final boolean[] siblingTarget;
    /** Top-level selector ids reported when this state holds, or null. */
    final int[][] reportedSelectors;
    /** Final states of each distinct {@code of S} list, counted per parent. */
    final int[][] ofLists;
    final boolean usesTypeIndex;
    private final boolean needsAttributes;

    final int[] universalBucket;
    private final LongIntMap typeBucketIndex;
    private final int[][] typeBuckets;
    final TextKeyedMap idBuckets;
    final TextKeyedMap classBuckets;
    final boolean hasIdBuckets;
    final boolean hasClassBuckets;

    /** Whether every reporting state names a type (then {@link #mayMatch} can answer no). */
    private final boolean reportingStatesAllTyped;
    private final LongIntMap reportingTypeKeys;

    private SelectorProgram(Compiler compiler, int selectorCount) {
        this.selectorCount = selectorCount;
        this.stateCount = compiler.states.size();
        previousState = new int[stateCount];
        link = new int[stateCount];
        tests = new ElementTest[stateCount][];
        ancestorTarget = new boolean[stateCount];
        siblingTarget = new boolean[stateCount];
        reportedSelectors = new int[stateCount][];
        boolean attributes = false;
        boolean typeIndex = false;
        List<Integer> universal = new ArrayList<>();
        Map<Long, List<Integer>> byType = new HashMap<>();
        Map<String, List<Integer>> byId = new LinkedHashMap<>();
        Map<String, List<Integer>> byClass = new LinkedHashMap<>();
        boolean allTyped = true;
        reportingTypeKeys = new LongIntMap(16);
        for (int id = 0; id < stateCount; id++) {
            CompiledState state = compiler.states.get(id);
            previousState[id] = state.previous;
            link[id] = state.link;
            tests[id] = state.tests;
            ancestorTarget[id] = state.ancestorTarget;
            siblingTarget[id] = state.siblingTarget;
            reportedSelectors[id] = state.reports.isEmpty() ? null
                    : state.reports.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
            for (ElementTest test : state.tests) {
                attributes |= test.readsAttributes();
                typeIndex |= test instanceof ElementTest.NthOfType;
            }
            if (state.idKey != null) {
                byId.computeIfAbsent(state.idKey, k -> new ArrayList<>()).add(id);
            } else if (state.classKey != null) {
                byClass.computeIfAbsent(state.classKey, k -> new ArrayList<>()).add(id);
            } else if (state.typeName != null) {
                byType.computeIfAbsent(typeKey(state.typeName), k -> new ArrayList<>()).add(id);
            } else {
                universal.add(id);
            }
            if (reportedSelectors[id] != null) {
                if (state.typeName == null) {
                    allTyped = false;
                } else {
                    reportingTypeKeys.put(typeKey(state.typeName), 1);
                }
            }
        }
        needsAttributes = attributes;
        usesTypeIndex = typeIndex;
        ofLists = compiler.ofLists.toArray(new int[0][]);
        universalBucket = toArray(universal);
        typeBucketIndex = new LongIntMap(byType.size());
        typeBuckets = new int[byType.size() + 1][];
        int bucket = 1;
        for (Map.Entry<Long, List<Integer>> entry : new TreeMap<>(byType).entrySet()) {
            typeBuckets[bucket] = toArray(entry.getValue());
            typeBucketIndex.put(entry.getKey(), bucket++);
        }
        idBuckets = new TextKeyedMap(toArrays(byId));
        classBuckets = new TextKeyedMap(toArrays(byClass));
        hasIdBuckets = !byId.isEmpty();
        hasClassBuckets = !byClass.isEmpty();
        reportingStatesAllTyped = allTyped;
    }

    /**
     * Compiles selectors into one program; selector {@code i} of the list gets id {@code i} (duplicates allowed,
     * each reported under its own id).
     *
     * @throws NullPointerException if the list or an element is null
     */
    public static SelectorProgram compile(List<Selector> selectors) {
        Compiler compiler = new Compiler();
        for (int i = 0; i < selectors.size(); i++) {
            Selector selector = Objects.requireNonNull(selectors.get(i), "selector");
            for (Complex complex : selector.complexSelectors()) {
                compiler.states.get(compiler.complex(complex)).reports.add(i);
            }
        }
        return new SelectorProgram(compiler, selectors.size());
    }

    /** Number of selectors compiled (ids are {@code 0 .. selectorCount()-1}). */
    public int selectorCount() {
        return selectorCount;
    }

    /** Whether any selector reads attributes (including {@code #id} and {@code .class}). */
    public boolean needsAttributes() {
        return needsAttributes;
    }

    /**
     * Whether any selector could possibly match an element with this name (tag-name index; used to skip work such
     * as building attribute views). A {@code false} answer is exact; {@code true} may be a false positive. The
     * element must still be passed to {@link MatchingStack#startTag}, which keeps the sibling and ancestor state.
     */
    public boolean mayMatch(long nameHash, CharSequence lowerCaseLocalName) {
        if (!reportingStatesAllTyped) {
            return true;
        }
        return reportingTypeKeys.get(elementKey(nameHash, lowerCaseLocalName)) != 0;
    }

    /**
     * A stack for one document.
     *
     * @param maxDepth the most elements that may be open at once; a start tag that would open one more throws
     *                 {@link StackDepthExceededException}
     * @throws IllegalArgumentException if {@code maxDepth < 1}
     */
    public MatchingStack newMatchingStack(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        return new MatchingStack(this, maxDepth);
    }

    /** The states filed under this element key, or null. */
    int[] typeBucket(long elementKey) {
        int index = typeBucketIndex.get(elementKey);
        return index == 0 ? null : typeBuckets[index];
    }

    /** Key of a type selector's name in the type buckets, equal to {@link #elementKey} of elements it matches. */
    static long typeKey(String name) {
        long hash = ElementTest.Type.selectorNameHash(name);
        return hash != 0 ? hash : textKey(name);
    }

    /** Key of an element name: its hash, or for unhashable names a 64-bit hash of the text with the top bit set. */
    static long elementKey(long nameHash, CharSequence name) {
        if (nameHash != 0) {
            return nameHash;
        }
        long hash = ElementNames.hash(name);
        return hash != 0 ? hash : textKey(name);
    }

    static long textKey(CharSequence name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash = (hash ^ name.charAt(i)) * 0x100000001b3L;
        }
        return hash | TEXT_KEY_BIT;
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Map<String, int[]> toArrays(Map<String, List<Integer>> lists) {
        Map<String, int[]> arrays = new HashMap<>();
        lists.forEach((key, ids) -> arrays.put(key, toArray(ids)));
        return arrays;
    }

    /** A state while compiling. */
    private static final class CompiledState {
        final int previous;
        final int link;
        ElementTest[] tests;
        String typeName;
        String idKey;
        String classKey;
        boolean ancestorTarget;
        boolean siblingTarget;
        final List<Integer> reports = new ArrayList<>();

        CompiledState(int previous, int link) {
            this.previous = previous;
            this.link = link;
        }
    }

    /** Interns states by (previous state, link, compound) so that equal prefixes share states. */
    private static final class Compiler {
        final List<CompiledState> states = new ArrayList<>();
        final Map<List<Object>, Integer> interned = new HashMap<>();
        final List<int[]> ofLists = new ArrayList<>();
        final Map<List<Complex>, Integer> ofListIds = new HashMap<>();

        /** Compiles a complex selector; returns its final state. */
        int complex(Complex complex) {
            int state = -1;
            for (int i = 0; i < complex.compounds().size(); i++) {
                int linkKind = i == 0 ? LINK_NONE : linkOf(complex.combinators().get(i - 1));
                state = state(state, linkKind, complex.compounds().get(i));
            }
            return state;
        }

        int[] list(List<Complex> list) {
            return list.stream().mapToInt(this::complex).distinct().toArray();
        }

        private int state(int previous, int linkKind, Compound compound) {
            List<Object> key = List.of(previous, linkKind, compound);
            Integer existing = interned.get(key);
            if (existing != null) {
                return existing;
            }
            // Nested lists first, so their states get smaller ids than this one.
            List<ElementTest> tests = new ArrayList<>();
            CompiledState state = new CompiledState(previous, linkKind);
            if (compound.typeName() != null) {
                tests.add(new ElementTest.Type(compound.typeName()));
                state.typeName = compound.typeName();
            }
            for (Simple simple : compound.simples()) {
                tests.add(test(simple, state));
            }
            state.tests = tests.toArray(new ElementTest[0]);
            int id = states.size();
            states.add(state);
            interned.put(key, id);
            if (previous >= 0) {
                CompiledState before = states.get(previous);
                if (linkKind == LINK_DESCENDANT || linkKind == LINK_CHILD) {
                    before.ancestorTarget = true;
                } else {
                    before.siblingTarget = true;
                }
            }
            return id;
        }

        private ElementTest test(Simple simple, CompiledState state) {
            if (simple instanceof SelectorAst.Id id) {
                if (state.idKey == null) {
                    state.idKey = id.id();
                }
                return new ElementTest.Id(id.id());
            } else if (simple instanceof SelectorAst.ClassName className) {
                if (state.classKey == null) {
                    state.classKey = className.name();
                }
                return new ElementTest.ClassName(className.name());
            } else if (simple instanceof SelectorAst.Attribute attribute) {
                return new ElementTest.Attribute(attribute.name(), attribute.operator(), attribute.value(),
                        attribute.caseSensitivity());
            } else if (simple instanceof SelectorAst.Nth nth) {
                if (nth.kind() == SelectorAst.NthKind.OF_TYPE) {
                    return new ElementTest.NthOfType(nth);
                }
                if (nth.of() == null) {
                    return new ElementTest.NthChild(nth);
                }
                int[] finalStates = list(nth.of());
                Integer counter = ofListIds.get(nth.of());
                if (counter == null) {
                    counter = ofLists.size();
                    ofLists.add(finalStates);
                    ofListIds.put(nth.of(), counter);
                }
                return new ElementTest.NthChildOf(nth, counter, finalStates);
            } else if (simple instanceof SelectorAst.Root) {
                return new ElementTest.Root();
            } else if (simple instanceof SelectorAst.Logical logical) {
                return new ElementTest.AnyOf(list(logical.selectors()),
                        logical.kind() == SelectorAst.LogicalKind.NOT);
            }
            throw new AssertionError(simple);
        }

        private static int linkOf(Combinator combinator) {
            switch (combinator) {
                case DESCENDANT:
                    return LINK_DESCENDANT;
                case CHILD:
                    return LINK_CHILD;
                case ADJACENT_SIBLING:
                    return LINK_ADJACENT;
                case GENERAL_SIBLING:
                    return LINK_GENERAL;
                default:
                    throw new AssertionError(combinator);
            }
        }
    }
}
