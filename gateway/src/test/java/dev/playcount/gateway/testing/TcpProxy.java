package dev.playcount.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 that a test can cut: while cut, its port refuses connections and every
 * open one is closed, as a stopped JobManager's port does; {@link #restore} listens again on the
 * same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final long upstreamBytesPerSecond;
    private final java.util.concurrent.atomic.AtomicLong upstream =
            new java.util.concurrent.atomic.AtomicLong();
    private volatile ServerSocket server;

    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, 0);
    }

    /**
     * A proxy that passes what clients send at most {@code upstreamBytesPerSecond} (0: as fast as
     * it comes), like an upload over a slow network.
     */
    public TcpProxy(int targetPort, long upstreamBytesPerSecond) throws IOException {
        this.targetPort = targetPort;
        this.upstreamBytesPerSecond = upstreamBytesPerSecond;
        this.port = LocalCluster.freePort();
        restore();
    }

    /** The bytes clients sent through the proxy so far. */
    public long upstreamBytes() {
        return upstream.get();
    }

    public int port() {
        return port;
    }

    /** Listens again on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket s = new ServerSocket();
        // the port was just closed: its connections may linger in TIME_WAIT
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        Thread accept = new Thread(() -> accept(s), "tcp-proxy-" + port);
        accept.setDaemon(true);
        accept.start();
    }

    /** Closes the open connections, as a network that drops them; new ones are taken. */
    public synchronized void dropConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** Refuses new connections and closes the open ones. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pipe(client, target, upstreamBytesPerSecond, upstream);
                pipe(target, client, 0, new java.util.concurrent.atomic.AtomicLong());
            } catch (IOException e) {
                // closed by cut(), or the target is away: the client sees the connection end
            }
        }
    }

    private static void pipe(
            Socket from, Socket to, long bytesPerSecond, java.util.concurrent.atomic.AtomicLong n) {
        Thread t =
                new Thread(
                        () -> {
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                copy(in, out, bytesPerSecond, n);
                            } catch (IOException e) {
                                // one side closed
                            } finally {
                                try {
                                    to.close();
                                    from.close();
                                } catch (IOException e) {
                                    // already closed
                                }
                            }
                        },
                        "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Copies, pacing the bytes to the rate: a throttle, not a wait for an event. */
    private static void copy(
            InputStream in,
            OutputStream out,
            long bytesPerSecond,
            java.util.concurrent.atomic.AtomicLong n)
            throws IOException {
        byte[] buf = new byte[bytesPerSecond > 0 ? 8192 : 65536];
        long start = System.nanoTime();
        long sent = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            out.write(buf, 0, r);
            out.flush();
            sent += r;
            n.addAndGet(r);
            if (bytesPerSecond > 0) {
                long due = start + sent * 1_000_000_000L / bytesPerSecond;
                long ahead = due - System.nanoTime();
                if (ahead > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
