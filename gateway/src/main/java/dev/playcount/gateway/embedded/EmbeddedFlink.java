package dev.playcount.gateway.embedded;

import dev.playcount.gateway.launcher.FlinkEndpoint;
import dev.playcount.pipeline.PlayCountJob;
import dev.playcount.pipeline.local.LocalClusterBuilder;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * A Flink MiniCluster in this JVM with its REST API and web dashboard on a loopback port, so the
 * launcher submits to it over REST exactly as to a remote cluster. The port is guarded ({@link
 * RestGuard}): only this process, which alone knows the per-start secret, submits or cancels jobs.
 */
public final class EmbeddedFlink implements AutoCloseable {

    private static final long MANAGED_MEMORY_PER_SLOT_MB = 64;

    private final MiniCluster cluster;
    private final URI restUrl;
    private final String secret;

    private EmbeddedFlink(MiniCluster cluster, URI restUrl, String secret) {
        this.cluster = cluster;
        this.restUrl = restUrl;
        this.secret = secret;
    }

    public static EmbeddedFlink start(int dashboardPort, int slots) throws Exception {
        return start(dashboardPort, slots, List.of());
    }

    /**
     * @param dashboardPort the REST and dashboard port on 127.0.0.1 (0 for a free one)
     * @param slots task slots: parallelism times the jobs that may run at once
     * @param dashboardHosts host names besides loopback ones users reach the dashboard by
     */
    public static EmbeddedFlink start(int dashboardPort, int slots, List<String> dashboardHosts)
            throws Exception {
        Configuration conf = new Configuration();
        String secret = newSecret();
        conf.set(RestGuard.SECRET, secret);
        conf.set(RestGuard.ALLOWED_HOSTS, dashboardHosts);
        // Jobs come in over REST as job graphs; the jar upload endpoints (which run code) stay off.
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        // The summing stage's hash table and RocksDB cache come from a slot's managed memory. A
        // local cluster gets 128 MB in all whatever its slots, which leaves 32 MB per slot here
        // (parallelism times concurrent jobs) and slowed 20M-key jobs.
        conf.set(
                TaskManagerOptions.MANAGED_MEMORY_SIZE,
                MemorySize.ofMebiBytes(MANAGED_MEMORY_PER_SLOT_MB * slots));
        MiniCluster cluster =
                LocalClusterBuilder.loopback()
                        .restPort(dashboardPort)
                        .slots(slots)
                        // the launcher submits pipelined jobs here (FlinkTargetFactory)
                        .with(PlayCountJob.pipelinedExchanges())
                        .with(conf)
                        .start();
        try {
            return new EmbeddedFlink(cluster, cluster.getRestAddress().get(), secret);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** The REST API and dashboard, e.g. {@code http://127.0.0.1:8081}. */
    public URI restUrl() {
        return restUrl;
    }

    /** How the launcher reaches the cluster: the REST URL and the secret the guard asks for. */
    public FlinkEndpoint endpoint() {
        return new FlinkEndpoint(restUrl, "Bearer " + secret, null, null);
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
