package dev.playcount.gateway.storage;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.Encoding;
import dev.playcount.gateway.task.InputFile;
import dev.playcount.gateway.task.Phase;
import dev.playcount.gateway.task.Progress;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskReceipt;
import dev.playcount.gateway.task.TaskStatus;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/** Maps tasks to MongoDB documents and back; field names here are the collection's schema. */
final class TaskDocuments {

    private TaskDocuments() {}

    static Document toDocument(Task t) {
        Document d =
                new Document("_id", t.id())
                        .append("owner", t.owner())
                        .append("status", t.status().name())
                        .append("createdAt", date(t.createdAt()))
                        .append("startedAt", date(t.startedAt()))
                        .append("finishedAt", date(t.finishedAt()))
                        .append("input", input(t.input()))
                        .append("invalidRowPolicy", t.invalidRowPolicy().name())
                        .append("progress", progress(t.progress()))
                        .append("rowsRead", t.rowsRead())
                        .append("rowsWritten", t.rowsWritten())
                        .append("invalidRows", t.invalidRows())
                        .append("errors", errors(t.errors()))
                        .append("flinkJobId", t.flinkJobId())
                        .append("dashboardUrl", t.dashboardUrl())
                        .append("queued", t.queued())
                        .append("inputDeleted", t.inputDeleted())
                        .append("receipt", t.receipt() == null ? null : receipt(t.receipt()))
                        .append("leaseOwner", t.leaseOwner())
                        .append("leaseUntil", date(t.leaseUntil()))
                        .append("requestedAt", date(t.requestedAt()));
        if (t.idempotencyKey() != null) {
            // absent rather than null, so the sparse unique index only covers keyed uploads
            d.append("idempotencyKey", t.idempotencyKey())
                    .append("idempotencyScope", idempotencyScope(t.owner(), t.idempotencyKey()));
        }
        return d;
    }

    static Document input(InputFile input) {
        return new Document("name", input.name())
                .append("bytes", input.bytes())
                .append("sha256", input.sha256())
                .append("encoding", input.encoding())
                .append("receivedBytes", input.receivedBytes())
                .append("receivedSha256", input.receivedSha256());
    }

    /** A task recorded before compressed uploads has no encoding: it was received as stored. */
    private static InputFile inputFile(Document input) {
        InputFile stored =
                new InputFile(
                        input.getString("name"),
                        number(input.get("bytes")),
                        input.getString("sha256"));
        if (input.getString("encoding") == null) {
            return stored;
        }
        return new InputFile(
                stored.name(),
                stored.bytes(),
                stored.sha256(),
                Encoding.fromWire(input.getString("encoding")).wireName(),
                number(input.get("receivedBytes")),
                input.getString("receivedSha256"));
    }

    static Task toTask(Document d) {
        Document input = d.get("input", Document.class);
        Document progress = d.get("progress", new Document());
        List<Document> errors = d.getList("errors", Document.class, List.of());
        return new Task(
                d.getString("_id"),
                d.getString("owner"),
                TaskStatus.valueOf(d.getString("status")),
                instant(d.getDate("createdAt")),
                instant(d.getDate("startedAt")),
                instant(d.getDate("finishedAt")),
                inputFile(input),
                InvalidRowPolicy.valueOf(d.getString("invalidRowPolicy")),
                new Progress(
                        progress.get("percent", 0.0),
                        Phase.fromWire(progress.getString("phase")),
                        progress.get("phasePercent", 0.0),
                        number(progress.get("rowsRead")),
                        number(progress.get("bytesRead"))),
                boxed(d.get("rowsRead")),
                boxed(d.get("rowsWritten")),
                boxed(d.get("invalidRows")),
                errors.stream()
                        .map(
                                e ->
                                        new TaskError(
                                                e.getString("code"),
                                                e.getString("message"),
                                                boxed(e.get("line"))))
                        .toList(),
                d.getString("flinkJobId"),
                d.getString("dashboardUrl"),
                d.getBoolean("queued", false),
                d.getString("idempotencyKey"),
                d.getBoolean("inputDeleted", false),
                receipt(d.get("receipt", Document.class)),
                d.getString("leaseOwner"),
                instant(d.getDate("leaseUntil")),
                instant(d.getDate("requestedAt")));
    }

    static Document progress(Progress p) {
        return new Document("percent", p.percent())
                .append("phase", p.phase() == null ? null : p.phase().wireName())
                .append("phasePercent", p.phasePercent())
                .append("rowsRead", p.rowsRead())
                .append("bytesRead", p.bytesRead());
    }

    static List<Document> errors(List<TaskError> errors) {
        return errors.stream()
                .map(
                        e ->
                                new Document("code", e.code())
                                        .append("message", e.message())
                                        .append("line", e.line()))
                .toList();
    }

    static Document receipt(TaskReceipt r) {
        return new Document("rowsRead", r.rowsRead())
                .append("rowsAggregated", r.rowsAggregated())
                .append("invalidRows", r.invalidRows())
                .append("repeatedHeaders", r.repeatedHeaders())
                .append("playsIn", r.playsIn())
                .append("playsOut", r.playsOut())
                .append("rowsWritten", r.rowsWritten())
                .append("inputSha256", r.inputSha256())
                .append("resultSha256", r.resultSha256())
                .append("seconds", r.seconds());
    }

    private static TaskReceipt receipt(Document d) {
        if (d == null) {
            return null;
        }
        return new TaskReceipt(
                number(d.get("rowsRead")),
                number(d.get("rowsAggregated")),
                number(d.get("invalidRows")),
                number(d.get("repeatedHeaders")),
                d.getString("playsIn"),
                d.getString("playsOut"),
                number(d.get("rowsWritten")),
                d.getString("inputSha256"),
                d.getString("resultSha256"),
                d.get("seconds", 0.0));
    }

    /** One field holding owner and key, so one unique index scopes keys to their owner. */
    static String idempotencyScope(String owner, String key) {
        return owner + "/" + key;
    }

    static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Long boxed(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
