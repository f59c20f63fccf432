package org.htmlrewriter.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the seed corpus in {@code fuzz-corpus/} (and its dictionaries): documents covering every tokenizer state and
 * transition, foreign content, select/template/frameset ambiguities, multibyte text of every supported charset,
 * character-reference edge cases and pathological nesting; selector texts valid and invalid. Every seed is written
 * here by the project, nothing is copied from elsewhere.
 *
 * <p>Run from the repository root: {@code java -cp <test classpath> org.htmlrewriter.fuzz.SeedCorpusGenerator
 * fuzz-corpus} (see fuzz-corpus/README.md). {@link SeedCorpusTest} checks that the files on disk are what this
 * class makes, so the corpus and its generator cannot drift apart; hand-added regression inputs live in each
 * target's {@code regressions/} folder, which this class does not touch.
 */
public final class SeedCorpusGenerator {
    private SeedCorpusGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : "fuzz-corpus");
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Path p = root.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        System.out.println("wrote " + seeds().size() + " files under " + root.toAbsolutePath());
    }

    /** Every generated file, by path relative to {@code fuzz-corpus/}, in a stable order. */
    public static Map<String, byte[]> seeds() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Map<String, String> docs = documents();
        for (Map.Entry<String, String> d : docs.entrySet()) {
            byte[] doc = d.getValue().getBytes(StandardCharsets.UTF_8);
            out.put("tokenizer/" + d.getKey() + ".html", doc);
            out.put("rewriter/" + d.getKey() + ".html", doc);
            // The same document under handler sets that touch every node kind.
            out.put("rewriter/" + d.getKey() + ".all-handlers", Plans.allHandlers(0).seed(doc));
            out.put("rewriter/" + d.getKey() + ".removals", Plans.removals(0).seed(doc));
        }
        tokenizerInitialStates(out);
        multibyte(out);
        selectors(out);
        out.put("html.dict", Dictionaries.html());
        out.put("selector.dict", Dictionaries.selector());
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Documents

    static Map<String, String> documents() {
        Map<String, String> d = new LinkedHashMap<>();
        // Data state and character references (named, legacy without semicolon, numeric, invalid).
        d.put("data-text", "plain text, no markup at all \u00e9\u65e5\ud83d\ude00 ");
        d.put("charref-named", "&amp; &lt &gt; &notin; &notit; &ampx &AMP; &Aacute &aacute; &unknown; &; & &a");
        d.put("charref-numeric", "&#65; &#x41; &#X41 &#0; &#x110000; &#xD800; &#xDFFF; &#128; &#x9F; &#x81; &#; "
                + "&#x; &#99999999999999999999; &#65&#x3c;&#x3C &#xFFFE; &#x1F600;");
        d.put("charref-attribute", "<a href=\"?a=1&amp;b=2&lang=en&copy=3&notit;&copy;\" title='&#x27;&quot;' "
                + "data-x=&gt; data-y=&ampx data-z=&amp=>x</a>");
        d.put("charref-rcdata", "<title>&amp; &lt;b&gt; &notin &#x41</title><textarea>&lt;/textarea&gt;&amp</textarea>");
        d.put("charref-long", "&" + "a".repeat(40) + "; &CounterClockwiseContourIntegral; &CounterClockwiseContour");
        d.put("charref-at-end", "text &am");
        // Tag states.
        d.put("tags-basic", "<div><DIV CLASS=A Id=b>x</Div></div><p>a<br/>b<br />c</p>");
        d.put("tags-attributes", "<a b c=d e='f' g=\"h\" i=j/ k/ l = m n\t=\no\f=\rp>t</a>");
        d.put("tags-odd-attributes", "<a =x>1</a><a \"b\">2</a><a b=\"c\"d>3</a><a/b>4</a><a b='c'/d>5</a>"
                + "<a b==c>6</a><a <b>7</a><a b=c`d>8</a><a b=c<>9</a>");
        d.put("tags-duplicates", "<div id=a id=b ID=c class=x class=y>d</div>");
        d.put("tags-not-tags", "< a> <3> </> </ a> </a b=c> </3> a<b c<>d <<div>> <\u0000a>");
        d.put("tags-nul-and-whitespace", "<a\u0000b c\u0000=d\u0000>\u0000</a\u0000b><div\t\n\f\rclass=x>y</div>");
        d.put("tags-self-closing", "<div/><br/><img src=x/><svg/><math/><input/><x-y/>z");
        d.put("tags-eof-in-name", "<div>a</div><sp");
        d.put("tags-eof-in-attribute", "<div class=\"unterminated");
        d.put("tags-eof-after-name", "<div class ");
        d.put("tags-eof-in-end-tag", "<div>x</di");
        d.put("tags-long", "<div " + "data-a=1 ".repeat(300) + "title=\"" + "v".repeat(3000) + "\">x</div>");
        // Comments and bogus comments.
        d.put("comments", "<!----><!--><!---><!-- a -- b --><!-- c --!><!-- <!-- d --><!--e--!-->"
                + "<!--f--!x--><!---g--><!--h-><!--i<!-->j<!--k<!--->");
        d.put("comments-bogus", "<?xml version=\"1.0\"?><!x><! y><!DOC><![CDATA[not cdata in html]]></ x>");
        d.put("comments-eof", "a<!-- never closed <b>");
        d.put("comments-eof-dash", "a<!--b--");
        d.put("comments-eof-bang", "a<!--b--!");
        d.put("comments-markup-declaration-eof", "a<!-");
        // DOCTYPEs.
        d.put("doctype-html", "<!DOCTYPE html><html><head></head><body>x</body></html>");
        d.put("doctype-public", "<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" "
                + "\"http://www.w3.org/TR/html4/strict.dtd\">x");
        d.put("doctype-system", "<!DOCTYPE html SYSTEM 'about:legacy-compat'>x");
        d.put("doctype-odd", "<!DOCTYPE><!DOCTYPE html PUBLIC><!DOCTYPE html PUBLIC\"x\"SYSTEM\"y\">"
                + "<!DOCTYPE html bogus><!DOCTYPE html PUBLIC 'x' junk><!DOCTYPEhtml><!DOCTYPE html SYSTEM>x");
        d.put("doctype-eof", "<!DOCTYPE html PUBLIC \"-//W3C//DTD");
        // RCDATA, RAWTEXT, script data (with its escaped and double-escaped states), PLAINTEXT.
        d.put("rcdata", "<title>a <b>b</b> </title x> </titlex> </TITLE><textarea><!-- </textarea>-->"
                + "</textarea ><textarea>\nfirst newline</textarea>");
        d.put("rawtext", "<style>a < b </style ><xmp><b>&amp;</b></xmp><iframe><b></iframe><noembed><i></noembed>"
                + "<noframes><u></noframes><style></styl</style>");
        d.put("script-data", "<script>if (a<b && c>d) x = \"</p>\";</script><script></scriptx></script>"
                + "<script>a</SCRIPT\t>b");
        d.put("script-escaped", "<script><!-- x < y </script><script><!--<script>x</script>y--></script>"
                + "<script><!--<script>--></script>z</script><script><!--- -></script><script><!-->x</script>");
        d.put("script-double-escaped", "<script><!--<script>a<!--b</script>c--></script>"
                + "<script><!--<SCRIPT >d</script >e-->f</script><script><!--<scripts>g</script>");
        d.put("script-eof", "<script>never closed <!-- <script>");
        d.put("plaintext", "<plaintext><b>&amp;</plaintext></b>");
        d.put("noscript", "<head><noscript><link rel=x><style>a</style></noscript></head><body>"
                + "<noscript><b>c</b></noscript>");
        // Foreign content.
        d.put("svg", "<svg viewBox='0 0 1 1'><style><b>x</b></style><rect/><![CDATA[ a < b ]]>"
                + "<foreignObject><style><b>y</b></style><p>z</p></foreignObject><title>&amp;<b></title></svg>");
        d.put("math", "<math><mi><style>x</style></mi><annotation-xml encoding=\"text/html\"><style>s</style>"
                + "</annotation-xml><annotation-xml encoding=SVG+XML><p>q</p></annotation-xml><mtext><textarea>a"
                + "</textarea></mtext><![CDATA[c]]]></math>");
        d.put("foreign-breakout", "<svg><p>breakout</p><style>raw?</style></svg><svg><font color=red>f</font>"
                + "<font>g</font></svg><math><b>h</b><style>i</style>");
        d.put("foreign-script", "<svg><script>a<b</script><desc><script>c<d</script></desc></svg>");
        d.put("foreign-cdata-eof", "<svg><![CDATA[never closed <b>");
        d.put("foreign-nested", "<svg>" + "<foreignObject><svg>".repeat(50) + "<style>x</style>"
                + "</svg></foreignObject>".repeat(50) + "</svg>");
        // Ambiguity cases a tree-less parser has to guess.
        d.put("select", "<select><script>a<b</script><style>b</style><textarea>c</textarea><input><keygen>"
                + "<option>o<optgroup><option>p</select>after");
        d.put("select-svg", "<select><option><svg><style>x</style></svg><math><mi>m</mi></math></select>");
        d.put("template", "<template><tr><td><script>x<y</script></td></tr><style>s</style></template>"
                + "<template><template><title>t</title></template></template>");
        d.put("frameset", "<frameset cols=50%><frame src=a>text<noframes><b>nf</b></noframes></frameset>"
                + "<noframes>after</noframes>x");
        d.put("table", "<table><script>x</script><style>y</style><textarea>z</textarea><tr><td>a<td>b<tr><td>c"
                + "</table><table><caption>cap<p>p</caption></table>");
        d.put("head-body", "<html><head><title>t</title><noframes><p></noframes><base href=/><meta charset=utf-8>"
                + "</head><body>b</body></html>after html</html><p>more");
        d.put("meta-charset", "<meta charset=windows-1252><meta http-equiv=content-type "
                + "content=\"text/html; charset=shift_jis\"><p>\u00e9</p>");
        // Implied end tags and pathological nesting.
        d.put("implied-ends", "<ul><li>a<li>b<ul><li>c</ul></ul><dl><dt>d<dd>e<dt>f</dl><p>g<div>h</div><p>i"
                + "<table><tr><td>j</table><select><option>k<option>l<optgroup><option>m</select>"
                + "<ruby>n<rb>o<rt>p<rp>q</ruby>");
        d.put("nesting-divs", "<div>".repeat(2000) + "deep" + "</div>".repeat(2000));
        d.put("nesting-formatting", "<b>".repeat(300) + "x" + "<i><p>y</b>".repeat(50));
        d.put("nesting-paragraphs", "<p>".repeat(500) + "z");
        d.put("nesting-tables", "<table><tr><td>".repeat(200) + "cell" + "</td></tr></table>".repeat(200));
        d.put("stray-end-tags", "</div>".repeat(500) + "</p></br></body></html>x" + "</b></i></svg>".repeat(100));
        d.put("misnested", "<b><i>a</b>b</i><a><p>c</a>d</p><table><b>e</table>");
        return d;
    }

    /** Tokenizer seeds that start in RCDATA, RAWTEXT, script data, PLAINTEXT or CDATA (html5lib initial states). */
    private static void tokenizerInitialStates(Map<String, byte[]> out) {
        String[] modes = {"", "rcdata", "rawtext", "script", "plaintext", "cdata"};
        String doc = "a</title>b</style>c</script>d<!--<script>e</script>-->f]]>g</xmp>h&amp;<b>";
        for (int m = 1; m < modes.length; m++) {
            byte[] seed = new FuzzChoices.ChoiceWriter().pick(m << 4).pick(7).seed(doc.getBytes(StandardCharsets.UTF_8));
            out.put("tokenizer/initial-" + modes[m], seed);
        }
        byte[] captureAll = new FuzzChoices.ChoiceWriter().pick(3).pick(1).seed(
                documents().get("comments").getBytes(StandardCharsets.UTF_8));
        out.put("tokenizer/comments-captured", captureAll);
        byte[] streamTags = new FuzzChoices.ChoiceWriter().pick(4).pick(0).seed(
                documents().get("tags-attributes").getBytes(StandardCharsets.UTF_8));
        out.put("tokenizer/tags-streamed", streamTags);
    }

    /**
     * Every charset's multibyte sequences where the tokenizer and the text-boundary logic meet them: text,
     * attribute values, comments, RCDATA, script, tag names, and a sequence cut off by the end of input. The
     * rewriter target also runs every document up to 4 KiB in 1-byte chunks, so each seed is split at every
     * position.
     */
    private static void multibyte(Map<String, byte[]> out) {
        String sample = "\u65e5\u672c\u8a9e\u8868\u30bd\u80fd\u00e9\u4e2d\u6587\uff71";
        String doc = "<p title=\"" + sample + "\">" + sample + "&amp;" + sample + "</p><!--" + sample
                + "--><title>" + sample + "</title><script>var s='" + sample + "';</script><p\u65e5>x</p\u65e5>"
                + "<textarea>" + sample + "</textarea>";
        for (int c = 0; c < RewritePlan.CHARSETS.length; c++) {
            Charset cs = Charset.forName(RewritePlan.CHARSETS[c]);
            byte[] bytes = encodable(doc, cs).getBytes(cs);
            String name = RewritePlan.CHARSETS[c].toLowerCase();
            out.put("tokenizer/multibyte-" + name, bytes);
            out.put("rewriter/multibyte-" + name + ".plain", Plans.none(c).seed(bytes));
            out.put("rewriter/multibyte-" + name + ".all-handlers", Plans.allHandlers(c).seed(bytes));
            out.put("rewriter/multibyte-" + name + ".removals", Plans.removals(c).seed(bytes));
            // Every two-byte (and longer) sequence in isolation, then cut off by the end of input.
            byte[] seq = encodable(sample, cs).getBytes(cs);
            byte[] cut = java.util.Arrays.copyOf(seq, seq.length - 1);
            out.put("rewriter/multibyte-" + name + ".cut", Plans.allHandlers(c).seed(cut));
        }
        // windows-1252's C1 range and bytes Java leaves undefined.
        byte[] c1 = new byte[64];
        for (int i = 0; i < 32; i++) {
            c1[2 * i] = (byte) (0x80 + i);
            c1[2 * i + 1] = ' ';
        }
        out.put("rewriter/windows-1252-c1", Plans.allHandlers(1).seed(c1));
        // Malformed UTF-8: lone continuation, overlong, surrogate, truncated 4-byte.
        byte[] bad = {'<', 'p', '>', (byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, '<', '/', 'p', '>', (byte) 0xE6, (byte) 0x97};
        out.put("rewriter/utf-8-malformed", Plans.allHandlers(0).seed(bad));
        out.put("tokenizer/utf-8-malformed", bad);
    }

    private static String encodable(String s, Charset cs) {
        StringBuilder sb = new StringBuilder();
        java.nio.charset.CharsetEncoder enc = cs.newEncoder();
        s.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            sb.append(enc.canEncode(ch) ? ch : "?");
        });
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Selectors

    private static void selectors(Map<String, byte[]> out) {
        List<String> s = new ArrayList<>();
        // Valid: every supported feature.
        s.add("*");
        s.add("div");
        s.add("DIV.note > a[href^='https:'], #main p:nth-child(odd)");
        s.add("a[href] [title=\"x\"] [lang|=en] [class~=b] [href$=\".pdf\" i] [data-x*=y s]");
        s.add("ul > li + li ~ li");
        s.add(":first-child:nth-child(2n+1):nth-child(-n+3):nth-child(even):nth-of-type(3):first-of-type:root");
        s.add("li:nth-child(2n+1 of .a, .b)");
        s.add(":not(.a.b) :is(p, div > span) :where(#x, [y])");
        s.add(":not(:not(:not(:is(a, :not(b)))))");
        s.add("esi\\:include, .\\31 23, #\\#id, [data-x=\"a\\\"b\"], \\000041");
        s.add("p:nth-child( +3n - 2 ), p:nth-child(-n+ 6), p:nth-child(N)");
        s.add("  a\t>\nb  ");
        // Invalid: one per error kind, and what a stream cannot decide.
        s.add("");
        s.add("a,");
        s.add("a >");
        s.add("> a");
        s.add("[href");
        s.add("a[href=\"x]");
        s.add(":nth-child(2n+)");
        s.add("a:nth-of-type(1 of b)");
        s.add("[a~~=b]");
        s.add("[a=b x]");
        s.add("a:last-child");
        s.add("a:has(b)");
        s.add("a:hover");
        s.add("a::before");
        s.add("a:first-line");
        s.add("svg|rect"); // valid since namespace prefixes can be declared (the fuzz target declares these two)
        s.add("[xlink|href]");
        s.add("a /* comment */ b");
        s.add(":is()");
        s.add(":not(a,)");
        s.add("a:is(:not(" + ":is(".repeat(40) + "a" + ")".repeat(41) + "))");
        s.add("#1a");
        s.add(".");
        s.add("a\\");
        s.add("\"string\"");
        // Namespaces (the fuzz target declares svg, math, html, xlink, xml and others: SelectorGenerator.NAMESPACES).
        s.add("*|*, |p, svg|*:not(math|mi) > *|a[*|href][xlink|href|=a][|title], html|p");
        s.add("nope|rect");
        for (int i = 0; i < s.size(); i++) {
            out.put(String.format("selectors/seed-%02d.txt", i), s.get(i).getBytes(StandardCharsets.UTF_8));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Handler plans as choice bytes (see RewritePlan for the encoding)

    static final class Plans {
        private Plans() {
        }

        private static FuzzChoices.ChoiceWriter header(int charset, int options, int registrations) {
            return new FuzzChoices.ChoiceWriter().pick(charset).pick(options).pick(37).pick(registrations);
        }

        /** Selector choices for one type selector ({@code index} into TAGS), or {@code *} for -1. */
        private static void type(FuzzChoices.ChoiceWriter w, int index) {
            w.pick(0); // one compound
            w.pick(index < 0 ? RewritePlan.TAGS.length : index);
            w.pick(0); // no simple selectors
        }

        private static int tag(String name) {
            return java.util.Arrays.asList(RewritePlan.TAGS).indexOf(name);
        }

        private static FuzzChoices.ChoiceWriter actions(FuzzChoices.ChoiceWriter w, int... pairs) {
            w.pick(pairs.length / 2 - 1);
            for (int a : pairs) {
                w.pick(a);
            }
            return w;
        }

        private static FuzzChoices.ChoiceWriter pool(FuzzChoices.ChoiceWriter w) {
            for (int i = 0; i < 32; i++) {
                w.pick((i * 37 + 11) & 0xff);
            }
            return w;
        }

        static FuzzChoices.ChoiceWriter none(int charset) {
            return pool(header(charset, 0, 0));
        }

        /** Every handler kind: reads, markers around elements and text, text rewriting, comment text, doc end. */
        static FuzzChoices.ChoiceWriter allHandlers(int charset) {
            FuzzChoices.ChoiceWriter w = header(charset, 128, 6);
            w.pick(RewritePlan.Kind.ELEMENT.ordinal());
            type(w, -1);
            actions(w, 0, 0, 5, 0, 13, 0);
            w.pick(RewritePlan.Kind.TEXT.ordinal());
            type(w, -1);
            actions(w, 5, 0);
            w.pick(RewritePlan.Kind.DOCUMENT_COMMENT.ordinal());
            actions(w, 1, 0, 2, 1);
            w.pick(RewritePlan.Kind.DOCTYPE.ordinal());
            actions(w, 2, 0);
            w.pick(RewritePlan.Kind.DOCUMENT_END.ordinal());
            actions(w, 0, 2);
            w.pick(RewritePlan.Kind.ELEMENT.ordinal());
            type(w, tag("div"));
            actions(w, 1, 1, 7, 0, 8, 3);
            return pool(w);
        }

        /** Removal and replacement: nested removals, text replaced, comments removed, raw-text content set. */
        static FuzzChoices.ChoiceWriter removals(int charset) {
            FuzzChoices.ChoiceWriter w = header(charset, 128, 5);
            w.pick(RewritePlan.Kind.ELEMENT.ordinal());
            w.pick(1); // two compounds: "div p"
            w.pick(tag("div"));
            w.pick(0);
            w.pick(0); // descendant combinator
            w.pick(tag("p"));
            w.pick(0);
            actions(w, 11, 0);
            w.pick(RewritePlan.Kind.TEXT.ordinal());
            type(w, tag("title"));
            actions(w, 2, 0);
            w.pick(RewritePlan.Kind.COMMENT.ordinal());
            type(w, -1);
            actions(w, 5, 0);
            w.pick(RewritePlan.Kind.ELEMENT.ordinal());
            type(w, tag("script"));
            actions(w, 10, 5, 6, 1);
            w.pick(RewritePlan.Kind.ELEMENT.ordinal());
            type(w, tag("b"));
            actions(w, 12, 0, 9, 4);
            return pool(w);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Dictionaries (libFuzzer format: one quoted token a line)

    static final class Dictionaries {
        private Dictionaries() {
        }

        static byte[] html() {
            List<String> tokens = new ArrayList<>();
            for (String t : ("a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
                    + "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
                    + "fieldset figcaption figure footer form frame frameset h1 h6 head header hgroup hr html i iframe "
                    + "image img input ins kbd keygen label legend li link listing main map mark marquee math menu meta "
                    + "meter nav nobr noembed noframes noscript object ol optgroup option output p param picture "
                    + "plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small "
                    + "source span strike strong style sub summary sup svg table tbody td template textarea tfoot th "
                    + "thead time title tr track tt u ul var video wbr xmp foreignObject desc mi mo mn ms mtext "
                    + "annotation-xml malignmark mglyph font center").split(" ")) {
                tokens.add("<" + t);
                tokens.add("</" + t + ">");
            }
            for (String t : ("class id href src style type lang dir rel media name value charset http-equiv "
                    + "content encoding color face size xlink:href xmlns definitionURL selected").split(" ")) {
                tokens.add(" " + t + "=");
            }
            for (String t : new String[] {"<!--", "-->", "--!>", "<!-->", "<!--->", "<!DOCTYPE", "<!doctype html>",
                " PUBLIC ", " SYSTEM ", "<![CDATA[", "]]>", "</", "/>", "<?", "<!", "&amp;", "&lt;", "&gt", "&#x",
                "&#", "&notin;", "&not", ";", "=\"", "='", "\"", "'", "\t", "\n", "\f", "\r", "\u0000",
                "<script><!--<script>", "</script>", "-->", "text/html", "application/xhtml+xml", "shift_jis",
                "euc-jp", "gbk", "windows-1252", "utf-8"}) {
                tokens.add(t);
            }
            return format(tokens);
        }

        static byte[] selector() {
            List<String> tokens = new ArrayList<>();
            for (String t : new String[] {"*", ".", "#", "[", "]", "(", ")", ",", " > ", " + ", " ~ ", " ", "=", "~=",
                "|=", "^=", "$=", "*=", " i]", " s]", "\"", "'", "\\", ":first-child", ":nth-child(", ":nth-of-type(",
                ":first-of-type", ":root", ":not(", ":is(", ":where(", ":last-child", ":has(", ":hover", "::before",
                "2n+1", "-n+3", "odd", "even", " of ", "svg|", "|", "*|", "math|", "xlink|", "/*", "*/", "div", "a", "href",
                "data-x"}) {
                tokens.add(t);
            }
            return format(tokens);
        }

        private static byte[] format(List<String> tokens) {
            StringBuilder sb = new StringBuilder("# Generated by org.htmlrewriter.fuzz.SeedCorpusGenerator\n");
            for (String t : tokens) {
                sb.append('"');
                for (byte b : t.getBytes(StandardCharsets.UTF_8)) {
                    int c = b & 0xff;
                    if (c == '"' || c == '\\') {
                        sb.append('\\').append((char) c);
                    } else if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\x%02X", c));
                    } else {
                        sb.append((char) c);
                    }
                }
                sb.append("\"\n");
            }
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    static void check(Path root) {
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
            Path p = root.resolve(e.getKey());
            try {
                if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), e.getValue())) {
                    throw new AssertionError(p + " is not what SeedCorpusGenerator makes: regenerate the corpus "
                            + "(see fuzz-corpus/README.md)");
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
