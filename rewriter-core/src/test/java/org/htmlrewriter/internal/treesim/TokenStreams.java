package org.htmlrewriter.internal.treesim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.CommentToken;
import org.htmlrewriter.internal.tokenizer.DoctypeToken;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.htmlrewriter.internal.tokenizer.TokenSink;
import org.htmlrewriter.internal.tokenizer.Tokenizer;

/**
 * Token streams in one normalised form for comparing what the tokenizer state decided: start and end tags by
 * lowercased name, comments by data, DOCTYPEs by kind only, text coalesced between other tokens. U+0000 and
 * U+FFFD are dropped from text and comments (their handling depends on the tokenizer state in ways the token kinds
 * already show).
 */
final class TokenStreams {
    private TokenStreams() {
    }

    static String startTag(String name) {
        return "<" + name + ">";
    }

    static String endTag(String name) {
        return "</" + name + ">";
    }

    static String comment(String data) {
        return "<!--" + clean(data) + "-->";
    }

    static String doctype() {
        return "<!DOCTYPE>";
    }

    /** Adds a text token unless nothing is left of it once U+0000 and U+FFFD are dropped. */
    static void addText(List<String> tokens, String text) {
        String t = clean(text);
        if (!t.isEmpty()) {
            tokens.add("\"" + t + "\"");
        }
    }

    private static String clean(String s) {
        if (s.indexOf('\u0000') < 0 && s.indexOf('\uFFFD') < 0) {
            return s;
        }
        return s.replace("\u0000", "").replace("\uFFFD", "");
    }

    /** Runs our {@link Tokenizer} over the UTF-8 input with {@code feedback} and records its tokens. */
    static List<String> ours(String input, org.htmlrewriter.internal.tokenizer.ParserFeedback feedback) {
        return ours(input, feedback, Integer.MAX_VALUE);
    }

    /** Same, writing the input in chunks of {@code chunk} bytes. */
    static List<String> ours(String input, org.htmlrewriter.internal.tokenizer.ParserFeedback feedback, int chunk) {
        Sink sink = new Sink();
        Tokenizer tokenizer = new Tokenizer(sink, feedback);
        tokenizer.setCaptureComments(true);
        tokenizer.setCaptureDoctypes(true);
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += chunk) {
            tokenizer.write(bytes, off, Math.min(chunk, bytes.length - off));
        }
        tokenizer.end();
        sink.flushText();
        return sink.tokens;
    }

    /** Records tokens; text runs are decoded per mode and coalesced. */
    static final class Sink implements TokenSink {
        final List<String> tokens = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private TextMode pendingMode;
        private final StringBuilder text = new StringBuilder();

        private void flushMode() {
            if (pending.size() > 0) {
                byte[] b = pending.toByteArray();
                text.append(HtmlDecoder.text(b, 0, b.length, StandardCharsets.UTF_8, pendingMode));
                pending.reset();
            }
        }

        void flushText() {
            flushMode();
            if (text.length() > 0) {
                String t = text.toString();
                text.setLength(0);
                addText(tokens, t);
            }
        }

        @Override
        public void text(byte[] buf, int start, int end, TextMode mode) {
            if (mode != pendingMode) {
                flushMode();
                pendingMode = mode;
            }
            pending.write(buf, start, end - start);
        }

        @Override
        public void passThrough(byte[] buf, int start, int end) {
        }

        @Override
        public void startTag(TagToken tag) {
            flushText();
            tokens.add(TokenStreams.startTag(name(tag)));
        }

        @Override
        public void endTag(TagToken tag) {
            flushText();
            tokens.add(TokenStreams.endTag(name(tag)));
        }

        private static String name(TagToken tag) {
            return HtmlDecoder.tagName(tag.buf, tag.nameStart, tag.nameEnd, StandardCharsets.UTF_8);
        }

        @Override
        public void comment(CommentToken comment) {
            flushText();
            tokens.add(TokenStreams.comment(
                    HtmlDecoder.commentData(comment.buf, comment.dataStart, comment.dataEnd, StandardCharsets.UTF_8)));
        }

        @Override
        public void doctype(DoctypeToken doctype) {
            flushText();
            tokens.add(TokenStreams.doctype());
        }

        @Override
        public void end() {
            flushText();
        }
    }
}
