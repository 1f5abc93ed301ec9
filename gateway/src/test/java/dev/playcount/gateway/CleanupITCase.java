package dev.playcount.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.storage.MongoTaskRepository;
import dev.playcount.gateway.task.Cleanup;
import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention schedule against the real driver and the embedded MongoDB-compatible server. */
class CleanupITCase {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofHours(1);

    @TempDir Path dir;
    EmbeddedMongo mongo;
    MongoClient client;
    MongoTaskRepository tasks;
    MongoCollection<Document> collection;
    FileStore files;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dir.resolve("mongo"));
        client = MongoClients.create(mongo.connectionString());
        tasks = new MongoTaskRepository(client.getDatabase("playcount"));
        collection = client.getDatabase("playcount").getCollection("tasks");
        files = new FileStore(dir.resolve("storage"));
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void expiresOldResultsDeletesFinishedInputsAndOrphans() throws Exception {
        String oldDone = task(TaskStatus.COMPLETED, NOW.minus(Duration.ofHours(25)));
        String oldDownloaded = task(TaskStatus.DOWNLOADED, NOW.minus(Duration.ofDays(3)));
        String freshDone = task(TaskStatus.COMPLETED, NOW.minus(Duration.ofHours(2)));
        String failed = task(TaskStatus.FAILED, NOW.minus(Duration.ofMinutes(5)));
        String running = task(TaskStatus.IN_PROGRESS, null);
        String queued = task(TaskStatus.QUEUED, null);
        for (String id : List.of(oldDone, oldDownloaded, freshDone, failed, running, queued)) {
            write(files.input(id), NOW);
        }
        for (String id : List.of(oldDone, oldDownloaded, freshDone)) {
            write(files.result(id), NOW);
        }
        write(files.rejects(oldDone), NOW);
        String staleUpload = UUID.randomUUID().toString();
        String liveUpload = UUID.randomUUID().toString();
        write(files.partialUpload(staleUpload), NOW.minus(Duration.ofHours(2)));
        write(files.partialUpload(liveUpload), NOW.minus(Duration.ofSeconds(3)));
        String orphanResult = UUID.randomUUID().toString();
        write(files.result(orphanResult), NOW.minus(Duration.ofHours(2)));

        Cleanup.Report report = cleanup().runOnce();

        assertThat(report.expiredTasks()).isEqualTo(2);
        assertThat(status(oldDone)).isEqualTo("EXPIRED");
        assertThat(status(oldDownloaded)).isEqualTo("EXPIRED");
        assertThat(status(freshDone)).isEqualTo("COMPLETED");
        assertThat(status(failed)).isEqualTo("FAILED");
        assertThat(files.result(oldDone)).doesNotExist();
        assertThat(files.rejects(oldDone)).doesNotExist();
        assertThat(files.input(oldDone)).doesNotExist();
        assertThat(files.result(oldDownloaded)).doesNotExist();
        assertThat(files.result(freshDone)).exists();
        assertThat(files.input(freshDone)).doesNotExist();
        assertThat(files.input(failed)).doesNotExist();
        assertThat(files.input(running)).exists();
        assertThat(files.input(queued)).exists();
        assertThat(files.partialUpload(staleUpload)).doesNotExist();
        assertThat(files.partialUpload(liveUpload)).exists();
        assertThat(files.result(orphanResult)).doesNotExist();
        assertThat(report.orphanFiles()).isEqualTo(2);

        Cleanup.Report again = cleanup().runOnce();
        assertThat(again.expiredTasks() + again.deletedInputs() + again.orphanFiles()).isZero();
    }

    @Test
    void oldRecordsAreRemovedOnTheEmbeddedServer() throws Exception {
        Duration recordTtl = Duration.ofDays(30);
        Instant longAgo = NOW.minus(TTL).minus(recordTtl).minusSeconds(60);
        String expired = task(TaskStatus.EXPIRED, longAgo);
        collection.updateOne(
                Filters.eq("_id", expired),
                Updates.set("expiredAt", Date.from(NOW.minus(recordTtl).minusSeconds(60))));
        String expiredRecently = task(TaskStatus.EXPIRED, longAgo);
        collection.updateOne(
                Filters.eq("_id", expiredRecently),
                Updates.combine(
                        Updates.set("expiredAt", Date.from(NOW.minus(Duration.ofDays(29)))),
                        Updates.set("inputDeleted", true)));
        String failed = task(TaskStatus.FAILED, longAgo);
        String failedRecently = task(TaskStatus.FAILED, NOW.minus(Duration.ofDays(2)));
        String completed = task(TaskStatus.COMPLETED, longAgo);
        write(files.input(failed), NOW);
        write(files.result(completed), NOW);
        collection.updateOne(Filters.eq("_id", expired), Updates.set("inputDeleted", true));

        Cleanup.Report report =
                new Cleanup(tasks, files, Clock.fixed(NOW, ZoneOffset.UTC), TTL, GRACE, recordTtl)
                        .runOnce();

        // the failed task's input went in this run, then its record
        assertThat(report.removedRecords()).isEqualTo(2);
        assertThat(tasks.exists(expired)).isFalse();
        assertThat(tasks.exists(failed)).isFalse();
        assertThat(files.input(failed)).doesNotExist();
        assertThat(status(failedRecently)).isEqualTo("FAILED");
        assertThat(status(expiredRecently)).isEqualTo("EXPIRED");
        // expired in this run: its record stays for TASK_RECORD_TTL from now
        assertThat(status(completed)).isEqualTo("EXPIRED");
    }

    @Test
    void theListQueryAndTheCleanupHaveTheirIndexes() {
        tasks.createIndexes();
        tasks.createIndexes(); // a second start changes nothing

        // the embedded server records compound indexes (it does not use them; MongoDB does)
        assertThat(tasks.indexNames())
                .containsExactlyInAnyOrder(
                        "_id_",
                        "owner_-1_createdAt_-1__id_-1",
                        "owner_1_status_1_createdAt_-1__id_-1",
                        "createdAt_-1__id_-1",
                        "status_1_createdAt_-1__id_-1",
                        "status_1_queued_1_createdAt_1",
                        "status_1_finishedAt_1",
                        "status_1_expiredAt_1",
                        "status_1_inputDeleted_1",
                        "idempotencyScope_1");
    }

    @Test
    void severalGatewaysCleaningAtOnceExpireEachTaskOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = task(TaskStatus.COMPLETED, NOW.minus(Duration.ofDays(2)));
            write(files.result(id), NOW);
            ids.add(id);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Cleanup.Report>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(() -> cleanup().runOnce());
            }
            int expired = 0;
            for (Future<Cleanup.Report> run : pool.invokeAll(runs)) {
                expired += run.get().expiredTasks();
            }
            assertThat(expired).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            assertThat(status(id)).isEqualTo("EXPIRED");
            assertThat(files.result(id)).doesNotExist();
        }
    }

    @Test
    void stagingFoldersThatAppearAfterTheInputWentAreRemovedOnceUntouched() throws Exception {
        Instant old = NOW.minus(Duration.ofHours(2));
        String cancelled = task(TaskStatus.CANCELLED, NOW.minus(Duration.ofMinutes(5)));
        String failed = task(TaskStatus.FAILED, NOW.minus(Duration.ofMinutes(5)));
        String stillWriting = task(TaskStatus.CANCELLED, NOW.minus(Duration.ofMinutes(5)));
        String running = task(TaskStatus.IN_PROGRESS, null);
        for (String id : List.of(cancelled, failed, stillWriting)) {
            collection.updateOne(Filters.eq("_id", id), Updates.set("inputDeleted", true));
        }
        // what a job leaves: a hidden part file in the folder, written after the folder was made
        staged(files.resultStaging(cancelled), old, old);
        staged(files.rejectsStaging(cancelled), old, old);
        staged(files.resultStaging(failed), old, old);
        staged(files.resultStaging(stillWriting), old, NOW.minusSeconds(3));
        staged(files.resultStaging(running), old, old);
        String noTask = UUID.randomUUID().toString();
        staged(files.rejectsStaging(noTask), old, old);

        Cleanup.Report report = cleanup().runOnce();

        assertThat(files.resultStaging(cancelled)).doesNotExist();
        assertThat(files.rejectsStaging(cancelled)).doesNotExist();
        assertThat(files.resultStaging(failed)).doesNotExist();
        assertThat(files.rejectsStaging(noTask)).doesNotExist();
        assertThat(files.resultStaging(stillWriting)).exists();
        assertThat(files.resultStaging(running)).exists();
        assertThat(report.orphanFiles()).isEqualTo(4);
        assertThat(status(cancelled)).isEqualTo("CANCELLED");
    }

    private static void staged(Path folder, Instant made, Instant written) throws Exception {
        Files.createDirectories(folder);
        write(folder.resolve(".part-0.inprogress"), written);
        Files.setLastModifiedTime(folder, FileTime.from(made));
    }

    private Cleanup cleanup() {
        return new Cleanup(tasks, files, Clock.fixed(NOW, ZoneOffset.UTC), TTL, GRACE);
    }

    private String task(TaskStatus status, Instant finishedAt) {
        String id = UUID.randomUUID().toString();
        tasks.insert(
                Task.accepted(
                        id,
                        "",
                        NOW.minus(Duration.ofDays(5)),
                        new InputFile("p.csv", 1, "00"),
                        InvalidRowPolicy.FAIL,
                        null));
        collection.updateOne(
                Filters.eq("_id", id),
                Updates.combine(
                        Updates.set("status", status.name()),
                        Updates.set(
                                "finishedAt", finishedAt == null ? null : Date.from(finishedAt))));
        return id;
    }

    private String status(String id) {
        return collection.find(Filters.eq("_id", id)).first().getString("status");
    }

    private static void write(Path file, Instant modified) throws Exception {
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
