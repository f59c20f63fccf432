package org.htmlrewriter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * The fuzzer's choices, read one byte at a time from the END of the input (where {@link FuzzedDataProvider} takes
 * integers from), so that the document is the front of the input: a plain HTML file is a valid seed, and the seed
 * generator makes a seed with chosen settings by appending {@link ChoiceWriter}'s bytes to a document. Once the input
 * is used up every choice is 0. Not thread-safe.
 */
final class FuzzChoices {
    private final FuzzedDataProvider data;
    /** Without Jazzer (replaying a file): the input and how much of it is left. */
    private final byte[] bytes;
    private int remaining;

    FuzzChoices(FuzzedDataProvider data) {
        this.data = data;
        this.bytes = null;
    }

    /** Reads a fuzz input the way {@link FuzzedDataProvider} does, for replaying files outside Jazzer. */
    FuzzChoices(byte[] input) {
        this.data = null;
        this.bytes = input;
        this.remaining = input.length;
    }

    /** A number in {@code [0, n)}. */
    int pick(int n) {
        if (data == null) {
            return remaining == 0 ? 0 : (bytes[--remaining] & 0xff) % n;
        }
        return data.remainingBytes() == 0 ? 0 : (data.consumeByte() & 0xff) % n;
    }

    <T> T pick(T[] options) {
        return options[pick(options.length)];
    }

    /** The document: everything not used for choices. Call after all choices. */
    byte[] document() {
        if (data == null) {
            byte[] doc = java.util.Arrays.copyOf(bytes, remaining);
            remaining = 0;
            return doc;
        }
        return data.consumeRemainingAsBytes();
    }

    /**
     * Writes choices for a seed: {@link #seed} is the document followed by the choices in reverse, which is how
     * {@link FuzzChoices} reads them back.
     */
    static final class ChoiceWriter {
        private final java.io.ByteArrayOutputStream choices = new java.io.ByteArrayOutputStream();

        ChoiceWriter pick(int value) {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("a choice is one byte: " + value);
            }
            choices.write(value);
            return this;
        }

        byte[] seed(byte[] document) {
            byte[] c = choices.toByteArray();
            byte[] out = java.util.Arrays.copyOf(document, document.length + c.length);
            for (int i = 0; i < c.length; i++) {
                out[document.length + i] = c[c.length - 1 - i];
            }
            return out;
        }
    }
}
