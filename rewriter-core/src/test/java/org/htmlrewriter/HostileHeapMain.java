package org.htmlrewriter;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.htmlrewriter.content.ContentType;

/**
 * Child JVM of {@link HostileHeapTest}: feeds hostile documents, generated on the fly in 64 KiB writes, to rewriters
 * with the default 16 MiB memory limit while the heap is only a few times that ({@code -Xmx64m}). Each must end
 * normally or with {@link MemoryLimitExceededException}; an {@link OutOfMemoryError} ends the JVM with status 1.
 */
public final class HostileHeapMain {
    private HostileHeapMain() {
    }

    private interface Document {
        void writeTo(Consumer<byte[]> out);
    }

    private static Document repeated(String head, String unit, long bytes, String tail) {
        return out -> {
            out.accept(head.getBytes(StandardCharsets.UTF_8));
            byte[] block = unit.repeat(Math.max(1, 65536 / unit.length())).getBytes(StandardCharsets.UTF_8);
            for (long n = 0; n < bytes; n += block.length) {
                out.accept(block);
            }
            out.accept(tail.getBytes(StandardCharsets.UTF_8));
        };
    }

    public static void main(String[] args) {
        run("a 14 MB start tag with 7 million attributes, listed by a handler",
                HtmlRewriter.builder().onElement("div", el -> el.attributes()),
                repeated("<div", " a", 14L << 20, ">x</div>"));
        run("the same tag, a handler reading one attribute",
                HtmlRewriter.builder().onElement("div", el -> el.getAttribute("b")),
                repeated("<div", " a", 14L << 20, ">x</div>"));
        run("the same tag, an attribute selector",
                HtmlRewriter.builder().onElement("[b]", el -> { }), repeated("<div", " a", 14L << 20, ">x</div>"));
        run("200,000 nested elements with content appended and end-tag handlers",
                HtmlRewriter.builder().onElement("div", el -> {
                    el.append("<p>appended</p>", ContentType.HTML);
                    el.onEndTag(end -> end.after("!", ContentType.TEXT));
                }), repeated("", "<div>", 1_000_000, ""));
        run("a 100 MB comment with a comment handler",
                HtmlRewriter.builder().onDocumentComment(c -> c.text()), repeated("<!--", "comment ", 100L << 20, "-->"));
        run("a 100 MB attribute value with a handler reading it",
                HtmlRewriter.builder().onElement("a", el -> el.getAttribute("href")),
                repeated("<a href=\"", "x", 100L << 20, "\">"));
        run("100 MB of text with text handlers",
                HtmlRewriter.builder().onDocumentText(t -> t.text()), repeated("<p>", "text &amp; ", 100L << 20, ""));
        System.out.println("all hostile documents ended without running out of memory");
    }

    private static void run(String name, HtmlRewriter.Builder builder, Document document) {
        HtmlRewriter r = builder.settings().newRewriter((b, off, len) -> { });
        long[] in = {0};
        String outcome;
        try {
            document.writeTo(chunk -> {
                in[0] += chunk.length;
                r.write(chunk, 0, chunk.length);
            });
            r.end();
            outcome = "completed";
        } catch (MemoryLimitExceededException e) {
            outcome = "MemoryLimitExceededException after " + in[0] + " bytes: " + e.getMessage();
        } catch (OutOfMemoryError e) {
            System.out.println(name + ": OutOfMemoryError after " + in[0] + " bytes");
            System.exit(1);
            return;
        }
        System.out.println(name + ": " + outcome);
    }
}
