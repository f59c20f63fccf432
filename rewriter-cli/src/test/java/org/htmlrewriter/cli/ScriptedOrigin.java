package org.htmlrewriter.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on 127.0.0.1 that answers each request with a script writing raw bytes (so it can misbehave in any way:
 * broken framing, stalls, resets, huge headers) on blocking sockets, one thread per connection. Records every
 * request it receives (head and body). Thread-safe; closing it closes every connection.
 */
final class ScriptedOrigin implements AutoCloseable {
    /** What the origin does with one request. */
    @FunctionalInterface
    interface Script {
        void respond(Exchange x) throws IOException, InterruptedException;
    }

    /** One request as received, and the connection to answer on. */
    static final class Exchange {
        final List<String> head;
        final Socket socket;
        final OutputStream out;
        private final InputStream in;
        private boolean closed;

        Exchange(List<String> head, Socket socket, InputStream in) throws IOException {
            this.head = head;
            this.socket = socket;
            this.in = in;
            this.out = socket.getOutputStream();
        }

        String path() {
            String target = head.get(0).split(" ")[1];
            return target.startsWith("/") ? URI.create(target).getPath() : target;
        }

        String header(String name) {
            for (String l : head.subList(1, head.size())) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return l.substring(colon + 1).trim();
                }
            }
            return null;
        }

        Exchange send(String ascii) throws IOException {
            return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
        }

        Exchange send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** A complete response with a {@code Content-Length}. */
        Exchange respond(int status, String type, byte[] body) throws IOException {
            send("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                    + "\r\n\r\n");
            return send(body);
        }

        /** Closes the connection after the script (a clean close, FIN). */
        void close() throws IOException {
            closed = true;
            socket.close();
        }

        /** Resets the connection (RST). */
        void reset() throws IOException {
            closed = true;
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /** The request body, by its framing (de-chunked). */
        byte[] body() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            String te = header("transfer-encoding");
            if (te != null) {
                while (true) {
                    String size = line();
                    int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        return b.toByteArray();
                    }
                    b.write(in.readNBytes(n));
                    line();
                }
            }
            String length = header("content-length");
            if (length != null) {
                b.write(in.readNBytes(Integer.parseInt(length)));
            }
            return b.toByteArray();
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new java.io.EOFException();
                }
                b.append((char) c);
            }
            return b.toString().replaceAll("\r$", "");
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    /** Every request head received, in order. */
    final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger connections = new AtomicInteger();

    ScriptedOrigin() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** Answers requests for {@code path} with {@code script}; other paths get a 404. */
    ScriptedOrigin on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** The request heads received whose target ends with {@code path}. */
    List<List<String>> requestsFor(String path) {
        synchronized (requests) {
            return requests.stream().filter(h -> h.get(0).split(" ")[1].endsWith(path)).toList();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(60_000);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            while (true) {
                List<String> head = RawHttp.readHead(in);
                if (head == null || head.isEmpty()) {
                    return;
                }
                requests.add(head);
                Exchange x = new Exchange(head, s, in);
                Script script = scripts.get(x.path());
                if (script == null) {
                    x.respond(404, "text/plain", "no such script\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    script.respond(x);
                }
                if (x.closed) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The proxy went away, or a script ended the connection its own way.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
