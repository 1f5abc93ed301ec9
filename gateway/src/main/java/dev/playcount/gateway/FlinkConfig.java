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
            restUrl = withPort(restUrl);
        }
        String dashboardUrl = s.string("FLINK_DASHBOARD_URL", "");
        if (!dashboardUrl.isEmpty()) {
            checkDashboardUrl(dashboardUrl);
        }
        return new FlinkConfig(
                restUrl,
                s.port("FLINK_DASHBOARD_PORT", 0),
                dashboardUrl,
                // Flink's own ceiling of a job's parallelism (its max parallelism)
                s.intIn("FLINK_PARALLELISM", 0, 1, 32768),
                // the consumer's prefetch, an AMQP unsigned short: above it the consumer never
                // starts
                s.intIn("MAX_CONCURRENT_JOBS", 2, 1, 65535),
                s.positiveDuration("PROGRESS_INTERVAL", Duration.ofSeconds(2)),
                s.string("PIPELINE_JAR", ""),
                // 0 would fail a task at the first unanswered call, which is what it prevents
                s.positiveDuration("FLINK_OUTAGE_TOLERANCE", Duration.ofMinutes(5)),
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

    /**
     * The URL with its port spelled out: the launcher's REST client needs one, and a URL without it
     * means Flink's REST port 8081 over http (the JobManager itself) and 443 over https (a proxy in
     * front of it). The launcher would only fail at its first job otherwise, far from the setting.
     */
    private static String withPort(String value) {
        String expected =
                "an http:// or https:// URL of the JobManager's REST API, such as"
                        + " http://jobmanager:8081";
        URI uri = httpUri(value);
        if (uri != null) {
            if (uri.getPort() >= 0) {
                return value;
            }
            int port = uri.getScheme().equalsIgnoreCase("http") ? 8081 : 443;
            String authority = uri.getRawAuthority();
            int at = value.indexOf(authority);
            return value.substring(0, at + authority.length())
                    + ":"
                    + port
                    + value.substring(at + authority.length());
        }
        throw Settings.invalid("FLINK_REST_URL", value, expected);
    }

    private static void checkDashboardUrl(String value) {
        if (httpUri(value) == null) {
            throw Settings.invalid(
                    "FLINK_DASHBOARD_URL",
                    value,
                    "an http:// or https:// URL such as http://localhost:8081");
        }
    }

    /** The URL if it is http or https with a host, else null. */
    private static URI httpUri(String value) {
        try {
            URI uri = new URI(value);
            String scheme =
                    uri.getScheme() == null
                            ? ""
                            : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            return http && uri.getHost() != null ? uri : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    public boolean embedded() {
        return restUrl.isEmpty();
    }

    /** The parallelism of each job on the embedded cluster: FLINK_PARALLELISM, else the cores. */
    public int embeddedParallelism() {
        return parallelism > 0 ? parallelism : Runtime.getRuntime().availableProcessors();
    }
}
