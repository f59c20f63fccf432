/**
 * Documents in charsets whose markup is not ASCII bytes, rewritten by transcoding at the engine's edges: UTF-16
 * input is fed to the engine as UTF-8 and its output encoded back ({@link
 * org.htmlrewriter.internal.transcode.Utf16Transcoder}), so exactly that unchanged input comes back byte for byte.
 */
package org.htmlrewriter.internal.transcode;
