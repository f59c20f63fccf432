package org.htmlrewriter.bench;

import java.util.concurrent.TimeUnit;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.ParserFeedback;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.TokenSink;
import org.htmlrewriter.internal.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P0 on htmlrewriter's internal tokenizer alone ("tokenizer-only P0"): the byte tokenizer with a sink that
 * captures nothing and only counts the pass-through bytes, plus a minimal feedback that switches text modes after
 * {@code script}, {@code style}, {@code title}... (no tree simulation, no foreign content, no selector matching,
 * no public API). It is a lower bound on the full engine's P0 cost, reported separately from the
 * {@code HtmlRewriter} rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenizerOnlyBench {
    /** Bytes per write: a number or {@value Chunking#WHOLE}. */
    @Param({"1024"})
    public String chunk;

    private int chunkSize;
    private final CountingTokenSink sink = new CountingTokenSink();
    private final TextModeFeedback feedback = new TextModeFeedback();

    @Setup(Level.Trial)
    public void setup() {
        chunkSize = Chunking.parse(chunk);
    }

    @Benchmark
    public long tokenizerP0(InputState in) {
        sink.bytes = 0;
        for (byte[] doc : in.docs) {
            Tokenizer tokenizer = new Tokenizer(sink, feedback);
            feed(tokenizer, doc, chunkSize);
        }
        return sink.bytes;
    }

    /** Tokenizes {@code doc} in chunks of {@code chunkSize}; returns the bytes the sink saw. */
    static long tokenizeOnce(byte[] doc, int chunkSize) {
        CountingTokenSink sink = new CountingTokenSink();
        feed(new Tokenizer(sink, new TextModeFeedback()), doc, chunkSize);
        return sink.bytes;
    }

    private static void feed(Tokenizer tokenizer, byte[] doc, int chunkSize) {
        for (int off = 0; off < doc.length; off += chunkSize) {
            tokenizer.write(doc, off, Math.min(chunkSize, doc.length - off));
        }
        tokenizer.end();
    }

    /** Counts every reported byte; captures no tag (so none is held whole). */
    static final class CountingTokenSink implements TokenSink {
        long bytes;

        @Override
        public void text(byte[] buf, int start, int end, TextMode mode) {
            bytes += end - start;
        }

        @Override
        public void passThrough(byte[] buf, int start, int end) {
            bytes += end - start;
        }

        @Override
        public boolean captureTag(TagToken tag) {
            return false;
        }

        @Override
        public void startTag(TagToken tag) {
            if (tag.captured) {
                bytes += tag.end - tag.start;
            }
        }

        @Override
        public void endTag(TagToken tag) {
            if (tag.captured) {
                bytes += tag.end - tag.start;
            }
        }

        @Override
        public void comment(CommentToken comment) {
            throw new AssertionError("comments are not captured");
        }

        @Override
        public void doctype(DoctypeToken doctype) {
            throw new AssertionError("doctypes are not captured");
        }

        @Override
        public void end() {
        }
    }

    /** The text modes a tree builder would pick after each start tag, by name hash only. */
    static final class TextModeFeedback implements ParserFeedback {
        private static final long SCRIPT = TagNameHash.of("script"), STYLE = TagNameHash.of("style"),
                XMP = TagNameHash.of("xmp"), IFRAME = TagNameHash.of("iframe"), NOEMBED = TagNameHash.of("noembed"),
                NOFRAMES = TagNameHash.of("noframes"), NOSCRIPT = TagNameHash.of("noscript"),
                TITLE = TagNameHash.of("title"), TEXTAREA = TagNameHash.of("textarea"),
                PLAINTEXT = TagNameHash.of("plaintext");

        @Override
        public boolean needsAttributes(TagToken nameOnly) {
            return false;
        }

        @Override
        public TextMode afterStartTag(TagToken tag) {
            long h = tag.nameHash;
            if (h == TagToken.NO_HASH) {
                return TextMode.DATA;
            }
            if (h == SCRIPT) {
                return TextMode.SCRIPT_DATA;
            }
            if (h == STYLE || h == XMP || h == IFRAME || h == NOEMBED || h == NOFRAMES || h == NOSCRIPT) {
                return TextMode.RAWTEXT;
            }
            if (h == TITLE || h == TEXTAREA) {
                return TextMode.RCDATA;
            }
            return h == PLAINTEXT ? TextMode.PLAINTEXT : TextMode.DATA;
        }

        @Override
        public void afterEndTag(TagToken tag) {
        }

        @Override
        public boolean inForeignContent() {
            return false;
        }
    }
}
