package dev.playcount.gateway;

import java.time.Duration;

/**
 * The job queue's settings.
 *
 * @param uri empty for the embedded AMQP broker
 * @param embeddedPort the embedded broker's port on 127.0.0.1, 0 for a free one
 * @param relayInterval how often requests the broker did not confirm are sent again
 */
public record AmqpConfig(String uri, String queue, int embeddedPort, Duration relayInterval) {

    static AmqpConfig fromEnv(Settings s) {
        return new AmqpConfig(
                s.string("AMQP_URI", ""),
                s.string("AMQP_QUEUE", "playcount.jobs"),
                s.port("EMBEDDED_AMQP_PORT", 0),
                s.duration("RELAY_INTERVAL", Duration.ofSeconds(5)));
    }

    public boolean embedded() {
        return uri.isEmpty();
    }
}
