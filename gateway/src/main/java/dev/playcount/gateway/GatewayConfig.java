package dev.playcount.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the gateway process, read once from the environment. {@code .env.example} and
 * the README list the same keys with the same defaults.
 *
 * @param mongoUri empty for the embedded MongoDB-compatible server
 * @param amqpUri empty for the embedded AMQP broker
 * @param apiKeys empty for an open API
 * @param flinkParallelism 0 when unset: a remote cluster's jobs then get its task slots, the
 *     embedded cluster's the number of cores
 */
public record GatewayConfig(
        String host,
        int port,
        Path storageDir,
        String mongoUri,
        String mongoDatabase,
        Duration mongoTimeout,
        int embeddedMongoPort,
        String amqpUri,
        String amqpQueue,
        int embeddedAmqpPort,
        List<String> apiKeys,
        long minFreeDisk,
        Duration resultTtl,
        Duration cleanupInterval,
        Duration orphanGrace,
        Duration relayInterval,
        Set<String> roles,
        String flinkRestUrl,
        int flinkDashboardPort,
        String flinkDashboardUrl,
        int flinkParallelism,
        int maxConcurrentJobs,
        Duration progressInterval,
        String jobJar) {

    public static final String GATEWAY = "gateway";
    public static final String LAUNCHER = "launcher";

    public static GatewayConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        return new GatewayConfig(
                s.string("HOST", "0.0.0.0"),
                s.port("PORT", 5002),
                Path.of(s.string("STORAGE_DIR", "./data")),
                s.string("MONGO_URI", ""),
                s.string("MONGO_DATABASE", "playcount"),
                s.duration("MONGO_TIMEOUT", Duration.ofSeconds(5)),
                s.port("EMBEDDED_MONGO_PORT", 0),
                s.string("AMQP_URI", ""),
                s.string("AMQP_QUEUE", "playcount.jobs"),
                s.port("EMBEDDED_AMQP_PORT", 0),
                Arrays.stream(s.string("API_KEYS", "").split(","))
                        .map(String::strip)
                        .filter(k -> !k.isEmpty())
                        .toList(),
                s.bytes("MIN_FREE_DISK", 1L << 30),
                s.duration("RESULT_TTL", Duration.ofHours(24)),
                s.duration("CLEANUP_INTERVAL", Duration.ofMinutes(10)),
                s.duration("ORPHAN_GRACE", Duration.ofHours(1)),
                s.duration("RELAY_INTERVAL", Duration.ofSeconds(5)),
                roles(s.string("ROLES", GATEWAY + "," + LAUNCHER)),
                s.string("FLINK_REST_URL", ""),
                s.port("FLINK_DASHBOARD_PORT", 8081),
                s.string("FLINK_DASHBOARD_URL", ""),
                s.positiveInt("FLINK_PARALLELISM", 0),
                s.positiveInt("MAX_CONCURRENT_JOBS", 2),
                s.duration("PROGRESS_INTERVAL", Duration.ofSeconds(2)),
                s.string("PIPELINE_JAR", ""));
    }

    private static Set<String> roles(String value) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : value.split(",")) {
            String r = role.strip().toLowerCase(Locale.ROOT);
            if (r.isEmpty()) {
                continue;
            }
            if (!r.equals(GATEWAY) && !r.equals(LAUNCHER)) {
                throw Settings.invalid("ROLES", value, "gateway, launcher or gateway,launcher");
            }
            roles.add(r);
        }
        if (roles.isEmpty()) {
            throw Settings.invalid("ROLES", value, "gateway, launcher or gateway,launcher");
        }
        return Set.copyOf(roles);
    }

    public boolean runs(String role) {
        return roles.contains(role);
    }

    public boolean embeddedFlink() {
        return flinkRestUrl.isEmpty();
    }

    /** The parallelism of each job on the embedded cluster: FLINK_PARALLELISM, else the cores. */
    public int embeddedParallelism() {
        return flinkParallelism > 0 ? flinkParallelism : Runtime.getRuntime().availableProcessors();
    }

    public boolean embeddedMongo() {
        return mongoUri.isEmpty();
    }

    public boolean embeddedAmqp() {
        return amqpUri.isEmpty();
    }
}
