package org.htmlrewriter.internal.treesim;

import org.htmlrewriter.selectors.HtmlElements;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;

/**
 * What the tree construction rules do with each HTML tag name that matters to the simulator, as bit flags keyed by
 * {@link TagToken#nameHash}: one probe of a small open-addressing table per tag, no strings.
 *
 * <p>Immutable after class initialisation; safe to share.
 */
final class TagTable {
    private TagTable() {
    }

    /** {@code title}, {@code textarea}: RCDATA. */
    static final int RCDATA = 1;
    /** {@code style}, {@code xmp}, {@code iframe}, {@code noembed}, {@code noframes}: RAWTEXT. */
    static final int RAWTEXT = 1 << 1;
    static final int SCRIPT = 1 << 2;
    static final int PLAINTEXT = 1 << 3;
    /** RAWTEXT only when scripting is enabled. */
    static final int NOSCRIPT = 1 << 4;
    /** Any of the text-mode bits: a start tag without them always leaves the tokenizer in DATA. */
    static final int TEXT_MODE = RCDATA | RAWTEXT | SCRIPT | PLAINTEXT | NOSCRIPT;
    /** Start tags that pop foreign content back to HTML ("breakout" list); {@code font} needs its attributes. */
    static final int BREAKOUT = 1 << 5;
    /** Void elements (no element stays open) and start tags "in body" ignores: nothing is pushed. */
    static final int NO_PUSH = 1 << 6;
    /** Table structure: in a table insertion mode these clear the stack back to the table, in body they are ignored. */
    static final int TABLE_PART = 1 << 7;
    /** Start tags "in body" that set frameset-ok to "not ok". */
    static final int CLEARS_FRAMESET_OK = 1 << 8;
    /** Start tags "in body" that first close a {@code p} element in button scope. */
    static final int CLOSES_P = 1 << 9;
    /**
     * Start tags whose "in body" rules the simulator does not model element by element (formatting reconstruction,
     * list items, nested buttons, forms, tables, ...): inside an integration point they make the HTML content opaque.
     */
    static final int COMPLEX = 1 << 10;
    static final int HEADING = 1 << 11;
    /** Processed with the "in head" rules by "in template" without choosing the template's insertion mode. */
    static final int IN_HEAD = 1 << 12;
    /** First start tags in a template that switch it to a table insertion mode. */
    static final int TEMPLATE_TABLE = 1 << 13;
    /** Formatting elements: pushed on the list of active formatting elements. */
    static final int FORMATTING = 1 << 14;
    /** Start tags "in body" may ignore (form while a form is open; names older parsers treat differently). */
    static final int MAY_BE_IGNORED = 1 << 17;
    /** The HTML elements of the "special" category: an end tag "in body" that reaches one without a match is ignored. */
    static final int SPECIAL = 1 << 18;
    /**
     * End tags "in body" that close the nearest open element of their name in scope, whatever special elements
     * are open above it (headings: {@link #HEADING}).
     */
    static final int SCOPED_END = 1 << 19;
    /**
     * Start tags that change the simulator's state even with nothing tracked open (foreign content, select,
     * template, frameset, tables are counted): the others, without a text mode or frameset-ok effect, are inert.
     */
    static final int STRUCTURAL = 1 << 20;
    /** In "in select": these start tags close the select and are reprocessed. */
    static final int CLOSES_SELECT = 1 << 15;
    /** In "in select in table": table parts that close the select (start and end tags). */
    static final int SELECT_TABLE_PART = 1 << 16;

    static final long SVG = TagNameHash.of("svg");
    static final long MATH = TagNameHash.of("math");
    static final long FONT = TagNameHash.of("font");
    static final long SELECT = TagNameHash.of("select");
    static final long TEMPLATE = TagNameHash.of("template");
    static final long FRAMESET = TagNameHash.of("frameset");
    static final long NOFRAMES = TagNameHash.of("noframes");
    static final long TABLE = TagNameHash.of("table");
    static final long COL = TagNameHash.of("col");
    static final long BR = TagNameHash.of("br");
    static final long P = TagNameHash.of("p");
    static final long BODY = TagNameHash.of("body");
    static final long HTML = TagNameHash.of("html");
    static final long FORM = TagNameHash.of("form");
    static final long SCRIPT_TAG = TagNameHash.of("script");
    static final long DESC = TagNameHash.of("desc");
    static final long TITLE = TagNameHash.of("title");
    static final long MI = TagNameHash.of("mi");
    static final long MO = TagNameHash.of("mo");
    static final long MN = TagNameHash.of("mn");
    static final long MS = TagNameHash.of("ms");
    static final long MTEXT = TagNameHash.of("mtext");
    static final long MGLYPH = TagNameHash.of("mglyph");
    static final long MALIGNMARK = TagNameHash.of("malignmark");
    static final long KEYGEN = TagNameHash.of("keygen");
    static final long H1 = TagNameHash.of("h1");

    /** Flags by element id ({@link HtmlElements}): one array read per tag. */
    private static final int[] FLAGS = new int[HtmlElements.count()];

    static {
        add(RCDATA | CLEARS_FRAMESET_OK, "textarea");
        add(RCDATA | IN_HEAD, "title");
        add(RAWTEXT | IN_HEAD, "style", "noframes");
        add(RAWTEXT | CLEARS_FRAMESET_OK | CLOSES_P, "xmp");
        add(RAWTEXT | CLEARS_FRAMESET_OK, "iframe");
        add(RAWTEXT, "noembed");
        add(SCRIPT | IN_HEAD, "script");
        add(PLAINTEXT | CLOSES_P, "plaintext");
        add(NOSCRIPT, "noscript");

        add(BREAKOUT, "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
                "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
                "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
                "table", "tt", "u", "ul", "var");

        add(NO_PUSH, "area", "base", "basefont", "bgsound", "br", "embed", "hr", "img", "image", "input", "keygen",
                "link", "meta", "param", "source", "track", "wbr",
                // ignored "in body"
                "caption", "col", "colgroup", "frame", "head", "tbody", "td", "tfoot", "th", "thead", "tr", "html",
                "body");
        add(IN_HEAD, "base", "basefont", "bgsound", "link", "meta", "template");
        add(TABLE_PART, "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr", "table");
        add(SELECT_TABLE_PART, "caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th");
        add(TEMPLATE_TABLE, "caption", "colgroup", "tbody", "tfoot", "thead", "tr", "td", "th");
        add(CLOSES_SELECT, "input", "keygen", "textarea");
        add(CLEARS_FRAMESET_OK, "pre", "listing", "li", "dd", "dt", "button", "applet", "marquee", "object",
                "table", "area", "br", "embed", "img", "keygen", "wbr", "hr", "select", "image", "body");
        add(CLOSES_P, "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
                "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
                "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
                "form", "table", "hr", "li", "dd", "dt");
        add(HEADING, "h1", "h2", "h3", "h4", "h5", "h6");
        add(MAY_BE_IGNORED, "form", "menuitem", "isindex");
        add(FORMATTING, "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
                "tt", "u");
        add(SPECIAL, "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
                "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl",
                "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2",
                "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "keygen",
                "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
                "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source",
                "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title",
                "tr", "track", "ul", "wbr", "xmp");
        add(SCOPED_END, "address", "article", "aside", "blockquote", "button", "center", "details", "dialog", "dir",
                "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "listing", "main",
                "menu", "nav", "ol", "pre", "search", "section", "summary", "ul");
        add(STRUCTURAL, "svg", "math", "select", "template", "frameset", "table");
        add(COMPLEX, "a", "nobr", "li", "dd", "dt", "button", "form", "applet", "marquee", "object", "table",
                "option", "optgroup", "rb", "rp", "rt", "rtc", "menuitem", "isindex", "select", "frameset",
                "template", "svg", "math");
    }

    private static void add(int flags, String... names) {
        for (String name : names) {
            int id = HtmlElements.id(TagNameHash.of(name));
            if (id == HtmlElements.UNKNOWN) {
                throw new ExceptionInInitializerError("<" + name + "> is not in HtmlElements");
            }
            FLAGS[id] |= flags;
        }
    }

    /** Flags of the HTML tag with this {@link TagToken#nameHash}; 0 for unknown and unhashable names. */
    static int flags(long nameHash) {
        return FLAGS[HtmlElements.id(nameHash)];
    }
}
