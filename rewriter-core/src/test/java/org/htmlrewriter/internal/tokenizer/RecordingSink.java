package org.htmlrewriter.internal.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test sink that records every reported byte (to check pass-through) and a readable token list with raw
 * (undecoded) contents, coalescing adjacent text of the same mode.
 */
final class RecordingSink implements TokenSink {
    final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    final List<String> tokens = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private TextMode textMode;
    boolean captureTags = true;
    boolean ended;

    private static String s(byte[] b, int start, int end) {
        return start < 0 ? "null" : new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private void flushText() {
        if (text.length() > 0) {
            tokens.add((textMode == TextMode.DATA ? "" : textMode + ":") + "'" + text + "'");
            text.setLength(0);
        }
    }

    @Override
    public void text(byte[] buf, int start, int end, TextMode mode) {
        if (end <= start) {
            throw new AssertionError("empty text range " + start + ".." + end);
        }
        raw.write(buf, start, end - start);
        if (mode != textMode) {
            flushText();
            textMode = mode;
        }
        text.append(s(buf, start, end));
    }

    @Override
    public void passThrough(byte[] buf, int start, int end) {
        if (end <= start) {
            throw new AssertionError("empty pass-through range");
        }
        raw.write(buf, start, end - start);
    }

    @Override
    public boolean captureTag(TagToken tag) {
        return captureTags;
    }

    private void tag(TagToken t) {
        flushText();
        StringBuilder sb = new StringBuilder(t.endTag ? "</" : "<").append(s(t.buf, t.nameStart, t.nameEnd));
        if (t.captured) {
            raw.write(t.buf, t.start, t.end - t.start);
            for (int i = 0; i < t.attributeCount; i++) {
                sb.append(' ').append(s(t.buf, t.attrNameStart[i], t.attrNameEnd[i]));
                if (t.attrValueStart[i] >= 0) {
                    sb.append("=[").append(s(t.buf, t.attrValueStart[i], t.attrValueEnd[i])).append(']');
                }
            }
            if (t.nameHash != TagNameHash.of(t.buf, t.nameStart, t.nameEnd)) {
                throw new AssertionError("hash mismatch for " + sb);
            }
        }
        if (t.selfClosing) {
            sb.append('/');
        }
        tokens.add(sb.append('>').toString());
    }

    @Override
    public void startTag(TagToken tag) {
        tag(tag);
    }

    @Override
    public void endTag(TagToken tag) {
        tag(tag);
    }

    @Override
    public void comment(CommentToken c) {
        flushText();
        raw.write(c.buf, c.start, c.end - c.start);
        tokens.add("<!--" + s(c.buf, c.dataStart, c.dataEnd) + "-->");
    }

    @Override
    public void doctype(DoctypeToken d) {
        flushText();
        raw.write(d.buf, d.start, d.end - d.start);
        tokens.add("<!DOCTYPE " + s(d.buf, d.nameStart, d.nameEnd) + " " + s(d.buf, d.publicIdStart, d.publicIdEnd)
                + " " + s(d.buf, d.systemIdStart, d.systemIdEnd) + (d.forceQuirks ? " quirks" : "") + ">");
    }

    @Override
    public void end() {
        flushText();
        ended = true;
    }
}
