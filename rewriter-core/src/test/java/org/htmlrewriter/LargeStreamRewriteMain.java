package org.htmlrewriter;

import java.nio.charset.StandardCharsets;

/**
 * Child-process body of {@link LargeStreamMemoryTest}: rewrites a generated stream of {@code args[0]} bytes (a
 * realistic block repeated, produced on the fly, never held whole) with an {@code a[href]} handler, in chunks that
 * do not line up with the blocks, and checks the output size. Prints bytes in and out and the time; exits 0 when
 * the output has exactly the expected size, 1 otherwise. Meant to run with a small heap ({@code -Xmx64m}).
 */
public final class LargeStreamRewriteMain {
    static final String PREFIX = "https://proxy.example/";

    /** One block: a bit of everything a real page has, about 2 KB, balanced (every element it opens it closes). */
    static final String BLOCK = "<div class=\"card\" id=\"c\"><h2 class=title>Caf\u00e9 &amp; more</h2>\n"
            + "<p>Some <b>bold</b> and <i>italic</i> text with an entity &mdash; and a <a href=\"/docs/page?a=1&amp;b=2\">"
            + "relative link</a>, an <a href='https://example.com/x'>absolute one</a>, an <a name=anchor>anchor</a>"
            + " and <a href=/unquoted>one more</a>.</p>\n"
            + "<ul><li><a href=\"/1\">one</a></li><li><a href=\"/2\">two</a></li><li>three</li></ul>\n"
            + "<!-- a comment with <tags> inside -->\n"
            + "<script>var data = {\"a\": [1, 2, 3], \"s\": \"</div>\"}; if (a < b && c > d) { run(); }</script>\n"
            + "<img src=\"/i.png\" alt=\"\u65e5\u672c\u8a9e\"><br/>\n"
            + "<table><tr><td>1</td><td>2</td></tr></table>\n"
            + "<svg viewBox=\"0 0 10 10\"><a href=\"/svg\"><circle r=\"4\"/></a></svg>\n"
            + "<style>.card > a { color: red }</style>\n"
            + "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(12) + "</p>\n"
            + "</div>\n";

    private LargeStreamRewriteMain() {
    }

    static RewriterSettings settings() {
        return HtmlRewriter.builder()
                .onElement("a[href]", el -> el.setAttribute("href", PREFIX + el.getAttribute("href")))
                .memoryLimit(1 << 20)
                .settings();
    }

    public static void main(String[] args) {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        RewriterSettings settings = settings();
        byte[] block = BLOCK.getBytes(StandardCharsets.UTF_8);
        byte[] head = "<!DOCTYPE html><html><head><title>big</title></head><body>\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "</body></html>\n".getBytes(StandardCharsets.UTF_8);
        long blocks = Math.max(1, (total - head.length - tail.length) / block.length);
        long rewrittenBlock = HtmlRewriter.rewrite(BLOCK, settings).getBytes(StandardCharsets.UTF_8).length;
        long expectedIn = head.length + blocks * block.length + tail.length;
        long expectedOut = head.length + blocks * rewrittenBlock + tail.length;

        long[] out = new long[1];
        HtmlRewriter rewriter = settings.newRewriter((b, off, len) -> out[0] += len);
        // A 64 KiB buffer refilled from the repeating block: chunks cut blocks (and tags) at changing places.
        byte[] chunk = new byte[65_521];
        long in = 0;
        long started = System.nanoTime();
        rewriter.write(head, 0, head.length);
        in += head.length;
        long blocksLeft = blocks;
        int posInBlock = 0;
        while (blocksLeft > 0) {
            int filled = 0;
            while (filled < chunk.length && blocksLeft > 0) {
                int n = Math.min(chunk.length - filled, block.length - posInBlock);
                System.arraycopy(block, posInBlock, chunk, filled, n);
                filled += n;
                posInBlock += n;
                if (posInBlock == block.length) {
                    posInBlock = 0;
                    blocksLeft--;
                }
            }
            rewriter.write(chunk, 0, filled);
            in += filled;
        }
        rewriter.write(tail, 0, tail.length);
        in += tail.length;
        rewriter.end();
        double seconds = (System.nanoTime() - started) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf("bytes in %d, bytes out %d (expected %d), %.1f s, %.1f MB/s, max heap %d MB%n", in, out[0],
                expectedOut, seconds, in / 1e6 / seconds, rt.maxMemory() >> 20);
        System.exit(in == expectedIn && out[0] == expectedOut ? 0 : 1);
    }
}
