package org.htmlrewriter.internal.treesim;

import java.util.Locale;

/**
 * Whether a doctype puts the document in quirks mode, as the HTML standard's "initial" insertion mode decides
 * (WHATWG HTML 13.2.6.4.1). Of quirks mode the tree builder's stack only feels one rule: {@code <table>} does not
 * close an open {@code <p>}. Limited-quirks mode changes nothing the stack sees and counts as no quirks here.
 *
 * <p>Stateless; thread-safe.
 */
public final class QuirksMode {
    private QuirksMode() {
    }

    /** Public identifiers that mean quirks when they start the document's public identifier (lowercase). */
    private static final String[] QUIRKY_PUBLIC_PREFIXES = {
        "+//silmaril//dtd html pro v0r11 19970101//",
        "-//as//dtd html 3.0 aswedit + extensions//",
        "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
        "-//ietf//dtd html 2.0 level 1//",
        "-//ietf//dtd html 2.0 level 2//",
        "-//ietf//dtd html 2.0 strict level 1//",
        "-//ietf//dtd html 2.0 strict level 2//",
        "-//ietf//dtd html 2.0 strict//",
        "-//ietf//dtd html 2.0//",
        "-//ietf//dtd html 2.1e//",
        "-//ietf//dtd html 3.0//",
        "-//ietf//dtd html 3.2 final//",
        "-//ietf//dtd html 3.2//",
        "-//ietf//dtd html 3//",
        "-//ietf//dtd html level 0//",
        "-//ietf//dtd html level 1//",
        "-//ietf//dtd html level 2//",
        "-//ietf//dtd html level 3//",
        "-//ietf//dtd html strict level 0//",
        "-//ietf//dtd html strict level 1//",
        "-//ietf//dtd html strict level 2//",
        "-//ietf//dtd html strict level 3//",
        "-//ietf//dtd html strict//",
        "-//ietf//dtd html//",
        "-//metrius//dtd metrius presentational//",
        "-//microsoft//dtd internet explorer 2.0 html strict//",
        "-//microsoft//dtd internet explorer 2.0 html//",
        "-//microsoft//dtd internet explorer 2.0 tables//",
        "-//microsoft//dtd internet explorer 3.0 html strict//",
        "-//microsoft//dtd internet explorer 3.0 html//",
        "-//microsoft//dtd internet explorer 3.0 tables//",
        "-//netscape comm. corp.//dtd html//",
        "-//netscape comm. corp.//dtd strict html//",
        "-//o'reilly and associates//dtd html 2.0//",
        "-//o'reilly and associates//dtd html extended 1.0//",
        "-//o'reilly and associates//dtd html extended relaxed 1.0//",
        "-//sq//dtd html 2.0 hotmetal + extensions//",
        "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
        "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
        "-//spyglass//dtd html 2.0 extended//",
        "-//sun microsystems corp.//dtd hotjava html//",
        "-//sun microsystems corp.//dtd hotjava strict html//",
        "-//w3c//dtd html 3 1995-03-24//",
        "-//w3c//dtd html 3.2 draft//",
        "-//w3c//dtd html 3.2 final//",
        "-//w3c//dtd html 3.2//",
        "-//w3c//dtd html 3.2s draft//",
        "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//",
        "-//w3c//dtd html experimental 19960712//",
        "-//w3c//dtd html experimental 970421//",
        "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html 3.0//",
        "-//webtechs//dtd mozilla html 2.0//",
        "-//webtechs//dtd mozilla html//",
    };

    /**
     * Whether a document that starts with this doctype is in quirks mode.
     *
     * @param name        the doctype's name as the tokenizer produced it (lowercased), or null if missing
     * @param publicId    its public identifier, or null if missing
     * @param systemId    its system identifier, or null if missing
     * @param forceQuirks the tokenizer's force-quirks flag
     * @return whether the document is in quirks mode
     */
    public static boolean isQuirks(String name, String publicId, String systemId, boolean forceQuirks) {
        if (forceQuirks || !"html".equals(name)) {
            return true;
        }
        String pub = publicId == null ? null : publicId.toLowerCase(Locale.ROOT);
        String sys = systemId == null ? null : systemId.toLowerCase(Locale.ROOT);
        if (pub != null) {
            if (pub.equals("-//w3o//dtd w3 html strict 3.0//en//") || pub.equals("-/w3c/dtd html 4.0 transitional/en")
                    || pub.equals("html")) {
                return true;
            }
            for (String prefix : QUIRKY_PUBLIC_PREFIXES) {
                if (pub.startsWith(prefix)) {
                    return true;
                }
            }
            if (sys == null && (pub.startsWith("-//w3c//dtd html 4.01 frameset//")
                    || pub.startsWith("-//w3c//dtd html 4.01 transitional//"))) {
                return true;
            }
        }
        return "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd".equals(sys);
    }
}
