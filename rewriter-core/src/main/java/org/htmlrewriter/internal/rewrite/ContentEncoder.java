package org.htmlrewriter.internal.rewrite;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.StreamingContent;
import org.htmlrewriter.internal.html.HtmlDecoder;
import org.htmlrewriter.internal.tokenizer.InsertionStates;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * Turns content a handler inserts into bytes of the document's charset, escaped for where it lands.
 *
 * <p>TEXT in normal content and RCDATA escapes {@code & < >}; in raw text (script, style, ...) references are not
 * decoded, so the text goes in as is; either way TEXT that would form markup where it lands is refused. Characters the
 * charset cannot encode become numeric character references where references are decoded (normal content, RCDATA,
 * attribute values); elsewhere they are an error. Stateless apart from the charset; not thread-safe (caches an
 * encoder).
 */
final class ContentEncoder {
    private Charset charset;
    private CharsetEncoder encoder;
    private boolean utf8;

    ContentEncoder(Charset charset) {
        setCharset(charset);
    }

    void setCharset(Charset charset) {
        this.charset = charset;
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.encoder = utf8 ? null : charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    Charset charset() {
        return charset;
    }

    /**
     * Encodes content for where it lands. TEXT is escaped ({@code & < >}) where character references are read
     * ({@code escapeMode} normal content or RCDATA) and goes in as it is elsewhere; either way it must not form markup
     * at that point, read from {@code state} (see {@link TextPlacement}): where it would, this throws. The state is
     * the best one known when the handler inserts; the engine checks again where the content is finally written.
     *
     * @param escapeMode the text mode the content is escaped for (normal content where lenient mode only guessed a
     *                   raw-text mode), or null for the mode of {@code state}
     * @param state      the tokenizer state where the content lands ({@link InsertionStates})
     * @param endTagName the end tag name that would end the raw-text element the content lands in, or null
     * @throws IllegalArgumentException if TEXT would form markup there, or a character cannot be written
     */
    Content encode(Object content, ContentType type, TextMode escapeMode, int state, String endTagName) {
        if (content == null || type == null) {
            throw new NullPointerException("content and type must not be null");
        }
        boolean referencesWork = escapeMode == null ? InsertionStates.decodesReferences(state)
                : escapeMode == TextMode.DATA || escapeMode == TextMode.RCDATA;
        if (content instanceof StreamingContent producer) {
            // Encoded and checked piece by piece where it is written (StreamedContentWriter).
            return new Content(null, type == ContentType.TEXT, type == ContentType.TEXT && referencesWork, producer);
        }
        return encode((String) content, type, referencesWork, state, endTagName);
    }

    private Content encode(String content, ContentType type, boolean referencesWork, int state, String endTagName) {
        refuseLoneSurrogates(content, "content");
        if (type == ContentType.HTML) {
            return new Content(encode(content, true), false, false);
        }
        byte[] bytes = encode(referencesWork ? escapeText(content) : content, referencesWork);
        if (TextPlacement.place(bytes, referencesWork, state, endTagName) == null) {
            throw new IllegalArgumentException("text would form markup where it is inserted ("
                    + InsertionStates.describe(state) + (endTagName == null ? "" : ", in <" + endTagName + ">")
                    + "): " + preview(content));
        }
        return new Content(bytes, true, referencesWork);
    }

    /**
     * One piece of streamed content, encoded as the same characters in a {@code String} would be: HTML as is, TEXT
     * escaped where {@code escaped} (references are read where it lands); no placement check (the caller checks
     * across pieces).
     */
    byte[] encodePiece(String piece, boolean text, boolean escaped) {
        refuseLoneSurrogates(piece, "content");
        if (!text) {
            return encode(piece, true);
        }
        return encode(escaped ? escapeText(piece) : piece, escaped);
    }

    private static String preview(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /**
     * Encodes an attribute value (the decoded value, as {@code getAttribute} returns it) to be written between double
     * quotes: {@code "} becomes {@code &quot;}, and an {@code &} becomes {@code &amp;} only where a browser would
     * otherwise read a character reference, so {@code a?x=1&y=2} stays as written (as lol-html writes it) while
     * {@code &amp;} round-trips.
     */
    byte[] encodeAttributeValue(String value) {
        if (value.indexOf('"') < 0 && value.indexOf('&') < 0 && value.indexOf('\r') < 0) {
            return encode(value, true);
        }
        StringBuilder sb = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append("&quot;");
            } else if (c == '\r') {
                sb.append("&#13;"); // a CR as written would be read as LF (newlines are normalised)
            } else if (c == '&' && startsReference(value, i)) {
                sb.append("&amp;");
            } else {
                sb.append(c);
            }
        }
        return encode(sb.toString(), true);
    }

    /** Whether an attribute-value parser would read a character reference at {@code value[i]} (an {@code &}). */
    private static boolean startsReference(String value, int i) {
        int next = value.indexOf('&', i + 1);
        int end = Math.min(next < 0 ? value.length() : next, i + 1 + TextBoundary.MAX_HELD);
        String window = value.substring(i, end);
        byte[] b = window.getBytes(StandardCharsets.UTF_8);
        return !HtmlDecoder.attributeValue(b, 0, b.length, StandardCharsets.UTF_8).equals(window);
    }

    /**
     * Refuses what no encoding can carry: a surrogate code unit without its pair (a Java string may hold one; no
     * charset, nor a character reference, can write it).
     *
     * @throws IllegalArgumentException naming {@code what} and where
     */
    static void refuseLoneSurrogates(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has a lone surrogate (U+" + String.format(Locale.ROOT,
                        "%04X", (int) c) + ") at index " + i + ": it cannot be written in any charset");
            }
        }
    }

    /**
     * Refuses a name (tag or attribute) or comment text a browser could not read back: a lone surrogate, or a
     * character the document's charset cannot encode (character references are not read in names and comments).
     *
     * @throws IllegalArgumentException if so
     */
    void refuseUnwritableMarkup(String s, String what) {
        refuseLoneSurrogates(s, what);
        if (utf8) {
            return;
        }
        encoder.reset();
        if (!encoder.canEncode(s)) {
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (!encoder.canEncode(new String(Character.toChars(cp)))) {
                    throw new IllegalArgumentException(what + " has U+" + String.format(Locale.ROOT, "%04X", cp)
                            + ", which " + charset.name() + " cannot write (references are not read there): " + s);
                }
                i += Character.charCount(cp);
            }
        }
    }

    /** Encodes a name or other plain text that is known to be ASCII-safe markup. */
    byte[] encodeMarkup(String s) {
        return encode(s, true);
    }

    static String escapeText(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '&' || c == '<' || c == '>') {
                break;
            }
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Encodes in the document's charset. Unmappable characters become numeric references when
     * {@code referencesAllowed}; otherwise they are an error.
     */
    private byte[] encode(String s, boolean referencesAllowed) {
        if (utf8) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteBuffer out = encoder.reset().encode(CharBuffer.wrap(s));
            byte[] b = new byte[out.remaining()];
            out.get(b);
            return b;
        } catch (CharacterCodingException e) {
            return encodeWithReferences(s, referencesAllowed);
        }
    }

    private byte[] encodeWithReferences(String s, boolean referencesAllowed) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        // The failed encode() left the encoder mid-operation; canEncode() needs it reset.
        encoder.reset();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            String ch = s.substring(i, i + n);
            if (encoder.canEncode(ch)) {
                sb.append(ch);
            } else if (referencesAllowed) {
                sb.append("&#").append(cp).append(';');
            } else {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "U+%04X cannot be written in %s inside raw text, where character references are not read",
                        cp, charset.name()));
            }
            i += n;
        }
        ByteBuffer out = ByteBuffer.allocate((int) (sb.length() * (double) encoder.maxBytesPerChar()) + 8);
        encoder.reset();
        CoderResult r = encoder.encode(CharBuffer.wrap(sb), out, true);
        if (r.isError()) {
            throw new IllegalArgumentException("cannot encode content in " + charset.name() + ": " + s);
        }
        encoder.flush(out);
        byte[] b = new byte[out.position()];
        out.flip();
        out.get(b);
        return b;
    }
}
