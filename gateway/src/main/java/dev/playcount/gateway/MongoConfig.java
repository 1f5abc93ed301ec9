package dev.playcount.gateway;

import com.mongodb.ConnectionString;
import java.time.Duration;

/**
 * The task store's settings.
 *
 * @param uri empty for the embedded MongoDB-compatible server
 * @param embeddedPort the embedded server's port on 127.0.0.1, 0 for a free one
 */
public record MongoConfig(String uri, String database, Duration timeout, int embeddedPort) {

    static MongoConfig fromEnv(Settings s) {
        String uri = s.string("MONGO_URI", "");
        if (!uri.isEmpty()) {
            checkUri(uri);
        }
        String database = s.string("MONGO_DATABASE", "playcount");
        if (database.length() > 63 || !database.matches("[A-Za-z0-9_-]+")) {
            throw Settings.invalid(
                    "MONGO_DATABASE", database, "1 to 63 letters, digits, '_' or '-'");
        }
        return new MongoConfig(
                uri,
                database,
                // 0 would wait forever; the read timeout is four times this, in int milliseconds
                s.durationIn(
                        "MONGO_TIMEOUT",
                        Duration.ofSeconds(5),
                        Duration.ofMillis(100),
                        Duration.ofMinutes(10)),
                s.port("EMBEDDED_MONGO_PORT", 0));
    }

    /** The driver's own parser; its message is not passed on, as it may quote the password. */
    private static void checkUri(String uri) {
        try {
            new ConnectionString(uri);
        } catch (RuntimeException e) {
            throw Settings.invalid(
                    "MONGO_URI", uri, "a mongodb:// or mongodb+srv:// connection string");
        }
    }

    public boolean embedded() {
        return uri.isEmpty();
    }
}
