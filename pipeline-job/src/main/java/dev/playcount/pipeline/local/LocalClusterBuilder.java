package dev.playcount.pipeline.local;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * Builds the Flink MiniCluster that runs jobs in this JVM, for the CLI, the gateway's embedded mode
 * and tests alike: one TaskManager, everything on loopback, the REST API up (progress is read from
 * its metrics), metrics fresh every second, and no restarts.
 */
public final class LocalClusterBuilder {

    private static final String LOOPBACK = "127.0.0.1";

    private final Configuration conf = new Configuration();
    private int slots = 1;

    private LocalClusterBuilder() {
        // Nothing listens beyond this host: the REST API accepts job graphs, which run code.
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        // Bad data fails every attempt alike, and one JVM has no TaskManager to lose.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    }

    /** A builder with the loopback defaults and a REST port chosen by the system. */
    public static LocalClusterBuilder loopback() {
        return new LocalClusterBuilder();
    }

    /** The REST API's and dashboard's port on 127.0.0.1; 0 for a free one. */
    public LocalClusterBuilder restPort(int port) {
        conf.set(RestOptions.BIND_PORT, Integer.toString(port));
        conf.set(RestOptions.PORT, port);
        return this;
    }

    /** The TaskManager's slots: the parallelism times the jobs that may run at once. */
    public LocalClusterBuilder slots(int count) {
        slots = count;
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, count);
        return this;
    }

    /** Adds settings; later ones win over earlier ones and over the defaults. */
    public LocalClusterBuilder with(Configuration settings) {
        conf.addAll(settings);
        return this;
    }

    /** A copy of the settings, for the environment that builds the jobs' graphs. */
    public Configuration configuration() {
        return new Configuration(conf);
    }

    /** Starts the cluster; a cluster that fails to start is closed again. */
    public MiniCluster start() throws Exception {
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(new Configuration(conf))
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        try {
            cluster.start();
            return cluster;
        } catch (Exception e) {
            cluster.closeAsync();
            throw e;
        }
    }
}
