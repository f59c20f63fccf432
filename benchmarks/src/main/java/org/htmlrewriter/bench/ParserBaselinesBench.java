package org.htmlrewriter.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import nu.validator.htmlparser.common.TokenHandler;
import nu.validator.htmlparser.impl.ElementName;
import nu.validator.htmlparser.impl.HtmlAttributes;
import nu.validator.htmlparser.impl.Tokenizer;
import nu.validator.htmlparser.impl.UTF16Buffer;
import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.ParseException;
import org.attoparser.config.ParseConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.xml.sax.SAXException;

/**
 * P0 (parse only) for the event parsers users might pick instead: attoparser (Thymeleaf's parser) with a no-op
 * handler, and the validator.nu tokenizer with a no-op {@link TokenHandler}. Both work on {@code char}s, so each
 * operation includes decoding the UTF-8 bytes, as htmlrewriter's operations start from bytes too. Neither
 * produces output.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParserBaselinesBench {
    private MarkupParser attoparser;
    private final AbstractMarkupHandler attoNoop = new AbstractMarkupHandler() { };
    private char[] chars = new char[0];

    @Setup(Level.Trial)
    public void setup() {
        attoparser = new MarkupParser(ParseConfiguration.htmlConfiguration());
    }

    @Benchmark
    public long attoparserP0(InputState in) throws ParseException {
        long n = 0;
        for (byte[] doc : in.docs) {
            int len = decode(doc);
            attoparser.parse(chars, 0, len, attoNoop);
            n += len;
        }
        return n;
    }

    @Benchmark
    public long validatorNuP0(InputState in) throws SAXException {
        long n = 0;
        for (byte[] doc : in.docs) {
            int len = decode(doc);
            n += tokenizeWithValidatorNu(chars, len);
        }
        return n;
    }

    private int decode(byte[] doc) {
        String text = new String(doc, StandardCharsets.UTF_8);
        if (chars.length < text.length()) {
            chars = new char[text.length()];
        }
        text.getChars(0, text.length(), chars, 0);
        return text.length();
    }

    /** Tokenizes {@code text[0, len)} the way validator.nu's own Driver feeds its tokenizer. */
    static long tokenizeWithValidatorNu(char[] text, int len) throws SAXException {
        NoopTokenHandler handler = new NoopTokenHandler();
        Tokenizer tokenizer = new Tokenizer(handler);
        tokenizer.start();
        UTF16Buffer buffer = new UTF16Buffer(text, 0, len);
        boolean lastWasCr = false;
        while (buffer.hasMore()) {
            buffer.adjust(lastWasCr);
            lastWasCr = false;
            if (buffer.hasMore()) {
                lastWasCr = tokenizer.tokenizeBuffer(buffer);
            }
        }
        tokenizer.eof();
        tokenizer.end();
        return handler.events;
    }

    /**
     * Consumes every token and does nothing with it, except what a tree builder must do for tokenizing to be
     * right: switch the tokenizer into script/RAWTEXT/RCDATA after those start tags.
     */
    static final class NoopTokenHandler implements TokenHandler {
        long events;
        private Tokenizer tokenizer;

        @Override
        public void startTokenization(Tokenizer self) {
            tokenizer = self;
        }

        @Override
        public boolean wantsComments() {
            return false;
        }

        @Override
        public void doctype(String name, String publicIdentifier, String systemIdentifier, boolean forceQuirks) {
            events++;
        }

        @Override
        public void startTag(ElementName name, HtmlAttributes attributes, boolean selfClosing) {
            events++;
            if (name == ElementName.SCRIPT) {
                tokenizer.setStateAndEndTagExpectation(Tokenizer.SCRIPT_DATA, name);
            } else if (name == ElementName.STYLE || name == ElementName.XMP || name == ElementName.IFRAME
                    || name == ElementName.NOEMBED || name == ElementName.NOFRAMES || name == ElementName.NOSCRIPT) {
                tokenizer.setStateAndEndTagExpectation(Tokenizer.RAWTEXT, name);
            } else if (name == ElementName.TITLE || name == ElementName.TEXTAREA) {
                tokenizer.setStateAndEndTagExpectation(Tokenizer.RCDATA, name);
            }
        }

        @Override
        public void endTag(ElementName name) {
            events++;
        }

        @Override
        public void comment(char[] buf, int start, int length) {
            events++;
        }

        @Override
        public void characters(char[] buf, int start, int length) {
            events++;
        }

        @Override
        public void zeroOriginatingReplacementCharacter() {
        }

        @Override
        public void eof() {
        }

        @Override
        public void endTokenization() {
        }

        @Override
        public boolean cdataSectionAllowed() {
            return false;
        }

        @Override
        public void ensureBufferSpace(int inputLength) {
        }
    }
}
