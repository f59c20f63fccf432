package org.htmlrewriter.internal.tokenizer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.htmlrewriter.internal.treesim.TreeBuilderSimulator;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the byte-level tokenizer with the tree-builder simulator's feedback, below the
 * rewriter. The last bytes of the input choose (one byte each, read from the end as {@link FuzzedDataProvider}
 * does): bit 0 capture comments, 1 capture doctypes, 2 stream tags through instead of capturing them, 3 scripting
 * disabled, 4-6 the initial text mode (the html5lib tests' initial states, with last start tag {@code script}
 * / {@code title} ...); then a chunking seed. The rest is the document. Checked: no exception at all (lenient
 * simulator, default memory limit); every byte reported exactly once (the recorded ranges rebuild the input);
 * the same tokens (coalesced text, tags with attributes, comments, doctypes) for the whole input, a seeded
 * chunking and 1-byte chunks; held bytes within the limit.
 */
@Tag("slow")
class TokenizerFuzzTest {
    private static final TextMode[] MODES = TextMode.values();
    private static final String[] LAST_START_TAG = {"", "title", "textarea", "style", "script", "plaintext", "", "xmp"};

    @FuzzTest(maxDuration = "10m")
    void tokenize(FuzzedDataProvider data) {
        int options = data.remainingBytes() == 0 ? 0 : data.consumeByte() & 0xff;
        int seed = data.remainingBytes() == 0 ? 0 : data.consumeByte() & 0xff;
        byte[] doc = data.consumeRemainingAsBytes();

        RecordingSink whole = run(doc, options, new int[] {doc.length});
        if (!Arrays.equals(doc, whole.raw.toByteArray())) {
            throw new AssertionError("reported bytes differ from the input at " + Arrays.mismatch(doc,
                    whole.raw.toByteArray()) + ": " + show(doc));
        }
        check(doc, options, whole, chunks(seed, doc.length));
        if (doc.length <= 2048) {
            int[] ones = new int[doc.length];
            Arrays.fill(ones, 1);
            check(doc, options, whole, ones);
        }
    }

    private static void check(byte[] doc, int options, RecordingSink whole, int[] chunking) {
        RecordingSink other = run(doc, options, chunking);
        if (!Arrays.equals(doc, other.raw.toByteArray())) {
            throw new AssertionError("reported bytes differ from the input (" + chunking.length + " chunks): "
                    + show(doc));
        }
        List<String> a = whole.tokens;
        List<String> b = other.tokens;
        if (!a.equals(b)) {
            int i = 0;
            while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
                i++;
            }
            throw new AssertionError("tokens differ by chunking at token " + i + ": whole "
                    + (i < a.size() ? a.get(i) : "<none>") + " vs chunked " + (i < b.size() ? b.get(i) : "<none>")
                    + " (" + chunking.length + " chunks " + Arrays.toString(Arrays.copyOf(chunking,
                    Math.min(10, chunking.length))) + ", options " + options + ")\ninput: " + show(doc));
        }
    }

    private static RecordingSink run(byte[] doc, int options, int[] chunking) {
        RecordingSink sink = new RecordingSink();
        sink.captureTags = (options & 4) == 0;
        TreeBuilderSimulator sim = new TreeBuilderSimulator(false, (options & 8) == 0);
        Tokenizer t = new Tokenizer(sink, sim);
        t.setCaptureComments((options & 1) != 0);
        t.setCaptureDoctypes((options & 2) != 0);
        int m = (options >> 4) & 7;
        if (m < MODES.length && m > 0) {
            t.setTextMode(MODES[m]);
            t.setLastStartTagName(LAST_START_TAG[m]);
        }
        int pos = 0;
        for (int size : chunking) {
            int n = Math.min(size, doc.length - pos);
            t.write(doc, pos, n);
            pos += n;
            if (t.heldBytes() > Tokenizer.DEFAULT_MEMORY_LIMIT) {
                throw new AssertionError("held " + t.heldBytes() + " bytes");
            }
        }
        t.end();
        if (!sink.ended) {
            throw new AssertionError("end() not reported");
        }
        return sink;
    }

    private static int[] chunks(int seed, int length) {
        Random r = new Random(seed);
        int max = 1 + seed % 61;
        int[] sizes = new int[Math.max(1, length)];
        int n = 0;
        int total = 0;
        while (total < length) {
            int s = Math.min(length - total, 1 + r.nextInt(max));
            sizes[n++] = s;
            total += s;
        }
        return Arrays.copyOf(sizes, Math.max(1, n));
    }

    private static String show(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 1500), StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
