package org.htmlrewriter.internal.rewrite;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Locale;

/** Which charsets the byte-level engine can work in: those where every ASCII character is its own single byte. */
public final class Charsets {
    private static final String PROBE = "\t\n\f\r !\"#&'-/0123456789;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz";

    private Charsets() {
    }

    /**
     * True when the markup bytes HTML is made of mean the same in this charset as in ASCII, and the charset has no
     * shift states (ISO-2022 switches meaning with escape sequences, so its bytes cannot be scanned as ASCII).
     */
    public static boolean isAsciiCompatible(Charset cs) {
        String name = cs.name().toLowerCase(Locale.ROOT);
        if (name.startsWith("iso-2022") || name.contains("utf-16") || name.contains("utf-32") || name.equals("utf-7")
                || name.startsWith("x-utf-16") || name.startsWith("x-utf-32") || name.equals("hz-gb-2312")) {
            return false;
        }
        if (!cs.canEncode()) {
            return false;
        }
        try {
            byte[] b = PROBE.getBytes(cs);
            byte[] ascii = PROBE.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            return Arrays.equals(b, ascii);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
