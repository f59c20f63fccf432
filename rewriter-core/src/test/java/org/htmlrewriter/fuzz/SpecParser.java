package org.htmlrewriter.fuzz;

import java.io.IOException;
import java.io.StringReader;
import nu.validator.htmlparser.common.XmlViolationPolicy;
import nu.validator.htmlparser.dom.HtmlDocumentBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** validator.nu's HTML parser as the second opinion of the markup oracle. Stateless; thread-safe. */
final class SpecParser {
    private SpecParser() {
    }

    /**
     * The parsed document, or null where validator.nu fails on its own: internal assertions (it has some), and DOM
     * errors it reports as SAX errors (a fuzz input made its DOM builder raise NAMESPACE_ERR while reconstructing
     * the active formatting elements).
     */
    private static Document parse(String html, boolean scripting) {
        HtmlDocumentBuilder builder = new HtmlDocumentBuilder(XmlViolationPolicy.ALTER_INFOSET);
        builder.setScriptingEnabled(scripting);
        try {
            return builder.parse(new InputSource(new StringReader(html)));
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        } catch (SAXException | AssertionError validatorFailure) {
            return null;
        }
    }

    /** Whether the document has such an element; false when validator.nu cannot tell (no confirmation). */
    static boolean hasElement(String html, boolean scripting, String localName) {
        Document d = parse(html, scripting);
        return d != null && d.getElementsByTagNameNS("*", localName).getLength() > 0;
    }

    /** All text and CDATA of the document, nodes separated by U+0001; null when validator.nu cannot tell. */
    static String text(String html, boolean scripting) {
        Document d = parse(html, scripting);
        if (d == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        collect(d, sb);
        return sb.toString();
    }

    private static void collect(Node n, StringBuilder sb) {
        if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
            sb.append(n.getNodeValue()).append('\u0001');
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            collect(c, sb);
        }
    }
}
