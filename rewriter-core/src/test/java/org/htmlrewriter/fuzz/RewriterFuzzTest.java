package org.htmlrewriter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.htmlrewriter.HandlerException;
import org.htmlrewriter.HtmlRewriter;
import org.htmlrewriter.MemoryLimitExceededException;
import org.htmlrewriter.OutputSink;
import org.htmlrewriter.ParsingAmbiguityException;
import org.htmlrewriter.RewriterSettings;
import org.htmlrewriter.RewritingException;
import org.htmlrewriter.selectors.SelectorSyntaxException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the tokenizer and rewriter through the public API. The input's front is the document,
 * its tail the {@link RewritePlan} (charset, settings, chunking, handlers). Checked for every input:
 * <ul>
 *   <li>only documented exceptions: {@link RewritingException} subclasses, handler failures (including content
 *       validation's {@link IllegalArgumentException}) wrapped in {@link HandlerException}; a failed rewriter
 *       stays failed ({@link IllegalStateException} from {@code write} and {@code end});</li>
 *   <li>the same output for the whole document in one chunk, in 1-byte chunks (short documents) and in the plan's
 *       chunking;</li>
 *   <li>output == input with no handlers and with the plan's registrations doing nothing but reading;</li>
 *   <li>{@link HtmlRewriter#heldBytes()} never above the memory limit between chunks;</li>
 *   <li>TEXT content never becomes markup: jsoup finds no {@code <x-fuzz>} element, and every marker inserted
 *       as TEXT reads as text; a comment's accepted new text stays one comment ({@link PlanHandlers}). In lenient
 *       mode a marker may read differently only after a point where strict mode refuses the document
 *       ({@link ParsingAmbiguityException}): from there the rewriter follows a guess.</li>
 * </ul>
 * jsoup is the first oracle; where it reports a problem, validator.nu's parser (which follows the HTML standard's
 * tree construction, with the plan's scripting flag) must confirm it, so that jsoup's deviations (script in SVG,
 * {@code <noscript>} with scripting, the newer {@code <select>} parsing) are not reported as findings.
 * Regression mode (plain {@code mvn verify}) replays {@code fuzz-corpus/rewriter/}; see fuzz-corpus/README.md.
 */
@Tag("slow")
class RewriterFuzzTest {
    /** Documents up to this long are also run in 1-byte chunks: every split point of every sequence. */
    private static final int BYTEWISE_LIMIT = 4096;

    @FuzzTest(maxDuration = "10m")
    void rewrite(FuzzedDataProvider data) {
        RewritePlan plan = RewritePlan.decode(new FuzzChoices(data));
        new Check(plan).run();
    }

    /** Outcome of one run. */
    static final class Outcome {
        final String chunking;
        final byte[] output;
        final RewritingException thrown;
        final RewritingException recovered;
        final PlanHandlers.RunLog log;
        final boolean charsetChanged;

        Outcome(String chunking, byte[] output, RewritingException thrown, RewritingException recovered,
                PlanHandlers.RunLog log, boolean charsetChanged) {
            this.chunking = chunking;
            this.output = output;
            this.thrown = thrown;
            this.recovered = recovered;
            this.log = log;
            this.charsetChanged = charsetChanged;
        }

        boolean memoryFailure() {
            return thrown instanceof MemoryLimitExceededException || recovered instanceof MemoryLimitExceededException;
        }

        String failureKind() {
            Throwable t = thrown != null ? thrown : recovered;
            return t == null ? "none" : t.getClass().getSimpleName();
        }
    }

    static final class Check {
        private final RewritePlan plan;
        private final byte[] doc;

        Check(RewritePlan plan) {
            this.plan = plan;
            this.doc = plan.document;
        }

        void run() {
            List<int[]> chunkings = new ArrayList<>();
            chunkings.add(new int[] {doc.length});
            chunkings.add(RewritePlan.chunkSizes(plan.chunkSeed, doc.length));
            if (doc.length <= BYTEWISE_LIMIT) {
                int[] ones = new int[doc.length];
                Arrays.fill(ones, 1);
                chunkings.add(ones);
            }
            // Pass-through identity: no handlers, then the plan's registrations only reading.
            for (int[] c : chunkings.subList(0, 2)) {
                identity(noHandlers(), c, "no handlers");
                identity(PlanHandlersSettings.of(plan, true), c, "read-only handlers");
            }
            // Mutations: the same output for every chunking.
            List<Outcome> outcomes = new ArrayList<>();
            for (int[] c : chunkings) {
                outcomes.add(execute(PlanHandlersSettings.of(plan, false), c));
            }
            compare(outcomes);
            markupOracle(outcomes.get(0));
        }

        private PlanHandlersSettings noHandlers() {
            HtmlRewriter.Builder b = HtmlRewriter.builder().charset(plan.charset).gracefulBailOut(plan.graceful)
                    .strict(plan.strict).scriptingEnabled(plan.scripting).adjustCharsetOnMetaTag(plan.adjustCharset)
                    .memoryLimit(plan.memoryLimit);
            return new PlanHandlersSettings(b.settings(), new PlanHandlers.RunLog());
        }

        private void identity(PlanHandlersSettings s, int[] chunking, String what) {
            if (s == null) {
                return;
            }
            Outcome o = execute(s, chunking);
            if (o.thrown != null || o.recovered != null) {
                // Limits and strict-mode ambiguities apply to read-only handlers too; a handler failure must not.
                Throwable t = o.thrown != null ? o.thrown : o.recovered;
                if (t instanceof HandlerException) {
                    throw finding(what + ": a read-only handler failed", o, t);
                }
                return;
            }
            if (!Arrays.equals(doc, o.output)) {
                throw finding(what + ": output differs from input at byte " + mismatch(doc, o.output), o, null);
            }
        }

        /** Runs the settings over the document in the given chunks, checking exceptions and held memory. */
        private Outcome execute(PlanHandlersSettings s, int[] chunking) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean[] charsetChanged = {false};
            OutputSink sink = new OutputSink() {
                @Override
                public void write(byte[] b, int off, int len) {
                    if (len <= 0) {
                        throw new AssertionError("sink called with len " + len);
                    }
                    out.write(b, off, len);
                }

                @Override
                public void charsetChanged(Charset charset) {
                    charsetChanged[0] = true;
                }
            };
            HtmlRewriter r = s.settings.newRewriter(sink);
            String name = describe(chunking);
            RewritingException thrown = null;
            int pos = 0;
            try {
                for (int size : chunking) {
                    int n = Math.min(size, doc.length - pos);
                    r.write(doc, pos, n);
                    pos += n;
                    long held = r.heldBytes();
                    if (held > plan.memoryLimit || held < 0) {
                        throw new AssertionError("held " + held + " bytes between chunks, limit "
                                + plan.memoryLimit + " (" + name + ", at " + pos + ")\n" + plan);
                    }
                }
                r.end();
            } catch (RewritingException e) {
                thrown = e;
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented exception " + e + " (" + name + ")\n" + plan + "\ninput: "
                        + show(doc), e);
            }
            if (!s.log.problems.isEmpty()) {
                throw new AssertionError("handler API problems " + s.log.problems + " (" + name + ")\n" + plan
                        + "\ninput: " + show(doc), thrown);
            }
            if (thrown != null) {
                if (plan.graceful) {
                    throw new AssertionError("graceful bail-out threw " + thrown + "\n" + plan, thrown);
                }
                checkHandlerFailure(thrown, name);
                checkPoisoned(r, name);
            }
            RewritingException recovered = r.failure();
            if (recovered != null) {
                checkHandlerFailure(recovered, name);
            }
            return new Outcome(name, out.toByteArray(), thrown, recovered, s.log, charsetChanged[0]);
        }

        private void checkHandlerFailure(RewritingException e, String name) {
            if (e instanceof HandlerException) {
                Throwable cause = e.getCause();
                // TEXT is checked again where it is finally written (before an end tag, after other content at the
                // same place): content a handler was allowed to insert may still be refused there.
                boolean refusedWhereWritten = e.getMessage().startsWith("content inserted as TEXT at byte")
                        || e.getMessage().startsWith("a change at byte");
                boolean expected = cause instanceof PlanHandlers.PlannedFailure
                        || cause instanceof PlanHandlers.PlannedCheckedFailure
                        || refusedWhereWritten
                        || (cause instanceof IllegalArgumentException && !(cause instanceof SelectorSyntaxException)
                                && !plan.swallowValidationErrors);
                if (!expected) {
                    throw new AssertionError("handler failure with unexpected cause (" + name + ")\n" + plan
                            + "\ninput: " + show(doc), e);
                }
            }
        }

        private void checkPoisoned(HtmlRewriter r, String name) {
            try {
                r.write(new byte[] {'x'}, 0, 1);
                throw new AssertionError("write after a failure did not throw (" + name + ")\n" + plan);
            } catch (IllegalStateException expected) {
                // documented
            }
            try {
                r.end();
                throw new AssertionError("end after a failure did not throw (" + name + ")\n" + plan);
            } catch (IllegalStateException expected) {
                // documented
            }
        }

        private void compare(List<Outcome> outcomes) {
            for (Outcome o : outcomes) {
                if (o.memoryFailure()) {
                    return; // where the limit is hit depends on the chunking
                }
            }
            Outcome first = outcomes.get(0);
            for (Outcome o : outcomes.subList(1, outcomes.size())) {
                if (!first.failureKind().equals(o.failureKind())) {
                    throw finding("failure differs by chunking: " + first.failureKind() + " whole vs "
                            + o.failureKind() + " " + o.chunking, o, o.thrown != null ? o.thrown : o.recovered);
                }
                if (first.thrown == null && !Arrays.equals(first.output, o.output)) {
                    throw finding("output differs by chunking at byte " + mismatch(first.output, o.output)
                            + "\nwhole:   " + show(first.output) + "\nchunked: " + show(o.output), o, null);
                }
            }
        }

        /** TEXT content stays text: no x-fuzz element, every emitted marker readable as text. */
        private void markupOracle(Outcome o) {
            if (o.thrown != null || o.recovered != null || o.charsetChanged || o.log.markers == 0
                    || o.log.markerCheckUnsound) {
                return;
            }
            String input = new String(doc, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            if (input.contains("x-fuzz") || input.contains("frameset")) {
                return; // the input's own x-fuzz; text dropped in frameset mode
            }
            // Read bytes as ISO-8859-1, not the document's charset: in every supported charset the markup bytes
            // (below 0x40) are never part of a multibyte sequence, while Java's decoders (unlike a browser's) may
            // swallow an ASCII byte after a malformed lead byte and so invent structure that is not there.
            String output = new String(o.output, StandardCharsets.ISO_8859_1);
            Document parsed;
            try {
                parsed = Jsoup.parse(output);
            } catch (RuntimeException jsoupBug) {
                return; // jsoup fails on some inputs (IndexOutOfBoundsException in reconstructFormattingElements)
            }
            if (!parsed.getElementsByTag("x-fuzz").isEmpty() && SpecParser.hasElement(output, plan.scripting, "x-fuzz")) {
                throw finding("TEXT content became an <x-fuzz> element:\n" + show(o.output), o, null);
            }
            StringBuilder texts = new StringBuilder();
            NodeTraversor.traverse((Node node, int depth) -> {
                if (node instanceof TextNode) {
                    texts.append(((TextNode) node).getWholeText()).append('\u0001');
                } else if (node instanceof DataNode) {
                    texts.append(((DataNode) node).getWholeData()).append('\u0001');
                }
            }, parsed);
            if (!endsReadingText(input)) {
                // The input ends inside a construct (a tag cut off, a comment, raw text without its end tag, ...):
                // content inserted at the end is read as part of it, as it would be after any truncated document.
                return;
            }
            String specText = null;
            for (int id = 0; id < o.log.markers; id++) {
                String marker = PlanHandlers.MARKER_PREFIX + id + "Q";
                String escaped = "&lt;x-fuzz&gt;&amp;Q" + id + "Q";
                boolean emitted = output.contains(marker) || output.contains(escaped);
                if (emitted && texts.indexOf(marker) < 0) {
                    if (specText == null) {
                        specText = SpecParser.text(output, plan.scripting);
                    }
                    if (specText == null || specText.contains(marker)) {
                        continue; // validator.nu does not confirm jsoup
                    }
                    if (!plan.strict && strictRefusesBefore(o.log.markerLandsFrom.get(id))) {
                        // Lenient mode guessed how to read on where strict mode refuses: the marker may land in
                        // text read differently than guessed. It must still not be markup (checked above).
                        continue;
                    }
                    throw finding("TEXT marker " + id + " does not read as text:\n" + show(o.output), o, null);
                }
            }
        }

        /**
         * Whether strict mode, with the plan's handlers only reading, raises {@link ParsingAmbiguityException} at a
         * tag before {@code offset}: from there on lenient mode follows a guess.
         */
        private boolean strictRefusesBefore(long offset) {
            HtmlRewriter.Builder b = HtmlRewriter.builder();
            try {
                PlanHandlers.build(plan, true, b);
            } catch (SelectorSyntaxException e) {
                throw new AssertionError(e);
            }
            RewritingException failure;
            try {
                HtmlRewriter r = b.strict(true).build((bytes, off, len) -> { });
                r.write(doc);
                r.end();
                failure = r.failure(); // graceful bail-out reports instead of throwing
            } catch (RewritingException e) {
                failure = e;
            }
            return failure instanceof ParsingAmbiguityException
                    && ((ParsingAmbiguityException) failure).streamOffset() < offset;
        }

        /**
         * Whether text appended to the document reads as text (the input ends in data or RCDATA, not inside a tag,
         * comment or raw-text element), by validator.nu with the plan's scripting flag. The probe starts with a
         * letter: after an input ending in "<" it makes a tag, as inserted content would.
         */
        private boolean endsReadingText(String input) {
            String text = SpecParser.text(new String(doc, StandardCharsets.ISO_8859_1) + "x&lt;x-probe&gt;",
                    plan.scripting);
            return text != null && text.contains("<x-probe>");
        }

        private AssertionError finding(String what, Outcome o, Throwable cause) {
            return new AssertionError(what + " (" + o.chunking + ")\n" + plan + "\ninput: " + show(doc), cause);
        }

        private static String describe(int[] chunking) {
            if (chunking.length <= 1) {
                return "one chunk";
            }
            if (Arrays.stream(chunking).allMatch(c -> c == 1)) {
                return "1-byte chunks";
            }
            return chunking.length + " chunks " + Arrays.toString(Arrays.copyOf(chunking, Math.min(12, chunking.length)));
        }

        private static int mismatch(byte[] a, byte[] b) {
            return Arrays.mismatch(a, b);
        }

        static String show(byte[] b) {
            String s = new String(b, 0, Math.min(b.length, 2000), StandardCharsets.ISO_8859_1);
            return PlanHandlers.escape(s) + (b.length > 2000 ? "...(" + b.length + " bytes)" : "");
        }
    }

    /** Settings plus the log of the handlers bound into them. */
    static final class PlanHandlersSettings {
        final RewriterSettings settings;
        final PlanHandlers.RunLog log;

        PlanHandlersSettings(RewriterSettings settings, PlanHandlers.RunLog log) {
            this.settings = settings;
            this.log = log;
        }

        static PlanHandlersSettings of(RewritePlan plan, boolean noop) {
            HtmlRewriter.Builder b = HtmlRewriter.builder();
            PlanHandlers h;
            try {
                h = PlanHandlers.build(plan, noop, b);
            } catch (SelectorSyntaxException e) {
                throw new AssertionError("a selector of the fuzz grammar was rejected\n" + plan, e);
            }
            return new PlanHandlersSettings(b.settings(), h.log);
        }
    }
}
