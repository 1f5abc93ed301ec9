package dev.playcount.pipeline.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny real HTTP server that answers the few Flink REST calls progress makes ({@code /jobs/ID},
 * its accumulators, a vertex's subtask metrics) from a hand-made snapshot of one job.
 */
final class FakeFlinkRest implements AutoCloseable {

    static final String JOB = "0123456789abcdef0123456789abcdef";

    /**
     * One vertex as the REST API shows it, with its operator metrics (id to the sum and the average
     * over its two subtasks).
     */
    record Vertex(
            String id,
            String name,
            String status,
            long readRecords,
            long writeRecords,
            Map<String, double[]> metrics) {

        /** A counter whose subtasks add up to {@code sum}. */
        Vertex counter(String id, long sum) {
            return with(id, new double[] {sum, sum / 2.0});
        }

        /** A gauge whose subtasks average {@code avg}. */
        Vertex gauge(String id, double avg) {
            return with(id, new double[] {avg * 2, avg});
        }

        private Vertex with(String id, double[] value) {
            Map<String, double[]> more = new LinkedHashMap<>(metrics);
            more.put(id, value);
            return new Vertex(this.id, name, status, readRecords, writeRecords, more);
        }
    }

    static Vertex vertex(String id, String name, String status, long read, long written) {
        return new Vertex(id, name, status, read, written, Map.of());
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private volatile String state = "RUNNING";
    private volatile List<Vertex> vertices = List.of();
    private volatile Map<String, Long> accumulators = Map.of();

    private FakeFlinkRest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    static FakeFlinkRest start() throws IOException {
        return new FakeFlinkRest();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Sets what the next calls see. */
    FakeFlinkRest show(String jobState, Map<String, Long> accs, Vertex... vs) {
        state = jobState;
        accumulators = accs;
        vertices = List.of(vs);
        return this;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getRawQuery();
        Object body = null;
        if (path.equals("/jobs/" + JOB)) {
            body = job();
        } else if (path.equals("/jobs/" + JOB + "/accumulators")) {
            body = accumulators();
        } else {
            for (Vertex v : vertices) {
                if (path.equals("/jobs/" + JOB + "/vertices/" + v.id() + "/subtasks/metrics")) {
                    body = metrics(v, query);
                }
            }
        }
        byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
        exchange.sendResponseHeaders(
                body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private ObjectNode job() {
        ObjectNode job = json.createObjectNode().put("jid", JOB).put("state", state);
        ArrayNode vs = job.putArray("vertices");
        for (Vertex v : vertices) {
            ObjectNode node = vs.addObject().put("id", v.id()).put("name", v.name());
            node.put("status", v.status());
            node.putObject("metrics")
                    .put("read-records", v.readRecords())
                    .put("write-records", v.writeRecords());
        }
        return job;
    }

    private ObjectNode accumulators() {
        ObjectNode node = json.createObjectNode();
        ArrayNode user = node.putArray("user-task-accumulators");
        user.addObject().put("name", "playsIn").put("type", "BigIntegerSum").put("value", "1");
        accumulators.forEach(
                (name, value) ->
                        user.addObject()
                                .put("name", name)
                                .put("type", "LongCounter")
                                .put("value", String.valueOf(value)));
        return node;
    }

    private ArrayNode metrics(Vertex v, String query) {
        ArrayNode list = json.createArrayNode();
        if (query == null) {
            v.metrics().keySet().forEach(id -> list.addObject().put("id", id));
            return list;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String param : query.split("&")) {
            String[] kv = param.split("=", 2);
            params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        if (!Set.of(params.getOrDefault("agg", "").split(",")).containsAll(Set.of("sum", "avg"))) {
            throw new IllegalStateException("progress asks for sum and avg, got " + params);
        }
        List<String> wanted = Arrays.asList(params.getOrDefault("get", "").split(","));
        v.metrics()
                .forEach(
                        (id, m) -> {
                            if (wanted.contains(id)) {
                                list.addObject().put("id", id).put("sum", m[0]).put("avg", m[1]);
                            }
                        });
        return list;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
