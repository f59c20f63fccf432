package org.htmlrewriter.cli;

/** Checks of the tag and attribute names a rule mentions, before anything runs. */
final class Names {
    private Names() {
    }

    /**
     * A name a rule writes (a tag name, or the attribute a rule sets): what the core's {@code setTagName} and
     * {@code setAttribute} accept, an ASCII letter first and then no whitespace, control character, {@code /},
     * {@code >}, {@code <}, {@code =}, {@code "} or {@code '}.
     *
     * @param what "tag name" or "attribute name", for the message
     */
    static void checkWritable(String name, String what) throws BadArgument {
        if (name.isEmpty()) {
            throw new BadArgument(0, "empty " + what);
        }
        char first = name.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')) {
            throw new BadArgument(0, "not a valid " + what + " '" + name + "': it must start with an ASCII letter");
        }
        checkCharacters(name, what, "<");
    }

    /**
     * A name a rule reads or removes: any attribute name HTML can write, non-empty, without whitespace, control
     * characters, {@code /}, {@code >}, {@code =}, {@code "} or {@code '} (so {@code @click} is fine).
     */
    static void checkReadable(String name) throws BadArgument {
        if (name.isEmpty()) {
            throw new BadArgument(0, "empty attribute name");
        }
        checkCharacters(name, "attribute name", "");
    }

    private static void checkCharacters(String name, String what, String alsoForbidden) throws BadArgument {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '/' || c == '>' || c == '=' || c == '"' || c == '\''
                    || alsoForbidden.indexOf(c) >= 0) {
                String shown = c <= ' ' || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
                throw new BadArgument(i, "not a valid " + what + " '" + name + "': it cannot contain " + shown);
            }
        }
    }
}
