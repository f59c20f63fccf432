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
     * The output for {@code in} split into chunks of the given sizes (cycled; each at least 1), each copied into a
     * fresh array that is overwritten after the call.
     */
    static byte[] runBytes(RewriterSettings settings, byte[] in, java.util.List<Integer> sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlRewriter r = settings.newRewriter(out::write);
        int k = 0;
        for (int i = 0; i < in.length; ) {
            int n = Math.min(Math.max(1, sizes.get(k++ % sizes.size())), in.length - i);
            byte[] piece = new byte[n + 2];
            System.arraycopy(in, i, piece, 1, n);
            r.write(piece, 1, n);
            java.util.Arrays.fill(piece, (byte) '#');
            i += n;
        }
        r.end();
        return out.toByteArray();
    }

    /**
     * Random chunkings (a fixed QuickTheories seed; {@code examples} lists of 1 to 16 chunk sizes of 1 to 40 bytes,
     * cycled): {@code check} is called with each.
     */
    static void forRandomChunkings(int examples, java.util.function.Consumer<java.util.List<Integer>> check) {
        org.quicktheories.QuickTheory.qt().withFixedSeed(2026_1203L).withExamples(examples)
                .forAll(org.quicktheories.generators.SourceDSL.lists()
                        .of(org.quicktheories.generators.SourceDSL.integers().between(1, 40)).ofSizeBetween(1, 16))
                .checkAssert(check);
    }

    /** The output for {@code html}, checked to be the same as the whole input's under random chunkings. */
    static String rewriteUnderRandomChunking(RewriterSettings s, String html) {
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        byte[] whole = runBytes(s, in, Math.max(1, in.length));
        forRandomChunkings(50, sizes -> assertArrayEquals(whole, runBytes(s, in, sizes), () -> "chunks " + sizes));
        return new String(whole, StandardCharsets.UTF_8);
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
