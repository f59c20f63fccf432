package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.htmlrewriter.internal.html.CharsetDeclarations;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The html5lib encoding suite ({@code ../shared/html5lib-tests/encoding/*.dat}, default windows-1252 as the suite
 * assumes): every case's {@code #encoding} is what {@link EncodingSniffer} finds in its {@code #data} (bytes as in
 * the file). Some cases put the {@code <meta>} after the first 1024 bytes, where browsers find it while parsing
 * (and reload), not by the prescan: for those the sniffer must give the default, and the same prescan over the
 * whole input must find the case's encoding. The {@code scripted} cases need a browser running
 * {@code document.write} and are not included.
 *
 * <p>Needs {@code ../shared} ({@code -Dhtmlrewriter.shared}, else found walking up from the working directory);
 * fails when it is missing.
 */
@Tag("conformance")
class EncodingSnifferConformanceTest {
    private static final EncodingSniffer SNIFFER = EncodingSniffer.withDefault(Charset.forName("windows-1252"));

    @Test
    void html5libEncodingCases() throws IOException {
        Path dir = SharedFolder.locate().resolve("html5lib-tests").resolve("encoding");
        int cases = 0;
        int beyondPrescan = 0;
        List<String> wrong = new ArrayList<>();
        for (String file : List.of("tests1.dat", "tests2.dat", "test-yahoo-jp.dat")) {
            String text = new String(Files.readAllBytes(dir.resolve(file)), StandardCharsets.ISO_8859_1);
            int at = 0;
            while ((at = text.indexOf("#data\n", at)) >= 0) {
                int enc = text.indexOf("\n#encoding\n", at);
                int end = text.indexOf('\n', enc + 11);
                byte[] data = text.substring(at + 6, enc).getBytes(StandardCharsets.ISO_8859_1);
                String label = text.substring(enc + 11, end < 0 ? text.length() : end).trim();
                Charset expected = EncodingSniffer.charsetForLabel(label).orElseThrow();
                EncodingSniffer.Result found = SNIFFER.sniff(data, 0, data.length, null);
                if (!found.charset().equals(expected) && data.length > EncodingSniffer.PRESCAN_BYTES
                        && found.source() == EncodingSniffer.Source.DEFAULT
                        && expected.equals(CharsetDeclarations.metaPrescan(data, 0, data.length))) {
                    beyondPrescan++;
                } else if (!found.charset().equals(expected)) {
                    wrong.add(file + " case " + cases + ": expected " + label + ", found " + found + "\n"
                            + new String(data, 0, Math.min(data.length, 200), StandardCharsets.ISO_8859_1));
                }
                cases++;
                at = enc;
            }
        }
        System.out.println("html5lib encoding: " + (cases - wrong.size()) + " of " + cases + " agree ("
                + beyondPrescan + " with the <meta> after the first 1024 bytes)");
        assertTrue(cases >= 80, "cases read: " + cases);
        assertEquals("", String.join("\n\n", wrong));
    }
}
