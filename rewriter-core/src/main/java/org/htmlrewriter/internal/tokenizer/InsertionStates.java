package org.htmlrewriter.internal.tokenizer;

/**
 * The tokenizer's state at a point of the byte stream, packed in an {@code int}, and a small model of how the text
 * states move over inserted bytes: what the engine needs to make sure content inserted as TEXT never changes where
 * any element starts or ends.
 *
 * <p>A state ("snapshot") is the tokenizer state after the bytes before the point, with what decides how the next
 * bytes are read: the state ({@link Tokenizer}'s constants), the text state a candidate falls back to, and an
 * auxiliary count (how much of the appropriate end tag name a candidate has matched, or of "script" in the
 * double-escape states). Inside a tag, comment or DOCTYPE (only possible at the end of input, where a token was cut
 * short) the state is {@link #IN_MARKUP}: every byte inserted there belongs to that markup.
 *
 * <p>{@link #run} moves a state over bytes as the tokenizer would, but only through the text states and the
 * candidates that can start in them, and stops with {@link #BREAKS} as soon as the bytes would form markup: a start
 * tag, comment, DOCTYPE or CDATA section in normal content, an end tag that ends a raw-text element, the end of a
 * CDATA section. Character references are not followed: they never start or end markup. Stateless; thread-safe.
 */
public final class InsertionStates {
    /** The bytes form markup (see the class comment). */
    public static final int BREAKS = -1;
    /** A tag, comment or DOCTYPE cut short by the end of input: inserted bytes would belong to it. */
    static final int IN_MARKUP = 99;
    /** A point whose state is not known: every insertion there is refused. */
    public static final int UNKNOWN = IN_MARKUP;
    private static final int DEAD = 0xFF;

    private InsertionStates() {
    }

    static int pack(int state, int returnState, int aux) {
        return state | (returnState << 8) | ((aux & 0xFF) << 16);
    }

    /** The snapshot of a tokenizer in {@code state} (aux -1: a name that can no longer match). */
    static int snapshot(int state, int returnState, int aux) {
        boolean keepsAux = state == Tokenizer.TEXT_END_TAG_NAME || state == Tokenizer.SCRIPT_DOUBLE_ESCAPE_START
                || state == Tokenizer.SCRIPT_DOUBLE_ESCAPE_END;
        if (keepsAux && aux < 0) {
            // A name that can no longer match reads every next byte as the text state it falls back to does.
            int fallback = state == Tokenizer.TEXT_END_TAG_NAME ? returnState
                    : state == Tokenizer.SCRIPT_DOUBLE_ESCAPE_START ? Tokenizer.SCRIPT_ESCAPED
                    : Tokenizer.SCRIPT_DOUBLE_ESCAPED;
            return pack(fallback, canonicalReturn(fallback, returnState), 0);
        }
        return pack(state, canonicalReturn(state, returnState), keepsAux ? aux : 0);
    }

    static int state(int snapshot) {
        return snapshot & 0xFF;
    }

    static int returnState(int snapshot) {
        return (snapshot >>> 8) & 0xFF;
    }

    static int aux(int snapshot) {
        return (snapshot >>> 16) & 0xFF;
    }

    /**
     * The snapshot of a tokenizer state packed raw ({@code state | returnState << 8 | aux << 16}, aux 0xFF when a name
     * can no longer match): states inside a tag, comment or DOCTYPE become {@link #IN_MARKUP}, return states and
     * counts are kept only where they matter, and names that can no longer match read as the text they fall back to.
     * Idempotent.
     */
    public static int canonical(int raw) {
        int s = state(raw);
        switch (s) {
            case Tokenizer.DATA: case Tokenizer.RCDATA: case Tokenizer.RAWTEXT: case Tokenizer.SCRIPT_DATA:
            case Tokenizer.PLAINTEXT: case Tokenizer.CDATA: case Tokenizer.SCRIPT_ESCAPED:
            case Tokenizer.SCRIPT_ESCAPED_DASH: case Tokenizer.SCRIPT_ESCAPED_DASH_DASH:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH_DASH: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT:
            case Tokenizer.SCRIPT_ESCAPE_START: case Tokenizer.SCRIPT_ESCAPE_START_DASH: case Tokenizer.TAG_OPEN:
            case Tokenizer.END_TAG_OPEN: case Tokenizer.MARKUP_DECLARATION_OPEN: case Tokenizer.TEXT_LT:
            case Tokenizer.TEXT_END_TAG_OPEN: case Tokenizer.SCRIPT_LT: case Tokenizer.SCRIPT_ESCAPED_LT:
            case Tokenizer.CDATA_BRACKET: case Tokenizer.CDATA_END: case Tokenizer.TEXT_END_TAG_NAME:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPE_START: case Tokenizer.SCRIPT_DOUBLE_ESCAPE_END: {
                int aux = aux(raw);
                return snapshot(s, returnState(raw), aux == DEAD ? -1 : aux);
            }
            case IN_MARKUP:
                return raw;
            default:
                return pack(IN_MARKUP, 0, 0);
        }
    }

    /** The state at the start of text of {@code mode}, with no candidate in progress. */
    public static int clean(TextMode mode) {
        switch (mode) {
            case RCDATA: return pack(Tokenizer.RCDATA, Tokenizer.RCDATA, 0);
            case RAWTEXT: return pack(Tokenizer.RAWTEXT, Tokenizer.RAWTEXT, 0);
            case SCRIPT_DATA: return pack(Tokenizer.SCRIPT_DATA, Tokenizer.SCRIPT_DATA, 0);
            case PLAINTEXT: return pack(Tokenizer.PLAINTEXT, Tokenizer.PLAINTEXT, 0);
            case CDATA_SECTION: return pack(Tokenizer.CDATA, Tokenizer.CDATA, 0);
            default: return pack(Tokenizer.DATA, Tokenizer.DATA, 0);
        }
    }

    /** Whether a candidate (a {@code <} or {@code ]} that may still start markup) is in progress. */
    public static boolean isCandidate(int snapshot) {
        switch (state(snapshot)) {
            case Tokenizer.TAG_OPEN: case Tokenizer.END_TAG_OPEN: case Tokenizer.MARKUP_DECLARATION_OPEN:
            case Tokenizer.TEXT_LT: case Tokenizer.TEXT_END_TAG_OPEN: case Tokenizer.TEXT_END_TAG_NAME:
            case Tokenizer.SCRIPT_LT: case Tokenizer.SCRIPT_ESCAPED_LT: case Tokenizer.CDATA_BRACKET:
            case Tokenizer.CDATA_END:
                return true;
            default:
                return false;
        }
    }

    /** The text state a candidate falls back to when the next byte does not continue it. */
    public static int resolved(int snapshot) {
        int s = state(snapshot);
        int r;
        switch (s) {
            case Tokenizer.TAG_OPEN: case Tokenizer.END_TAG_OPEN: case Tokenizer.MARKUP_DECLARATION_OPEN:
                r = Tokenizer.DATA;
                break;
            case Tokenizer.SCRIPT_LT:
                r = Tokenizer.SCRIPT_DATA;
                break;
            case Tokenizer.SCRIPT_ESCAPED_LT:
                r = Tokenizer.SCRIPT_ESCAPED;
                break;
            case Tokenizer.CDATA_BRACKET: case Tokenizer.CDATA_END:
                r = Tokenizer.CDATA;
                break;
            case Tokenizer.TEXT_LT: case Tokenizer.TEXT_END_TAG_OPEN: case Tokenizer.TEXT_END_TAG_NAME:
                r = returnState(snapshot);
                break;
            default:
                return snapshot;
        }
        return pack(r, r == Tokenizer.SCRIPT_ESCAPED ? Tokenizer.SCRIPT_ESCAPED : r, 0);
    }

    /** Whether character references are read at this point (normal content or RCDATA, candidates included). */
    public static boolean decodesReferences(int snapshot) {
        int r = state(resolved(snapshot));
        return r == Tokenizer.DATA || r == Tokenizer.RCDATA;
    }

    /** Whether inserted bytes would belong to a tag, comment or DOCTYPE the input left unfinished. */
    public static boolean inMarkup(int snapshot) {
        return state(snapshot) == IN_MARKUP;
    }

    /**
     * Whether bytes that took the tokenizer from {@code from} to {@code to} leave it reading what follows as it would
     * from {@code from}: the same state, or, from a candidate, the text state it resolves to (at the points where
     * candidates are seen, the input continues with another {@code <} or ends, which reads the same either way).
     */
    public static boolean sameReading(int from, int to) {
        return to == from || (isCandidate(from) && to == resolved(from));
    }

    /**
     * The state after {@code b[start, end)} read from {@code snapshot}, or {@link #BREAKS} if the bytes form markup.
     *
     * @param endTagName the appropriate end tag name in RCDATA, RAWTEXT and script data (lowercase ASCII), or null
     */
    public static int run(int snapshot, String endTagName, byte[] b, int start, int end) {
        int s = state(snapshot);
        int ret = returnState(snapshot);
        int aux = aux(snapshot);
        String name = endTagName == null ? "" : endTagName;
        for (int i = start; i < end; ) {
            int c = b[i];
            boolean consumed = true;
            switch (s) {
                case IN_MARKUP:
                    return BREAKS;
                case Tokenizer.DATA:
                    if (c == '<') {
                        s = Tokenizer.TAG_OPEN;
                    }
                    break;
                case Tokenizer.TAG_OPEN:
                    if (AsciiBytes.isAsciiAlpha(c) || c == '!' || c == '?' ) {
                        return BREAKS; // a tag, a comment or DOCTYPE, a bogus comment
                    } else if (c == '/') {
                        s = Tokenizer.END_TAG_OPEN;
                    } else {
                        s = Tokenizer.DATA;
                        consumed = false;
                    }
                    break;
                case Tokenizer.END_TAG_OPEN: case Tokenizer.MARKUP_DECLARATION_OPEN:
                    return BREAKS; // an end tag, "</>" or a bogus comment; "<!" at the end of input
                case Tokenizer.RCDATA: case Tokenizer.RAWTEXT:
                    if (c == '<') {
                        ret = s;
                        s = Tokenizer.TEXT_LT;
                    }
                    break;
                case Tokenizer.TEXT_LT:
                    if (c == '/') {
                        s = Tokenizer.TEXT_END_TAG_OPEN;
                    } else {
                        s = ret;
                        consumed = false;
                    }
                    break;
                case Tokenizer.TEXT_END_TAG_OPEN:
                    if (AsciiBytes.isAsciiAlpha(c)) {
                        s = Tokenizer.TEXT_END_TAG_NAME;
                        aux = 0;
                        consumed = false;
                    } else {
                        s = ret;
                        consumed = false;
                    }
                    break;
                case Tokenizer.TEXT_END_TAG_NAME:
                    if (AsciiBytes.isAsciiAlpha(c)) {
                        aux = aux != DEAD && aux < name.length() && AsciiBytes.toLower(c) == name.charAt(aux)
                                ? aux + 1 : DEAD;
                    } else if ((AsciiBytes.isWhitespace(c) || c == '/' || c == '>') && aux == name.length()
                            && !name.isEmpty()) {
                        return BREAKS; // the appropriate end tag: the element ends
                    } else {
                        s = ret;
                        aux = 0;
                        consumed = false;
                    }
                    break;
                case Tokenizer.SCRIPT_DATA:
                    if (c == '<') {
                        s = Tokenizer.SCRIPT_LT;
                    }
                    break;
                case Tokenizer.SCRIPT_LT:
                    if (c == '/') {
                        ret = Tokenizer.SCRIPT_DATA;
                        s = Tokenizer.TEXT_END_TAG_OPEN;
                    } else if (c == '!') {
                        s = Tokenizer.SCRIPT_ESCAPE_START;
                    } else {
                        s = Tokenizer.SCRIPT_DATA;
                        consumed = false;
                    }
                    break;
                case Tokenizer.SCRIPT_ESCAPE_START:
                    if (c == '-') {
                        s = Tokenizer.SCRIPT_ESCAPE_START_DASH;
                    } else {
                        s = Tokenizer.SCRIPT_DATA;
                        consumed = false;
                    }
                    break;
                case Tokenizer.SCRIPT_ESCAPE_START_DASH:
                    if (c == '-') {
                        s = Tokenizer.SCRIPT_ESCAPED_DASH_DASH;
                    } else {
                        s = Tokenizer.SCRIPT_DATA;
                        consumed = false;
                    }
                    break;
                case Tokenizer.SCRIPT_ESCAPED:
                    if (c == '-') {
                        s = Tokenizer.SCRIPT_ESCAPED_DASH;
                    } else if (c == '<') {
                        s = Tokenizer.SCRIPT_ESCAPED_LT;
                    }
                    break;
                case Tokenizer.SCRIPT_ESCAPED_DASH:
                    s = c == '-' ? Tokenizer.SCRIPT_ESCAPED_DASH_DASH
                            : c == '<' ? Tokenizer.SCRIPT_ESCAPED_LT : Tokenizer.SCRIPT_ESCAPED;
                    break;
                case Tokenizer.SCRIPT_ESCAPED_DASH_DASH:
                    if (c != '-') {
                        s = c == '<' ? Tokenizer.SCRIPT_ESCAPED_LT : c == '>' ? Tokenizer.SCRIPT_DATA
                                : Tokenizer.SCRIPT_ESCAPED;
                    }
                    break;
                case Tokenizer.SCRIPT_ESCAPED_LT:
                    if (c == '/') {
                        ret = Tokenizer.SCRIPT_ESCAPED;
                        s = Tokenizer.TEXT_END_TAG_OPEN;
                    } else if (AsciiBytes.isAsciiAlpha(c)) {
                        s = Tokenizer.SCRIPT_DOUBLE_ESCAPE_START;
                        aux = 0;
                        consumed = false;
                    } else {
                        s = Tokenizer.SCRIPT_ESCAPED;
                        consumed = false;
                    }
                    break;
                case Tokenizer.SCRIPT_DOUBLE_ESCAPE_START: case Tokenizer.SCRIPT_DOUBLE_ESCAPE_END: {
                    boolean opening = s == Tokenizer.SCRIPT_DOUBLE_ESCAPE_START;
                    if (AsciiBytes.isWhitespace(c) || c == '/' || c == '>') {
                        boolean script = aux == 6;
                        s = opening == script ? Tokenizer.SCRIPT_DOUBLE_ESCAPED : Tokenizer.SCRIPT_ESCAPED;
                        aux = 0;
                    } else if (AsciiBytes.isAsciiAlpha(c)) {
                        aux = aux != DEAD && aux < 6 && AsciiBytes.toLower(c) == "script".charAt(aux) ? aux + 1 : DEAD;
                    } else {
                        s = opening ? Tokenizer.SCRIPT_ESCAPED : Tokenizer.SCRIPT_DOUBLE_ESCAPED;
                        aux = 0;
                        consumed = false;
                    }
                    break;
                }
                case Tokenizer.SCRIPT_DOUBLE_ESCAPED:
                    if (c == '-') {
                        s = Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH;
                    } else if (c == '<') {
                        s = Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT;
                    }
                    break;
                case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH:
                    s = c == '-' ? Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH_DASH
                            : c == '<' ? Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT : Tokenizer.SCRIPT_DOUBLE_ESCAPED;
                    break;
                case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH_DASH:
                    if (c != '-') {
                        s = c == '<' ? Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT : c == '>' ? Tokenizer.SCRIPT_DATA
                                : Tokenizer.SCRIPT_DOUBLE_ESCAPED;
                    }
                    break;
                case Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT:
                    if (c == '/') {
                        s = Tokenizer.SCRIPT_DOUBLE_ESCAPE_END;
                        aux = 0;
                    } else {
                        s = Tokenizer.SCRIPT_DOUBLE_ESCAPED;
                        consumed = false;
                    }
                    break;
                case Tokenizer.PLAINTEXT:
                    break;
                case Tokenizer.CDATA:
                    if (c == ']') {
                        s = Tokenizer.CDATA_BRACKET;
                    }
                    break;
                case Tokenizer.CDATA_BRACKET:
                    if (c == ']') {
                        s = Tokenizer.CDATA_END;
                    } else {
                        s = Tokenizer.CDATA;
                        consumed = false;
                    }
                    break;
                case Tokenizer.CDATA_END:
                    if (c == '>') {
                        return BREAKS; // the CDATA section ends
                    } else if (c != ']') {
                        s = Tokenizer.CDATA;
                        consumed = false;
                    }
                    break;
                default:
                    return BREAKS; // a state no insertion point is in: refuse rather than guess
            }
            if (consumed) {
                i++;
            }
        }
        return snapshot(s, ret, aux == DEAD ? -1 : aux);
    }

    /** The return state kept in a snapshot: only candidates in RCDATA, RAWTEXT and script need one. */
    private static int canonicalReturn(int s, int ret) {
        switch (s) {
            case Tokenizer.TEXT_LT: case Tokenizer.TEXT_END_TAG_OPEN: case Tokenizer.TEXT_END_TAG_NAME:
                return ret;
            case Tokenizer.SCRIPT_LT: case Tokenizer.SCRIPT_ESCAPE_START: case Tokenizer.SCRIPT_ESCAPE_START_DASH:
            case Tokenizer.SCRIPT_DATA:
                return Tokenizer.SCRIPT_DATA;
            case Tokenizer.SCRIPT_ESCAPED: case Tokenizer.SCRIPT_ESCAPED_DASH: case Tokenizer.SCRIPT_ESCAPED_DASH_DASH:
            case Tokenizer.SCRIPT_ESCAPED_LT: case Tokenizer.SCRIPT_DOUBLE_ESCAPE_START:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH_DASH: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPE_END:
                return Tokenizer.SCRIPT_ESCAPED;
            case Tokenizer.TAG_OPEN: case Tokenizer.END_TAG_OPEN: case Tokenizer.DATA:
                return Tokenizer.DATA;
            case Tokenizer.CDATA: case Tokenizer.CDATA_BRACKET: case Tokenizer.CDATA_END:
                return Tokenizer.CDATA;
            default:
                return s;
        }
    }

    /**
     * Bytes that take the tokenizer from {@code from} to a state that reads what follows as {@code to} does, forming no
     * markup on the way (in normal content, an empty comment settles a dangling {@code <} or {@code </}); null if
     * there are none. For output that diverged from the input's reading (text removed from a script changed its
     * escaping): written before the next input bytes, they make those bytes read as they were.
     */
    public static byte[] bridge(int from, int to, String endTagName) {
        if (sameReading(to, from) || from == to) {
            return new byte[0];
        }
        int s = state(from);
        if ((s == Tokenizer.TAG_OPEN || s == Tokenizer.END_TAG_OPEN || s == Tokenizer.MARKUP_DECLARATION_OPEN)
                && to == clean(TextMode.DATA)) {
            return "<!---->".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        String letters = (endTagName == null ? "" : endTagName) + "script";
        StringBuilder alphabet = new StringBuilder(" <!->/");
        for (char c : letters.toCharArray()) {
            if (alphabet.indexOf(String.valueOf(c)) < 0) {
                alphabet.append(c);
            }
        }
        // Breadth-first over states (a few dozen are reachable): the shortest bytes that get there.
        java.util.Map<Integer, String> seen = new java.util.HashMap<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        seen.put(from, "");
        queue.add(from);
        byte[] one = new byte[1];
        while (!queue.isEmpty()) {
            int state = queue.poll();
            String path = seen.get(state);
            if (path.length() >= 24) {
                continue;
            }
            for (int i = 0; i < alphabet.length(); i++) {
                one[0] = (byte) alphabet.charAt(i);
                int next = run(state, endTagName, one, 0, 1);
                if (next == BREAKS || seen.containsKey(next)) {
                    continue;
                }
                String p = path + alphabet.charAt(i);
                if (next == to || sameReading(to, next)) {
                    return p.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
                seen.put(next, p);
                queue.add(next);
            }
        }
        return null;
    }

    /** A readable name, for messages. */
    public static String describe(int snapshot) {
        switch (state(snapshot)) {
            case IN_MARKUP: return "inside a tag, comment or DOCTYPE the input left unfinished";
            case Tokenizer.TAG_OPEN: return "after a '<' that may still start a tag";
            case Tokenizer.END_TAG_OPEN: return "after '</'";
            case Tokenizer.TEXT_LT: case Tokenizer.SCRIPT_LT: case Tokenizer.SCRIPT_ESCAPED_LT:
                return "after a '<' that may still start an end tag";
            case Tokenizer.TEXT_END_TAG_OPEN: case Tokenizer.TEXT_END_TAG_NAME:
                return "inside what may still become an end tag";
            case Tokenizer.SCRIPT_ESCAPED: case Tokenizer.SCRIPT_ESCAPED_DASH: case Tokenizer.SCRIPT_ESCAPED_DASH_DASH:
                return "inside an escaped (<!--) part of a script";
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH:
            case Tokenizer.SCRIPT_DOUBLE_ESCAPED_DASH_DASH: case Tokenizer.SCRIPT_DOUBLE_ESCAPED_LT:
                return "inside a double-escaped (<!--<script>) part of a script";
            default: return "in text";
        }
    }
}
