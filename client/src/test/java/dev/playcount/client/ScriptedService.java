package dev.playcount.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 that answers each path with the next of a script of answers (the
 * last one repeats), for the client's retry and wait logic without a whole gateway.
 */
final class ScriptedService implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(int status, String body, String... headers) {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.put(headers[i], headers[i + 1]);
            }
            return new Answer(status, h, body);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    ScriptedService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers {@code method path} with {@code answers} in turn, the last one from then on. */
    ScriptedService on(String method, String path, Answer... answers) {
        script.put(method + " " + path, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request seen, as {@code METHOD path?query [Range]}. */
    List<String> requests() {
        return requests;
    }

    /** The Authorization header of every request ("-" when there was none). */
    List<String> authorizations() {
        return authorizations;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex;
                InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "-" : auth);
            String path = ex.getRequestURI().getPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(
                    ex.getRequestMethod()
                            + " "
                            + ex.getRequestURI()
                            + (range == null ? "" : " " + range));
            Deque<Answer> answers = script.get(ex.getRequestMethod() + " " + path);
            Answer a =
                    answers == null
                            ? Answer.json(
                                    404,
                                    "{\"code\":\"not_found\",\"message\":\"no such"
                                            + " path\",\"details\":[]}")
                            : answers.size() > 1 ? answers.poll() : answers.peek();
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
