package dev.playcount.gateway.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tus 1.0 client by hand, for tests: each request as the protocol spells it, and a PATCH whose
 * connection the test cuts itself.
 */
public final class TusClient {

    public static final String UPLOADS = "/api/v1/file-processing/uploads";

    private final URI base;
    private final String[] auth;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param auth header name and value pairs sent with every request (an Authorization)
     */
    public TusClient(URI base, String... auth) {
        this.base = base;
        this.auth = auth;
    }

    /** The metadata header of these pairs, values in base64. */
    public static String metadata(Map<String, String> pairs) {
        return pairs.entrySet().stream()
                .map(
                        e ->
                                e.getKey()
                                        + " "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        e.getValue()
                                                                .getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    /** POSTs a creation of {@code length} bytes with the file name and invalidRows given. */
    public HttpResponse<String> create(long length, String fileName, String invalidRows)
            throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("filename", fileName);
        if (invalidRows != null) {
            meta.put("invalidRows", invalidRows);
        }
        return create("Upload-Length", Long.toString(length), "Upload-Metadata", metadata(meta));
    }

    public HttpResponse<String> create(String... headers) throws IOException {
        return send(request(UPLOADS, headers).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The path of the upload a creation made (its Location). */
    public static String location(HttpResponse<String> created) {
        return created.headers().firstValue("Location").orElseThrow();
    }

    public HttpResponse<String> patch(String path, long offset, byte[] bytes, String... headers)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(
                List.of(
                        "Content-Type",
                        "application/offset+octet-stream",
                        "Upload-Offset",
                        Long.toString(offset)));
        return send(
                request(path, all.toArray(String[]::new))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public HttpResponse<String> head(String path) throws IOException {
        return send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> delete(String path) throws IOException {
        return send(request(path).DELETE());
    }

    public HttpResponse<String> options() throws IOException {
        return send(request(UPLOADS).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    /** The upload's offset by a HEAD. */
    public long offset(String path) throws IOException {
        HttpResponse<String> head = head(path);
        if (head.statusCode() != 204 && head.statusCode() != 200) {
            throw new IOException("HEAD " + path + ": " + head.statusCode());
        }
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    /**
     * Opens a PATCH that announces {@code announced} bytes from {@code offset}, and sends the first
     * {@code sent} of {@code bytes}; the test closes the returned socket to cut it.
     */
    public Socket startPatch(String path, long offset, byte[] bytes, int sent, long announced)
            throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        StringBuilder head = new StringBuilder();
        head.append("PATCH ").append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(base.getHost()).append(':').append(base.getPort());
        head.append("\r\nTus-Resumable: 1.0.0\r\n");
        head.append("Content-Type: application/offset+octet-stream\r\n");
        head.append("Upload-Offset: ").append(offset).append("\r\n");
        head.append("Content-Length: ").append(announced).append("\r\n");
        for (int i = 0; i + 1 < auth.length; i += 2) {
            head.append(auth[i]).append(": ").append(auth[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, 0, sent);
        out.flush();
        return socket;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Tus-Resumable", "1.0.0");
        if (auth.length > 0) {
            b.headers(auth);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(
                    request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
