package dev.playcount.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 in front of the gateway that breaks connections on cue, as a flaky
 * network does: once the client has sent {@code upAfter} bytes in all, or once one connection has
 * carried {@code downAfter} bytes back, that connection is closed mid-stream (once each). It counts
 * what went each way, so a test can tell a resumed upload from one sent again.
 */
final class CuttingProxy implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile long upAfter = Long.MAX_VALUE;
    private volatile long downAfter = Long.MAX_VALUE;

    CuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Cuts the connection carrying the client's byte number {@code total + 1} (counted from now).
     */
    CuttingProxy cutUploadAfter(long bytes) {
        upAfter = up.get() + bytes;
        return this;
    }

    /** Cuts the first connection that carries more than {@code bytes} back to the client. */
    CuttingProxy cutDownloadAfter(long bytes) {
        downAfter = bytes;
        return this;
    }

    long bytesUp() {
        return up.get();
    }

    int cuts() {
        return cuts.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                pump(client, target, true);
                pump(target, client, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread t =
                new Thread(
                        () -> {
                            long here = 0;
                            byte[] buf = new byte[16 * 1024];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buf)) > 0) {
                                    int pass = n;
                                    boolean cut = false;
                                    if (upstream) {
                                        long before = up.getAndAdd(n);
                                        if (before + n > upAfter) {
                                            pass = (int) Math.max(0, upAfter - before);
                                            upAfter = Long.MAX_VALUE;
                                            cut = true;
                                        }
                                    } else {
                                        down.addAndGet(n);
                                        if (here + n > downAfter) {
                                            pass = (int) Math.max(0, downAfter - here);
                                            downAfter = Long.MAX_VALUE;
                                            cut = true;
                                        }
                                        here += n;
                                    }
                                    out.write(buf, 0, pass);
                                    out.flush();
                                    if (cut) {
                                        cuts.incrementAndGet();
                                        break;
                                    }
                                }
                            } catch (IOException e) {
                                // one side closed
                            } finally {
                                close(from);
                                close(to);
                            }
                        },
                        "cutting-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            close(s);
        }
    }
}
