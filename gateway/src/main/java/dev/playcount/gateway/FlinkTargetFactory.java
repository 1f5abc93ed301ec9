package dev.playcount.gateway;

import dev.playcount.gateway.embedded.EmbeddedFlink;
import dev.playcount.gateway.launcher.FlinkEndpoint;
import dev.playcount.gateway.launcher.Parallelism;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the Flink cluster the launcher submits to: the remote one {@code FLINK_REST_URL} names or,
 * when it is not set, an embedded MiniCluster sized for {@code MAX_CONCURRENT_JOBS} jobs.
 */
final class FlinkTargetFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkTargetFactory.class);

    /**
     * A cluster to submit to.
     *
     * @param dashboard the dashboard's address as users reach it
     * @param jobJar the job's jar to ship with each job, or null when the cluster has its classes
     * @param pipelined whether jobs run as one pipelined region (the embedded cluster, which takes
     *     them and has no TaskManager to lose; see PlayCountJob.pipelinedExchanges)
     */
    record FlinkTarget(
            FlinkEndpoint endpoint,
            String dashboard,
            Path jobJar,
            Parallelism parallelism,
            boolean pipelined) {}

    private FlinkTargetFactory() {}

    static FlinkTarget start(FlinkConfig config, Resources resources) throws Exception {
        FlinkTarget target = config.embedded() ? embedded(config, resources) : remote(config);
        if (!config.dashboardUrl().isEmpty()) {
            return new FlinkTarget(
                    target.endpoint(),
                    config.dashboardUrl(),
                    target.jobJar(),
                    target.parallelism(),
                    target.pipelined());
        }
        return target;
    }

    private static FlinkTarget embedded(FlinkConfig config, Resources resources) throws Exception {
        int parallelism = config.embeddedParallelism();
        EmbeddedFlink flink =
                resources.add(
                        EmbeddedFlink.start(
                                config.dashboardPort(),
                                parallelism * config.maxConcurrentJobs(),
                                dashboardHosts(config)));
        URI restUrl = flink.restUrl();
        String dashboard = "http://localhost:" + restUrl.getPort();
        LOG.info("FLINK_REST_URL is not set: embedded Flink cluster, dashboard at {}", dashboard);
        // the MiniCluster runs in this JVM and has the job's classes: no jar to ship
        return new FlinkTarget(
                flink.endpoint(), dashboard, null, Parallelism.fixed(parallelism), true);
    }

    /** The dashboard URL's host, which the embedded cluster's guard must then let through. */
    private static List<String> dashboardHosts(FlinkConfig config) {
        if (config.dashboardUrl().isEmpty()) {
            return List.of();
        }
        String host = URI.create(config.dashboardUrl()).getHost();
        return host == null ? List.of() : List.of(host);
    }

    private static FlinkTarget remote(FlinkConfig config) {
        Path jobJar = config.jobJar().isEmpty() ? null : Path.of(config.jobJar());
        // a remote cluster grows and shrinks: each job asks it for its task slots
        return new FlinkTarget(
                new FlinkEndpoint(
                        URI.create(config.restUrl()),
                        config.authorization(),
                        config.truststore(),
                        config.truststorePassword()),
                config.restUrl(),
                jobJar,
                Parallelism.clusterSlots(config.parallelism()),
                false);
    }
}
