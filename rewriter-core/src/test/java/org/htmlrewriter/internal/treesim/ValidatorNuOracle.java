package org.htmlrewriter.internal.treesim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nu.validator.htmlparser.common.TokenHandler;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.impl.ElementName;
import nu.validator.htmlparser.impl.HtmlAttributes;
import nu.validator.htmlparser.impl.Tokenizer;
import nu.validator.htmlparser.impl.TreeBuilder;
import nu.validator.htmlparser.impl.UTF16Buffer;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;
import org.xml.sax.SAXException;

/**
 * The oracle for the parser-feedback check: validator.nu's tokenizer driven by its real tree builder, with the
 * tokens the tokenizer hands the tree builder recorded in the normalised form of {@link TokenStreams}.
 *
 * <p>Optionally runs a {@link TreeBuilderSimulator} in lockstep on the same tokens and records the first point
 * where its answer (text mode after a start tag, CDATA allowed) differs from what the tree builder told the
 * tokenizer: a precise diagnosis for a disagreement in the token streams.
 */
final class ValidatorNuOracle {
    private ValidatorNuOracle() {
    }

    /** What one run recorded. */
    static final class Run {
        final List<String> tokens = new ArrayList<>();
        /** First lockstep divergence, or null. */
        String divergence;
        /** Lockstep simulator threw this ambiguity, or null. */
        String ambiguity;
    }

    static Run run(String input, boolean scripting, TreeBuilderSimulator lockstep) {
        Run run = new Run();
        NullTreeBuilder treeBuilder = new NullTreeBuilder();
        treeBuilder.setScriptingEnabled(scripting);
        Recorder recorder = new Recorder(treeBuilder, run, lockstep);
        StateTrackingTokenizer tokenizer = new StateTrackingTokenizer(recorder);
        recorder.tokenizer = tokenizer;
        tokenize(tokenizer, input);
        recorder.flushText();
        return run;
    }

    /**
     * Runs validator.nu's tokenizer over the whole input as one buffer, then the end of input: every token goes
     * to the tokenizer's handler. Lenient policies throughout, so that the tokens are those of the HTML standard.
     */
    static void tokenize(Tokenizer tokenizer, String input) {
        tokenizer.setCommentPolicy(XmlViolationPolicy.ALLOW);
        tokenizer.setContentNonXmlCharPolicy(XmlViolationPolicy.ALLOW);
        tokenizer.setContentSpacePolicy(XmlViolationPolicy.ALLOW);
        tokenizer.setXmlnsPolicy(XmlViolationPolicy.ALLOW);
        tokenizer.setNamePolicy(XmlViolationPolicy.ALLOW);
        try {
            tokenizer.start();
            char[] chars = input.toCharArray();
            UTF16Buffer buffer = new UTF16Buffer(chars, 0, chars.length);
            boolean lastWasCR = false;
            while (buffer.hasMore()) {
                buffer.adjust(lastWasCR);
                lastWasCR = false;
                if (buffer.hasMore()) {
                    lastWasCR = tokenizer.tokenizeBuffer(buffer);
                }
            }
            tokenizer.eof();
            tokenizer.end();
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exposes the state the tree builder left the tokenizer in after a start tag. */
    private static final class StateTrackingTokenizer extends Tokenizer {
        StateTrackingTokenizer(TokenHandler handler) {
            super(handler, false);
        }

        int state() {
            return stateSave;
        }
    }

    /** Records every token on its way to the tree builder. */
    private static final class Recorder implements TokenHandler {
        private final TreeBuilder<Object> delegate;
        private final Run run;
        private final TreeBuilderSimulator simulator;
        StateTrackingTokenizer tokenizer;
        private final StringBuilder text = new StringBuilder();
        private final TagToken tag = new TagToken();
        private long tagIndex;

        Recorder(TreeBuilder<Object> delegate, Run run, TreeBuilderSimulator simulator) {
            this.delegate = delegate;
            this.run = run;
            this.simulator = simulator;
        }

        void flushText() {
            if (text.length() > 0) {
                TokenStreams.addText(run.tokens, text.toString());
                text.setLength(0);
            }
        }

        private boolean simulating() {
            return simulator != null && run.divergence == null && run.ambiguity == null;
        }

        @Override
        public void startTokenization(Tokenizer self) throws SAXException {
            delegate.startTokenization(self);
        }

        @Override
        public boolean wantsComments() throws SAXException {
            return true;
        }

        @Override
        public void doctype(String name, String publicId, String systemId, boolean forceQuirks)
                throws SAXException {
            flushText();
            run.tokens.add(TokenStreams.doctype());
            delegate.doctype(name, publicId, systemId, forceQuirks);
        }

        @Override
        public void startTag(ElementName name, HtmlAttributes attributes, boolean selfClosing)
                throws SAXException {
            flushText();
            run.tokens.add(TokenStreams.startTag(name.getName()));
            TextMode predicted = null;
            if (simulating()) {
                fill(name.getName(), attributes, selfClosing, false);
                simulator.needsAttributes(tag);
                try {
                    predicted = simulator.afterStartTag(tag);
                } catch (org.htmlrewriter.ParsingAmbiguityException e) {
                    run.ambiguity = e.getMessage();
                }
            }
            delegate.startTag(name, attributes, selfClosing);
            if (predicted != null) {
                TextMode actual = mode(tokenizer.state());
                if (actual != predicted) {
                    run.divergence = "after <" + name.getName() + "> (tag #" + tagIndex + "): simulator "
                            + predicted + ", tree builder " + actual;
                }
            }
            tagIndex++;
        }

        @Override
        public void endTag(ElementName name) throws SAXException {
            flushText();
            run.tokens.add(TokenStreams.endTag(name.getName()));
            if (simulating()) {
                fill(name.getName(), null, false, true);
                simulator.afterEndTag(tag);
            }
            delegate.endTag(name);
            tagIndex++;
        }

        @Override
        public void comment(char[] buf, int start, int length) throws SAXException {
            flushText();
            run.tokens.add(TokenStreams.comment(new String(buf, start, length)));
            delegate.comment(buf, start, length);
        }

        @Override
        public void characters(char[] buf, int start, int length) throws SAXException {
            text.append(buf, start, length);
            delegate.characters(buf, start, length);
        }

        @Override
        public void zeroOriginatingReplacementCharacter() throws SAXException {
            delegate.zeroOriginatingReplacementCharacter();
        }

        @Override
        public void eof() throws SAXException {
            flushText();
            delegate.eof();
        }

        @Override
        public void endTokenization() throws SAXException {
            delegate.endTokenization();
        }

        @Override
        public boolean cdataSectionAllowed() throws SAXException {
            boolean actual = delegate.cdataSectionAllowed();
            if (simulating()) {
                try {
                    boolean predicted = simulator.inForeignContent();
                    if (predicted != actual) {
                        run.divergence = "at <![CDATA[ after tag #" + tagIndex + ": simulator "
                                + (predicted ? "foreign" : "HTML") + ", tree builder "
                                + (actual ? "foreign" : "HTML");
                    }
                } catch (org.htmlrewriter.ParsingAmbiguityException e) {
                    run.ambiguity = e.getMessage();
                }
            }
            return actual;
        }

        @Override
        public void ensureBufferSpace(int inputLength) throws SAXException {
            delegate.ensureBufferSpace(inputLength);
        }

        /** The tag as our tokenizer would hand it over: name and attribute ranges in UTF-8 bytes. */
        private void fill(String name, HtmlAttributes attributes, boolean selfClosing, boolean endTag) {
            StringBuilder sb = new StringBuilder(name);
            int count = attributes == null ? 0 : attributes.getLength();
            int[] ranges = new int[count * 4];
            for (int i = 0; i < count; i++) {
                sb.append(' ');
                ranges[i * 4] = utf8Length(sb);
                sb.append(attributes.getLocalNameNoBoundsCheck(i));
                ranges[i * 4 + 1] = utf8Length(sb);
                sb.append('=');
                ranges[i * 4 + 2] = utf8Length(sb);
                sb.append(attributes.getValueNoBoundsCheck(i));
                ranges[i * 4 + 3] = utf8Length(sb);
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            tag.buf = bytes;
            tag.start = 0;
            tag.end = bytes.length;
            tag.nameStart = 0;
            tag.nameEnd = name.getBytes(StandardCharsets.UTF_8).length;
            tag.nameHash = TagNameHash.of(bytes, 0, tag.nameEnd);
            tag.endTag = endTag;
            tag.selfClosing = selfClosing;
            tag.captured = true;
            tag.streamOffset = tagIndex;
            if (tag.attrNameStart.length < count) {
                tag.attrNameStart = new int[count];
                tag.attrNameEnd = new int[count];
                tag.attrValueStart = new int[count];
                tag.attrValueEnd = new int[count];
            }
            for (int i = 0; i < count; i++) {
                tag.attrNameStart[i] = ranges[i * 4];
                tag.attrNameEnd[i] = ranges[i * 4 + 1];
                tag.attrValueStart[i] = ranges[i * 4 + 2];
                tag.attrValueEnd[i] = ranges[i * 4 + 3];
            }
            tag.attributeCount = count;
        }

        private static int utf8Length(CharSequence s) {
            return s.toString().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    static TextMode mode(int tokenizerState) {
        switch (tokenizerState) {
            case Tokenizer.RCDATA:
                return TextMode.RCDATA;
            case Tokenizer.RAWTEXT:
                return TextMode.RAWTEXT;
            case Tokenizer.SCRIPT_DATA:
                return TextMode.SCRIPT_DATA;
            case Tokenizer.PLAINTEXT:
                return TextMode.PLAINTEXT;
            default:
                return TextMode.DATA;
        }
    }

    /** A tree builder that builds nothing: its stack of open elements and insertion modes are all we need. */
    static final class NullTreeBuilder extends TreeBuilder<Object> {
        @Override
        protected Object createElement(String ns, String name, HtmlAttributes attributes, Object intendedParent) {
            return new Object();
        }

        @Override
        protected Object createHtmlElementSetAsRoot(HtmlAttributes attributes) {
            return new Object();
        }

        @Override
        protected void detachFromParent(Object element) {
        }

        @Override
        protected boolean hasChildren(Object element) {
            return false;
        }

        @Override
        protected void appendElement(Object child, Object newParent) {
        }

        @Override
        protected void appendChildrenToNewParent(Object oldParent, Object newParent) {
        }

        @Override
        protected void insertFosterParentedChild(Object child, Object table, Object stackParent) {
        }

        @Override
        protected Object createAndInsertFosterParentedElement(String ns, String name, HtmlAttributes attributes,
                Object table, Object stackParent) {
            return new Object();
        }

        @Override
        protected void insertFosterParentedCharacters(char[] buf, int start, int length, Object table,
                Object stackParent) {
        }

        @Override
        protected void appendCharacters(Object parent, char[] buf, int start, int length) {
        }

        @Override
        protected void appendComment(Object parent, char[] buf, int start, int length) {
        }

        @Override
        protected void appendCommentToDocument(char[] buf, int start, int length) {
        }

        @Override
        protected void addAttributesToElement(Object element, HtmlAttributes attributes) {
        }
    }
}
