package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs settings over a string in several chunkings and checks they agree. */
final class Rewrites {
    private Rewrites() {
    }

    static String run(RewriterSettings settings, String html, int chunk) {
        return new String(runBytes(settings, html.getBytes(StandardCharsets.UTF_8), chunk), StandardCharsets.UTF_8);
    }

    /**
     * The output for {@code in} written in {@code chunk}-byte pieces. Each piece is copied into a fresh array at offset
     * 3 between garbage bytes, which are overwritten after the call: the rewriter must honour offsets and must not
     * keep the caller's array.
     */
    static byte[] runBytes(RewriterSettings settings, byte[] in, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = settings.newRewriter(out::write);
        for (int i = 0; i < in.length; i += Math.min(chunk, in.length - i)) {
            int n = Math.min(chunk, in.length - i);
            byte[] piece = new byte[n + 6];
            java.util.Arrays.fill(piece, (byte) '<');
            System.arraycopy(in, i, piece, 3, n);
            r.write(piece, 3, n);
            java.util.Arrays.fill(piece, (byte) '#');
        }
        r.end();
        return out.toByteArray();
    }

    /** The output, checked to be the same for 1-byte, 7-byte and whole-input chunking. */
    static String rewrite(HtmlRewriter.Builder builder, String html) {
        RewriterSettings s = builder.settings();
        String whole = run(s, html, Math.max(1, html.length() * 4));
        assertEquals(whole, run(s, html, 1), "1-byte chunks");
        assertEquals(whole, run(s, html, 7), "7-byte chunks");
        return whole;
    }

    /** The output bytes, checked to be the same for 1-byte, 7-byte and whole-input chunking. */
    static byte[] rewriteBytes(RewriterSettings s, byte[] in) {
        byte[] whole = runBytes(s, in, Math.max(1, in.length));
        assertArrayEquals(whole, runBytes(s, in, 1), "1-byte chunks");
        assertArrayEquals(whole, runBytes(s, in, 7), "7-byte chunks");
        return whole;
    }

    /**
     * Whether a mutation was accepted or refused: {@code "accepted"}, or {@code "refused"} when it threw the
     * {@link IllegalArgumentException} or {@link IllegalStateException} the API refuses with.
     */
    static String outcome(Runnable mutation) {
        try {
            mutation.run();
            return "accepted";
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "refused";
        }
    }
}
