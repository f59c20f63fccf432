package org.htmlrewriter.internal.rewrite;

/** A view valid only during one handler call: every public method checks {@link #check()}. */
abstract class ViewBase {
    private boolean valid;

    void validate() {
        valid = true;
    }

    void invalidate() {
        valid = false;
    }

    final void check() {
        if (!valid) {
            throw new IllegalStateException(getClass().getSimpleName().replace("View", "")
                    + " used after its handler returned: views are valid only during the handler call");
        }
    }

    static void requireContent(Object content, Object type) {
        if (content == null || type == null) {
            throw new NullPointerException("content and content type must not be null");
        }
    }
}
