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
        LimitsConfig limits) {

    public static final String GATEWAY = "gateway";
    public static final String LAUNCHER = "launcher";

    public static GatewayConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        return new GatewayConfig(
                roles(s.string("ROLES", GATEWAY + "," + LAUNCHER)),
                HttpConfig.fromEnv(s),
                StorageConfig.fromEnv(s),
                MongoConfig.fromEnv(s),
                AmqpConfig.fromEnv(s),
                RetentionConfig.fromEnv(s),
                FlinkConfig.fromEnv(s),
                LeaseConfig.fromEnv(s),
                LimitsConfig.fromEnv(s));
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
