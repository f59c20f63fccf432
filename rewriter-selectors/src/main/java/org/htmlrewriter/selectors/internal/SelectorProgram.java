package org.htmlrewriter.selectors.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.htmlrewriter.selectors.internal.SelectorAst.Combinator;
import org.htmlrewriter.selectors.internal.SelectorAst.Complex;
import org.htmlrewriter.selectors.internal.SelectorAst.Compound;
import org.htmlrewriter.selectors.internal.SelectorAst.Simple;

/**
 * All of a rewriter's selectors compiled together, once per settings, and shared by every document.
 *
 * <h2>How matching works</h2>
 * Each complex selector {@code K1 c1 K2 ... Kn} becomes a chain of <em>states</em>: state {@code i} holds for an
 * element when the element matches {@code Ki} and its {@code c(i-1)}-related element (an ancestor, the parent, the
 * previous sibling, some previous sibling) holds state {@code i-1}. Equal prefixes share states, across all
 * selectors and the selector lists nested in {@code :is()}, {@code :not()}, {@code :where()} and
 * {@code :nth-child(... of S)}.
 *
 * <h2>Which states a start tag looks at</h2>
 * Each state is filed in one bucket by the most selective key of its compound (browsers' rule hashes): its id,
 * else a class, else an attribute value prefix ({@code [a=v]}, {@code [a^=v]}, {@code [a|=v]}, lowercased when
 * the value is compared ignoring case), else its type, else an attribute name ({@code [a]} and the other
 * operators), else its namespace ({@code svg|*}), else the "universal" bucket; a compound no element of an HTML
 * document can match ({@code |p}, {@code [xlink|id]}) is filed where no element looks. A start tag looks only at
 * the buckets of its own keys: its type, id, classes, namespace, and per attribute its name and, for each
 * distinct prefix length registered for that name, its value's prefix of that length. A first compound's state is a candidate whenever its bucket is looked at. A later
 * compound's state is a candidate only while its <em>target</em> holds: the state its combinator links to, held
 * by some open element (descendant and child combinators) or by some child of an open element (sibling
 * combinators). The {@link MatchingStack} keeps the set of targets that hold, updating it in O(1) when a state
 * starts or stops holding anywhere (which it tracks anyway), and per bucket finds the candidates through whichever
 * is fewer: the bucket's groups of states (one per target) or the targets that hold (one hash lookup each). So
 * {@code ul.menu > li} costs nothing on an {@code li} unless some {@code ul.menu} is open, {@code div .note}
 * costs nothing on an element without the class {@code note}, and a start tag's work does not grow with selectors
 * that cannot match it.
 *
 * <p>The {@link MatchingStack} decides the candidate states in increasing id order (a nested list's states get
 * smaller ids than the state that uses them), with the related element's states already known: it keeps, per
 * state, the depth of the innermost open element that holds it, and, per parent, the latest child that holds it,
 * restored when elements close. No selector ever walks the ancestors, so a start tag costs O(its attributes +
 * its buckets x min(groups, holding targets) + candidate states) however deep the document is.
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

    /** The bucket of states whose compound has no key: looked at for every element. */
    static final int UNIVERSAL_BUCKET = 0;
    static final int NO_BUCKET = -1;

    private final int selectorCount;
    final int stateCount;
    final int[] previousState;
    final int[] link;
    final CompiledSimpleSelector[][] tests;
    /** Whether some state's link looks for this state on an ancestor or the parent. */
    final boolean[] ancestorTarget;
    /** Whether some state's link looks for this state on a previous sibling. */
    final boolean[] siblingTarget;
    /** Top-level selector ids reported when this state holds, or null. */
    final int[][] reportedSelectors;
    /** Final states of each distinct {@code of S} list, counted per parent. */
    final int[][] ofLists;
    /** Per state: the {@code of S} lists it is a final state of, or null. */
    final int[][] ofListsOfState;
    final boolean usesTypeIndex;
    private final boolean needsAttributes;

    // ---- buckets (rule hashes) ----

    final int bucketCount;
    /** Per state: the bucket its compound's key files it in. */
    final int[] bucketOf;
    /** Per bucket: its first-compound states (no link), in increasing id order; always looked at. */
    final int[][] rootStates;
    /**
     * Per bucket: the groups of its later-compound states, one per <em>target</em> they link to. A target is a
     * state together with how it is looked up: {@code 2 * state} for descendant and child combinators (the state
     * holds for some open element), {@code 2 * state + 1} for sibling combinators (it holds for some child of an
     * open element). A group's states can only hold while its target does.
     */
    final int[][] bucketGroups;
    /** Per group: its target. */
    final int[] groupTarget;
    /** Per group: its states, in increasing id order. */
    final int[][] groupStates;
    /** {@code target << 32 | bucket} to group + 1. */
    private final LongIntMap groupIndex;
    private final LongIntMap typeBucketIndex;
    /** The same for the HTML element names {@link HtmlElements} knows, by id: an array read per tag. */
    private final int[] typeBucketById = new int[HtmlElements.count()];
    /** Namespace URI to the bucket of states keyed by it (compounds such as {@code svg|*}), or null if none. */
    private final Map<String, Integer> namespaceBuckets;
    final TextKeyedMap idBuckets;
    final TextKeyedMap classBuckets;
    final boolean hasIdBuckets;
    final boolean hasClassBuckets;
    /** Attribute name to its index in {@link #attributeBuckets}. */
    final TextKeyedMap attributeBucketsByName;
    final AttributeBuckets[] attributeBuckets;
    final boolean hasAttributeBuckets;
    /** Bit {@code n} set when some indexed attribute name has length {@code n} (names of 64+ chars: bit 0 unused). */
    final long attributeNameLengths;
    /** Whether matching reads the id, the class or other attributes to find buckets. */
    final boolean hasAttributeKeyedBuckets;

    /** Whether every reporting state names a type (then {@link #mayMatch} can answer no). */
    private final boolean reportingStatesAllTyped;
    private final LongIntMap reportingTypeKeys;

    private SelectorProgram(Compiler compiler, int selectorCount, boolean indexed) {
        this.selectorCount = selectorCount;
        this.stateCount = compiler.states.size();
        previousState = new int[stateCount];
        link = new int[stateCount];
        tests = new CompiledSimpleSelector[stateCount][];
        ancestorTarget = new boolean[stateCount];
        siblingTarget = new boolean[stateCount];
        reportedSelectors = new int[stateCount][];
        bucketOf = new int[stateCount];
        boolean attributes = false;
        boolean typeIndex = false;
        Map<BucketKey, Integer> bucketIds = new HashMap<>();
        bucketIds.put(new BucketKey(BucketKind.UNIVERSAL, ""), UNIVERSAL_BUCKET);
        List<BucketKey> keysInOrder = new ArrayList<>();
        keysInOrder.add(new BucketKey(BucketKind.UNIVERSAL, ""));
        boolean allTyped = true;
        reportingTypeKeys = new LongIntMap(16);
        // Each distinct prefix length of an attribute costs a lookup per element with that attribute; beyond a few,
        // prefixes are cut to a fixed set of lengths (a bucket then holds states whose prefixes share the cut).
        Map<List<Object>, java.util.Set<Integer>> prefixLengths = new HashMap<>();
        for (CompiledState state : compiler.states) {
            if (state.valuePrefix != null) {
                prefixLengths.computeIfAbsent(List.of(state.valuePrefix.name(), state.valuePrefixFolded),
                        k -> new java.util.HashSet<>()).add(state.valuePrefix.prefix().length());
            }
        }
        for (CompiledState state : compiler.states) {
            if (state.valuePrefix != null && prefixLengths.get(List.of(state.valuePrefix.name(),
                    state.valuePrefixFolded)).size() > MAX_PREFIX_LENGTHS) {
                state.valuePrefix = state.valuePrefix.cut();
            }
        }
        for (int id = 0; id < stateCount; id++) {
            CompiledState state = compiler.states.get(id);
            previousState[id] = state.previous;
            link[id] = state.link;
            tests[id] = state.tests;
            ancestorTarget[id] = state.ancestorTarget;
            siblingTarget[id] = state.siblingTarget;
            reportedSelectors[id] = state.reports.isEmpty() ? null
                    : state.reports.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
            for (CompiledSimpleSelector test : state.tests) {
                attributes |= test.readsAttributes();
                typeIndex |= test instanceof CompiledSimpleSelector.NthOfType;
            }
            BucketKey key = indexed ? state.bucketKey() : keysInOrder.get(UNIVERSAL_BUCKET);
            Integer bucket = bucketIds.get(key);
            if (bucket == null) {
                bucket = bucketIds.size();
                bucketIds.put(key, bucket);
                keysInOrder.add(key);
            }
            bucketOf[id] = bucket;
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
        ofListsOfState = new int[stateCount][];
        for (int list = 0; list < ofLists.length; list++) {
            for (int state : ofLists[list]) {
                int[] lists = ofListsOfState[state];
                lists = lists == null ? new int[1] : Arrays.copyOf(lists, lists.length + 1);
                lists[lists.length - 1] = list;
                ofListsOfState[state] = lists;
            }
        }
        bucketCount = keysInOrder.size();
        List<List<Integer>> roots = new ArrayList<>();
        List<List<Integer>> groupsOfBucket = new ArrayList<>();
        for (int bucket = 0; bucket < bucketCount; bucket++) {
            roots.add(new ArrayList<>());
            groupsOfBucket.add(new ArrayList<>());
        }
        Map<Long, Integer> groupIds = new HashMap<>();
        List<Integer> targets = new ArrayList<>();
        List<List<Integer>> members = new ArrayList<>();
        for (int id = 0; id < stateCount; id++) {
            int bucket = bucketOf[id];
            if (link[id] == LINK_NONE || !indexed) {
                roots.get(bucket).add(id);
                continue;
            }
            int target = target(previousState[id], link[id]);
            long key = groupKey(target, bucket);
            Integer group = groupIds.get(key);
            if (group == null) {
                group = targets.size();
                groupIds.put(key, group);
                targets.add(target);
                members.add(new ArrayList<>());
                groupsOfBucket.get(bucket).add(group);
            }
            members.get(group).add(id);
        }
        rootStates = new int[bucketCount][];
        bucketGroups = new int[bucketCount][];
        for (int bucket = 0; bucket < bucketCount; bucket++) {
            rootStates[bucket] = toArray(roots.get(bucket));
            bucketGroups[bucket] = toArray(groupsOfBucket.get(bucket));
        }
        groupTarget = toArray(targets);
        groupStates = new int[targets.size()][];
        groupIndex = new LongIntMap(Math.max(1, targets.size()));
        for (int group = 0; group < targets.size(); group++) {
            groupStates[group] = toArray(members.get(group));
            groupIndex.put(groupKey(targets.get(group), bucketOfFirst(members.get(group))), group + 1);
        }

        int typeBuckets = 0;
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byClass = new HashMap<>();
        Map<String, AttributeBucketsBuilder> byAttribute = new TreeMap<>();
        Map<String, Integer> byNamespace = new HashMap<>();
        for (BucketKey key : keysInOrder) {
            if (key.kind() == BucketKind.TYPE) {
                typeBuckets++;
            }
        }
        typeBucketIndex = new LongIntMap(Math.max(1, typeBuckets));
        for (int bucket = 0; bucket < bucketCount; bucket++) {
            BucketKey key = keysInOrder.get(bucket);
            switch (key.kind()) {
                case TYPE:
                    typeBucketIndex.put((Long) key.key(), bucket);
                    typeBucketById[HtmlElements.id((Long) key.key())] = bucket; // slot UNKNOWN is never read
                    break;
                case ID:
                    byId.put((String) key.key(), bucket);
                    break;
                case CLASS:
                    byClass.put((String) key.key(), bucket);
                    break;
                case ATTRIBUTE_NAME:
                    byAttribute.computeIfAbsent((String) key.key(), AttributeBucketsBuilder::new).nameBucket = bucket;
                    break;
                case NAMESPACE:
                    byNamespace.put((String) key.key(), bucket);
                    break;
                case ATTRIBUTE_PREFIX:
                case ATTRIBUTE_PREFIX_FOLDED: {
                    ValuePrefix prefix = (ValuePrefix) key.key();
                    AttributeBucketsBuilder builder = byAttribute.computeIfAbsent(prefix.name(),
                            AttributeBucketsBuilder::new);
                    (key.kind() == BucketKind.ATTRIBUTE_PREFIX ? builder.exact : builder.folded)
                            .put(prefix.prefix(), bucket);
                    break;
                }
                default:
                    break;
            }
        }
        namespaceBuckets = byNamespace.isEmpty() ? null : byNamespace;
        idBuckets = new TextKeyedMap(byId);
        classBuckets = new TextKeyedMap(byClass);
        hasIdBuckets = !byId.isEmpty();
        hasClassBuckets = !byClass.isEmpty();
        attributeBuckets = new AttributeBuckets[byAttribute.size()];
        Map<String, Integer> attributeIndex = new HashMap<>();
        for (AttributeBucketsBuilder builder : byAttribute.values()) {
            attributeIndex.put(builder.name, attributeIndex.size());
            attributeBuckets[attributeIndex.size() - 1] = builder.build();
        }
        attributeBucketsByName = new TextKeyedMap(attributeIndex);
        hasAttributeBuckets = attributeBuckets.length > 0;
        long lengths = 0;
        for (String name : attributeIndex.keySet()) {
            if (name.length() < 64) {
                lengths |= 1L << name.length();
            }
        }
        attributeNameLengths = lengths;
        hasAttributeKeyedBuckets = hasIdBuckets || hasClassBuckets || hasAttributeBuckets;
        reportingStatesAllTyped = allTyped;
    }

    /**
     * Compiles selectors into one program; selector {@code i} of the list gets id {@code i} (duplicates allowed,
     * each reported under its own id).
     *
     * @param selectors the selectors; a selector's id is its index in the list
     * @return the compiled program, immutable and thread-safe
     * @throws NullPointerException if the list or an element is null
     */
    public static SelectorProgram compile(List<Selector> selectors) {
        return compile(selectors, true);
    }

    /**
     * Compiles as {@link #compile(List)}, or ({@code indexed} false) with every state in the universal bucket, so that
     * every element examines every state: the reference the index must agree with.
     */
    static SelectorProgram compile(List<Selector> selectors, boolean indexed) {
        Compiler compiler = new Compiler();
        for (int i = 0; i < selectors.size(); i++) {
            Selector selector = Objects.requireNonNull(selectors.get(i), "selector");
            for (Complex complex : selector.complexSelectors()) {
                compiler.states.get(compiler.complex(complex)).reports.add(i);
            }
        }
        return new SelectorProgram(compiler, selectors.size(), indexed);
    }

    /** {@return number of selectors compiled (ids are {@code 0 .. selectorCount()-1})} */
    public int selectorCount() {
        return selectorCount;
    }

    /** {@return whether any selector reads attributes (including {@code #id} and {@code .class})} */
    public boolean needsAttributes() {
        return needsAttributes;
    }

    /**
     * Whether any selector could possibly match an element with this name (tag-name index; used to skip work such
     * as building attribute views). A {@code false} answer is exact; {@code true} may be a false positive. The
     * element must still be passed to {@link MatchingStack#startTag}, which keeps the sibling and ancestor state.
     *
     * @param nameHash the name's {@link ElementNames#hash}, or 0 if not known
     * @param lowerCaseLocalName the element's local name, ASCII-lowercased
     * @return false if no selector can match such an element
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
     * @return a new, empty stack
     * @param maxDepth the most elements that may be open at once; a start tag that would open one more throws
     *                 {@link StackDepthExceededException}
     * @throws IllegalArgumentException if {@code maxDepth < 1}
     */
    public MatchingStack newMatchingStack(int maxDepth) {
        return newMatchingStack(maxDepth, MemoryMeter.UNMETERED);
    }

    /**
     * A stack for one document that reports the heap it keeps to {@code meter} (which may refuse it by throwing).
     *
     * @param maxDepth the most elements that may be open at once
     * @param meter    told about every allocation the stack keeps
     * @return the stack
     */
    public MatchingStack newMatchingStack(int maxDepth, MemoryMeter meter) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        return new MatchingStack(this, maxDepth, java.util.Objects.requireNonNull(meter, "meter"));
    }

    /** The target a later compound's state links to: see {@link #bucketGroups}. */
    static int target(int previous, int link) {
        return 2 * previous + (link == LINK_ADJACENT || link == LINK_GENERAL ? 1 : 0);
    }

    /** The group of {@code bucket}'s states that link to {@code target}, or -1. */
    int group(int target, int bucket) {
        return groupIndex.get(groupKey(target, bucket)) - 1;
    }

    private static long groupKey(int target, int bucket) {
        return (long) target << 32 | bucket;
    }

    private int bucketOfFirst(List<Integer> states) {
        return bucketOf[states.get(0)];
    }

    /** The bucket of states keyed by this element key's type, or {@link #NO_BUCKET}. */
    int typeBucket(long elementKey) {
        int id = HtmlElements.id(elementKey);
        int bucket = id != HtmlElements.UNKNOWN ? typeBucketById[id] : typeBucketIndex.get(elementKey);
        return bucket == 0 ? NO_BUCKET : bucket;
    }

    /** Whether some states are keyed by the element's namespace (see {@link #namespaceBucket}). */
    boolean hasNamespaceBuckets() {
        return namespaceBuckets != null;
    }

    /** The bucket of states keyed by this element namespace, or {@link #NO_BUCKET}. */
    int namespaceBucket(String namespaceUri) {
        Integer bucket = namespaceUri == null ? null : namespaceBuckets.get(namespaceUri);
        return bucket == null ? NO_BUCKET : bucket;
    }

    /** Key of a type selector's name in the type buckets, equal to {@link #elementKey} of elements it matches. */
    static long typeKey(String name) {
        long hash = CompiledSimpleSelector.Type.selectorNameHash(name);
        return hash != 0 ? hash : textKey(name);
    }

    /** Key of an element name: its hash, or for unhashable names a 64-bit hash of the text with the top bit set. */
    static long elementKey(long nameHash, CharSequence name) {
        // A name hash is 0 only for names that do not hash: hashing the text again would give 0 again.
        return nameHash != 0 ? nameHash : textKey(name);
    }

    static long textKey(CharSequence name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash = (hash ^ name.charAt(i)) * 0x100000001b3L;
        }
        return hash | TEXT_KEY_BIT;
    }

    private static String lowerCaseAscii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(CompiledSimpleSelector.toAsciiLower(text.charAt(i)));
        }
        return out.toString();
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private enum BucketKind {
        UNIVERSAL, TYPE, ID, CLASS, ATTRIBUTE_NAME, ATTRIBUTE_PREFIX, ATTRIBUTE_PREFIX_FOLDED, NAMESPACE,
        /** States that can never hold: no element looks at their bucket. */
        NEVER
    }

    /** What a state is filed under: a type key (Long), an id, a class, an attribute name, or a value prefix. */
    private record BucketKey(BucketKind kind, Object key) {
    }

    /** An attribute whose value must start with {@code prefix} (lowercased when compared ignoring case). */
    private record ValuePrefix(String name, String prefix) {
        /** The prefix cut to the longest of {@link #CUT_LENGTHS} it reaches. */
        ValuePrefix cut() {
            int length = 0;
            for (int cut : CUT_LENGTHS) {
                if (cut <= prefix.length()) {
                    length = cut;
                }
            }
            return new ValuePrefix(name, prefix.substring(0, length));
        }
    }

    /** Most distinct value-prefix lengths indexed per attribute name before prefixes are cut. */
    private static final int MAX_PREFIX_LENGTHS = 16;
    /** The lengths prefixes are cut to: at most {@value #MAX_PREFIX_LENGTHS} lookups per attribute. */
    private static final int[] CUT_LENGTHS = {1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64, 128};

    /**
     * The buckets filed under one attribute name: states that only need the attribute present ({@code nameBucket})
     * and states that need its value to start with a given text, found by looking up the value's first
     * {@code L} chars for each distinct prefix length {@code L} (as written, or ASCII-lowercased).
     *
     * <p>Immutable; thread-safe.
     */
    static final class AttributeBuckets {
        final String name;
        final int nameBucket;
        final int[] exactLengths;
        final TextKeyedMap exactPrefixes;
        final int[] foldedLengths;
        final TextKeyedMap foldedPrefixes;

        AttributeBuckets(String name, int nameBucket, Map<String, Integer> exact, Map<String, Integer> folded) {
            this.name = name;
            this.nameBucket = nameBucket;
            exactLengths = exact.keySet().stream().mapToInt(String::length).sorted().distinct().toArray();
            exactPrefixes = new TextKeyedMap(exact);
            foldedLengths = folded.keySet().stream().mapToInt(String::length).sorted().distinct().toArray();
            foldedPrefixes = new TextKeyedMap(folded);
        }
    }

    private static final class AttributeBucketsBuilder {
        final String name;
        int nameBucket = NO_BUCKET;
        final Map<String, Integer> exact = new HashMap<>();
        final Map<String, Integer> folded = new HashMap<>();

        AttributeBucketsBuilder(String name) {
            this.name = name;
        }

        AttributeBuckets build() {
            return new AttributeBuckets(name, nameBucket, exact, folded);
        }
    }

    /** A state while compiling. */
    private static final class CompiledState {
        final int previous;
        final int link;
        CompiledSimpleSelector[] tests;
        String typeName;
        String idKey;
        String classKey;
        /** The first attribute selector's name, if any. */
        String attributeName;
        /** The namespace the compound names for the element, if any. */
        String namespaceKey;
        /** Whether some test of the compound can never pass. */
        boolean neverMatches;
        /** The first attribute selector whose value must start with a known text, if any. */
        ValuePrefix valuePrefix;
        boolean valuePrefixFolded;
        boolean ancestorTarget;
        boolean siblingTarget;
        final List<Integer> reports = new ArrayList<>();

        CompiledState(int previous, int link) {
            this.previous = previous;
            this.link = link;
        }

        /**
         * The most selective key the compound has: an id, else a class, else an attribute value prefix, else the
         * type, else an attribute name, else the element's namespace, else none (universal). A state can only hold
         * for an element that has the key, so looking at the element's keys' buckets finds every state that may
         * hold. A state that can never hold is filed where no element looks.
         */
        BucketKey bucketKey() {
            if (neverMatches) {
                return new BucketKey(BucketKind.NEVER, "");
            } else if (idKey != null) {
                return new BucketKey(BucketKind.ID, idKey);
            } else if (classKey != null) {
                return new BucketKey(BucketKind.CLASS, classKey);
            } else if (valuePrefix != null) {
                return new BucketKey(valuePrefixFolded ? BucketKind.ATTRIBUTE_PREFIX_FOLDED
                        : BucketKind.ATTRIBUTE_PREFIX, valuePrefix);
            } else if (typeName != null) {
                return new BucketKey(BucketKind.TYPE, typeKey(typeName));
            } else if (attributeName != null) {
                return new BucketKey(BucketKind.ATTRIBUTE_NAME, attributeName);
            } else if (namespaceKey != null) {
                return new BucketKey(BucketKind.NAMESPACE, namespaceKey);
            }
            return new BucketKey(BucketKind.UNIVERSAL, "");
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
            List<CompiledSimpleSelector> tests = new ArrayList<>();
            CompiledState state = new CompiledState(previous, linkKind);
            if (compound.typeName() != null) {
                tests.add(new CompiledSimpleSelector.Type(compound.typeName()));
                state.typeName = compound.typeName();
            }
            if (!compound.namespace().isAny()) {
                tests.add(new CompiledSimpleSelector.Namespace(compound.namespace().uri()));
                state.namespaceKey = compound.namespace().uri();
            }
            for (Simple simple : compound.simples()) {
                tests.add(test(simple, state));
            }
            for (CompiledSimpleSelector test : tests) {
                state.neverMatches |= test.neverMatches();
            }
            state.tests = tests.toArray(new CompiledSimpleSelector[0]);
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

        private CompiledSimpleSelector test(Simple simple, CompiledState state) {
            if (simple instanceof SelectorAst.Id id) {
                if (state.idKey == null) {
                    state.idKey = id.id();
                }
                return new CompiledSimpleSelector.Id(id.id());
            } else if (simple instanceof SelectorAst.ClassName className) {
                if (state.classKey == null) {
                    state.classKey = className.name();
                }
                return new CompiledSimpleSelector.ClassName(className.name());
            } else if (simple instanceof SelectorAst.Attribute attribute) {
                CompiledSimpleSelector.Attribute test = new CompiledSimpleSelector.Attribute(attribute.namespace(),
                        attribute.name(), attribute.operator(), attribute.value(), attribute.caseSensitivity());
                // The name it finds the attribute by on any element, if there is one: [*|href] may find href or
                // xlink:href, so it is filed by the compound's other keys.
                String name = test.onlyName();
                if (name == null) {
                    return test;
                }
                if (state.attributeName == null) {
                    state.attributeName = name;
                }
                if (state.valuePrefix == null && attribute.value() != null && !attribute.value().isEmpty()
                        && (attribute.operator() == SelectorAst.AttributeOperator.EQUALS
                        || attribute.operator() == SelectorAst.AttributeOperator.PREFIX
                        || attribute.operator() == SelectorAst.AttributeOperator.DASH_MATCH)) {
                    // Matched ignoring case with the i flag, or (without the s flag) for the attributes HTML
                    // lists; then the index holds the lowercased prefix and lookups lowercase the value.
                    boolean folded = attribute.caseSensitivity() == SelectorAst.CaseSensitivity.INSENSITIVE
                            || test.htmlCaseInsensitive;
                    state.valuePrefix = new ValuePrefix(name,
                            folded ? lowerCaseAscii(attribute.value()) : attribute.value());
                    state.valuePrefixFolded = folded;
                }
                return test;
            } else if (simple instanceof SelectorAst.Nth nth) {
                if (nth.kind() == SelectorAst.NthKind.OF_TYPE) {
                    return new CompiledSimpleSelector.NthOfType(nth);
                }
                if (nth.of() == null) {
                    return new CompiledSimpleSelector.NthChild(nth);
                }
                int[] finalStates = list(nth.of());
                Integer counter = ofListIds.get(nth.of());
                if (counter == null) {
                    counter = ofLists.size();
                    ofLists.add(finalStates);
                    ofListIds.put(nth.of(), counter);
                }
                return new CompiledSimpleSelector.NthChildOf(nth, counter, finalStates);
            } else if (simple instanceof SelectorAst.Root) {
                return new CompiledSimpleSelector.Root();
            } else if (simple instanceof SelectorAst.Logical logical) {
                return new CompiledSimpleSelector.AnyOf(list(logical.selectors()),
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
