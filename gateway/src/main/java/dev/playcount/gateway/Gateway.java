package dev.playcount.gateway;

import dev.playcount.gateway.BrokerFactory.Broker;
import dev.playcount.gateway.messaging.RabbitJobQueue;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.storage.MongoTaskRepository;
import dev.playcount.gateway.task.QueueRelay;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway process: wires the storage, the task store, the queue and the roles the
 * {@link GatewayConfig} names, each from its factory. Closing it stops everything it started, in
 * reverse order.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Resources resources = new Resources();
    private ApiRole api;
    private LauncherRole launcher;

    private Gateway() {}

    public static Gateway start(GatewayConfig config, Clock clock) {
        Gateway gateway = new Gateway();
        try {
            gateway.wire(config, clock);
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        } catch (Exception e) {
            gateway.close();
            throw new IllegalStateException("the gateway could not start: " + e.getMessage(), e);
        }
    }

    private void wire(GatewayConfig config, Clock clock) throws Exception {
        FileStore files = new FileStore(config.storage().dir());
        MongoTaskRepository tasks = TaskStoreFactory.open(config.mongo(), files.root(), resources);
        Broker broker = BrokerFactory.start(config.amqp(), files.root(), resources);
        if (broker.empty()) {
            // A fresh in-memory broker holds no messages: send every QUEUED task's request again.
            LOG.info("{} queued task(s) to publish again", tasks.unmarkQueued());
        }
        RabbitJobQueue queue =
                resources.add(new RabbitJobQueue(broker.uri(), config.amqp().queue()));
        Schedules schedules = resources.add(new Schedules());
        schedules.every(
                config.amqp().relayInterval(),
                new QueueRelay(tasks, queue, clock, config.amqp().relayInterval()));

        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put(
                "mongodb",
                () -> {
                    tasks.ping();
                    return true;
                });
        checks.put("broker", queue::ready);
        if (config.runs(GatewayConfig.LAUNCHER)) {
            launcher =
                    LauncherRole.start(
                            config.flink(),
                            config.amqp(),
                            config.lease(),
                            broker.uri(),
                            queue,
                            tasks,
                            files,
                            clock,
                            schedules,
                            resources);
            checks.put("flink", launcher::ready);
            checks.put("launcher", launcher::consuming);
        }
        if (config.runs(GatewayConfig.GATEWAY)) {
            CleanupRole.schedule(config.retention(), tasks, files, clock, schedules);
            api =
                    ApiRole.start(
                            config.http(),
                            config.storage(),
                            config.limits(),
                            config.resumable(),
                            tasks,
                            queue,
                            files,
                            checks,
                            launcher != null && config.flink().embedded()
                                    ? Optional.of(launcher.flinkRestUrl())
                                    : Optional.empty(),
                            clock,
                            schedules,
                            config.retention().cleanupInterval(),
                            resources);
        }
    }

    /** The port HTTP is served on (useful when PORT=0 picked a free one). */
    public int port() {
        if (api == null) {
            throw new IllegalStateException("this process does not run the gateway role");
        }
        return api.port();
    }

    /** The REST API of the Flink cluster the launcher uses, when this process runs one. */
    public Optional<URI> flinkRestUrl() {
        return Optional.ofNullable(launcher).map(LauncherRole::flinkRestUrl);
    }

    @Override
    public void close() {
        resources.close();
    }
}
