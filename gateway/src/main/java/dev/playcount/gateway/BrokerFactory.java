package dev.playcount.gateway;

import dev.playcount.gateway.embedded.EmbeddedBroker;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the AMQP broker of the job queue: the one {@code AMQP_URI} names or, when it is not set, an
 * embedded broker started under the storage folder.
 */
final class BrokerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerFactory.class);

    /**
     * The broker to connect to.
     *
     * @param empty whether it was just started without messages: an in-memory broker has lost every
     *     request sent before this start
     */
    record Broker(String uri, boolean empty) {}

    private BrokerFactory() {}

    static Broker start(AmqpConfig config, Path storageRoot, Resources resources) {
        if (!config.embedded()) {
            return new Broker(config.uri(), false);
        }
        EmbeddedBroker broker =
                resources.add(
                        EmbeddedBroker.start(storageRoot.resolve("broker"), config.embeddedPort()));
        LOG.info("AMQP_URI is not set: embedded AMQP broker on 127.0.0.1:{}", broker.port());
        return new Broker(broker.amqpUri(), true);
    }
}
