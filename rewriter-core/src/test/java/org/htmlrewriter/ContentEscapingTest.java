package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ContentType.TEXT} is escaped for the place it lands in; content that would end a raw-text element is refused. */
class ContentEscapingTest {

    @Test
    void textInNormalContentIsEscaped() {
        Ops.expect("<div>x</div>", "["
                        + "{\"selector\":\"div\",\"action\":\"before\",\"content\":\"a<b>&c\\\"'\"},"
                        + "{\"selector\":\"div\",\"action\":\"prepend\",\"content\":\"&amp;\"},"
                        + "{\"selector\":\"div\",\"action\":\"append\",\"content\":\"</div>\"},"
                        + "{\"selector\":\"div\",\"action\":\"after\",\"content\":\"\\u00e9\"}]",
                "a&lt;b&gt;&amp;c\"'<div>&amp;amp;x&lt;/div&gt;</div>\u00e9");
    }

    @Test
    void textInRcdataIsEscaped() {
        // In <title> and <textarea> references are decoded, so escaping keeps the text as given.
        Ops.expect("<title>t</title><textarea>x</textarea>", "["
                        + "{\"selector\":\"title\",\"action\":\"append\",\"content\":\"</title><b>&\"},"
                        + "{\"selector\":\"textarea\",\"action\":\"prepend\",\"content\":\"a<b\"}]",
                "<title>t&lt;/title&gt;&lt;b&gt;&amp;</title><textarea>a&lt;bx</textarea>");
    }

    @Test
    void textInScriptAndStyleIsRawAndRefusedIfUnsafe() {
        // Deliberate difference: lol-html escapes TEXT everywhere, so "a < b && c" would become
        // "a &lt; b &amp;&amp; c" inside the script (lol-html output: <script>a &lt; b &amp;&amp; c</script>),
        // which breaks it. Here TEXT goes into raw text as is.
        assertEquals("<script>x();a < b && c</script><style>p > q{}</style>", Ops.rewrite(
                "<script>x();</script><style></style>", "["
                        + "{\"selector\":\"script\",\"action\":\"append\",\"content\":\"a < b && c\"},"
                        + "{\"selector\":\"style\",\"action\":\"setInnerContent\",\"content\":\"p > q{}\"}]"));
        List<String> refused = new ArrayList<>();
        Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("script", el -> {
                    refused.add(Rewrites.outcome(() -> el.append("x</script><img src=x onerror=alert(1)>", TEXT)));
                    refused.add(Rewrites.outcome(() -> el.prepend("x</SCRIPT >", TEXT)));
                    refused.add(Rewrites.outcome(() -> el.setInnerContent("<!-- starts an escape", TEXT)));
                    el.onEndTag(end -> refused.add(Rewrites.outcome(() -> end.before("</script", TEXT))));
                })
                .onElement("style", el -> refused.add(Rewrites.outcome(() -> el.append("}</style><b>", TEXT)))),
                "<script></script><style></style>");
        assertEquals(List.of("refused", "refused", "refused", "refused", "refused"), refused.subList(0, 5));
        // Outside the element, or as HTML, the same content is fine.
        assertEquals("<script>a</script></script>&lt;/script&gt;", Rewrites.rewrite(HtmlRewriter.builder()
                .onElement("script", el -> {
                    el.after("</script>", TEXT);
                    el.append("a</script>", HTML);
                }), "<script></script>"));
    }

    @Test
    void textChunkReplacementInScriptAndStyleIsRefusedIfUnsafe() {
        List<String> outcomes = new ArrayList<>();
        String out = Rewrites.rewrite(HtmlRewriter.builder().onText("script, style", t -> {
            if (!t.isLastInTextNode()) {
                return;
            }
            outcomes.add(t.textType() + " " + Rewrites.outcome(() -> t.replace("</script><img src=x onerror=alert(1)>", TEXT))
                    + " " + Rewrites.outcome(() -> t.after("</style>", TEXT))
                    + " " + Rewrites.outcome(() -> t.after("<!--", TEXT)));
            t.before("/*ok*/", TEXT);
        }), "<script>a()</script><style>b</style>");
        // In a script "</style>" is harmless and "<!--" changes how the rest is read; in a style "</script>" and
        // "<!--" are harmless text, "</style>" is not.
        assertEquals("<script>a()/*ok*/</style></script><style>b/*ok*/</script><img src=x onerror=alert(1)><!--</style>",
                out);
        assertEquals(List.of("SCRIPT_DATA refused accepted refused", "RAWTEXT accepted refused accepted"),
                outcomes.subList(0, 2));
    }

    @Test
    void textChunkReplacementInDataIsEscaped() {
        Ops.expectWholeInput("<p>a&amp;b</p>", "[{\"selector\":\"p\",\"on\":\"text\",\"action\":\"replace\","
                + "\"content\":\"<&>\",\"when\":\"a\"}]", "<p>&lt;&amp;&gt;</p>");
    }

    @Test
    void commentAndDocumentEndContentIsEscaped() {
        Ops.expect("<!--c-->", "["
                        + "{\"document\":true,\"on\":\"comments\",\"action\":\"before\",\"content\":\"<&>\"},"
                        + "{\"document\":true,\"on\":\"comments\",\"action\":\"after\",\"content\":\"<i>\",\"html\":true},"
                        + "{\"document\":true,\"on\":\"end\",\"action\":\"append\",\"content\":\"</body>\"}]",
                "&lt;&amp;&gt;<!--c--><i>&lt;/body&gt;");
    }


    @Test
    void nullContentIsRejected() {
        Rewrites.rewrite(HtmlRewriter.builder().onElement("p", el -> {
            assertThrows(NullPointerException.class, () -> el.before((String) null, TEXT));
            assertThrows(NullPointerException.class, () -> el.before((org.htmlrewriter.content.StreamingContent) null,
                    TEXT));
            assertThrows(NullPointerException.class, () -> el.append("x", null));
        }), "<p>x</p>");
    }
}
