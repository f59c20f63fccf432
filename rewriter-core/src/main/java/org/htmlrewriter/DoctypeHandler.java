package org.htmlrewriter;

import org.htmlrewriter.content.Doctype;

/**
 * Called for each DOCTYPE. The argument is a view valid only during the call. A handler that throws makes the
 * rewriter fail with a {@link HandlerException} wrapping what it threw.
 */
@FunctionalInterface
public interface DoctypeHandler {
    void handle(Doctype doctype) throws Exception;
}
