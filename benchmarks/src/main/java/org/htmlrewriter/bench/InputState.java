package org.htmlrewriter.bench;

import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH state holding one {@linkplain BenchInputs input set}. Confined to its benchmark thread; the documents are
 * read-only for the benchmarks.
 */
@State(Scope.Thread)
public class InputState {
    /** {@value BenchInputs#GENERATED}, {@value BenchInputs#CORPUS} or one page of {@link BenchInputs#PAGE_SETS}. */
    @Param({BenchInputs.GENERATED})
    public String input;

    public List<byte[]> docs;
    public long totalBytes;

    @Setup(Level.Trial)
    public void loadInput() {
        docs = BenchInputs.load(input);
        totalBytes = 0;
        for (byte[] doc : docs) {
            totalBytes += doc.length;
        }
    }
}
