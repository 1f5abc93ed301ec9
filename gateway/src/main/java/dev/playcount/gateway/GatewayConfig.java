package dev.playcount.gateway;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the gateway process, read once from the environment and grouped by the subsystem
 * it configures; a malformed value fails here, naming its variable. {@code .env.example} and the
 * README list the same keys with the same defaults.
 *
 * @param roles which roles this process runs: {@link #GATEWAY}, {@link #LAUNCHER} or both
 */
public record GatewayConfig(
        Set<String> roles,
        HttpConfig http,
        StorageConfig storage,
        MongoConfig mongo,
        AmqpConfig amqp,
        RetentionConfig retention,
        FlinkConfig flink,
        LeaseConfig lease,
        LimitsConfig limits,
        ResumableConfig resumable) {

    public static final String GATEWAY = "gateway";
    public static final String LAUNCHER = "launcher";

    public static GatewayConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        GatewayConfig config =
                new GatewayConfig(
                        roles(s.string("ROLES", GATEWAY + "," + LAUNCHER)),
                        HttpConfig.fromEnv(s),
                        StorageConfig.fromEnv(s),
                        MongoConfig.fromEnv(s),
                        AmqpConfig.fromEnv(s),
                        RetentionConfig.fromEnv(s),
                        FlinkConfig.fromEnv(s),
                        LeaseConfig.fromEnv(s),
                        LimitsConfig.fromEnv(s),
                        ResumableConfig.fromEnv(s));
        config.checkJobJar();
        return config;
    }

    /**
     * A launcher shipping a jar that is not there would fail every task at its submission; only a
     * launcher of a remote cluster ships one (the embedded cluster has the job's classes).
     */
    private void checkJobJar() {
        String jar = flink.jobJar();
        if (runs(LAUNCHER) && !flink.embedded() && !jar.isEmpty()) {
            java.nio.file.Path path = java.nio.file.Path.of(jar);
            if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
                throw Settings.invalid(
                        "PIPELINE_JAR",
                        jar,
                        "a readable jar file, such as pipeline-job/target/pipeline-job-cluster.jar"
                                + " (no such file)");
            }
        }
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
}
