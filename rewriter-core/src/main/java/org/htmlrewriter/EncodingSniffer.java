package org.htmlrewriter;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.htmlrewriter.internal.html.CharsetDeclarations;
import org.htmlrewriter.internal.html.EncodingLabels;

/**
 * Finds the charset of an HTML document from its first bytes, as browsers do (the HTML standard's "determining the
 * character encoding", without the steps that need a browser's state), in this order:
 * <ol>
 * <li>a byte order mark: {@code EF BB BF} UTF-8, {@code FF FE} UTF-16LE, {@code FE FF} UTF-16BE
 *     ({@link Source#BYTE_ORDER_MARK});</li>
 * <li>the charset label of the transport layer, such as the {@code charset} parameter of an HTTP
 *     {@code Content-Type} ({@link Source#TRANSPORT});</li>
 * <li>the HTML standard's prescan of the first {@value #PRESCAN_BYTES} bytes ("prescan a byte stream to determine
 *     its encoding", exactly): the first {@code <meta charset>}, or {@code <meta http-equiv=content-type
 *     content="...; charset=...">}, outside comments and other tags' attribute values; a UTF-16 label there means
 *     UTF-8 and x-user-defined means windows-1252 (the page's markup was readable as ASCII); failing that, the
 *     encoding of an XML declaration ({@code <?xml ... encoding="...">}) at the start, or UTF-16 for a
 *     {@code <?x} written in UTF-16 ({@link Source#META});</li>
 * <li>the default given to {@link #withDefault} ({@link Source#DEFAULT}).</li>
 * </ol>
 * Labels mean what the WHATWG Encoding standard says ({@code iso-8859-1}, {@code us-ascii} and {@code latin1} are
 * windows-1252, {@code shift_jis} is windows-31j, {@code utf-16} is UTF-16LE, ...). Labels that are unknown, that name
 * the replacement encoding (such as {@code iso-2022-kr}) or an encoding this JDK lacks are ignored, wherever they
 * appear.
 *
 * <p>The result may be a charset the rewriter cannot work in (ISO-2022-JP, say, from a transport label): the caller
 * decides, {@link HtmlRewriter.Builder#charset} throws for such a charset. UTF-16 results can be rewritten: hand
 * {@link HtmlRewriter} the whole document, byte order mark included, and the output has it too.
 *
 * <pre>{@code
 * EncodingSniffer.Result found = EncodingSniffer.withDefault(StandardCharsets.UTF_8)
 *     .sniff(first, 0, firstLength, RewritingRules.charsetParameter(contentType));   // first: the first 1024 bytes
 * RewriterSettings forDocument = rules.settingsFor(found.charset());                  // or builder.charset(...)
 * }</pre>
 *
 * <p><b>Threads and buffers.</b> Immutable and thread-safe. The arrays passed in are read during the call only.
 */
public final class EncodingSniffer {
    /** How many bytes the {@code <meta>} prescan reads: {@value}, as the HTML standard advises. */
    public static final int PRESCAN_BYTES = 1024;

    private static final EncodingSniffer UTF_8_DEFAULT = new EncodingSniffer(StandardCharsets.UTF_8);

    private final Charset defaultCharset;

    private EncodingSniffer(Charset defaultCharset) {
        this.defaultCharset = defaultCharset;
    }

    /**
     * A sniffer falling back to {@code defaultCharset} when nothing else decides (browsers use windows-1252 for most
     * locales; UTF-8 is the better guess for pages made today).
     *
     * @param defaultCharset the charset of a document that does not say
     * @return the sniffer
     * @throws NullPointerException if {@code defaultCharset} is null
     */
    public static EncodingSniffer withDefault(Charset defaultCharset) {
        Objects.requireNonNull(defaultCharset, "defaultCharset");
        return defaultCharset.equals(StandardCharsets.UTF_8) ? UTF_8_DEFAULT : new EncodingSniffer(defaultCharset);
    }

    /** {@return the charset of a document that says nothing about its charset} */
    public Charset defaultCharset() {
        return defaultCharset;
    }

    /**
     * The charset a label means in the WHATWG Encoding standard, as the transport layer and the prescan read it
     * (ASCII whitespace around it ignored, case-insensitive).
     *
     * @param label a label such as {@code "latin1"} or {@code " UTF-8"}; may be null
     * @return the charset, or empty if the label is null, unknown, names the replacement encoding or an encoding this
     *         JDK lacks
     */
    public static Optional<Charset> charsetForLabel(String label) {
        return Optional.ofNullable(EncodingLabels.forLabel(label));
    }

    /**
     * Decides the charset of a document from its start: {@code start[off, off + len)} are its first bytes, all of
     * them or at least the first {@value #PRESCAN_BYTES} (more are not read).
     *
     * @param start          an array holding the document's first bytes (read during this call only)
     * @param off            where they start in {@code start}
     * @param len            how many there are (fewer than {@value #PRESCAN_BYTES} only for a shorter document)
     * @param transportLabel the transport layer's charset label (the {@code charset} parameter of the
     *                       {@code Content-Type}, see {@link RewritingRules#charsetParameter}), or null for none
     * @return the charset, where it came from and the length of the byte order mark
     * @throws IndexOutOfBoundsException if the range is outside {@code start}
     */
    public Result sniff(byte[] start, int off, int len, String transportLabel) {
        Objects.checkFromIndexSize(off, len, start.length);
        return decide(start, off, len, transportLabel, true);
    }

    /**
     * The decision {@link #sniff} makes, if these first bytes already make it whatever follows them; empty if more
     * bytes could still change it. For a caller receiving a document in pieces: ask after each piece, and call
     * {@code sniff} once the document ends or {@value #PRESCAN_BYTES} bytes are there. With a usable transport label
     * three bytes decide; without, a {@code <meta>} decides once its {@code >} is there.
     *
     * @param start          an array holding the document's first bytes (read during this call only)
     * @param off            where they start in {@code start}
     * @param len            how many there are so far
     * @param transportLabel the transport layer's charset label, or null for none
     * @return the result {@code sniff} gives for every document starting with these bytes, or empty
     * @throws IndexOutOfBoundsException if the range is outside {@code start}
     */
    public Optional<Result> decidedBy(byte[] start, int off, int len, String transportLabel) {
        Objects.checkFromIndexSize(off, len, start.length);
        return Optional.ofNullable(decide(start, off, len, transportLabel, len >= PRESCAN_BYTES));
    }

    /** The decision, or null if {@code complete} is false and more bytes could change it. */
    private Result decide(byte[] b, int off, int len, String transportLabel, boolean complete) {
        int bom = byteOrderMark(b, off, len);
        if (bom > 0) {
            Charset cs = bom == 3 ? StandardCharsets.UTF_8
                    : (b[off] & 0xFF) == 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
            return new Result(cs, Source.BYTE_ORDER_MARK, bom);
        }
        if (bom < 0 && !complete) {
            return null;
        }
        Charset transport = EncodingLabels.forLabel(transportLabel);
        if (transport != null) {
            return new Result(transport, Source.TRANSPORT, 0);
        }
        int n = Math.min(len, PRESCAN_BYTES);
        int utf16Xml = CharsetDeclarations.utf16XmlDeclaration(b, off, n);
        if (utf16Xml > 0) {
            return new Result(utf16Xml == 1 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE, Source.META, 0);
        }
        if (utf16Xml < 0 && !complete) {
            return null;
        }
        Charset meta = CharsetDeclarations.metaPrescan(b, off, n);
        if (meta != null) {
            return new Result(meta, Source.META, 0);
        }
        if (!complete) {
            return null;
        }
        Charset xml = CharsetDeclarations.xmlDeclaration(b, off, n);
        if (xml != null) {
            return new Result(xml, Source.META, 0);
        }
        return new Result(defaultCharset, Source.DEFAULT, 0);
    }

    /** The length of the byte order mark at {@code b[off]}: 3 or 2, 0 if none, -1 if more bytes could make one. */
    private static int byteOrderMark(byte[] b, int off, int len) {
        int b0 = len > 0 ? b[off] & 0xFF : -1;
        int b1 = len > 1 ? b[off + 1] & 0xFF : -1;
        if (b0 == 0xEF) {
            if (len == 1 || (b1 == 0xBB && len == 2)) {
                return -1;
            }
            return b1 == 0xBB && (b[off + 2] & 0xFF) == 0xBF ? 3 : 0;
        }
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
            return 2;
        }
        return len == 0 || (len == 1 && (b0 == 0xFF || b0 == 0xFE)) ? -1 : 0;
    }

    /** Where a charset came from. */
    public enum Source {
        /** A byte order mark at the start of the document. */
        BYTE_ORDER_MARK,
        /** The transport layer's label (an HTTP {@code Content-Type} charset). */
        TRANSPORT,
        /** The prescan: a {@code <meta>} in the first bytes, or an XML declaration at the start. */
        META,
        /** Nothing said: the sniffer's default. */
        DEFAULT
    }

    /**
     * What {@link EncodingSniffer} found. Immutable.
     *
     * @param charset           the document's charset
     * @param source            where it came from
     * @param byteOrderMarkLength how many bytes at the start are the byte order mark (3 for UTF-8, 2 for UTF-16;
     *                          0 unless {@code source} is {@link Source#BYTE_ORDER_MARK}): what a decoder skips
     */
    public record Result(Charset charset, Source source, int byteOrderMarkLength) {
        /**
         * Checks the components.
         *
         * @param charset             the document's charset
         * @param source              where it came from
         * @param byteOrderMarkLength the length of the byte order mark: 0, 2 or 3
         * @throws NullPointerException     if {@code charset} or {@code source} is null
         * @throws IllegalArgumentException if {@code byteOrderMarkLength} is not 0, 2 or 3
         */
        public Result {
            Objects.requireNonNull(charset, "charset");
            Objects.requireNonNull(source, "source");
            if (byteOrderMarkLength != 0 && byteOrderMarkLength != 2 && byteOrderMarkLength != 3) {
                throw new IllegalArgumentException("byte order mark length " + byteOrderMarkLength);
            }
        }
    }
}
