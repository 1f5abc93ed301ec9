package dev.playcount.pipeline.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.playcount.pipeline.receipt.Counts;
import dev.playcount.pipeline.source.ReadProgress;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a running job's progress (bytes and rows read, summed over the readers) from a Flink
 * cluster's REST API, where the readers publish them as metrics.
 */
public final class ReadProgressClient {

    /**
     * Bytes and rows the readers have consumed so far, and whether they are done (their metrics
     * stop updating when they finish, so the last numbers may fall short of the total).
     */
    public record Snapshot(long bytesRead, long rowsRead, boolean readingDone) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI rest;
    private final ObjectMapper json = new ObjectMapper();

    public ReadProgressClient(HttpClient http, URI rest) {
        this.http = http;
        this.rest = rest;
    }

    /**
     * Empty until the readers have started and reported at least once. Two sources, the larger
     * wins: the readers' metrics (live, but the REST API fetches them only every few seconds and a
     * reader that finishes before the first fetch leaves none) and the receipt's accumulators
     * (added once per finished split, and kept by the JobManager after the readers finish).
     */
    public Optional<Snapshot> poll(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        String vertex = null;
        boolean done = false;
        for (JsonNode v : job.path("vertices")) {
            if (v.path("name").asText().contains("read-csv")) {
                vertex = v.path("id").asText();
                done = "FINISHED".equals(v.path("status").asText());
            }
        }
        if (vertex == null) {
            return Optional.empty();
        }
        return Stream.concat(
                        metrics(jobId, vertex, done).stream(), accumulators(jobId, done).stream())
                .reduce(
                        (a, b) ->
                                new Snapshot(
                                        Math.max(a.bytesRead(), b.bytesRead()),
                                        Math.max(a.rowsRead(), b.rowsRead()),
                                        a.readingDone()));
    }

    private Optional<Snapshot> metrics(String jobId, String vertex, boolean done)
            throws IOException, InterruptedException {
        String metrics = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
        String bytesId = null;
        String rowsId = null;
        for (JsonNode m : get(metrics)) {
            String id = m.path("id").asText();
            if (id.endsWith("." + ReadProgress.BYTES_READ)) {
                bytesId = id;
            } else if (id.endsWith("." + ReadProgress.ROWS_READ)) {
                rowsId = id;
            }
        }
        if (bytesId == null || rowsId == null) {
            return Optional.empty();
        }
        long bytes = 0;
        long rows = 0;
        String query =
                "?agg=sum&get=" + URLEncoder.encode(bytesId + "," + rowsId, StandardCharsets.UTF_8);
        for (JsonNode m : get(metrics + query)) {
            if (m.path("id").asText().equals(bytesId)) {
                bytes = m.path("sum").asLong();
            } else {
                rows = m.path("sum").asLong();
            }
        }
        return Optional.of(new Snapshot(bytes, rows, done));
    }

    private Optional<Snapshot> accumulators(String jobId, boolean done)
            throws IOException, InterruptedException {
        Long bytes = null;
        Long rows = null;
        for (JsonNode a : get("/jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
            String name = a.path("name").asText();
            if (Counts.BYTES_READ.equals(name)) {
                bytes = Long.parseLong(a.path("value").asText());
            } else if (Counts.ROWS_READ.equals(name)) {
                rows = Long.parseLong(a.path("value").asText());
            }
        }
        if (bytes == null || rows == null) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(bytes, rows, done));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(rest.resolve(path)).timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
