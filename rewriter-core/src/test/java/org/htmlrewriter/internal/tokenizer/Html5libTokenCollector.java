package org.htmlrewriter.internal.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlrewriter.internal.html.StreamingTextDecoder;

/**
 * A {@link TokenSink} that rebuilds html5lib-shaped tokens (see {@link Html5libTokenizerCase}) from what a
 * {@link Tokenizer} reports, and keeps every reported byte range in call order for the pass-through check.
 *
 * <p>Text: consecutive {@link #text} pieces of one mode are concatenated raw and decoded together (a chunk
 * boundary may cut a character reference, a CR LF pair or a multi-byte character); a pass-through range or a
 * change of mode ends such a run, since the spec would also end a character reference there. Decoded runs
 * are coalesced into one Character token until the next non-text token, as html5lib expects. The same pieces
 * also go one by one through a {@link StreamingTextDecoder} (what a handler of streamed text gets); any difference
 * from the whole-run decoding is recorded in {@link #streamingMismatches}. Attributes:
 * the first of duplicate names wins (the tokenizer lists them all).
 *
 * <p>Anything the sink contract forbids (a range outside its buffer, a call after {@link #end}, an uncaptured
 * tag reported as captured) is recorded in {@link #protocolErrors} instead of thrown, so a run can report it.
 * Confined to one tokenizer run.
 */
final class Html5libTokenCollector implements TokenSink {

    private final Html5libTokenDecoder decoder;
    private final Charset charset;

    private final ByteArrayOutputStream allRanges = new ByteArrayOutputStream();
    private final ByteArrayOutputStream textRun = new ByteArrayOutputStream();
    private TextMode textRunMode;
    private final StreamingTextDecoder streamingDecoder;
    private final StringBuilder streamedText = new StringBuilder();
    private final StringBuilder pendingCharacters = new StringBuilder();
    private boolean hasPendingCharacters;

    final List<Object> tokens = new ArrayList<>();
    final List<String> protocolErrors = new ArrayList<>();
    final List<String> streamingMismatches = new ArrayList<>();
    int endCalls;

    Html5libTokenCollector(Html5libTokenDecoder decoder, Charset charset) {
        this.decoder = decoder;
        this.charset = charset;
        this.streamingDecoder = new StreamingTextDecoder(charset);
    }

    /** Every byte range reported so far, concatenated in call order. */
    byte[] reportedBytes() {
        return allRanges.toByteArray();
    }

    @Override
    public void text(byte[] buf, int start, int end, TextMode mode) {
        checkCall("text");
        if (!checkRange("text", buf, start, end)) {
            return;
        }
        if (mode == null) {
            protocolErrors.add("text with a null mode");
            return;
        }
        allRanges.write(buf, start, end - start);
        if (textRunMode != null && textRunMode != mode) {
            flushTextRun();
        }
        textRunMode = mode;
        textRun.write(buf, start, end - start);
        try {
            streamingDecoder.feed(buf, start, end, mode, streamedText);
        } catch (RuntimeException e) {
            streamingMismatches.add("StreamingTextDecoder.feed threw " + e);
            streamingDecoder.reset();
        }
    }

    @Override
    public void passThrough(byte[] buf, int start, int end) {
        checkCall("passThrough");
        if (!checkRange("passThrough", buf, start, end)) {
            return;
        }
        allRanges.write(buf, start, end - start);
        flushTextRun();
    }

    @Override
    public void startTag(TagToken tag) {
        checkCall("startTag");
        if (tag.endTag) {
            protocolErrors.add("startTag called with endTag=true");
        }
        if (!recordTagRange(tag)) {
            return;
        }
        flushCharacters();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < tag.attributeCount; i++) {
            if (!checkRange("attribute name", tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i])) {
                return;
            }
            String name = decoder.name(slice(tag.buf, tag.attrNameStart[i], tag.attrNameEnd[i]), charset);
            String value;
            if (tag.attrValueStart[i] < 0 && tag.attrValueEnd[i] < 0) {
                value = "";
            } else if (checkRange("attribute value", tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i])) {
                value = decoder.attributeValue(slice(tag.buf, tag.attrValueStart[i], tag.attrValueEnd[i]),
                        charset);
            } else {
                return;
            }
            attributes.putIfAbsent(name, value);
        }
        List<Object> token = new ArrayList<>(Arrays.asList("StartTag", tagName(tag), attributes));
        if (tag.selfClosing) {
            token.add(Boolean.TRUE);
        }
        tokens.add(token);
    }

    @Override
    public void endTag(TagToken tag) {
        checkCall("endTag");
        if (!tag.endTag) {
            protocolErrors.add("endTag called with endTag=false");
        }
        if (!recordTagRange(tag)) {
            return;
        }
        flushCharacters();
        tokens.add(Arrays.asList("EndTag", tagName(tag)));
    }

    @Override
    public void comment(CommentToken comment) {
        checkCall("comment");
        if (!checkRange("comment", comment.buf, comment.start, comment.end)
                || !checkRange("comment data", comment.buf, comment.dataStart, comment.dataEnd)) {
            return;
        }
        if (comment.dataStart < comment.start || comment.dataEnd > comment.end) {
            protocolErrors.add("comment data " + comment.dataStart + ".." + comment.dataEnd + " outside "
                    + comment.start + ".." + comment.end);
        }
        allRanges.write(comment.buf, comment.start, comment.end - comment.start);
        flushCharacters();
        tokens.add(Arrays.asList("Comment",
                decoder.comment(slice(comment.buf, comment.dataStart, comment.dataEnd), charset)));
    }

    @Override
    public void doctype(DoctypeToken doctype) {
        checkCall("doctype");
        if (!checkRange("doctype", doctype.buf, doctype.start, doctype.end)) {
            return;
        }
        allRanges.write(doctype.buf, doctype.start, doctype.end - doctype.start);
        flushCharacters();
        String name = optional("doctype name", doctype.buf, doctype.nameStart, doctype.nameEnd, true);
        String publicId = optional("public id", doctype.buf, doctype.publicIdStart, doctype.publicIdEnd, false);
        String systemId = optional("system id", doctype.buf, doctype.systemIdStart, doctype.systemIdEnd, false);
        tokens.add(Arrays.asList("DOCTYPE", name, publicId, systemId, !doctype.forceQuirks));
    }

    @Override
    public void end() {
        endCalls++;
        flushCharacters();
    }

    private String optional(String what, byte[] buf, int start, int end, boolean isName) {
        if (start < 0 && end < 0) {
            return null;
        }
        if (!checkRange(what, buf, start, end)) {
            return "<bad range>";
        }
        byte[] raw = slice(buf, start, end);
        return isName ? decoder.doctypeName(raw, charset) : decoder.doctypeIdentifier(raw, charset);
    }

    private boolean recordTagRange(TagToken tag) {
        if (!checkRange("tag name", tag.buf, tag.nameStart, tag.nameEnd)) {
            return false;
        }
        if (tag.captured) {
            if (!checkRange("tag", tag.buf, tag.start, tag.end)) {
                return false;
            }
            allRanges.write(tag.buf, tag.start, tag.end - tag.start);
        } else {
            // The default captureTag says "capture"; an uncaptured tag has no attribute ranges to check.
            protocolErrors.add("tag <" + new String(slice(tag.buf, tag.nameStart, tag.nameEnd), charset)
                    + "> reported uncaptured although captureTag returned true");
        }
        return true;
    }

    private String tagName(TagToken tag) {
        return decoder.name(slice(tag.buf, tag.nameStart, tag.nameEnd), charset);
    }

    private void flushTextRun() {
        if (textRunMode != null) {
            String whole = decoder.text(textRun.toByteArray(), charset, textRunMode);
            try {
                streamingDecoder.finish(streamedText);
            } catch (RuntimeException e) {
                streamingMismatches.add("StreamingTextDecoder.finish threw " + e);
                streamingDecoder.reset();
            }
            if (!whole.equals(streamedText.toString())) {
                streamingMismatches.add("StreamingTextDecoder gave " + Html5libTokenizerTest.show(
                        streamedText.toString()) + " where HtmlDecoder.text gave " + Html5libTokenizerTest.show(whole));
            }
            streamedText.setLength(0);
            pendingCharacters.append(whole);
            hasPendingCharacters = true;
            textRun.reset();
            textRunMode = null;
        }
    }

    private void flushCharacters() {
        flushTextRun();
        if (hasPendingCharacters && pendingCharacters.length() > 0) {
            tokens.add(Arrays.asList("Character", pendingCharacters.toString()));
        }
        pendingCharacters.setLength(0);
        hasPendingCharacters = false;
    }

    private void checkCall(String what) {
        if (endCalls > 0) {
            protocolErrors.add(what + " called after end()");
        }
    }

    private boolean checkRange(String what, byte[] buf, int start, int end) {
        if (buf == null || start < 0 || start > end || end > buf.length) {
            protocolErrors.add(what + " range " + start + ".." + end + " outside buffer of "
                    + (buf == null ? "null" : buf.length + " bytes"));
            return false;
        }
        return true;
    }

    private static byte[] slice(byte[] buf, int start, int end) {
        return Arrays.copyOfRange(buf, start, end);
    }
}
