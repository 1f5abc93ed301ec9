package dev.playcount.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A raw {@code text/csv} POST over a socket of its own, sent in parts at the test's pace: a body
 * that stops halfway (waiting for something the test observes), is cut off, or is answered before
 * it is complete. An HTTP client library would not let a test hold a body open like this.
 */
public final class SocketUpload implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    private SocketUpload(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Opens the connection and sends the request's head, announcing {@code length} bytes. */
    public static SocketUpload start(URI uri, long length) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        SocketUpload upload = new SocketUpload(socket);
        String head =
                "POST "
                        + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                        + " HTTP/1.1\r\nHost: "
                        + uri.getHost()
                        + ":"
                        + uri.getPort()
                        + "\r\nContent-Type: text/csv\r\nContent-Length: "
                        + length
                        + "\r\nConnection: close\r\n\r\n";
        upload.out.write(head.getBytes(StandardCharsets.US_ASCII));
        upload.out.flush();
        return upload;
    }

    /** Sends {@code bytes[from, to)} of the body. */
    public void send(byte[] bytes, int from, int to) throws IOException {
        out.write(bytes, from, to - from);
        out.flush();
    }

    /** Reads the whole answer (status line, headers, body) until the server closes. */
    public String response() throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Drops the connection at once (a reset), as a client that crashed would. */
    public void cutOff() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
