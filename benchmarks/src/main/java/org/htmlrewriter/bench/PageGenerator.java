package org.htmlrewriter.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generates realistic HTML pages for the benchmarks, deterministically: the same seed and size give the same bytes
 * on every JVM ({@link java.util.Random} is a specified LCG).
 *
 * <p>What a page contains, so the workloads have something to find:
 * <ul>
 *   <li>a {@code <head>} with a title, {@code <meta>} and {@code <link>} tags, two {@code <style>} blocks (CSS with
 *       {@code >} combinators and quoted {@code "<"}) and {@code <script>} blocks whose code contains {@code <},
 *       {@code "</" + "div>"} strings and JSON-LD;</li>
 *   <li>a {@code <body>} made of randomly chosen blocks until the target size: sections
 *       ({@code div.section#s<n>} with headings and paragraphs), notes ({@code div.note} with {@code span}s),
 *       nested {@code ul > li > a[href]} lists, {@code table > thead/tbody > tr > td} tables with {@code <dfn>},
 *       figures ({@code div > img}), forms, {@code <pre>} code with escaped markup, comments, and inline scripts
 *       and styles;</li>
 *   <li>text mixing English words with about 15 % non-ASCII words (German, French, Russian, Japanese, Chinese,
 *       emoji) encoded as UTF-8, and named and numeric character references ({@code &amp;}, {@code &nbsp;},
 *       {@code &#8212;}, {@code &#x2014;} ...) in text and attribute values.</li>
 * </ul>
 * The markup is well-formed (every element closed, quoted attributes mostly double, some single or unquoted), as
 * real sites produced by templates are. Sizes are approximate: the generator stops adding blocks when the next
 * one would pass the target, so pages are a little under {@code targetBytes}.
 *
 * <p>Stateless and thread-safe. Command line: {@code PageGenerator SEED BYTES FILE} writes one page;
 * {@code PageGenerator --stream SEED BYTES FILE} writes one document of about {@code BYTES} (any size, e.g. 1 GB)
 * by repeating body blocks without holding it in memory ({@code -} = standard output).
 */
public final class PageGenerator {
    /** Prefix of the seeds used for the benchmark pages, so they are easy to reproduce. */
    public static final long DEFAULT_SEED = 20240601L;

    private static final String[] WORDS = {
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "with", "was", "on", "be", "at", "by",
        "this", "had", "not", "are", "but", "from", "or", "have", "an", "they", "which", "one", "you", "were",
        "stream", "parser", "element", "attribute", "selector", "rewriting", "network", "request", "response",
        "document", "content", "handler", "buffer", "latency", "throughput", "memory", "character", "reference",
        "specification", "algorithm", "tokenizer", "state", "token", "comment", "insertion", "mode", "table",
        "browser", "server", "cache", "header", "proxy", "edge", "origin", "performance", "benchmark", "worker",
    };
    private static final String[] NON_ASCII_WORDS = {
        "Größe", "Straße", "über", "déjà", "vu", "naïve", "façade", "café", "пример", "данные", "страница",
        "日本語", "テキスト", "東京", "中文", "数据", "页面", "한국어", "🚀", "✓", "€100", "Ελληνικά", "עברית",
    };
    private static final String[] ENTITIES = {
        "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy;", "&mdash;", "&eacute;", "&#8212;", "&#x2014;",
        "&hellip;", "&rarr;", "&#39;", "&trade;",
    };
    private static final String[] CLASSES = {
        "note", "card", "item", "row", "col", "lead", "muted", "highlight", "wide", "main", "aside", "nav-link",
        "btn", "btn-primary", "active", "hidden-sm", "text-center", "grid",
    };
    private static final String[] HOSTS = {
        "https://example.com", "https://www.example.org", "https://cdn.example.net", "", "",
    };

    private PageGenerator() {
    }

    /** A page of about {@code targetBytes} UTF-8 bytes (at least a minimal page). */
    public static byte[] generate(long seed, int targetBytes) {
        return generateString(seed, targetBytes).getBytes(StandardCharsets.UTF_8);
    }

    /** The same page as {@link #generate}, as a string. */
    public static String generateString(long seed, int targetBytes) {
        Random random = new Random(seed);
        StringBuilder page = new StringBuilder(targetBytes + 4096);
        appendHead(page, random);
        String closing = "<footer class=\"footer\"><p>&copy; 2024 Example &mdash; всё</p></footer>\n</body>\n</html>\n";
        long bytes = utf8Length(page) + utf8Length(closing);
        int blockNumber = 0;
        StringBuilder block = new StringBuilder(4096);
        while (true) {
            block.setLength(0);
            appendBlock(block, random, blockNumber++);
            long blockBytes = utf8Length(block);
            if (bytes + blockBytes > targetBytes && blockNumber > 1) {
                break;
            }
            page.append(block);
            bytes += blockBytes;
        }
        page.append(closing);
        return page.toString();
    }

    /**
     * Writes one document of about {@code totalBytes} to {@code out}, block by block (constant memory), for the
     * gigabyte-stream memory figure.
     */
    public static long stream(long seed, long totalBytes, OutputStream out) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(1 << 16);
        appendHead(text, random);
        long written = writeUtf8(text, out);
        int blockNumber = 0;
        while (written < totalBytes) {
            text.setLength(0);
            appendBlock(text, random, blockNumber++);
            written += writeUtf8(text, out);
        }
        text.setLength(0);
        text.append("</body>\n</html>\n");
        written += writeUtf8(text, out);
        out.flush();
        return written;
    }

    private static long writeUtf8(CharSequence text, OutputStream out) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        return bytes.length;
    }

    /** UTF-8 length of a well-formed char sequence (a surrogate pair counts 4). */
    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                n += 2;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static void appendHead(StringBuilder sb, Random r) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(sentence(r, 6)).append(" &mdash; Example</title>\n")
          .append("<link rel=\"stylesheet\" href=\"/assets/site.css?v=").append(r.nextInt(1000)).append("\">\n")
          .append("<link rel=\"icon\" href=\"/favicon.ico\">\n");
        sb.append("<style>\n");
        for (int i = 0; i < 40; i++) {
            String c = pick(r, CLASSES);
            sb.append("  .").append(c).append(" > li:not(.hidden) { margin: ").append(r.nextInt(20))
              .append("px; color: #").append(Integer.toHexString(0x100000 + r.nextInt(0xEFFFFF))).append("; }\n");
            if (i % 10 == 0) {
                sb.append("  .").append(c).append("::before { content: \"<\"; }\n");
            }
        }
        sb.append("</style>\n");
        sb.append("<script>\n  window.dataLayer = window.dataLayer || [];\n")
          .append("  function track(a, b) { if (a < b && b > 0) { return '<' + 'span>' + a; } return \"</\" + \"div>\"; }\n")
          .append("  for (var i = 0; i < 10; i++) { dataLayer.push({ event: 'load', n: i }); }\n")
          .append("  var tpl = '<div class=\"x\">' + document.title + '</' + 'div>';\n")
          .append("</script>\n");
        sb.append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"WebPage\",")
          .append("\"name\":\"").append(word(r)).append("\",\"inLanguage\":\"en\"}</script>\n");
        sb.append("<style media=\"print\">body { font: 12pt serif; } a[href]::after { content: \" (\" attr(href) \")\"; }</style>\n");
        sb.append("</head>\n<body class=\"page home\">\n<header id=\"top\"><nav class=\"nav\">\n<ul class=\"menu\">\n");
        for (int i = 0; i < 8; i++) {
            sb.append("<li class=\"menu-item\"><a class=\"nav-link\" href=\"").append(href(r)).append("\">")
              .append(word(r)).append("</a></li>\n");
        }
        sb.append("</ul>\n</nav></header>\n");
    }

    private static void appendBlock(StringBuilder sb, Random r, int n) {
        int kind = r.nextInt(100);
        if (kind < 30) {
            section(sb, r, n);
        } else if (kind < 42) {
            note(sb, r);
        } else if (kind < 56) {
            list(sb, r, 0);
        } else if (kind < 68) {
            table(sb, r);
        } else if (kind < 76) {
            figure(sb, r);
        } else if (kind < 81) {
            form(sb, r, n);
        } else if (kind < 87) {
            pre(sb, r);
        } else if (kind < 93) {
            sb.append("<!-- ").append(sentence(r, 8)).append(" -- block ").append(n).append(" -->\n");
        } else if (kind < 97) {
            sb.append("<script>(function(){ var n = ").append(n).append("; if (n < 100 && n >= 0) { console.log('<b>' + n + '</b>'); } })();</script>\n");
        } else {
            sb.append("<style>.b").append(n).append(" > p { padding: 0 } .b").append(n).append(" a[href^=\"http\"] { color: red }</style>\n");
        }
    }

    private static void section(StringBuilder sb, Random r, int n) {
        sb.append("<div class=\"section ").append(pick(r, CLASSES)).append("\" id=\"s").append(n).append("\">\n");
        sb.append("<h2 id=\"h").append(n).append("\">").append(sentence(r, 4)).append("</h2>\n");
        int paragraphs = 1 + r.nextInt(4);
        for (int i = 0; i < paragraphs; i++) {
            paragraph(sb, r);
        }
        if (r.nextInt(3) == 0) {
            note(sb, r);
        }
        sb.append("</div>\n");
    }

    private static void paragraph(StringBuilder sb, Random r) {
        sb.append(r.nextInt(4) == 0 ? "<p class=\"" + pick(r, CLASSES) + "\">" : "<p>");
        int pieces = 3 + r.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            switch (r.nextInt(7)) {
                case 0 -> sb.append("<a href=\"").append(href(r)).append("\" title=\"").append(word(r)).append(" &amp; ")
                        .append(word(r)).append("\">").append(sentence(r, 2)).append("</a> ");
                case 1 -> sb.append("<em>").append(sentence(r, 2)).append("</em> ");
                case 2 -> sb.append("<strong>").append(word(r)).append("</strong> ");
                case 3 -> sb.append("<span class=\"").append(pick(r, CLASSES)).append("\">").append(sentence(r, 3))
                        .append("</span> ");
                case 4 -> sb.append(pick(r, ENTITIES)).append(' ');
                default -> sb.append(sentence(r, 5 + r.nextInt(10))).append(' ');
            }
        }
        sb.append("</p>\n");
    }

    private static void note(StringBuilder sb, Random r) {
        sb.append("<div class=\"note\"><p><span class=\"label\">").append(word(r)).append(":</span> ")
          .append(sentence(r, 10)).append(" <span>").append(sentence(r, 4)).append("</span> ")
          .append(pick(r, ENTITIES)).append("</p></div>\n");
    }

    private static void list(StringBuilder sb, Random r, int depth) {
        sb.append("<ul class=\"").append(pick(r, CLASSES)).append("\">\n");
        int items = 2 + r.nextInt(7);
        for (int i = 0; i < items; i++) {
            sb.append("<li>");
            if (r.nextBoolean()) {
                sb.append("<a href=\"").append(href(r)).append("\">").append(sentence(r, 3)).append("</a>");
            } else {
                sb.append(sentence(r, 6));
            }
            if (depth < 2 && r.nextInt(6) == 0) {
                sb.append('\n');
                list(sb, r, depth + 1);
            }
            sb.append("</li>\n");
        }
        sb.append("</ul>\n");
    }

    private static void table(StringBuilder sb, Random r) {
        int cols = 2 + r.nextInt(4);
        int rows = 2 + r.nextInt(8);
        sb.append("<table class=\"data\"><thead><tr>");
        for (int c = 0; c < cols; c++) {
            sb.append("<th scope=col>").append(word(r)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < rows; i++) {
            sb.append("<tr class='").append(i % 2 == 0 ? "even" : "odd").append("'>");
            for (int c = 0; c < cols; c++) {
                sb.append("<td>");
                switch (r.nextInt(5)) {
                    case 0 -> sb.append("<dfn>").append(word(r)).append("</dfn> ").append(sentence(r, 3));
                    case 1 -> sb.append(r.nextInt(100000)).append(pick(r, ENTITIES));
                    case 2 -> sb.append("<a href=\"").append(href(r)).append("\">").append(word(r)).append("</a>");
                    default -> sb.append(sentence(r, 2 + r.nextInt(4)));
                }
                sb.append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    private static void figure(StringBuilder sb, Random r) {
        sb.append("<div class=\"figure\"><img src=\"").append(pick(r, HOSTS)).append("/img/").append(r.nextInt(100000))
          .append(".png\" alt=\"").append(sentence(r, 3)).append("\" width=").append(100 + r.nextInt(900))
          .append(" height=").append(100 + r.nextInt(600)).append(" loading=\"lazy\"><p class=\"caption\">")
          .append(sentence(r, 6)).append("</p></div>\n");
    }

    private static void form(StringBuilder sb, Random r, int n) {
        sb.append("<form action=\"/search\" method=\"get\" id=\"f").append(n).append("\">")
          .append("<label for=\"q").append(n).append("\">").append(word(r)).append("</label>")
          .append("<input type=\"text\" id=\"q").append(n).append("\" name=\"q\" value=\"").append(word(r))
          .append(" &amp; ").append(word(r)).append("\" required>")
          .append("<select name=\"s\"><option value=\"1\" selected>").append(word(r)).append("</option><option value=\"2\">")
          .append(word(r)).append("</option></select>")
          .append("<textarea name=\"t\" rows=3>").append(sentence(r, 5)).append(" &lt;b&gt;</textarea>")
          .append("<button type=\"submit\" class=\"btn btn-primary\">").append(word(r)).append("</button></form>\n");
    }

    private static void pre(StringBuilder sb, Random r) {
        sb.append("<pre><code class=\"language-html\">&lt;div class=&quot;").append(pick(r, CLASSES))
          .append("&quot;&gt;\n  &lt;a href=&quot;").append(href(r)).append("&quot;&gt;").append(word(r))
          .append("&lt;/a&gt;\n&lt;/div&gt;\n</code></pre>\n");
    }

    private static String href(Random r) {
        StringBuilder h = new StringBuilder(pick(r, HOSTS));
        int parts = 1 + r.nextInt(3);
        for (int i = 0; i < parts; i++) {
            h.append('/').append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(4) == 0) {
            h.append("?id=").append(r.nextInt(10000)).append("&amp;ref=").append(WORDS[r.nextInt(WORDS.length)]);
        }
        return h.toString();
    }

    private static String sentence(Random r, int words) {
        StringBuilder s = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(word(r));
        }
        return s.toString();
    }

    private static String word(Random r) {
        return r.nextInt(100) < 15 ? pick(r, NON_ASCII_WORDS) : pick(r, WORDS);
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    /** {@code SEED BYTES FILE} or {@code --stream SEED BYTES FILE|-}. */
    public static void main(String[] args) throws IOException {
        boolean streaming = args.length > 0 && args[0].equals("--stream");
        int a = streaming ? 1 : 0;
        if (args.length != a + 3) {
            System.err.println("usage: PageGenerator [--stream] SEED BYTES FILE|-");
            System.exit(2);
        }
        long seed = Long.parseLong(args[a]);
        long size = Long.parseLong(args[a + 1]);
        String file = args[a + 2];
        try (OutputStream out = file.equals("-") ? System.out
                : new BufferedOutputStream(Files.newOutputStream(Path.of(file)), 1 << 16)) {
            if (streaming) {
                stream(seed, size, out);
            } else {
                out.write(generate(seed, Math.toIntExact(size)));
            }
        }
    }
}
