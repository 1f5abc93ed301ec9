package dev.playcount.gateway;

import java.time.Duration;

/**
 * The task store's settings.
 *
 * @param uri empty for the embedded MongoDB-compatible server
 * @param embeddedPort the embedded server's port on 127.0.0.1, 0 for a free one
 */
public record MongoConfig(String uri, String database, Duration timeout, int embeddedPort) {

    static MongoConfig fromEnv(Settings s) {
        return new MongoConfig(
                s.string("MONGO_URI", ""),
                s.string("MONGO_DATABASE", "playcount"),
                s.duration("MONGO_TIMEOUT", Duration.ofSeconds(5)),
                s.port("EMBEDDED_MONGO_PORT", 0));
    }

    public boolean embedded() {
        return uri.isEmpty();
    }
}
