package org.htmlrewriter.selectors;

import java.util.SplittableRandom;

/**
 * Every HTML element name the tree-construction rules name, numbered: one probe from a name hash
 * ({@link ElementNames#hash}) to a small id, so that the rules about an element (the tree simulator's in
 * rewriter-core, the open-element stack's here) are arrays indexed by id instead of maps. The probe is a perfect
 * hash: a multiplication, a shift, one table read and one comparison, with no loop and the same cost for names
 * that are not in the table (custom elements, which get {@link #UNKNOWN}).
 *
 * <p>For rewriter-core's use; not part of the library's API. Immutable after class initialisation; thread-safe.
 */
public final class HtmlElements {
    /** The id of every name not in the table. */
    public static final int UNKNOWN = 0;

    /** The names, by id (index 0 is {@link #UNKNOWN}). */
    private static final String[] NAMES = {null,
        "a", "abbr", "address", "annotation-xml", "applet", "area", "article", "aside", "audio", "b", "base",
        "basefont", "bdi", "bdo", "bgsound", "big", "blockquote", "body", "br", "button", "canvas", "caption",
        "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "desc", "details", "dfn",
        "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer",
        "foreignobject", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
        "hgroup", "hr", "html", "i", "iframe", "image", "img", "input", "ins", "isindex", "kbd", "keygen", "label",
        "legend", "li", "link", "listing", "main", "malignmark", "map", "mark", "marquee", "math", "menu",
        "menuitem", "meta", "meter", "mglyph", "mi", "mn", "mo", "ms", "mtext", "nav", "nobr", "noembed",
        "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
        "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "script", "search",
        "section", "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
        "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title",
        "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "xmp"};

    private static final long[] HASH_BY_ID = new long[NAMES.length];
    private static final int BITS = 12;
    private static final short[] ID_BY_SLOT = new short[1 << BITS];
    private static final long MULTIPLIER;

    static {
        for (int id = 1; id < NAMES.length; id++) {
            HASH_BY_ID[id] = ElementNames.hash(NAMES[id]);
        }
        // The first multiplier (from a fixed seed) under which no two hashed names share a slot.
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        long found = 0;
        search:
        for (int attempt = 0; attempt < 1_000_000; attempt++) {
            long m = random.nextLong() | 1;
            java.util.Arrays.fill(ID_BY_SLOT, (short) 0);
            for (int id = 1; id < NAMES.length; id++) {
                long h = HASH_BY_ID[id];
                if (h == 0) {
                    continue; // not hashable (too long): never found by hash
                }
                int slot = (int) ((h * m) >>> (64 - BITS));
                if (ID_BY_SLOT[slot] != 0) {
                    continue search;
                }
                ID_BY_SLOT[slot] = (short) id;
            }
            found = m;
            break;
        }
        if (found == 0) {
            throw new ExceptionInInitializerError("no perfect hash for the HTML element names");
        }
        MULTIPLIER = found;
    }

    private HtmlElements() {
    }

    /**
     * The id of an element name.
     *
     * @param nameHash the name's hash ({@link ElementNames#hash}; 0 for names that do not hash)
     * @return its id, or {@link #UNKNOWN}
     */
    public static int id(long nameHash) {
        int id = ID_BY_SLOT[(int) ((nameHash * MULTIPLIER) >>> (64 - BITS))];
        return HASH_BY_ID[id] == nameHash && nameHash != 0 ? id : UNKNOWN;
    }

    /**
     * The id of an element name given as text (for names that do not hash, such as {@code annotation-xml}).
     *
     * @param lowerCaseName the name, ASCII-lowercased
     * @return its id, or {@link #UNKNOWN}
     */
    public static int id(CharSequence lowerCaseName) {
        long h = ElementNames.hash(lowerCaseName);
        if (h != 0) {
            return id(h);
        }
        for (int i = 1; i < NAMES.length; i++) {
            if (HASH_BY_ID[i] == 0 && HtmlTreeRules.contentEquals(lowerCaseName, NAMES[i])) {
                return i;
            }
        }
        return UNKNOWN;
    }

    /** {@return how many ids there are, {@link #UNKNOWN} included: arrays indexed by id have this length} */
    public static int count() {
        return NAMES.length;
    }

    /**
     * The name of an id.
     *
     * @param id an id from {@link #id(long)}
     * @return the lowercase name, or null for {@link #UNKNOWN}
     */
    public static String name(int id) {
        return NAMES[id];
    }
}
