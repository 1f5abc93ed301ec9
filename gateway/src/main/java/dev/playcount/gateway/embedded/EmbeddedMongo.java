package dev.playcount.gateway.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** An in-process MongoDB-wire server (mongo-java-server) that keeps its data in an H2 file. */
public final class EmbeddedMongo implements AutoCloseable {

    // One MVStore file holds every database; H2 uses the name as given (no suffix added).
    private static final String STORE_FILE = "mongo.mv.db";

    private final H2Backend backend;
    private final MongoServer server;
    private final String connectionString;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMongo(H2Backend backend, MongoServer server, String connectionString) {
        this.backend = backend;
        this.server = server;
        this.connectionString = connectionString;
    }

    /**
     * Opens (or creates) the store in {@code dataDir} and listens on an ephemeral port of
     * 127.0.0.1.
     *
     * @throws UncheckedIOException if {@code dataDir} cannot be created
     */
    public static EmbeddedMongo start(Path dataDir) {
        return start(dataDir, 0);
    }

    /** Like {@link #start(Path)} on a given port of 127.0.0.1 (0 for a free one). */
    public static EmbeddedMongo start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Mongo data directory " + dataDir, e);
        }
        // H2 locks the file, so a second process on the same dataDir fails here, not later.
        H2Backend backend = new H2Backend(dataDir.resolve(STORE_FILE).toAbsolutePath().toString());
        MongoServer server = new MongoServer(backend);
        // A literal address: "localhost" may resolve to ::1 or to a non-loopback interface.
        // On failure bind() has already shut the server and the backend down.
        server.bind(new InetSocketAddress("127.0.0.1", port));
        int bound = server.getLocalAddress().getPort();
        return new EmbeddedMongo(backend, server, "mongodb://127.0.0.1:" + bound);
    }

    /** The URI a MongoClient connects with, e.g. {@code mongodb://127.0.0.1:41234}. */
    public String connectionString() {
        return connectionString;
    }

    /** Disconnects clients, stops listening and flushes the store; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdownNow();
        } finally {
            // shutdownNow() closes the backend too, but not if it failed before reaching it;
            // closing an already closed MVStore is a no-op.
            backend.close();
        }
    }
}
