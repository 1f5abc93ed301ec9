package dev.playcount.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The launcher's settings: which Flink cluster runs the jobs, and how many at once.
 *
 * @param restUrl empty for the embedded cluster
 * @param dashboardPort the embedded cluster's REST and dashboard port, 0 for a free one
 * @param dashboardUrl the dashboard's address as users reach it, empty for the REST address
 * @param parallelism 0 when unset: a remote cluster's jobs then get its task slots, the embedded
 *     cluster's the number of cores
 * @param jobJar the pipeline job's jar shipped to a remote cluster, empty for none
 * @param outageTolerance how long the launcher waits out a cluster that does not answer before it
 *     fails the task
 * @param authorization the Authorization header sent with every call to a remote cluster, or null
 * @param truststore the certificates an https remote cluster is checked against, or null for the
 *     JDK's own
 */
public record FlinkConfig(
        String restUrl,
        int dashboardPort,
        String dashboardUrl,
        int parallelism,
        int maxConcurrentJobs,
        Duration progressInterval,
        String jobJar,
        Duration outageTolerance,
        String authorization,
        Path truststore,
        String truststorePassword) {

    static FlinkConfig fromEnv(Settings s) {
        String restUrl = s.string("FLINK_REST_URL", "");
        if (!restUrl.isEmpty()) {
            checkHttpUrl(restUrl);
        }
        return new FlinkConfig(
                restUrl,
                s.port("FLINK_DASHBOARD_PORT", 0),
                s.string("FLINK_DASHBOARD_URL", ""),
                s.positiveInt("FLINK_PARALLELISM", 0),
                s.positiveInt("MAX_CONCURRENT_JOBS", 2),
                s.duration("PROGRESS_INTERVAL", Duration.ofSeconds(2)),
                s.string("PIPELINE_JAR", ""),
                positive(s, "FLINK_OUTAGE_TOLERANCE", Duration.ofMinutes(5)),
                FlinkAccess.authorization(s, restUrl),
                FlinkAccess.truststore(s, restUrl),
                s.string("FLINK_TRUSTSTORE_PASSWORD", ""));
    }

    /** Never the credential or the truststore's password: the settings may be logged. */
    @Override
    public String toString() {
        return "FlinkConfig[restUrl="
                + restUrl
                + ", dashboardPort="
                + dashboardPort
                + ", dashboardUrl="
                + dashboardUrl
                + ", parallelism="
                + parallelism
                + ", maxConcurrentJobs="
                + maxConcurrentJobs
                + ", credential="
                + (authorization == null ? "none" : "set")
                + ", truststore="
                + truststore
                + "]";
    }

    /** Zero would fail a task at the first unanswered call, which is what the setting prevents. */
    private static Duration positive(Settings s, String name, Duration fallback) {
        Duration value = s.duration(name, fallback);
        if (value.isZero() || value.isNegative()) {
            throw Settings.invalid(name, s.string(name, ""), "a positive duration such as 5m");
        }
        return value;
    }

    /** The launcher would only fail at its first job otherwise, far from the setting. */
    private static void checkHttpUrl(String value) {
        String expected =
                "an http:// URL of the JobManager's REST API, such as http://jobmanager:8081";
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    && uri.getHost() != null) {
                return;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw Settings.invalid("FLINK_REST_URL", value, expected);
    }

    public boolean embedded() {
        return restUrl.isEmpty();
    }

    /** The parallelism of each job on the embedded cluster: FLINK_PARALLELISM, else the cores. */
    public int embeddedParallelism() {
        return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    }
}
