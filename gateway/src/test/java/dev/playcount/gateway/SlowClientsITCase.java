package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.playcount.gateway.testing.LocalCluster;
import dev.playcount.gateway.testing.RoleProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's slow clients against the built jar in a JVM with a 128 MiB heap: 150 uploads that send
 * their header row and then one byte every 200 ms. Before the limits they pinned ~3 MiB of heap
 * each (OutOfMemoryError), took the request threads and left /health unanswered for seconds. Now
 * the process bound refuses most at once (503), Jetty's data-rate floor ends the rest (408),
 * /health answers throughout and a normal upload gets through.
 */
class SlowClientsITCase {

    private static final String API = "/api/v1/file-processing";
    private static final int CLIENTS = 150;
    private static final Duration TRICKLE = Duration.ofSeconds(6);

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tricklingUploadsStarveNeitherHealthNorANormalUploadNorTheHeap() throws Exception {
        int port = LocalCluster.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        Map<String, String> env =
                Map.of(
                        "HOST", "127.0.0.1",
                        "PORT", String.valueOf(port),
                        "STORAGE_DIR", dir.resolve("storage").toString(),
                        "MIN_FREE_DISK", "16MB",
                        "AMQP_QUEUE", "playcount.slow-clients");
        try (RoleProcess gateway = RoleProcess.start("gateway", "gateway", env, dir, "-Xmx128m")) {
            await().alias("the gateway answers /health")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> health(base) == 200);

            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(startUpload(port));
            }
            long worstHealthMillis = 0;
            int normalUpload = 0;
            long end = System.nanoTime() + TRICKLE.toNanos();
            while (System.nanoTime() < end) {
                for (Socket client : clients) {
                    trickle(client);
                }
                long t0 = System.nanoTime();
                assertThat(health(base)).isEqualTo(200);
                worstHealthMillis =
                        Math.max(worstHealthMillis, (System.nanoTime() - t0) / 1_000_000);
                if (normalUpload != 202) {
                    normalUpload = upload(base);
                }
                // the pace of a slow client, not an ordering of events: a byte each 200 ms
                Thread.sleep(200);
            }

            Map<Integer, Integer> answers = new TreeMap<>();
            for (Socket client : clients) {
                answers.merge(status(client), 1, Integer::sum);
                client.close();
            }
            System.out.printf(
                    "slow clients: answers %s, slowest /health %d ms, normal upload %d%n",
                    answers, worstHealthMillis, normalUpload);
            assertThat(worstHealthMillis).as("slowest /health, ms").isLessThan(2000);
            assertThat(normalUpload).as("a normal upload during the trickle").isEqualTo(202);
            // every slow client had its answer: refused at once or ended by the data-rate floor
            assertThat(answers.keySet()).as("answers " + answers).isSubsetOf(408, 503);
            assertThat(answers.values().stream().mapToInt(Integer::intValue).sum())
                    .isEqualTo(CLIENTS);
            assertThat(gateway.isAlive()).isTrue();
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static Socket startUpload(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write(
                        ("POST "
                                        + API
                                        + "/tasks HTTP/1.1\r\n"
                                        + "Host: 127.0.0.1\r\n"
                                        + "Content-Type: text/csv\r\n"
                                        + "Content-Length: 100000000\r\n\r\n"
                                        + "Song,Date,Number of Plays\n")
                                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** One more byte of a valid row; a client the gateway already answered is left alone. */
    private static void trickle(Socket client) {
        try {
            OutputStream out = client.getOutputStream();
            out.write('U');
            out.flush();
        } catch (IOException e) {
            // answered and closed by the gateway: its status is read at the end
        }
    }

    /** The status line's code, or 0 when the gateway closed without an answer. */
    private static int status(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        String[] parts = line.toString().split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    private int health(URI base) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(base.resolve("/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int upload(URI base) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(base.resolve(API + "/tasks"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "text/csv")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "Song,Date,Number of Plays\n"
                                                        + "Umbrella,2020-01-02,200\n"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
