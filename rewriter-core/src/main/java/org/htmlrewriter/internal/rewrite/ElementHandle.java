package org.htmlrewriter.internal.rewrite;

import java.util.List;
import org.htmlrewriter.EndTagHandler;
import org.htmlrewriter.content.Attribute;
import org.htmlrewriter.content.ContentType;
import org.htmlrewriter.content.Element;
import org.htmlrewriter.content.SourceLocation;

/**
 * The {@link Element} one handler call receives: a small object bound to the element being handled, so that a
 * reference kept after the call can never act on a later element. Every method checks that its element is still
 * the one being handled and that the handler call is still running, then acts on the engine's
 * {@link ElementView}. A fresh handle per call costs a small allocation, which the JIT usually removes when the
 * handler does not keep it.
 */
final class ElementHandle implements Element {
    private final ElementView view;
    private final int generation;

    ElementHandle(ElementView view, int generation) {
        this.view = view;
        this.generation = generation;
    }

    private ElementView v() {
        view.checkGeneration(generation);
        return view;
    }

    @Override
    public String tagName() {
        return v().tagName();
    }

    @Override
    public void setTagName(String name) {
        v().setTagName(name);
    }

    @Override
    public String namespaceUri() {
        return v().namespaceUri();
    }

    @Override
    public List<Attribute> attributes() {
        return v().attributes();
    }

    @Override
    public String getAttribute(String name) {
        return v().getAttribute(name);
    }

    @Override
    public String rawAttribute(String name) {
        return v().rawAttribute(name);
    }

    @Override
    public boolean hasAttribute(String name) {
        return v().hasAttribute(name);
    }

    @Override
    public void setAttribute(String name, String value) {
        v().setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        v().removeAttribute(name);
    }

    @Override
    public boolean isSelfClosing() {
        return v().isSelfClosing();
    }

    @Override
    public boolean isImplied() {
        return v().isImplied();
    }

    @Override
    public boolean canHaveContent() {
        return v().canHaveContent();
    }

    @Override
    public void before(String content, ContentType type) {
        v().before(content, type);
    }

    @Override
    public void before(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().before(content, type);
    }

    @Override
    public void after(String content, ContentType type) {
        v().after(content, type);
    }

    @Override
    public void after(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().after(content, type);
    }

    @Override
    public void prepend(String content, ContentType type) {
        v().prepend(content, type);
    }

    @Override
    public void prepend(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().prepend(content, type);
    }

    @Override
    public void append(String content, ContentType type) {
        v().append(content, type);
    }

    @Override
    public void append(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().append(content, type);
    }

    @Override
    public void replace(String content, ContentType type) {
        v().replace(content, type);
    }

    @Override
    public void replace(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().replace(content, type);
    }

    @Override
    public void setInnerContent(String content, ContentType type) {
        v().setInnerContent(content, type);
    }

    @Override
    public void setInnerContent(org.htmlrewriter.content.StreamingContent content, ContentType type) {
        v().setInnerContent(content, type);
    }

    @Override
    public void remove() {
        v().remove();
    }

    @Override
    public void removeAndKeepContent() {
        v().removeAndKeepContent();
    }

    @Override
    public boolean isRemoved() {
        return v().isRemoved();
    }

    @Override
    public void onEndTag(EndTagHandler handler) {
        v().onEndTag(handler);
    }

    @Override
    public void onEndTagAsync(org.htmlrewriter.AsyncEndTagHandler handler) {
        v().onEndTagAsync(handler);
    }

    @Override
    public SourceLocation sourceLocation() {
        return v().sourceLocation();
    }

    @Override
    public org.htmlrewriter.DocumentContext context() {
        return v().context();
    }

    @Override
    public String toString() {
        return "Element[generation " + generation + "]";
    }
}
