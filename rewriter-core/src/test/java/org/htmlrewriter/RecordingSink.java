package org.htmlrewriter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a sink keeping the output and every charset change it is told of. */
final class RecordingSink implements OutputSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Charset> charsetChanges = new ArrayList<>();

    @Override
    public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
    }

    @Override
    public void charsetChanged(Charset charset) {
        charsetChanges.add(charset);
    }
}
