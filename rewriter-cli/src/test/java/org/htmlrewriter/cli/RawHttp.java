package org.htmlrewriter.cli;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.x over a plain socket, for tests that must send exactly the bytes they mean (malformed framing included)
 * and see exactly how a response ends: complete by its framing, cut off, or reset. Not thread-safe.
 */
final class RawHttp implements AutoCloseable {
    /** How a response's body ended, as the client could tell. */
    enum Ending {
        /** Its framing said where it ends (length, terminating chunk, or no body), and it got there. */
        COMPLETE,
        /** No length: the body ended with the connection, which looks the same as complete. */
        CLOSE_DELIMITED,
        /** The connection ended (cleanly) before the framing said the body ends. */
        CUT_OFF,
        /** The connection was reset. */
        RESET
    }

    /** One response as read. */
    static final class Reply {
        String version;
        int status;
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        /** Length and CRC-32 of the body, kept or not. */
        long length;
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        Ending ending;

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return version + " " + status + " " + headers + " " + length + " body bytes, " + ending;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean keepBodies = true;

    RawHttp(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        socket.setSoTimeout(30_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** From now on, bodies are only measured (length and CRC-32), not kept. */
    RawHttp measureOnly() {
        keepBodies = false;
        return this;
    }

    /** Sends {@code bytes} in pieces of {@code piece} bytes, each flushed (1 makes each byte its own write). */
    RawHttp send(byte[] bytes, int piece) throws IOException {
        for (int i = 0; i < bytes.length; i += piece) {
            out.write(bytes, i, Math.min(piece, bytes.length - i));
            out.flush();
        }
        return this;
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE);
    }

    /** Reads one response (interim ones skipped); {@code head} for a response to HEAD (never a body). */
    Reply read(boolean head) throws IOException {
        while (true) {
            Reply r = readOne(head);
            if (r.status >= 200 || r.ending != Ending.COMPLETE) {
                return r;
            }
        }
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Whether the proxy closed the connection: reading gives end of stream or a reset within the socket timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private Reply readOne(boolean head) throws IOException {
        Reply r = new Reply();
        String statusLine;
        try {
            statusLine = line();
        } catch (SocketException e) {
            r.ending = Ending.RESET;
            return r;
        }
        if (statusLine == null) {
            r.ending = Ending.CUT_OFF;
            return r;
        }
        String[] parts = statusLine.split(" ", 3);
        r.version = parts[0];
        r.status = Integer.parseInt(parts[1]);
        try {
            for (String l; (l = line()) != null && !l.isEmpty(); ) {
                int colon = l.indexOf(':');
                r.headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
            r.ending = body(r, head);
        } catch (SocketException e) {
            r.ending = Ending.RESET;
        } catch (EOFException e) {
            r.ending = Ending.CUT_OFF;
        }
        return r;
    }

    private Ending body(Reply r, boolean head) throws IOException {
        if (head || r.status < 200 || r.status == 204 || r.status == 304) {
            return Ending.COMPLETE;
        }
        String te = r.header("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            while (true) {
                String size = line();
                if (size == null) {
                    throw new EOFException();
                }
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    for (String l; (l = line()) != null && !l.isEmpty(); ) {
                        // trailers
                    }
                    return Ending.COMPLETE;
                }
                copy(r, n);
                if (line() == null) {
                    throw new EOFException();
                }
            }
        }
        String length = r.header("content-length");
        if (length != null) {
            copy(r, Long.parseLong(length));
            return Ending.COMPLETE;
        }
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
            take(r, buf, n);
        }
        return Ending.CLOSE_DELIMITED;
    }

    private void copy(Reply r, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int got = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (got < 0) {
                throw new EOFException();
            }
            take(r, buf, got);
            n -= got;
        }
    }

    private void take(Reply r, byte[] buf, int n) {
        r.length += n;
        r.crc.update(buf, 0, n);
        if (keepBodies) {
            r.body.write(buf, 0, n);
        }
    }

    /** A CRLF- (or LF-) terminated line without its end, or {@code null} at end of stream before any byte. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.length() == 0) {
                    return null;
                }
                throw new EOFException();
            }
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
    }

    /** Reads a request head from {@code in} (for origins): the lines up to the blank one, or null at the end. */
    static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                String l = b.toString().replaceAll("\r$", "");
                b.setLength(0);
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
            } else {
                b.append((char) c);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
