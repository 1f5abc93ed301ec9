package dev.playcount.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The authenticating reverse proxy the design puts in front of a Flink REST API: HTTPS with a
 * self-signed certificate made for the test (keytool, for 127.0.0.1), a required {@code
 * Authorization} header, and the backend under a path prefix that it strips.
 */
public final class HttpsProxy implements AutoCloseable {

    private static final String STORE_PASSWORD = "proxy-store";

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient backendClient = HttpClient.newHttpClient();
    private final Path truststore;
    private final String prefix;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private HttpsProxy(HttpsServer server, Path truststore, String prefix) {
        this.server = server;
        this.truststore = truststore;
        this.prefix = prefix;
    }

    /**
     * @param prefix such as {@code /flink}: requests outside it answer 404
     * @param authorization the one Authorization value let through; others answer 401
     */
    public static HttpsProxy start(Path dir, URI backend, String prefix, String authorization)
            throws Exception {
        return start(dir, backend, prefix, authorization, "ip:127.0.0.1,dns:localhost");
    }

    /**
     * @param names the certificate's subject alternative names, e.g. {@code dns:flink.example}
     */
    public static HttpsProxy start(
            Path dir, URI backend, String prefix, String authorization, String names)
            throws Exception {
        Path keystore = dir.resolve("proxy.p12");
        Path cert = dir.resolve("proxy.cer");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "proxy",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=" + names,
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "proxy",
                "-keystore",
                keystore.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "proxy",
                "-file",
                cert.toString(),
                "-keystore",
                truststore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        HttpsProxy proxy = new HttpsProxy(server, truststore, prefix);
        server.createContext("/", exchange -> proxy.handle(exchange, backend, authorization));
        server.setExecutor(proxy.threads);
        server.start();
        return proxy;
    }

    /** The proxy's URL with its prefix and a trailing slash, e.g. https://127.0.0.1:1234/flink/. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + prefix + "/");
    }

    /** A truststore (PKCS12) that holds the proxy's certificate. */
    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return STORE_PASSWORD;
    }

    /** Every request as "METHOD path status", in arrival order. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange, URI backend, String authorization) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        try (exchange) {
            int status;
            byte[] answer;
            String type = "application/json";
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                answer = "missing or wrong credential".getBytes(StandardCharsets.UTF_8);
                type = "text/plain";
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            } else if (!path.startsWith(prefix + "/")) {
                status = 404;
                answer = "{\"errors\":[\"not under the prefix\"]}".getBytes(StandardCharsets.UTF_8);
            } else {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String target =
                        path.substring(prefix.length()) + (query == null ? "" : "?" + query);
                HttpRequest.Builder forward =
                        HttpRequest.newBuilder(backend.resolve(target))
                                .timeout(Duration.ofSeconds(30))
                                .method(
                                        method,
                                        body.length == 0
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofByteArray(body));
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                if (contentType != null) {
                    forward.header("Content-Type", contentType);
                }
                HttpResponse<byte[]> r =
                        backendClient.send(
                                forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = r.statusCode();
                answer = r.body();
                type = r.headers().firstValue("Content-Type").orElse(type);
            }
            seen.add(method + " " + path + " " + status);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        } catch (Exception e) {
            seen.add(method + " " + path + " failed: " + e);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
