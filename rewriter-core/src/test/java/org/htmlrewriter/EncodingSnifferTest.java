package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.htmlrewriter.EncodingSniffer.Result;
import org.htmlrewriter.EncodingSniffer.Source;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodingSniffer}: byte order mark, then transport label, then the HTML standard's {@code <meta>} prescan of
 * the first 1024 bytes, then the default; labels as the WHATWG Encoding standard has them.
 */
class EncodingSnifferTest {
    private static final EncodingSniffer SNIFFER = EncodingSniffer.withDefault(StandardCharsets.UTF_8);
    private static final Charset KOI8_R = Charset.forName("KOI8-R");
    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private static Result sniff(String latin1, String transportLabel) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return SNIFFER.sniff(b, 0, b.length, transportLabel);
    }

    /** What the prescan finds in {@code doc}: the charset's name, or {@code "-"} for nothing (the default). */
    private static String prescan(String doc) {
        Result r = sniff(doc, null);
        assertEquals(0, r.byteOrderMarkLength());
        if (r.source() == Source.DEFAULT) {
            return "-";
        }
        assertEquals(Source.META, r.source());
        return r.charset().name();
    }

    @Test
    void prescanTable() {
        String[][] table = {
            // the two forms, attributes in any order, any case
            {"<meta charset=koi8-r>", "KOI8-R"},
            {"<html><head><META CHARSET='KOI8-R'>", "KOI8-R"},
            {"<meta http-equiv=Content-Type content=\"text/html; charset=Shift_JIS\">", "windows-31j"},
            {"<meta content='text/html;charset=euc-kr' http-equiv='content-type'>", "x-windows-949"},
            {"<META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"TEXT/HTML; CHARSET=KOI8-R\">", "KOI8-R"},
            {"<meta/charset=koi8-r>", "KOI8-R"},
            {"<meta\ncharset\n=\n'koi8-r'>", "KOI8-R"},
            // content= parsing: quoted and unquoted, spaces around '=', the first "charset" followed by '=' decides
            {"<meta http-equiv=content-type content=\"charset='koi8-r'\">", "KOI8-R"},
            {"<meta http-equiv=content-type content='charset=\"koi8-r\"; x'>", "KOI8-R"},
            {"<meta http-equiv=content-type content=\"text/html; charset = koi8-r ;\">", "KOI8-R"},
            {"<meta http-equiv=content-type content=\"charsetcharset=koi8-r\">", "KOI8-R"},
            {"<meta http-equiv=content-type content=\"charset='koi8-r\">", "-"}, // unmatched quote
            {"<meta http-equiv=content-type content=\"nocharset=x; charset=koi8-r\">", "-"}, // "x" is no encoding
            {"<meta http-equiv=content-type content=text/html; charset=koi8-r>", "KOI8-R"}, // a charset attribute
            // content= needs http-equiv=content-type, exactly
            {"<meta content=\"text/html; charset=koi8-r\">", "-"},
            {"<meta http-equiv=\" content-type\" content=\"charset=koi8-r\">", "-"},
            {"<meta http-equiv=refresh content=\"charset=koi8-r\">", "-"},
            // the first of duplicate attributes counts; charset= overrides content=, even when it is no encoding
            {"<meta charset=koi8-r charset=windows-1251>", "KOI8-R"},
            {"<meta content=\"charset=windows-1251\" http-equiv=content-type charset=koi8-r>", "KOI8-R"},
            {"<meta content=\"charset=koi8-r\" http-equiv=content-type charset=bogus>", "-"},
            {"<meta charset=bogus content=\"charset=koi8-r\" http-equiv=content-type>", "-"},
            // labels: UTF-16 means UTF-8, x-user-defined windows-1252; unknown and replacement labels are skipped
            {"<meta charset=\"utf-16\">", "UTF-8"},
            {"<meta charset=UTF-16BE>", "UTF-8"},
            {"<meta charset=x-user-defined>", "windows-1252"},
            {"<meta charset=latin1>", "windows-1252"},
            {"<meta charset=bogus><meta charset=koi8-r>", "KOI8-R"},
            {"<meta charset=iso-2022-kr><meta charset=koi8-r>", "KOI8-R"},
            {"<meta charset=\"&#107;oi8-r\">", "-"}, // references are not decoded
            {"<meta charset>", "-"},
            {"<meta charset=koi8-r/>", "-"}, // an unquoted value runs to a space or '>': "koi8-r/"
            // comments: nothing in them counts; "<!-->" and "<!--->" are whole comments
            {"<!-- <meta charset=koi8-r> -->", "-"},
            {"<!-- <meta charset=koi8-r> --><meta charset=windows-1251>", "windows-1251"},
            {"<!--><meta charset=koi8-r>", "KOI8-R"},
            {"<!---><meta charset=koi8-r>", "KOI8-R"},
            {"<!-- --!><meta charset=koi8-r> -->", "-"},
            // other tags are skipped with their attributes; <! </ <? constructs up to the first '>'
            {"<div title='<meta charset=windows-1251>'><meta charset=koi8-r>", "KOI8-R"},
            {"<div title='<meta charset=koi8-r>'>", "-"},
            {"<metaphor charset=koi8-r>", "-"},
            {"</meta charset=koi8-r>", "-"},
            {"<!doctype html><meta charset=koi8-r>", "KOI8-R"},
            {"<?php echo '<meta charset=windows-1251>' ?><meta charset=koi8-r>", "KOI8-R"},
            {"</ <meta charset=windows-1251>x<meta charset=koi8-r>", "KOI8-R"},
            {"<<meta charset=koi8-r>", "KOI8-R"},
            {"<meta <meta charset='koi8-r'>", "KOI8-R"}, // the outer meta has an attribute named "<meta"
            // the prescan is not the tokenizer: raw text does not hide a meta
            {"<title><meta charset=koi8-r></title>", "KOI8-R"},
            {"<script>document.write('<meta charset=koi8-r>')</script>", "KOI8-R"},
            // cut off: running out of bytes inside a construct finds nothing
            {"<meta charset=koi8-r", "-"},
            {"<meta charset='koi8-r>", "-"},
            {"<!-- <meta charset=koi8-r>", "-"},
            {"<div <meta charset=koi8-r>", "-"}, // an attribute named "<meta", then "charset" of the div
            // an XML declaration, when no meta decides
            {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><p>", "windows-1251"},
            {"<?xml version='1.0' encoding='utf-16'?>", "UTF-8"},
            {"<?xml version=\"1.0\" encoding=\"windows-1251\"?><meta charset=koi8-r>", "KOI8-R"},
            {"<?xml version=\"1.0\" encoding=\"windows 1251\"?>", "-"},
            {" <?xml version=\"1.0\" encoding=\"windows-1251\"?>", "-"},
            {"plain text", "-"},
            {"", "-"},
        };
        StringBuilder wrong = new StringBuilder();
        for (String[] row : table) {
            String found = prescan(row[0]);
            if (!found.equals(row[1])) {
                wrong.append(row[0]).append(" -> ").append(found).append(", expected ").append(row[1]).append('\n');
            }
        }
        assertEquals("", wrong.toString());
    }

    @Test
    void onlyTheFirst1024BytesArePrescanned() {
        String meta = "<meta charset=koi8-r>";
        String endsAt1024 = " ".repeat(1024 - meta.length()) + meta;
        assertEquals("KOI8-R", prescan(endsAt1024));
        assertEquals("-", prescan(" " + endsAt1024), "its '>' is byte 1025");
        assertEquals("-", prescan(" ".repeat(2000) + meta));
        assertEquals("-", prescan("<!--" + "x".repeat(1100) + "--><meta charset=koi8-r>"));
    }

    @Test
    void aByteOrderMarkWinsOverTheTransportLabelWhichWinsOverTheMeta() {
        String meta = "<meta charset=windows-1251>";
        assertEquals(new Result(StandardCharsets.UTF_8, Source.BYTE_ORDER_MARK, 3),
                sniff("\u00EF\u00BB\u00BF" + meta, "koi8-r"));
        assertEquals(new Result(StandardCharsets.UTF_16LE, Source.BYTE_ORDER_MARK, 2),
                sniff("\u00FF\u00FE<\0p\0", "koi8-r"));
        assertEquals(new Result(StandardCharsets.UTF_16BE, Source.BYTE_ORDER_MARK, 2),
                sniff("\u00FE\u00FF\0<", null));
        assertEquals(new Result(KOI8_R, Source.TRANSPORT, 0), sniff(meta, "koi8-r"));
        assertEquals(new Result(WINDOWS_1251, Source.META, 0), sniff(meta, null));
        assertEquals(new Result(StandardCharsets.UTF_8, Source.DEFAULT, 0), sniff("<p>", null));
        assertEquals(new Result(WINDOWS_1252, Source.DEFAULT, 0),
                EncodingSniffer.withDefault(WINDOWS_1252).sniff(new byte[0], 0, 0, null));
        // Something like a byte order mark that is not one.
        assertEquals(Source.META, sniff("\u00EF\u00BB" + meta, null).source());
    }

    @Test
    void transportLabelsAreWhatwgLabelsAndUnusableOnesAreIgnored() {
        assertEquals(new Result(WINDOWS_1252, Source.TRANSPORT, 0), sniff("<p>", " Latin1 "));
        assertEquals(new Result(StandardCharsets.UTF_16LE, Source.TRANSPORT, 0), sniff("<p>", "utf-16"));
        assertEquals(Charset.forName("windows-31j"), sniff("<p>", "shift_jis").charset());
        assertEquals(Charset.forName("ISO-2022-JP"), sniff("<p>", "iso-2022-jp").charset(),
                "a charset the rewriter cannot use is still the answer");
        String meta = "<meta charset=windows-1251>";
        assertEquals(new Result(WINDOWS_1251, Source.META, 0), sniff(meta, "bogus"));
        assertEquals(new Result(WINDOWS_1251, Source.META, 0), sniff(meta, "iso-2022-kr"), "replacement");
        assertEquals(new Result(WINDOWS_1251, Source.META, 0), sniff(meta, ""));
        assertEquals(Optional.of(WINDOWS_1252), EncodingSniffer.charsetForLabel("US-ASCII"));
        assertEquals(Optional.empty(), EncodingSniffer.charsetForLabel("hz-gb-2312"));
        assertEquals(Optional.empty(), EncodingSniffer.charsetForLabel(null));
    }

    @Test
    void utf16WithoutAByteOrderMarkIsFoundByItsXmlDeclaration() {
        byte[] le = "<?xml version=\"1.0\"?><p>".getBytes(StandardCharsets.UTF_16LE);
        byte[] be = "<?xml version=\"1.0\"?><p>".getBytes(StandardCharsets.UTF_16BE);
        assertEquals(new Result(StandardCharsets.UTF_16LE, Source.META, 0), SNIFFER.sniff(le, 0, le.length, null));
        assertEquals(new Result(StandardCharsets.UTF_16BE, Source.META, 0), SNIFFER.sniff(be, 0, be.length, null));
        assertEquals(Optional.empty(), SNIFFER.decidedBy(le, 0, 5, null), "five bytes are a prefix of either");
        assertEquals(Optional.of(new Result(StandardCharsets.UTF_16LE, Source.META, 0)),
                SNIFFER.decidedBy(le, 0, 6, null));
    }

    @Test
    void whenTheFirstBytesDecide() {
        byte[] meta = "<p><meta charset=koi8-r><p>".getBytes(StandardCharsets.US_ASCII);
        int gt = "<p><meta charset=koi8-r".length();
        assertEquals(Optional.empty(), SNIFFER.decidedBy(meta, 0, gt, null));
        assertEquals(Optional.of(new Result(KOI8_R, Source.META, 0)), SNIFFER.decidedBy(meta, 0, gt + 1, null));
        assertEquals(Optional.of(new Result(KOI8_R, Source.TRANSPORT, 0)), SNIFFER.decidedBy(meta, 0, 1, "koi8-r"),
                "'<' starts no byte order mark");
        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, '<'};
        assertEquals(Optional.empty(), SNIFFER.decidedBy(utf8Bom, 0, 2, "koi8-r"), "could still be EF BB BF");
        assertEquals(Optional.of(new Result(KOI8_R, Source.TRANSPORT, 0)), SNIFFER.decidedBy(utf8Bom, 0, 3, "koi8-r"));
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        assertEquals(Optional.empty(), SNIFFER.decidedBy(bom, 0, 1, "koi8-r"));
        assertEquals(Optional.of(new Result(StandardCharsets.UTF_16LE, Source.BYTE_ORDER_MARK, 2)),
                SNIFFER.decidedBy(bom, 0, 2, "koi8-r"));
        byte[] none = " ".repeat(1100).getBytes(StandardCharsets.US_ASCII);
        assertEquals(Optional.empty(), SNIFFER.decidedBy(none, 0, 1023, null));
        assertEquals(Optional.of(new Result(StandardCharsets.UTF_8, Source.DEFAULT, 0)),
                SNIFFER.decidedBy(none, 0, 1024, null));
    }

    /**
     * Whenever {@code decidedBy} answers for the first bytes of a document, it answers what {@code sniff} says for
     * the whole document: deciding early never changes the decision.
     */
    @Test
    void anEarlyDecisionIsTheDecision() {
        String[] pieces = {"<meta charset=koi8-r>", "<meta http-equiv=content-type content='charset=windows-1251'>",
            "<!--", "-->", "<p title='", "'>", "<meta", " charset=", "utf-16", "x-user-defined", "<?xml", " encoding=",
            "\"windows-1251\"", "?>", "</", "<!", "<", ">", " ", "\u00EF\u00BB\u00BF", "\u00FF\u00FE", "x".repeat(300)};
        String[] labels = {null, "koi8-r", "bogus", "utf-16be", "iso-2022-kr"};
        qt().withFixedSeed(20240611L).withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            StringBuilder doc = new StringBuilder();
            for (int i = 0, n = r.nextInt(30); i < n; i++) {
                doc.append(pieces[r.nextInt(pieces.length)]);
            }
            byte[] b = doc.toString().getBytes(StandardCharsets.ISO_8859_1);
            String label = labels[r.nextInt(labels.length)];
            Result whole = SNIFFER.sniff(b, 0, b.length, label);
            for (int k = 0; k <= b.length; k++) {
                Optional<Result> early = SNIFFER.decidedBy(b, 0, k, label);
                int prefix = k;
                early.ifPresent(e -> assertEquals(whole, e, () -> "first " + prefix + " bytes of " + doc));
                if (k >= EncodingSniffer.PRESCAN_BYTES) {
                    assertTrue(early.isPresent());
                }
            }
        });
    }

    @Test
    void badArguments() {
        assertThrows(NullPointerException.class, () -> EncodingSniffer.withDefault(null));
        assertThrows(IndexOutOfBoundsException.class, () -> SNIFFER.sniff(new byte[2], 1, 2, null));
        assertThrows(IndexOutOfBoundsException.class, () -> SNIFFER.decidedBy(new byte[2], -1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new Result(StandardCharsets.UTF_8, Source.META, 1));
        assertThrows(NullPointerException.class, () -> new Result(null, Source.META, 0));
    }
}
