package dev.playcount.gateway.messaging;

import com.rabbitmq.client.ConnectionFactory;

/** How the publisher and the consumer connect to the broker named by {@code AMQP_URI}. */
final class BrokerConnections {

    private BrokerConnections() {}

    /**
     * Short timeouts, so a broker that is away is noticed at once, and no automatic recovery: the
     * publisher reconnects on its next publish and the consumer on its own schedule, because
     * recovery threads would retry forever behind their backs.
     */
    static ConnectionFactory factory(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            // not e's message: it quotes the URI, password included
            throw new IllegalArgumentException("setting AMQP_URI is not a valid amqp:// URI");
        }
        factory.setConnectionTimeout(2_000);
        factory.setHandshakeTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}
