package dev.playcount.gateway.testing;

import dev.playcount.pipeline.local.LocalClusterBuilder;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * A MiniCluster in the test's JVM standing in for a remote session cluster (FLINK_REST_URL): its
 * REST API takes jobs from any caller, unlike the gateway's embedded cluster, whose guard lets only
 * its own launcher submit. Sized like the embedded one.
 */
public final class OpenMiniCluster implements AutoCloseable {

    private final MiniCluster cluster;
    private final URI restUrl;

    private OpenMiniCluster(MiniCluster cluster) throws Exception {
        this.cluster = cluster;
        this.restUrl = cluster.getRestAddress().get();
    }

    public static OpenMiniCluster start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64L * slots));
        return new OpenMiniCluster(LocalClusterBuilder.loopback().slots(slots).with(conf).start());
    }

    public URI restUrl() {
        return restUrl;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
