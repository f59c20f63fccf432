package org.htmlrewriter;

import java.util.concurrent.CompletionStage;
import org.htmlrewriter.content.EndTag;

/**
 * An end-tag handler that may wait without blocking a thread: registered with
 * {@link org.htmlrewriter.content.Element#onEndTagAsync} from a handler of an {@link AsyncHtmlRewriter}. The rewriter
 * processes nothing after the end until the returned stage completes; the {@code endTag} view stays valid (from any
 * thread) until then. Failures are as for {@link AsyncElementHandler}.
 */
@FunctionalInterface
public interface AsyncEndTagHandler {
    /**
     * Called for the element's end (explicit, implied, or at the end of input).
     *
     * @param endTag the end tag, a view valid until the returned stage completes
     * @return a stage that completes when the handler is done (never null)
     * @throws Exception anything; the rewriter wraps it in a {@link HandlerException}
     */
    CompletionStage<Void> handle(EndTag endTag) throws Exception;
}
