package org.htmlrewriter.fuzz;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one fuzz input asks for, decoded from {@link FuzzChoices}: charset, settings, chunking and a handler set.
 * The encoding (one byte per choice, in the order below) is what {@link SeedCorpusGenerator} writes.
 *
 * <ol>
 *   <li>charset: {@link #CHARSETS}[b % 5];</li>
 *   <li>options: bit 0 graceful bail-out, 1 strict, 2 scripting disabled, 3 adjust charset on meta, 4-6 memory
 *       limit ({@link #memoryLimit}), 7 handlers swallow content-validation errors;</li>
 *   <li>chunking seed;</li>
 *   <li>number of registrations (b % 7), then per registration its kind (b % {@link Kind}), for element,
 *       comment and text kinds a selector ({@link #selector}), the number of actions (1 + b % 3) and per action
 *       two bytes (what, and an argument that {@link PlanHandlers} reads further choices for).</li>
 * </ol>
 */
final class RewritePlan {
    static final String[] CHARSETS = {"UTF-8", "windows-1252", "Shift_JIS", "EUC-JP", "GBK"};

    /** Tag names the selectors and renames use: ordinary, raw-text, foreign and ambiguity-prone elements. */
    static final String[] TAGS = {"div", "p", "a", "span", "b", "li", "ul", "table", "tr", "td", "body", "head",
        "html", "title", "textarea", "script", "style", "xmp", "iframe", "noscript", "noembed", "noframes",
        "plaintext", "svg", "math", "foreignobject", "desc", "mi", "annotation-xml", "select", "option", "template",
        "frameset", "frame", "br", "img", "input", "meta", "font", "pre", "listing", "h1", "form", "button"};

    static final String[] ATTRIBUTES = {"class", "id", "href", "src", "style", "data-x", "type", "lang", "encoding",
        "color", "charset", "http-equiv", "content", "on-click", "xlink:href"};

    enum Kind { ELEMENT, COMMENT, TEXT, DOCTYPE, DOCUMENT_COMMENT, DOCUMENT_TEXT, DOCUMENT_END }

    /** One registration: kind, selector (for scoped kinds) and its action bytes. */
    static final class Registration {
        final Kind kind;
        final String selector;
        final int[] actions;

        Registration(Kind kind, String selector, int[] actions) {
            this.kind = kind;
            this.selector = selector;
            this.actions = actions;
        }

        @Override
        public String toString() {
            return kind + (selector == null ? "" : "(" + selector + ")") + java.util.Arrays.toString(actions);
        }
    }

    final Charset charset;
    final boolean graceful;
    final boolean strict;
    final boolean scripting;
    final boolean adjustCharset;
    final long memoryLimit;
    final boolean swallowValidationErrors;
    final int chunkSeed;
    final List<Registration> registrations;
    /** Bytes the action arguments read (content, strings): a fixed pool per input, so every run sees the same. */
    final int[] argumentPool;
    final byte[] document;

    private RewritePlan(FuzzChoices in) {
        charset = Charset.forName(CHARSETS[in.pick(CHARSETS.length)]);
        int options = in.pick(256);
        graceful = (options & 1) != 0;
        strict = (options & 2) != 0;
        scripting = (options & 4) == 0;
        adjustCharset = (options & 8) != 0;
        memoryLimit = memoryLimit((options >> 4) & 7);
        swallowValidationErrors = (options & 128) != 0;
        chunkSeed = in.pick(256);
        int count = in.pick(7);
        List<Registration> regs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[in.pick(Kind.values().length)];
            String selector = kind == Kind.ELEMENT || kind == Kind.COMMENT || kind == Kind.TEXT ? selector(in, 0) : null;
            int n = 1 + in.pick(3);
            int[] actions = new int[n * 2];
            for (int a = 0; a < actions.length; a++) {
                actions[a] = in.pick(256);
            }
            regs.add(new Registration(kind, selector, actions));
        }
        registrations = List.copyOf(regs);
        argumentPool = new int[32];
        for (int i = 0; i < argumentPool.length; i++) {
            argumentPool[i] = in.pick(256);
        }
        document = in.document();
    }

    static RewritePlan decode(FuzzChoices in) {
        return new RewritePlan(in);
    }

    static long memoryLimit(int code) {
        switch (code) {
            case 4: return 1024;
            case 5: return 4096;
            case 6: return 1 << 16;
            case 7: return 200_000;
            default: return 16L << 20;
        }
    }

    /** Chunk boundaries for the seeded chunking: mostly short chunks, sometimes long ones. */
    static int[] chunkSizes(int seed, int length) {
        Random r = new Random(seed);
        int max = seed % 4 == 0 ? 3 : 1 + seed % 97;
        List<Integer> sizes = new ArrayList<>();
        int total = 0;
        while (total < length) {
            int s = 1 + r.nextInt(max);
            if (r.nextInt(16) == 0) {
                s = 1 + r.nextInt(Math.max(1, length));
            }
            sizes.add(s);
            total += s;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A selector from a small grammar: compound selectors (type or {@code *} with classes, ids, attribute
     * selectors, structural pseudo-classes, {@code :not}/{@code :is} up to two levels) joined by combinators.
     * Always valid: a rejection by {@code Selector.parse} is a finding.
     */
    static String selector(FuzzChoices in, int depth) {
        StringBuilder sb = new StringBuilder();
        int compounds = 1 + in.pick(3);
        for (int i = 0; i < compounds; i++) {
            if (i > 0) {
                sb.append(new String[] {" ", " > ", " + ", " ~ "}[in.pick(4)]);
            }
            compound(in, depth, sb);
        }
        return sb.toString();
    }

    private static void compound(FuzzChoices in, int depth, StringBuilder sb) {
        int type = in.pick(TAGS.length + 4);
        boolean typed = type < TAGS.length;
        if (typed) {
            sb.append(TAGS[type]);
        }
        int simples = in.pick(3);
        if (!typed && simples == 0) {
            sb.append('*');
        }
        for (int i = 0; i < simples; i++) {
            switch (in.pick(depth < 2 ? 12 : 10)) {
                case 0: sb.append(".c").append(in.pick(3)); break;
                case 1: sb.append("#i").append(in.pick(3)); break;
                case 2: sb.append('[').append(cssName(in.pick(ATTRIBUTES))).append(']'); break;
                case 3: sb.append('[').append(cssName(in.pick(ATTRIBUTES))).append("=\"v").append(in.pick(3)).append("\"]"); break;
                case 4: sb.append('[').append(cssName(in.pick(ATTRIBUTES))).append("^=\"v\" i]"); break;
                case 5: sb.append('[').append(cssName(in.pick(ATTRIBUTES))).append("*=x]"); break;
                case 6: sb.append(":first-child"); break;
                case 7: sb.append(":nth-child(").append(new String[] {"odd", "2n+1", "3", "-n+2", "2n of .c1"}[in.pick(5)]).append(')'); break;
                case 8: sb.append(":nth-of-type(2n)"); break;
                case 9: sb.append(in.pick(2) == 0 ? ":root" : ":first-of-type"); break;
                case 10: sb.append(":not(").append(selector(in, depth + 1)).append(')'); break;
                default: sb.append(":is(").append(selector(in, depth + 1)).append(", ").append(selector(in, depth + 1)).append(')');
            }
        }
    }

    private static String cssName(String attribute) {
        return attribute.replace(":", "\\:");
    }

    @Override
    public String toString() {
        return "charset=" + charset + " graceful=" + graceful + " strict=" + strict + " scripting=" + scripting
                + " adjustCharset=" + adjustCharset + " memoryLimit=" + memoryLimit + " swallow="
                + swallowValidationErrors + " chunkSeed=" + chunkSeed + " registrations=" + registrations;
    }
}
