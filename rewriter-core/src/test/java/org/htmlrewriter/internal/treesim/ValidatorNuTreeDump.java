package org.htmlrewriter.internal.treesim;

import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import java.util.HashMap;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.sax.HtmlParser;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * The tree validator.nu's own SAX parser builds for a document, in the html5lib tree-construction format (as its
 * test suite's {@code TreeDumpContentHandler} writes it): the reference that tells a flaw of
 * {@link TreeInsertionOracle}'s tree builder subclass from a case where validator.nu 1.4.16 itself differs from
 * the html5lib expectation (the suite is newer than the parser).
 */
final class ValidatorNuTreeDump extends DefaultHandler2 {
    private static final String HTML = "http://www.w3.org/1999/xhtml";

    private final StringBuilder out = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private int level;

    private ValidatorNuTreeDump() {
    }

    static String dump(String html, boolean scripting) {
        ValidatorNuTreeDump dump = new ValidatorNuTreeDump();
        HtmlParser parser = new HtmlParser(XmlViolationPolicy.ALLOW);
        parser.setScriptingEnabled(scripting);
        parser.setContentHandler(dump);
        parser.setLexicalHandler(dump);
        try {
            parser.parse(new InputSource(new StringReader(html)));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException(e);
        }
        dump.flushText();
        return dump.out.toString();
    }

    private StringBuilder line() {
        flushText();
        return Html5libTreeFormat.line(out, level);
    }

    /** Adjacent character events are one text node. */
    private void flushText() {
        if (text.length() > 0) {
            Html5libTreeFormat.line(out, level).append('"').append(text).append('"');
            text.setLength(0);
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        flushText();
        Html5libTreeFormat.element(out, level, uri, localName);
        level++;
        Map<String, String> byFormatName = new HashMap<>();
        for (int i = 0; i < atts.getLength(); i++) {
            byFormatName.put(Html5libTreeFormat.attributeName(atts.getURI(i), atts.getLocalName(i)), atts.getValue(i));
        }
        Html5libTreeFormat.attributes(out, level, byFormatName);
        if (uri.equals(HTML) && localName.equals("template")) {
            line().append("content");
            level++;
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        flushText();
        level--;
        if (uri.equals(HTML) && localName.equals("template")) {
            level--;
        }
    }

    @Override
    public void comment(char[] ch, int start, int length) {
        line().append("<!-- ").append(ch, start, length).append(" -->");
    }

    @Override
    public void startDTD(String name, String publicId, String systemId) {
        StringBuilder sb = line().append("<!DOCTYPE ").append(name);
        if (!publicId.isEmpty() || !systemId.isEmpty()) {
            sb.append(" \"").append(publicId).append("\" \"").append(systemId).append('"');
        }
        sb.append('>');
    }
}
