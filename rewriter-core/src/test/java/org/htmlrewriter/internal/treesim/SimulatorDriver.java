package org.htmlrewriter.internal.treesim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.htmlrewriter.internal.tokenizer.TagNameHash;
import org.htmlrewriter.internal.tokenizer.TagToken;
import org.htmlrewriter.internal.tokenizer.TextMode;

/**
 * Feeds a {@link TreeBuilderSimulator} the tags of a markup string directly, without a tokenizer: text is skipped
 * and every {@code <![CDATA[} asks {@link TreeBuilderSimulator#inForeignContent()}. Tags are handed over as the
 * tokenizer would: name bytes, hash, raw attribute ranges, stream offset.
 */
final class SimulatorDriver {
    private static final Pattern TOKEN = Pattern.compile("<!\\[CDATA\\[|<(/?)([A-Za-z][^\\s/>]*)([^>]*?)(/?)>");
    private static final Pattern ATTRIBUTE =
            Pattern.compile("([^\\s=/>]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?");

    final TreeBuilderSimulator simulator;
    /** Text mode after each start tag, in order. */
    final List<TextMode> modes = new ArrayList<>();
    /** Answer at each CDATA. */
    final List<Boolean> cdata = new ArrayList<>();

    SimulatorDriver(TreeBuilderSimulator simulator) {
        this.simulator = simulator;
    }

    static SimulatorDriver strict() {
        return new SimulatorDriver(new TreeBuilderSimulator(true, true));
    }

    static SimulatorDriver lenient() {
        return new SimulatorDriver(new TreeBuilderSimulator(false, true));
    }

    /** Feeds the tags; returns this. */
    SimulatorDriver feed(String markup) {
        byte[] bytes = markup.getBytes(StandardCharsets.UTF_8);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1); // char index == byte index
        Matcher m = TOKEN.matcher(latin);
        while (m.find()) {
            if (m.group(2) == null) {
                cdata.add(simulator.inForeignContent());
                continue;
            }
            TagToken tag = tag(bytes, m);
            simulator.needsAttributes(tag);
            if (tag.endTag) {
                simulator.afterEndTag(tag);
            } else {
                modes.add(simulator.afterStartTag(tag));
            }
        }
        return this;
    }

    /** Mode after the last start tag fed so far. */
    TextMode last() {
        return modes.get(modes.size() - 1);
    }

    boolean foreign() {
        return simulator.inForeignContent();
    }

    private static TagToken tag(byte[] bytes, Matcher m) {
        TagToken tag = new TagToken();
        tag.buf = bytes;
        tag.start = m.start();
        tag.end = m.end();
        tag.endTag = !m.group(1).isEmpty();
        tag.nameStart = m.start(2);
        tag.nameEnd = m.end(2);
        tag.nameHash = TagNameHash.of(bytes, tag.nameStart, tag.nameEnd);
        tag.selfClosing = !m.group(4).isEmpty();
        tag.captured = true;
        tag.streamOffset = m.start();
        Matcher a = ATTRIBUTE.matcher(m.group(3));
        int base = m.start(3);
        int n = 0;
        while (a.find()) {
            if (n == tag.attrNameStart.length) {
                tag.attrNameStart = java.util.Arrays.copyOf(tag.attrNameStart, n * 2);
                tag.attrNameEnd = java.util.Arrays.copyOf(tag.attrNameEnd, n * 2);
                tag.attrValueStart = java.util.Arrays.copyOf(tag.attrValueStart, n * 2);
                tag.attrValueEnd = java.util.Arrays.copyOf(tag.attrValueEnd, n * 2);
            }
            tag.attrNameStart[n] = base + a.start(1);
            tag.attrNameEnd[n] = base + a.end(1);
            int g = a.group(2) != null ? 2 : a.group(3) != null ? 3 : a.group(4) != null ? 4 : -1;
            tag.attrValueStart[n] = g < 0 ? -1 : base + a.start(g);
            tag.attrValueEnd[n] = g < 0 ? -1 : base + a.end(g);
            n++;
        }
        tag.attributeCount = n;
        return tag;
    }
}
