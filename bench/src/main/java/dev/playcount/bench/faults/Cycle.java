package dev.playcount.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.bench.faults.InputPool.Input;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One injection: a few tasks uploaded at once, the fault injected at a random moment while they
 * upload, wait or run, then every task waited for and its result checked against the oracle.
 */
final class Cycle {

    private static final Set<String> ENDED =
            Set.of("COMPLETED", "DOWNLOADED", "FAILED", "CANCELLED", "EXPIRED");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration MOMENT_POLL = Duration.ofMillis(50);
    private static final Duration MOMENT_WAIT = Duration.ofMinutes(3);

    /**
     * What one injection gave: a verdict per task, cut uploads, notes, the tasks' states when the
     * fault hit, and times from the first upload: to the last 202 and to the end of the checks.
     */
    record Outcome(
            List<Verdict> verdicts,
            int cuts,
            List<String> notes,
            Map<String, Integer> hit,
            Duration uploadsTook,
            Duration took) {}

    private final Stack stack;
    private final Duration taskTimeout;
    private final Path results;

    Cycle(Stack stack, Duration taskTimeout) throws IOException {
        this.stack = stack;
        this.taskTimeout = taskTimeout;
        this.results = Files.createDirectories(stack.work().resolve("results"));
    }

    Outcome run(Fault fault, List<Input> tasks, Moment moment, SplittableRandom random)
            throws Exception {
        long started = System.nanoTime();
        long uploaded = started;
        List<String> notes = new ArrayList<>();
        ApiClient api = stack.api();
        Uploader uploader = new Uploader(api);
        ExecutorService uploads = Executors.newFixedThreadPool(tasks.size());
        List<Future<String>> ids = new ArrayList<>();
        try {
            for (Input input : tasks) {
                ids.add(uploads.submit(() -> uploader.upload(input.file())));
            }
            await(api, moment, ids);
            Map<String, Integer> hit = fault == Fault.NONE ? Map.of() : snapshot(api, ids);
            String note = fault.inject(stack, random);
            if (!note.isEmpty()) {
                notes.add(note);
            }
            List<Verdict> verdicts = new ArrayList<>();
            Map<String, Input> accepted = new HashMap<>();
            for (int i = 0; i < tasks.size(); i++) {
                String id = ids.get(i).get(10, TimeUnit.MINUTES);
                uploaded = System.nanoTime();
                if (id == null) {
                    verdicts.add(Verdict.NOT_ACCEPTED);
                } else {
                    accepted.put(id, tasks.get(i));
                }
            }
            Map<String, JsonNode> ended = awaitEnd(api, accepted.keySet(), notes);
            for (Map.Entry<String, Input> e : accepted.entrySet()) {
                verdicts.add(judge(api, e.getKey(), e.getValue(), ended.get(e.getKey()), notes));
            }
            return new Outcome(
                    verdicts,
                    uploader.cuts(),
                    notes,
                    hit,
                    Duration.ofNanos(uploaded - started),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            uploads.shutdownNow();
        }
    }

    /** Until the moment: the delay passed, or the task reached the progress (or ended). */
    private static void await(ApiClient api, Moment moment, List<Future<String>> ids)
            throws Exception {
        if (!moment.byProgress()) {
            Thread.sleep(moment.delay().toMillis()); // the random delay is the point here
            return;
        }
        String id = ids.get(moment.task()).get(10, TimeUnit.MINUTES);
        if (id == null) {
            return; // never accepted: inject now
        }
        long deadline = System.nanoTime() + MOMENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> task = api.task(id);
            String status = task.map(t -> t.path("status").asText()).orElse("");
            if (ENDED.contains(status)
                    || status.equals("IN_PROGRESS")
                            && task.get().path("progress").path("percent").asDouble()
                                    >= moment.percent()) {
                return;
            }
            Thread.sleep(MOMENT_POLL.toMillis());
        }
    }

    /** What each task was doing when the fault hit: uploading, its status, or ended. */
    private static Map<String, Integer> snapshot(ApiClient api, List<Future<String>> ids)
            throws Exception {
        Map<String, Integer> hit = new TreeMap<>();
        for (Future<String> f : ids) {
            String id = f.isDone() ? f.get() : null;
            String state =
                    id == null
                            ? "uploading"
                            : api.task(id).map(t -> t.path("status").asText()).orElse("unknown");
            hit.merge(ENDED.contains(state) ? "ended" : state, 1, Integer::sum);
        }
        return hit;
    }

    /** Polls until every task ended; a task still going at the deadline is missing (lost). */
    private Map<String, JsonNode> awaitEnd(ApiClient api, Set<String> ids, List<String> notes)
            throws InterruptedException {
        Map<String, JsonNode> ended = new HashMap<>();
        Map<String, JsonNode> last = new HashMap<>();
        Set<String> waiting = new HashSet<>(ids);
        long deadline = System.nanoTime() + taskTimeout.toNanos();
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(waiting)) {
                Optional<JsonNode> task = api.task(id);
                task.ifPresent(t -> last.put(id, t));
                if (task.isPresent() && ENDED.contains(task.get().path("status").asText())) {
                    ended.put(id, task.get());
                    waiting.remove(id);
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        for (String id : waiting) {
            JsonNode t = last.get(id);
            String seen = t == null ? "never seen" : t.path("status").asText();
            notes.add("LOST " + id + " (" + seen + ")");
            System.err.println(
                    "LOST task " + id + " after " + taskTimeout.toSeconds() + " s: " + t);
        }
        return ended;
    }

    private Verdict judge(
            ApiClient api, String id, Input input, JsonNode task, List<String> notes) {
        if (task == null) {
            return Verdict.LOST;
        }
        String status = task.path("status").asText();
        if (!status.equals("COMPLETED") && !status.equals("DOWNLOADED")) {
            String errors = task.path("errors").toString();
            notes.add(status + " " + errors);
            System.err.println(status + " task " + id + ": " + task);
            return Verdict.FAILED;
        }
        Path result = results.resolve(id + ".csv");
        try {
            api.download(id, result);
            Map<String, BigInteger> totals = CsvOracle.readResult(result);
            String wrong =
                    difference(input.expected(), totals, task.path("invalidRows").asLong(-1));
            if (wrong != null) {
                notes.add("WRONG " + id + ": " + wrong);
                System.err.println(
                        "WRONG result of task " + id + " (" + input.describe() + "): " + wrong);
                return Verdict.WRONG;
            }
            return Verdict.RIGHT;
        } catch (IOException e) {
            notes.add("WRONG " + id + ": " + e.getMessage());
            System.err.println("WRONG task " + id + ": " + e.getMessage() + "; task " + task);
            return Verdict.WRONG;
        } finally {
            try {
                Files.deleteIfExists(result);
            } catch (IOException e) {
                // the work folder goes at the end anyway
            }
        }
    }

    /** What differs between a task's result and the oracle's, or null when nothing does. */
    private static String difference(
            CsvOracle.Expected expected, Map<String, BigInteger> totals, long invalidRows) {
        if (invalidRows != expected.invalidRows()) {
            return "invalidRows " + invalidRows + ", expected " + expected.invalidRows();
        }
        if (totals.equals(expected.totals())) {
            return null;
        }
        long missing =
                expected.totals().keySet().stream().filter(k -> !totals.containsKey(k)).count();
        long extra =
                totals.keySet().stream().filter(k -> !expected.totals().containsKey(k)).count();
        long differ =
                expected.totals().entrySet().stream()
                        .filter(e -> totals.containsKey(e.getKey()))
                        .filter(e -> !totals.get(e.getKey()).equals(e.getValue()))
                        .count();
        return String.format(
                "%d rows, expected %d: %d keys missing, %d extra, %d totals differ",
                totals.size(), expected.totals().size(), missing, extra, differ);
    }
}
