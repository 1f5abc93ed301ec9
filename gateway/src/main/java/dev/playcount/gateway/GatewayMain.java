package dev.playcount.gateway;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Starts the roles from the environment and runs them until SIGTERM or SIGINT, then stops them and
 * exits 0. The main thread waits for the signal: every role's threads are daemons, so a process
 * whose main returned would end at once (a launcher alone has no server thread to hold it).
 */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    private GatewayMain() {}

    public static void main(String[] args) throws InterruptedException {
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("playcount error: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // A handled signal, unlike a shutdown hook, lets the stop finish and the exit code be 0
        // (a JVM ended by SIGTERM exits 143, which compose and systemd report as a failure).
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(
                    new Signal(name),
                    signal -> {
                        LOG.info("SIG{} received: stopping {}", name, config.roles());
                        stop.countDown();
                    });
        }
        Gateway gateway = Gateway.start(config, Clock.systemUTC());
        LOG.info("running {} until stopped (SIGTERM)", config.roles());
        stop.await();
        gateway.close();
        LOG.info("stopped {} cleanly", config.roles());
        System.exit(0);
    }
}
