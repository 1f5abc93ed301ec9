package dev.playcount.gateway.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.State;
import org.apache.qpid.server.model.SystemConfig;

/** An in-process AMQP 0-9-1 broker (Qpid Broker-J, memory store) bound to 127.0.0.1. */
public final class EmbeddedBroker implements AutoCloseable {

    private static final String CONFIG_RESOURCE = "qpid-initial-config.json";
    private static final String AMQP_PORT_NAME = "AMQP";

    private final SystemLauncher launcher;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(SystemLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    /**
     * Starts a broker with user guest/guest whose default virtual host answers amqp-client's "/".
     *
     * @param workDir where Qpid writes its files; it writes nowhere else
     * @param port the AMQP port on 127.0.0.1, or 0 for an ephemeral one
     * @throws IllegalStateException if the broker does not start, e.g. the port is taken
     */
    public static EmbeddedBroker start(Path workDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Path config = workDir.resolve("initial-config.json");
        try (InputStream in = EmbeddedBroker.class.getResourceAsStream(CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + CONFIG_RESOURCE);
            }
            Files.createDirectories(workDir);
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Qpid config to " + workDir, e);
        }
        String dir = workDir.toAbsolutePath().toString();
        // Qpid resolves ${...} in the config from this context; its defaults for the work and
        // home directories point at the current directory.
        Map<String, String> context =
                Map.of(
                        "qpid.amqp_port", Integer.toString(port),
                        "qpid.work_dir", dir,
                        "QPID_WORK", dir,
                        "qpid.home_dir", dir);
        Map<String, Object> attributes = new HashMap<>();
        // The memory config store rereads the initial config on every start.
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, config.toUri().toString());
        // Otherwise startup messages go straight to System.out instead of through slf4j.
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.CONTEXT, context);

        StartupListener listener = new StartupListener();
        SystemLauncher launcher = new SystemLauncher(listener);
        try {
            launcher.startup(attributes);
        } catch (Exception e) {
            launcher.shutdown();
            throw new IllegalStateException("embedded broker failed to start", e);
        }
        // startup() logs and swallows runtime failures (a taken port among them) after
        // cleaning up; only the listener sees them.
        if (listener.failure != null) {
            throw new IllegalStateException("embedded broker failed to start", listener.failure);
        }
        Port<?> amqp =
                listener.systemConfig.getContainer().getChildByName(Port.class, AMQP_PORT_NAME);
        // A port that cannot bind only errors itself; the broker would run on, unreachable.
        if (amqp.getState() != State.ACTIVE) {
            launcher.shutdown();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port);
        }
        return new EmbeddedBroker(launcher, amqp.getBoundPort());
    }

    /** The URI for {@code ConnectionFactory.setUri}; it names no virtual host. */
    public String amqpUri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    /** The AMQP port, the actual one when started with 0. */
    public int port() {
        return port;
    }

    /** Stops the broker and releases its port; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            launcher.shutdown();
        }
    }

    private static final class StartupListener
            extends SystemLauncherListener.DefaultSystemLauncherListener {
        private volatile RuntimeException failure;
        private volatile SystemConfig<?> systemConfig;

        @Override
        public void errorOnStartup(RuntimeException e) {
            failure = e;
        }

        @Override
        public void onContainerResolve(SystemConfig<?> systemConfig) {
            this.systemConfig = systemConfig;
        }
    }
}
