package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.htmlrewriter.content.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Selectors the matcher finds through the element's listed attributes (attribute names, value prefixes, ids,
 * classes), over real tokens: names in any case, values with character references, non-ASCII and CR, valueless
 * and duplicate attributes, in every chunking.
 */
class AttributeKeyedSelectorsTest {
    private static String mark(String html, String... selectors) {
        HtmlRewriter.Builder builder = HtmlRewriter.builder();
        for (int i = 0; i < selectors.length; i++) {
            String label = "[" + i + "]";
            builder.onElement(selectors[i], el -> el.append(label, ContentType.TEXT));
        }
        return Rewrites.rewrite(builder, html);
    }

    @Test
    void attributeNamesMatchInAnyCase() {
        assertEquals("<P DATA-K=1>x[0]</P><p data-j>y</p><p Data-K>z[0]</p>",
                mark("<P DATA-K=1>x</P><p data-j>y</p><p Data-K>z</p>", "[data-k]"));
    }

    @Test
    void valuePrefixesSeeDecodedValues() {
        assertEquals("<a href=\"&#x2F;p4/x\">a[0]</a><a href=\"/p4&sol;\">b[0]</a><a href=\"/p5/\">c</a>"
                        + "<a HREF='/p4/'>d[0]</a><a href=/p4>e</a>",
                mark("<a href=\"&#x2F;p4/x\">a</a><a href=\"/p4&sol;\">b</a><a href=\"/p5/\">c</a>"
                        + "<a HREF='/p4/'>d</a><a href=/p4>e</a>", "a[href^=\"/p4/\"]"));
    }

    @Test
    void nonAsciiAndCarriageReturnValues() {
        assertEquals("<p title=\"é-x\">a[0]</p><p title=\"a\r\nb\">b[1]</p><p title=\"ÉX\">c</p>",
                mark("<p title=\"é-x\">a</p><p title=\"a\r\nb\">b</p><p title=\"ÉX\">c</p>",
                        "[title^=é]", "[title=\"a\\a b\"]"));
    }

    @Test
    void caseInsensitiveValuesAndFlags() {
        assertEquals("<p type=TEXT>w[0]</p><p lang=EN-gb>x[1]</p><p title=AbC>y[2]</p><p title=XbC>z</p>",
                mark("<p type=TEXT>w</p><p lang=EN-gb>x</p><p title=AbC>y</p><p title=XbC>z</p>",
                        "p[type=text]", "[lang|=en]", "[title^=ab i]"));
    }

    @Test
    void firstOfDuplicateAttributesCounts() {
        assertEquals("<p id=a id=b class=k class=z title=x title=y>x[0][2][4]</p>",
                mark("<p id=a id=b class=k class=z title=x title=y>x</p>",
                        "#a", "#b", ".k", ".z", "[title=x]", "[title=y]"));
    }

    @Test
    void valuelessAndEmptyValues() {
        assertEquals("<p hidden>a[0][1]</p><p hidden=\"\">b[0][1]</p><p hidden=x>c[0]</p>",
                mark("<p hidden>a</p><p hidden=\"\">b</p><p hidden=x>c</p>", "[hidden]", "[hidden=\"\"]",
                        "[hidden^=\"\"]"));
    }
}
