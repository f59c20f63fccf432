package org.htmlrewriter.internal.rewrite;

import org.htmlrewriter.content.ContentType;

/**
 * What comments and text chunks share: content before and after them, replacement, removal. {@code before} adds
 * after earlier {@code before} content, {@code after} before earlier {@code after} content (both land next to the
 * node), {@code replace} replaces an earlier replacement,
 * {@code remove} drops the node and keeps a replacement set earlier.
 */
abstract class NodeMutations extends ViewBase {
    ContentList before;
    ContentList after;
    ContentList replacement;
    boolean removed;

    /** Clears the mutations for the next node. */
    final void resetMutations() {
        before = null;
        after = null;
        replacement = null;
        removed = false;
    }

    /** The content encoded for where it lands: where the node starts, or ({@code atEnd}) where it ends. */
    abstract Content encode(Object content, ContentType type, boolean atEnd);

    public void before(String content, ContentType type) {
        before0(content, type);
    }

    public void before(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        before0(content, type);
    }

    private void before0(Object content, ContentType type) {
        check();
        if (before == null) {
            before = new ContentList();
        }
        before.addLast(encode(content, type, false));
    }

    public void after(String content, ContentType type) {
        after0(content, type);
    }

    public void after(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        after0(content, type);
    }

    private void after0(Object content, ContentType type) {
        check();
        if (after == null) {
            after = new ContentList();
        }
        after.addFirst(encode(content, type, true));
    }

    public void replace(String content, ContentType type) {
        replace0(content, type);
    }

    public void replace(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        replace0(content, type);
    }

    private void replace0(Object content, ContentType type) {
        check();
        Content c = encode(content, type, false);
        if (replacement == null) {
            replacement = new ContentList();
        }
        replacement.set(c);
        removed = true;
    }

    public void remove() {
        check();
        removed = true; // a replacement set earlier stays (as in lol-html)
    }

    public boolean isRemoved() {
        check();
        return removed;
    }
}
