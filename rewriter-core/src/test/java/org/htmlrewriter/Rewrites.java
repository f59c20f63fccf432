package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs settings over a string in several chunkings and checks they agree. */
final class Rewrites {
    private Rewrites() {
    }

    static String run(RewriterSettings settings, String html, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = settings.newRewriter(out::write);
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i += chunk) {
            r.write(in, i, Math.min(chunk, in.length - i));
        }
        r.end();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The output, checked to be the same for 1-byte, 7-byte and whole-input chunking. */
    static String rewrite(HtmlRewriter.Builder builder, String html) {
        RewriterSettings s = builder.settings();
        String whole = run(s, html, Math.max(1, html.length() * 4));
        assertEquals(whole, run(s, html, 1), "1-byte chunks");
        assertEquals(whole, run(s, html, 7), "7-byte chunks");
        return whole;
    }
}
