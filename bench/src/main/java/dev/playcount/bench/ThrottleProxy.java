package dev.playcount.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that lets the client's bytes through at most {@code MB/s} (10^6 bytes,
 * all connections together), as a network link of that speed would; the answers pass unthrottled.
 * For bench/client-upload: {@code ThrottleProxy LISTEN_PORT TARGET_PORT MB_PER_S}. Runs until
 * killed.
 */
public final class ThrottleProxy {

    /** How far an idle link may fall behind its schedule: a burst of 5 ms at the rate. */
    private static final long BURST_NANOS = 5_000_000;

    /** Waits shorter than this are not worth parking for (timer slack is ~0.1-1 ms). */
    private static final long MIN_PARK_NANOS = 1_000_000;

    private final int targetPort;
    private final double bytesPerNano;
    private long next = System.nanoTime();

    private ThrottleProxy(int targetPort, double mbPerSecond) {
        this.targetPort = targetPort;
        this.bytesPerNano = mbPerSecond * 1e6 / 1e9;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ThrottleProxy LISTEN_PORT TARGET_PORT MB_PER_S");
            System.exit(2);
        }
        ThrottleProxy proxy =
                new ThrottleProxy(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
        try (ServerSocket server =
                new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
            System.err.println("throttle proxy on 127.0.0.1:" + server.getLocalPort());
            while (true) {
                Socket client = server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), proxy.targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                proxy.pump(client, target, true);
                proxy.pump(target, client, false);
            }
        }
    }

    /**
     * Waits until {@code n} more bytes fit the rate; the schedule is shared by all connections. The
     * schedule may lag the clock by a short burst, so that many small reads each a few microseconds
     * "late" (a parked thread wakes up late on a busy machine) do not add up to a slower link.
     */
    private void take(int n) {
        long at;
        long now = System.nanoTime();
        synchronized (this) {
            next = Math.max(next, now - BURST_NANOS) + (long) (n / bytesPerNano);
            at = next;
        }
        long wait;
        while ((wait = at - System.nanoTime()) > MIN_PARK_NANOS) {
            LockSupport.parkNanos(wait);
        }
    }

    private void pump(Socket from, Socket to, boolean throttled) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[64 * 1024];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buf)) > 0) {
                                    if (throttled) {
                                        take(n);
                                    }
                                    out.write(buf, 0, n);
                                }
                            } catch (IOException e) {
                                // one side closed
                            } finally {
                                try {
                                    from.close();
                                    to.close();
                                } catch (IOException e) {
                                    // closed already
                                }
                            }
                        },
                        "throttle-pipe");
        t.setDaemon(true);
        t.start();
    }
}
