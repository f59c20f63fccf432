package org.htmlrewriter.selectors.internal;

/**
 * The parts of the HTML tree-construction rules (WHATWG HTML, "13.2.6 Tree construction") that a stack of open
 * elements can follow without a DOM: which elements are void, which end which, and the element categories that
 * bound "has an element in scope". Every element name is described by one {@code int}: a name code in the high
 * bits (for the names with rules of their own) and category flags in the low bits.
 *
 * <p>Immutable tables; thread-safe.
 */
final class HtmlTreeRules {
    private HtmlTreeRules() {
    }

    // ---- category flags (low 22 bits) ----
    /** Never pushed: void elements and those the parser pops at once. */
    static final int VOID = 1;
    /** The "special" category: stops "any other end tag" and the {@code li}/{@code dd}/{@code dt} searches. */
    static final int SPECIAL = 1 << 1;
    /** Boundary of "in scope". */
    static final int DEFAULT_SCOPE = 1 << 2;
    /** Extra boundary of "in list item scope" ({@code ol}, {@code ul}). */
    static final int LIST_SCOPE = 1 << 3;
    /** Extra boundary of "in button scope" ({@code button}). */
    static final int BUTTON_SCOPE = 1 << 4;
    /** Boundary of "in table scope" ({@code html}, {@code table}, {@code template}). */
    static final int TABLE_SCOPE = 1 << 5;
    /** A start tag that closes a {@code p} in button scope. */
    static final int CLOSES_P = 1 << 6;
    /** {@code h1}..{@code h6}. */
    static final int HEADING = 1 << 7;
    /** Special elements that do not stop the {@code li}/{@code dd}/{@code dt} searches: address, div, p. */
    static final int LIST_SEARCH_TRANSPARENT = 1 << 8;
    /** Elements "generate implied end tags" pops: dd dt li optgroup option p rb rp rt rtc. */
    static final int IMPLIED_END = 1 << 9;
    /** What may stay in {@code head}; anything else closes an open {@code head}. */
    static final int HEAD_CONTENT = 1 << 10;
    /** A start tag that breaks out of SVG/MathML content back into HTML. */
    static final int BREAKOUT = 1 << 11;
    /** An SVG/MathML element whose children are parsed as HTML (integration points). */
    static final int INTEGRATION_POINT = 1 << 12;
    /** An end tag that closes its element only when in (default) scope. */
    static final int CLOSES_IN_SCOPE = 1 << 13;
    /** Start tags every insertion mode hands to the "in head" rules: base ... title, template. */
    static final int HEAD_RULES = 1 << 14;
    /** Start tags that clear the frameset-ok flag in body. */
    static final int FRAMESET_NOT_OK = 1 << 15;
    /** Start tags "in body" ignores: table parts, frame, head. */
    static final int IGNORED_IN_BODY = 1 << 16;
    /** {@code tbody}, {@code thead}, {@code tfoot}. */
    static final int TABLE_SECTION = 1 << 17;
    /** {@code td}, {@code th}. */
    static final int CELL = 1 << 18;
    /** What "in head noscript" keeps (handed to the in-head rules): basefont bgsound link meta noframes style. */
    static final int NOSCRIPT_HEAD_CONTENT = 1 << 19;
    /** Elements whose content the tokenizer reads as text (the tree builder's "text" insertion mode). */
    static final int RAW_TEXT = 1 << 20;
    /** Elements that put a marker on the list of active formatting elements. */
    static final int MARKER = 1 << 21;
    static final int FLAGS_MASK = (1 << 22) - 1;

    // ---- name codes (high bits) ----
    static final int P = 1;
    static final int LI = 2;
    static final int DD = 3;
    static final int DT = 4;
    static final int BODY = 5;
    static final int HTML = 6;
    static final int HEAD = 7;
    static final int BUTTON = 8;
    static final int A = 9;
    static final int OPTION = 10;
    static final int OPTGROUP = 11;
    static final int RB = 12;
    static final int RTC = 13;
    static final int RP = 14;
    static final int RT = 15;
    static final int RUBY = 16;
    static final int TABLE = 17;
    static final int CAPTION = 18;
    static final int COLGROUP = 19;
    static final int COL = 20;
    static final int TBODY = 21;
    static final int THEAD = 22;
    static final int TFOOT = 23;
    static final int TR = 24;
    static final int TD = 25;
    static final int TH = 26;
    static final int TEMPLATE = 27;
    static final int FORMATTING = 28;
    static final int FORM = 29;
    static final int FRAMESET = 30;
    static final int FRAME = 31;
    static final int NOSCRIPT = 32;
    static final int SELECT = 33;
    static final int INPUT = 34;
    static final int KEYGEN = 35;
    static final int TEXTAREA = 36;
    static final int HR = 37;
    static final int BR = 38;
    static final int NOBR = 39;
    static final int IMAGE = 40;

    static int code(int info) {
        return info >>> 22;
    }

    static final long P_HASH = ElementNames.hash("p");
    static final long LI_HASH = ElementNames.hash("li");
    static final long DD_HASH = ElementNames.hash("dd");
    static final long DT_HASH = ElementNames.hash("dt");
    static final long BUTTON_HASH = ElementNames.hash("button");
    static final long A_HASH = ElementNames.hash("a");
    static final long RUBY_HASH = ElementNames.hash("ruby");
    static final long TR_HASH = ElementNames.hash("tr");
    static final long TD_HASH = ElementNames.hash("td");
    static final long TH_HASH = ElementNames.hash("th");
    static final long TBODY_HASH = ElementNames.hash("tbody");
    static final long THEAD_HASH = ElementNames.hash("thead");
    static final long TFOOT_HASH = ElementNames.hash("tfoot");
    static final long HTML_HASH = ElementNames.hash("html");
    static final long HEAD_HASH = ElementNames.hash("head");
    static final long BODY_HASH = ElementNames.hash("body");
    static final long TABLE_HASH = ElementNames.hash("table");
    static final long CAPTION_HASH = ElementNames.hash("caption");
    static final long COLGROUP_HASH = ElementNames.hash("colgroup");
    static final long SELECT_HASH = ElementNames.hash("select");
    static final long TEMPLATE_HASH = ElementNames.hash("template");
    static final long FRAMESET_HASH = ElementNames.hash("frameset");
    static final long NOBR_HASH = ElementNames.hash("nobr");
    static final long IMG_HASH = ElementNames.hash("img");
    static final long[] HEADING_HASHES = {
        ElementNames.hash("h1"), ElementNames.hash("h2"), ElementNames.hash("h3"),
        ElementNames.hash("h4"), ElementNames.hash("h5"), ElementNames.hash("h6")};

    /** Info by element id ({@link HtmlElements}). */
    private static final int[] HTML_INFO = new int[HtmlElements.count()];
    private static final int[] FOREIGN_INFO = new int[HtmlElements.count()];

    static {
        flags(VOID | SPECIAL, "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "img",
                "input", "keygen", "link", "meta", "param", "source", "track", "wbr", "hr");
        flags(VOID, "image");
        flags(SPECIAL, "address", "applet", "article", "aside", "blockquote", "body", "button", "caption",
                "center", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
                "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
                "hgroup", "html", "iframe", "li", "listing", "main", "marquee", "menu", "nav", "noembed",
                "noframes", "noscript", "object", "ol", "p", "plaintext", "pre", "script", "search", "section",
                "select", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
                "thead", "title", "tr", "ul", "xmp");
        flags(DEFAULT_SCOPE, "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template");
        flags(LIST_SCOPE, "ol", "ul");
        flags(BUTTON_SCOPE, "button");
        flags(TABLE_SCOPE, "html", "table", "template");
        flags(CLOSES_P, "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
                "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
                "ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
                "listing", "form", "plaintext", "table", "hr", "xmp", "li", "dd", "dt");
        flags(HEADING, "h1", "h2", "h3", "h4", "h5", "h6");
        flags(LIST_SEARCH_TRANSPARENT, "address", "div", "p");
        flags(IMPLIED_END, "dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc");
        flags(HEAD_CONTENT, "base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style",
                "template", "title", "noscript", "head");
        flags(BREAKOUT, "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
                "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
                "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
                "table", "tt", "u", "ul", "var");
        flags(CLOSES_IN_SCOPE, "address", "article", "aside", "blockquote", "button", "center", "details",
                "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
                "listing", "main", "menu", "nav", "ol", "pre", "search", "section", "summary", "ul", "applet",
                "marquee", "object", "form", "dd", "dt", "body", "html");
        code(P, "p");
        code(LI, "li");
        code(DD, "dd");
        code(DT, "dt");
        code(BODY, "body");
        code(HTML, "html");
        code(HEAD, "head");
        code(BUTTON, "button");
        code(A, "a");
        code(OPTION, "option");
        code(OPTGROUP, "optgroup");
        code(RB, "rb");
        code(RTC, "rtc");
        code(RP, "rp");
        code(RT, "rt");
        code(RUBY, "ruby");
        code(TABLE, "table");
        code(CAPTION, "caption");
        code(COLGROUP, "colgroup");
        code(COL, "col");
        code(TBODY, "tbody");
        code(THEAD, "thead");
        code(TFOOT, "tfoot");
        code(TR, "tr");
        code(TD, "td");
        code(TH, "th");
        code(TEMPLATE, "template");
        code(FORM, "form");
        code(FRAMESET, "frameset");
        code(FRAME, "frame");
        code(NOSCRIPT, "noscript");
        code(SELECT, "select");
        code(INPUT, "input");
        code(KEYGEN, "keygen");
        code(TEXTAREA, "textarea");
        code(HR, "hr");
        code(BR, "br");
        code(NOBR, "nobr");
        code(IMAGE, "image");
        flags(HEAD_RULES, "base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style", "template",
                "title");
        flags(FRAMESET_NOT_OK, "pre", "listing", "li", "dd", "dt", "button", "applet", "marquee", "object", "table",
                "area", "br", "embed", "img", "image", "keygen", "wbr", "input", "hr", "textarea", "xmp", "iframe",
                "select");
        flags(IGNORED_IN_BODY, "caption", "col", "colgroup", "frame", "head", "tbody", "td", "tfoot", "th", "thead",
                "tr");
        flags(TABLE_SECTION, "tbody", "thead", "tfoot");
        flags(MARKER, "applet", "object", "marquee", "template", "td", "th", "caption");
        flags(RAW_TEXT, "title", "textarea", "style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext");
        flags(CELL, "td", "th");
        flags(NOSCRIPT_HEAD_CONTENT, "basefont", "bgsound", "link", "meta", "noframes", "style");
        for (String name : new String[] {"b", "big", "code", "em", "font", "i", "s", "small", "strike",
            "strong", "tt", "u"}) {
            code(FORMATTING, name);
        }
        for (String name : new String[] {"mi", "mo", "mn", "ms", "mtext", "desc", "title"}) {
            FOREIGN_INFO[known(name)] = SPECIAL | DEFAULT_SCOPE | INTEGRATION_POINT;
        }
    }

    private static int known(String name) {
        int id = HtmlElements.id(ElementNames.hash(name));
        if (id == HtmlElements.UNKNOWN) {
            throw new ExceptionInInitializerError("<" + name + "> is not in HtmlElements");
        }
        return id;
    }

    private static void flags(int flags, String... names) {
        for (String name : names) {
            HTML_INFO[known(name)] |= flags;
        }
    }

    private static void code(int code, String name) {
        HTML_INFO[known(name)] |= code << 22;
    }

    /** Info of an HTML element by name hash (0 for unhashable names: none of them has rules). */
    static int htmlInfo(long hash) {
        return HTML_INFO[HtmlElements.id(hash)];
    }

    /** Info of an SVG/MathML element; the two unhashable integration points are recognised by name. */
    static int foreignInfo(long hash, CharSequence localName) {
        if (hash != 0) {
            return FOREIGN_INFO[HtmlElements.id(hash)];
        }
        if (contentEquals(localName, "foreignobject") || contentEquals(localName, "annotation-xml")) {
            return SPECIAL | DEFAULT_SCOPE | INTEGRATION_POINT;
        }
        return 0;
    }

    static boolean contentEqualsIgnoreAsciiCase(CharSequence text, String lowerCaseValue) {
        if (text.length() != lowerCaseValue.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseValue.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lowerCaseValue.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean contentEquals(CharSequence text, String value) {
        if (text.length() != value.length()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (text.charAt(i) != value.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
