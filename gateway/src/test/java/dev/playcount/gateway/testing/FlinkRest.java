package dev.playcount.gateway.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a Flink cluster says about its jobs, over its REST API. */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI rest;

    public FlinkRest(URI rest) {
        this.rest = rest;
    }

    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** The state of every job the cluster knows with this id (one, or none). */
    public List<String> statesOf(String jobId) throws Exception {
        List<String> states = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if (job.path("jid").asText().equals(jobId)) {
                states.add(job.path("state").asText());
            }
        }
        return states;
    }

    /** Whether one of the job's vertices runs: its tasks are deployed and at work. */
    public boolean verticesRunning(String jobId) throws Exception {
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            if (vertex.path("status").asText().equals("RUNNING")) {
                return true;
            }
        }
        return false;
    }

    /** Waits until the job is in {@code state}. */
    public void awaitState(String jobId, String state, Duration timeout) {
        await().alias("job " + jobId + " " + state)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> statesOf(jobId), List.of(state)::equals);
    }
}
