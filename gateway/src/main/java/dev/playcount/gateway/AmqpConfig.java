package dev.playcount.gateway;

import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
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
        String uri = s.string("AMQP_URI", "");
        if (!uri.isEmpty()) {
            checkUri(uri);
        }
        String queue = s.string("AMQP_QUEUE", "playcount.jobs");
        // AMQP 0-9-1 queue names are short strings; amq. is the broker's own prefix
        if (queue.getBytes(StandardCharsets.UTF_8).length > 255 || queue.startsWith("amq.")) {
            throw Settings.invalid(
                    "AMQP_QUEUE", queue, "a name of at most 255 bytes not starting with amq.");
        }
        return new AmqpConfig(
                uri,
                queue,
                s.port("EMBEDDED_AMQP_PORT", 0),
                s.positiveDuration("RELAY_INTERVAL", Duration.ofSeconds(5)));
    }

    /**
     * The client's own parser, so what passes here connects later; its message is not passed on, as
     * it quotes the URI and with it the password.
     */
    private static void checkUri(String uri) {
        try {
            // the client takes a URI without a host (amqp://h:1:2) and connects to localhost
            if (new java.net.URI(uri).getHost() != null) {
                new ConnectionFactory().setUri(uri);
                return;
            }
        } catch (Exception e) {
            // reported below
        }
        throw Settings.invalid(
                "AMQP_URI", uri, "an amqp:// or amqps:// URI such as amqp://user:pass@host:5672");
    }

    public boolean embedded() {
        return uri.isEmpty();
    }
}
