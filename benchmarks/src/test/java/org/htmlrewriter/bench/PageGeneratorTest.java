package org.htmlrewriter.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class PageGeneratorTest {

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        byte[] a = PageGenerator.generate(42, 50_000);
        assertArrayEquals(a, PageGenerator.generate(42, 50_000));
        assertFalse(Arrays.equals(a, PageGenerator.generate(43, 50_000)));
    }

    @Test
    void sizeIsCloseToTargetAndUtf8Valid() throws Exception {
        for (int target : new int[] {100_000, 1_000_000}) {
            byte[] page = PageGenerator.generate(7, target);
            assertTrue(page.length <= target && page.length > target * 0.95, "size " + page.length + " for " + target);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(page)).toString();
            assertTrue(text.chars().anyMatch(c -> c > 0x7f), "non-ASCII text");
            assertTrue(text.codePoints().anyMatch(Character::isSupplementaryCodePoint), "4-byte UTF-8 (emoji)");
        }
    }

    @Test
    void containsTheMixTheWorkloadsNeed() {
        String page = PageGenerator.generateString(PageGenerator.DEFAULT_SEED + 1, 100_000);
        for (String feature : new String[] {"<!DOCTYPE html>", "<script>", "</script>", "<style>", "<!--", "&amp;",
                "&nbsp;", "&#8212;", "<table", "<dfn>", "<div class=\"note\">", "href=\"", "<img ", "<ul", "<li>",
                "<p>", "<textarea", "<pre>", " id=\"s"}) {
            assertTrue(page.contains(feature), feature);
        }
        Document doc = Jsoup.parse(page);
        for (String workload : Workloads.ALL) {
            for (String selector : Workloads.selectorsOf(workload)) {
                assertFalse(doc.select(selector).isEmpty(), workload + " selector " + selector + " matches nothing");
            }
        }
        assertFalse(doc.select("head").isEmpty());
        assertFalse(doc.select("a[href]").isEmpty());
        assertFalse(doc.select("p").isEmpty());
    }

    @Test
    void streamModeWritesAboutTheRequestedSizeAsOneDocument() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = PageGenerator.stream(3, 300_000, out);
        assertTrue(written == out.size() && written >= 300_000 && written < 310_000, "wrote " + written);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<!DOCTYPE html>") && text.endsWith("</html>\n"));
    }

    @Test
    void generatedInputSetHasThreePagesUpToOneMegabyte() {
        var pages = BenchInputs.load(BenchInputs.GENERATED);
        assertTrue(pages.size() == 3);
        assertTrue(pages.get(0).length > 90_000 && pages.get(2).length > 950_000 && pages.get(2).length <= 1_000_000);
    }
}
