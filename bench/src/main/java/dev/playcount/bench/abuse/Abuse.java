package dev.playcount.bench.abuse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 13's abuse against a running gateway (bench/abuse starts one): slow clients, 50 parallel
 * real uploads, a flood of header-only uploads, each with /health probed all along. Prints one line
 * a phase. Every request goes to the loopback gateway only, in bounded counts and time.
 *
 * <p>Arguments: PORT [SLOW_CLIENTS] [PARALLEL_UPLOADS] [UPLOAD_MB] [FLOOD].
 */
public final class Abuse {

    private static final String TASKS = "/api/v1/file-processing/tasks";
    private static final String HEADER = "Song,Date,Number of Plays\n";

    private final int port;
    private final URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    private Abuse(int port) {
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int slow = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int uploadMb = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int flood = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        Abuse abuse = new Abuse(port);
        abuse.phase("idle", () -> idle(Duration.ofSeconds(3)));
        abuse.phase(slow + " slow clients, 10 s", () -> abuse.slowClients(slow));
        abuse.phase(
                parallel + " parallel uploads of " + uploadMb + " MB",
                () -> abuse.parallelUploads(parallel, uploadMb));
        abuse.phase(flood + " header-only uploads", () -> abuse.flood(flood, 16));
    }

    private interface Phase {
        String run() throws Exception;
    }

    private void phase(String name, Phase phase) throws Exception {
        String outcome;
        String health;
        long t0 = System.nanoTime();
        try (HealthProbe probe = new HealthProbe(base)) {
            outcome = phase.run();
            probe.close();
            health = probe.summary();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("| %s | %.1f s | %s | %s |%n", name, seconds, outcome, health);
    }

    private static String idle(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // nothing but the probe
        return "-";
    }

    /** Uploads that send their header row, then one byte a client every 500 ms for 10 s. */
    private String slowClients(int count) throws Exception {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(5_000);
            s.getOutputStream()
                    .write(
                            ("POST "
                                            + TASKS
                                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            + "Content-Type: text/csv\r\n"
                                            + "Content-Length: 100000000\r\n\r\n"
                                            + HEADER)
                                    .getBytes(StandardCharsets.US_ASCII));
            clients.add(s);
        }
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (Socket s : clients) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write('U');
                    out.flush();
                } catch (IOException e) {
                    // answered and closed by the gateway
                }
            }
            Thread.sleep(500); // a slow client's pace
        }
        Map<String, Integer> answers = new TreeMap<>();
        for (Socket s : clients) {
            answers.merge(statusOf(s), 1, Integer::sum);
            s.close();
        }
        return "answers " + answers + " (open: still held after 10 s)";
    }

    /** Parallel raw uploads of a real CSV; each retries after Retry-After when refused. */
    private String parallelUploads(int count, int megabytes) throws Exception {
        byte[] csv = csv(megabytes << 20);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        AtomicInteger refusals = new AtomicInteger();
        Map<Integer, Integer> finals = new ConcurrentHashMap<>();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(
                    pool.submit(
                            () -> {
                                int status = 0;
                                for (int attempt = 0; attempt < 20; attempt++) {
                                    HttpResponse<String> r = post(csv);
                                    status = r.statusCode();
                                    if (status != 503 && status != 429) {
                                        break;
                                    }
                                    refusals.incrementAndGet();
                                    long wait =
                                            Long.parseLong(
                                                    r.headers()
                                                            .firstValue("Retry-After")
                                                            .orElse("1"));
                                    Thread.sleep(wait * 1000); // as the answer asks
                                }
                                finals.merge(status, 1, Integer::sum);
                                return null;
                            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        return "final " + new TreeMap<>(finals) + ", " + refusals + " refusals retried";
    }

    /** Header-only uploads as fast as {@code threads} clients can send them. */
    private String flood(int count, int threads) throws Exception {
        byte[] body = HEADER.getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(
                    pool.submit(
                            () -> {
                                answers.merge(post(body).statusCode(), 1, Integer::sum);
                                return null;
                            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        return "answers " + new TreeMap<>(answers) + " (202: a task, so a Flink job)";
    }

    private HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(TASKS))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] csv(int bytes) {
        StringBuilder s = new StringBuilder(bytes + 64).append(HEADER);
        int i = 0;
        while (s.length() < bytes) {
            s.append("Song ")
                    .append(i % 5000)
                    .append(",2020-01-0")
                    .append(1 + i % 9)
                    .append(",7\n");
            i++;
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The HTTP status the gateway answered on {@code s}, "closed" or "open" (no answer yet). */
    private static String statusOf(Socket s) {
        try {
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? parts[1] : "closed";
        } catch (IOException e) {
            return "open";
        }
    }
}
