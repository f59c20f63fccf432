package org.htmlrewriter.servlet;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.RewriterSettings;

/**
 * A large HTML page made piece by piece, never held whole: a head, numbered sections of about 8 KB of markup with
 * links, text and images until at least the requested size, then a tail. The same size always gives the same
 * bytes. Stateless.
 */
final class GeneratedPage {
    private static final byte[] HEAD = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>big</title>"
            + "</head>\n<body>\n<h1>Big</h1>\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "<footer>end</footer>\n</body></html>\n".getBytes(StandardCharsets.UTF_8);
    private static final String SECTION;

    static {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 8000; i++) {
            sb.append("<p>Paragraph ").append(i).append(" with <a href=\"http://example.org/p/").append(i)
                    .append("\">a link</a>, <em>emphasis</em> and caf\u00e9 &amp; text.</p>\n");
            if (i % 11 == 0) {
                sb.append("<img src=\"/img/").append(i).append(".png\" alt=\"figure\">\n");
            }
        }
        SECTION = sb.toString();
    }

    private GeneratedPage() {
    }

    /** Hands each piece of a page of at least {@code minBytes} bytes to {@code out}, in order. */
    static void forEachPiece(long minBytes, Consumer<byte[]> out) {
        out.accept(HEAD);
        long produced = HEAD.length;
        for (int section = 0; produced + TAIL.length < minBytes; section++) {
            byte[] piece = ("<section data-n=\"" + section + "\">\n" + SECTION + "</section>\n")
                    .getBytes(StandardCharsets.UTF_8);
            out.accept(piece);
            produced += piece.length;
        }
        out.accept(TAIL);
    }

    /** Length and CRC-32 of the page as the library rewrites it with {@code settings}. */
    static long[] rewrittenDigest(long minBytes, RewriterSettings settings) {
        CRC32 crc = new CRC32();
        long[] length = {0};
        HtmlRewriter rewriter = settings.newRewriter((b, off, len) -> {
            crc.update(b, off, len);
            length[0] += len;
        });
        forEachPiece(minBytes, piece -> rewriter.write(piece, 0, piece.length));
        rewriter.end();
        return new long[] {length[0], crc.getValue()};
    }
}
