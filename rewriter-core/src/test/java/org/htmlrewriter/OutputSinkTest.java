package org.htmlrewriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputSinkTest {
    private static final RewriterSettings SETTINGS = HtmlRewriter.builder()
            .onElement("p", el -> el.setAttribute("class", "x")).settings();

    @Test
    void ofWritesTheRewrittenDocumentToTheStreamWithoutClosingIt() {
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        HtmlRewriter r = SETTINGS.newRewriter(OutputSink.of(bytes));
        r.write("<p>caf\u00e9</p>".getBytes(StandardCharsets.UTF_8));
        r.end();
        assertEquals("<p class=\"x\">caf\u00e9</p>", bytes.toString(StandardCharsets.UTF_8));
        assertEquals(false, closed[0]);
    }

    @Test
    void anIOExceptionOfTheStreamSurfacesAsUncheckedIOExceptionAndPoisonsTheRewriter() {
        IOException full = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw full;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw full;
            }
        };
        HtmlRewriter r = SETTINGS.newRewriter(OutputSink.of(failing));
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> r.write("<p>x</p>".getBytes(StandardCharsets.UTF_8)));
        assertSame(full, e.getCause());
        assertThrows(IllegalStateException.class, r::end);
    }

    @Test
    void aNullStreamIsRefused() {
        assertThrows(NullPointerException.class, () -> OutputSink.of(null));
    }
}
