package org.htmlrewriter;

import static org.htmlrewriter.content.ContentType.HTML;
import static org.htmlrewriter.content.ContentType.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RewritingOutputStreamTest {
    private static final RewriterSettings SETTINGS = HtmlRewriter.builder()
            .onElement("a[href]", el -> el.setAttribute("href", "https://p.example" + el.getAttribute("href")))
            .onElement("div", el -> el.after("!", TEXT))
            .onDocumentEnd(e -> e.append("<!--end-->", HTML))
            .settings();

    /** Records what reaches the wrapped stream and how it is used. */
    private static final class RecordingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        int closes;
        IOException failWrites;
        IOException failClose;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closes > 0) {
                throw new IOException("written after close");
            }
            if (failWrites != null) {
                throw failWrites;
            }
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() throws IOException {
            closes++;
            if (failClose != null) {
                throw failClose;
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void rewritesWhatIsWrittenAndEndsOnClose() throws IOException {
        String html = "<p><a href=/x>l</a><div>d</div>\u00e9";
        String expected = "<p><a href=\"https://p.example/x\">l</a><div>d</div>!\u00e9<!--end-->";
        byte[] in = html.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {1, 3, in.length}) {
            RecordingStream target = new RecordingStream();
            try (RewritingOutputStream out = new RewritingOutputStream(target, SETTINGS)) {
                for (int i = 0; i < in.length; i += chunk) {
                    if (chunk == 1) {
                        out.write(in[i]); // the single-byte write
                    } else {
                        out.write(in, i, Math.min(chunk, in.length - i));
                    }
                }
                assertEquals(0, target.closes);
            }
            assertEquals(expected, target.text(), "chunk " + chunk);
            assertEquals(1, target.closes);
        }
    }

    @Test
    void flushFlushesTheWrappedStreamAndDecidedOutputIsAlreadyThere() throws IOException {
        RecordingStream target = new RecordingStream();
        RewritingOutputStream out = new RewritingOutputStream(target, SETTINGS);
        out.write("<p>text</p><a hr".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertEquals(1, target.flushes);
        // Everything decided is out; the incomplete tag is held.
        assertEquals("<p>text</p>", target.text());
        out.write("ef=/y>".getBytes(StandardCharsets.US_ASCII));
        out.close();
        out.close(); // idempotent
        assertEquals(1, target.closes);
        assertEquals("<p>text</p><a href=\"https://p.example/y\"><!--end-->", target.text());
        assertThrows(IOException.class, () -> out.write(1));
        assertThrows(IOException.class, out::flush);
    }

    @Test
    void ioExceptionsFromTheWrappedStreamPropagate() throws IOException {
        RecordingStream target = new RecordingStream();
        IOException broken = new IOException("broken pipe");
        target.failWrites = broken;
        RewritingOutputStream out = new RewritingOutputStream(target, SETTINGS);
        IOException e = assertThrows(IOException.class, () -> out.write("<p>x</p>".getBytes(StandardCharsets.US_ASCII)));
        assertSame(broken, e);
        // The rewriter is poisoned; closing only closes the wrapped stream.
        assertThrows(IllegalStateException.class, () -> out.write(new byte[] {'x'}));
        out.close();
        assertEquals(1, target.closes);

        // A failure while ending (the document-end content cannot be written) propagates from close().
        RecordingStream target2 = new RecordingStream();
        RewritingOutputStream out2 = new RewritingOutputStream(target2, SETTINGS);
        out2.write("<p>x</p>".getBytes(StandardCharsets.US_ASCII));
        target2.failWrites = broken;
        assertSame(broken, assertThrows(IOException.class, out2::close));
        assertEquals(1, target2.closes);

        // close() of the wrapped stream failing.
        RecordingStream target3 = new RecordingStream();
        target3.failClose = new IOException("close failed");
        RewritingOutputStream out3 = new RewritingOutputStream(target3, SETTINGS);
        assertSame(target3.failClose, assertThrows(IOException.class, out3::close));
    }

    @Test
    void rewritingFailuresPropagateAndStillCloseTheWrappedStream() throws IOException {
        RecordingStream target = new RecordingStream();
        RewritingOutputStream out = new RewritingOutputStream(target, HtmlRewriter.builder()
                .onDocumentEnd(e -> {
                    throw new Exception("end failed");
                }).settings());
        out.write("<p>x</p>".getBytes(StandardCharsets.US_ASCII));
        assertInstanceOf(HandlerException.class, assertThrows(RewritingException.class, out::close));
        assertEquals(1, target.closes);
        assertEquals("<p>x</p>", target.text());

        RecordingStream target2 = new RecordingStream();
        RewritingOutputStream out2 = new RewritingOutputStream(target2, HtmlRewriter.builder()
                .onElement("p", el -> {
                    throw new Exception("p failed");
                }).settings());
        assertThrows(HandlerException.class, () -> out2.write("<p>x</p>".getBytes(StandardCharsets.US_ASCII)));
        out2.close();
        assertEquals(1, target2.closes);
    }

    @Test
    void gracefulBailOutKeepsTheStreamGoing() throws IOException {
        RecordingStream target = new RecordingStream();
        RewritingOutputStream out = new RewritingOutputStream(target, HtmlRewriter.builder().gracefulBailOut(true)
                .onElement("p", el -> {
                    throw new Exception("p failed");
                }).settings());
        out.write("<b>1</b><p>x</p>".getBytes(StandardCharsets.US_ASCII));
        out.write("<p>y</p>".getBytes(StandardCharsets.US_ASCII));
        out.close();
        assertEquals("<b>1</b><p>x</p><p>y</p>", target.text());
        assertInstanceOf(HandlerException.class, out.failure());
    }

    @Test
    void argumentsAreChecked() throws IOException {
        assertThrows(NullPointerException.class, () -> new RewritingOutputStream(null, SETTINGS));
        assertThrows(NullPointerException.class, () -> new RewritingOutputStream(new RecordingStream(), null));
        RewritingOutputStream out = new RewritingOutputStream(new RecordingStream(), SETTINGS);
        assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[4], 3, 2));
        out.close();
    }

    @Test
    void transferToAndTheStaticConveniencesAgree() throws IOException {
        String html = "<div><a href=/z>z</a></div>";
        ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
        try (RewritingOutputStream out = new RewritingOutputStream(viaStream, SETTINGS)) {
            new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)).transferTo(out);
        }
        ByteArrayOutputStream viaStatic = new ByteArrayOutputStream();
        HtmlRewriter.rewrite(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), viaStatic, SETTINGS);
        assertEquals(viaStatic.toString(StandardCharsets.UTF_8), viaStream.toString(StandardCharsets.UTF_8));
        assertEquals(HtmlRewriter.rewrite(html, SETTINGS), viaStream.toString(StandardCharsets.UTF_8));
        assertTrue(viaStream.toString(StandardCharsets.UTF_8).endsWith("!<!--end-->"));
    }

    @Test
    void aDocumentWhoseInputFailedIsAbortedNotFinished() throws IOException {
        // The input breaks off inside <p>: finishing would append the end-of-document comment and the content owed
        // to <p>, making the cut-off page look complete. abort() closes the stream without that.
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        boolean[] closed = {false};
        OutputStream wrapped = new OutputStream() {
            @Override
            public void write(int b) {
                target.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        RewritingOutputStream out = new RewritingOutputStream(wrapped, HtmlRewriter.builder()
                .onElement("p", el -> el.append("!", TEXT))
                .onDocumentEnd(end -> end.append("<!--end-->", HTML)).settings());
        java.io.InputStream failing = new java.io.SequenceInputStream(
                new ByteArrayInputStream("<p>first part".getBytes(StandardCharsets.UTF_8)),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        IOException e = assertThrows(IOException.class, () -> {
            try {
                failing.transferTo(out);
            } catch (IOException readFailed) {
                out.abort();
                throw readFailed;
            }
            out.close();
        });
        assertEquals("connection reset", e.getMessage());
        assertEquals("<p>first part", target.toString(StandardCharsets.UTF_8));
        assertTrue(closed[0], "the wrapped stream is closed");
        assertThrows(IOException.class, () -> out.write(1));
        out.abort();
        out.close(); // both do nothing now
        assertEquals("<p>first part", target.toString(StandardCharsets.UTF_8));
    }
}
