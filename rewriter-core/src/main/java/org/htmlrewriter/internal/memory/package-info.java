/**
 * Memory accounting: one {@link org.htmlrewriter.internal.memory.MemoryAccount} per rewriter counts everything the
 * rewriter keeps that grows with its input (token buffers and attribute offsets, open elements and their handler
 * state, content waiting for an end tag, parser-feedback hypotheses), against the document's limit and, when
 * configured, against a {@link org.htmlrewriter.internal.memory.SharedMemoryPool} shared by many rewriters.
 */
package org.htmlrewriter.internal.memory;
