package org.htmlrewriter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.attoparser.AbstractMarkupHandler;
import org.attoparser.MarkupParser;
import org.attoparser.config.ParseConfiguration;
import org.junit.jupiter.api.Test;

/** Each baseline does its job on a generated page (a benchmark that silently does nothing measures nothing). */
class BaselinesTest {
    private static final byte[] PAGE = PageGenerator.generate(PageGenerator.DEFAULT_SEED + 1, 100_000);

    @Test
    void tokenizerOnlyP0SeesEveryByteWhateverTheChunking() {
        for (int chunk : new int[] {7, 1024, Integer.MAX_VALUE}) {
            assertEquals(PAGE.length, TokenizerOnlyBench.tokenizeOnce(PAGE, chunk), "chunk " + chunk);
        }
    }

    @Test
    void swarCountMatchesNaiveCount() {
        long naive = 0;
        for (byte b : PAGE) {
            naive += b == '<' ? 1 : 0;
        }
        assertEquals(naive, HardwareLimitBench.countLessThan(PAGE));
        byte[] odd = "<a<<b<c<<<<d<<<<<<<<<<<e".getBytes(StandardCharsets.US_ASCII);
        assertEquals(19, HardwareLimitBench.countLessThan(odd));
    }

    @Test
    void validatorNuAndAttoparserTokenizeThePage() throws Exception {
        char[] chars = new String(PAGE, StandardCharsets.UTF_8).toCharArray();
        assertTrue(ParserBaselinesBench.tokenizeWithValidatorNu(chars, chars.length) > 1000);
        long[] tags = {0};
        new MarkupParser(ParseConfiguration.htmlConfiguration()).parse(chars, 0, chars.length,
                new AbstractMarkupHandler() {
                    @Override
                    public void handleOpenElementStart(char[] buffer, int nameOffset, int nameLen, int line, int col) {
                        tags[0]++;
                    }
                });
        assertTrue(tags[0] > 1000, "attoparser open tags: " + tags[0]);
    }

    @Test
    void jsoupDomDoesEveryWorkload() throws Exception {
        long p0 = JsoupDomBench.roundTrip(PAGE, "P0");
        assertTrue(p0 > PAGE.length * 0.9, "P0 output " + p0);
        for (String workload : Workloads.ALL) {
            long n = JsoupDomBench.roundTrip(PAGE, workload);
            switch (workload) {
                case "S1", "S2", "S3", "S4", "S5", "T1", "T2" -> assertTrue(n > p0, workload + " observed nothing");
                case "R2" -> assertTrue(n < p0, "R2 emptied no list");
                case "R3" -> assertTrue(n > p0, "R3 changed nothing");
                default -> { }
            }
        }
    }

    @Test
    void jsoupStreamParserFindsTheSelectors() throws Exception {
        assertTrue(JsoupStreamBench.stream(PAGE, "P0") > 1000);
        for (String workload : new String[] {"S1", "S2", "S3", "S4", "S5"}) {
            assertTrue(JsoupStreamBench.stream(PAGE, workload) > 0, workload);
        }
    }
}
