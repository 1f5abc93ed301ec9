package dev.playcount.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.core.receipt.Counts;
import dev.playcount.pipeline.source.ReadProgress;
import dev.playcount.pipeline.sum.SumProgress;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a running job's progress from a Flink cluster's REST API: the vertices' statuses from
 * {@code GET /jobs/{id}}, the receipt's accumulators, and the metrics the readers and the summer
 * publish (summed, or for the written fraction averaged, over their subtasks).
 *
 * <p>Two sources for each count, the larger wins: metrics are live, but the REST API fetches them
 * only every few seconds and freezes them when a task finishes (a fast reader may leave none);
 * accumulators and the vertices' built-in record counts are final once a task has finished.
 *
 * <p>It speaks HTTP through {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: the
 * latter keeps a selector thread in a native call that Java 17 cannot close, and {@code
 * System.exit} then waits 300 ms for it at the end of every CLI run (bench/README.md, "Fixed
 * cost").
 */
public final class JobProgressClient {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final URI rest;
    private final Preparer preparer;
    private final ObjectMapper json = new ObjectMapper();

    /** Readies each connection before it is sent: a credential, a TLS truststore. */
    @FunctionalInterface
    public interface Preparer {
        void prepare(HttpURLConnection connection) throws IOException;
    }

    /**
     * @param rest the cluster's REST address, e.g. {@code http://127.0.0.1:8081/}
     */
    public JobProgressClient(URI rest) {
        this(rest, connection -> {});
    }

    /**
     * @param rest the cluster's REST address; a path prefix (a proxy's {@code /flink/}) is kept
     */
    public JobProgressClient(URI rest, Preparer preparer) {
        String base = rest.toString();
        this.rest = URI.create(base.endsWith("/") ? base : base + "/");
        this.preparer = preparer;
    }

    /**
     * The job's progress, empty until its readers are in the job's graph.
     *
     * @param totalBytes the input's size
     */
    public Optional<JobProgress> poll(String jobId, long totalBytes)
            throws IOException, InterruptedException {
        return facts(jobId).map(f -> ProgressModel.of(f, totalBytes));
    }

    /** What the REST API says about the job now, empty until its readers are in the graph. */
    public Optional<JobFacts> facts(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        JsonNode reader = null;
        JsonNode summer = null;
        JsonNode writer = null;
        for (JsonNode v : job.path("vertices")) {
            String name = v.path("name").asText();
            if (name.contains("read-csv")) {
                reader = v;
            } else if (name.contains("sum-plays")) {
                summer = v;
            } else if (name.contains("write-csv") && (writer == null || name.contains("Writer"))) {
                writer = v; // not its committer, a vertex of its own that only moves the file
            }
        }
        if (reader == null) {
            return Optional.empty();
        }
        Map<String, Long> acc = accumulators(jobId);
        boolean readerFinished = finished(reader);
        long bytes = acc.getOrDefault(Counts.BYTES_READ, 0L);
        long rows = acc.getOrDefault(Counts.ROWS_READ, 0L);
        if (!readerFinished) {
            Map<String, JsonNode> m =
                    metrics(jobId, reader, ReadProgress.BYTES_READ, ReadProgress.ROWS_READ);
            bytes = Math.max(bytes, sum(m, ReadProgress.BYTES_READ));
            rows = Math.max(rows, sum(m, ReadProgress.ROWS_READ));
        }
        // a job built by an older jar has no such accumulator: what left the readers is close
        long partialSums =
                acc.getOrDefault(
                        Counts.PARTIAL_SUMS,
                        readerFinished ? records(reader, "write-records") : -1);
        long sumsIn = 0;
        long keysWritten = 0;
        double written = 0;
        long keysTotal = -1;
        if (summer != null && readerFinished) {
            sumsIn = records(summer, "read-records");
            keysWritten = records(summer, "write-records");
            Map<String, JsonNode> m =
                    metrics(
                            jobId,
                            summer,
                            SumProgress.SUMS_IN,
                            SumProgress.KEYS_WRITTEN,
                            SumProgress.WRITTEN_PPM);
            sumsIn = Math.max(sumsIn, sum(m, SumProgress.SUMS_IN));
            keysWritten = Math.max(keysWritten, sum(m, SumProgress.KEYS_WRITTEN));
            JsonNode ppm = m.get(SumProgress.WRITTEN_PPM);
            written = ppm == null ? 0 : Math.min(1, ppm.path("avg").asDouble() / 1_000_000);
            if (finished(summer)) {
                keysTotal = Math.max(keysWritten, acc.getOrDefault(Counts.ROWS_WRITTEN, 0L));
                keysWritten = keysTotal;
            }
        }
        return Optional.of(
                new JobFacts(
                        JobFacts.FINISHED.equals(job.path("state").asText()),
                        reader.path("status").asText(),
                        summer == null ? null : summer.path("status").asText(),
                        writer == null ? null : writer.path("status").asText(),
                        summer != null && summer.path("name").asText().contains("write-csv"),
                        pipelined(reader, summer),
                        bytes,
                        rows,
                        partialSums,
                        sumsIn,
                        keysWritten,
                        written,
                        keysTotal,
                        writer == null ? 0 : records(writer, "read-records")));
    }

    /**
     * Whether the summer was deployed before the readers ended: with pipelined exchanges every
     * stage starts at once, with blocking ones a stage starts once the one before has finished.
     */
    private static boolean pipelined(JsonNode reader, JsonNode summer) {
        if (summer == null) {
            return false;
        }
        long started = summer.path("start-time").asLong(-1);
        long readersEnded = reader.path("end-time").asLong(-1);
        return started > 0 && (readersEnded <= 0 || started < readersEnded);
    }

    private static boolean finished(JsonNode vertex) {
        return JobFacts.FINISHED.equals(vertex.path("status").asText());
    }

    /** A vertex's built-in record count: live while it runs, exact once it has finished. */
    private static long records(JsonNode vertex, String which) {
        return vertex.path("metrics").path(which).asLong(0);
    }

    private static long sum(Map<String, JsonNode> metrics, String name) {
        JsonNode m = metrics.get(name);
        return m == null ? 0 : m.path("sum").asLong(0);
    }

    /** The named operator metrics of a vertex, aggregated over its subtasks, by metric name. */
    private Map<String, JsonNode> metrics(String jobId, JsonNode vertex, String... names)
            throws IOException, InterruptedException {
        String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
        path += "/subtasks/metrics";
        Map<String, String> ids = new HashMap<>();
        for (JsonNode m : get(path)) {
            String id = m.path("id").asText();
            for (String name : names) {
                // operator metrics are scoped by the operator's name, e.g.
                // sum-plays.playcountSumsIn
                if (id.endsWith("." + name)) {
                    ids.put(id, name);
                }
            }
        }
        Map<String, JsonNode> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        String query =
                "?agg=sum,avg&get="
                        + URLEncoder.encode(String.join(",", ids.keySet()), StandardCharsets.UTF_8);
        for (JsonNode m : get(path + query)) {
            String name = ids.get(m.path("id").asText());
            if (name != null) {
                found.put(name, m);
            }
        }
        return found;
    }

    private Map<String, Long> accumulators(String jobId) throws IOException, InterruptedException {
        Map<String, Long> values = new HashMap<>();
        for (JsonNode a : get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
            // the counts progress needs are LongCounters; the plays are BigIntegerSums
            if ("LongCounter".equals(a.path("type").asText())) {
                values.put(a.path("name").asText(), Long.parseLong(a.path("value").asText()));
            }
        }
        return values;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("progress polling stopped");
        }
        // relative to the base, so that a path prefix stays
        HttpURLConnection http =
                (HttpURLConnection) rest.resolve(path.substring(1)).toURL().openConnection();
        preparer.prepare(http);
        http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        http.setReadTimeout(READ_TIMEOUT_MILLIS);
        int status = http.getResponseCode();
        if (status != 200) {
            http.disconnect();
            throw new IOException("GET " + path + " answered " + status);
        }
        // reading the body to its end returns the connection to the JDK's keep-alive cache
        try (InputStream body = http.getInputStream()) {
            return json.readTree(body);
        }
    }
}
