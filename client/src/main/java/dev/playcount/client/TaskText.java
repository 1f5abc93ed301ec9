package dev.playcount.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Tasks as short human text: a status block, a list row, a progress line, a failure line. */
public final class TaskText {

    private TaskText() {}

    /** {@code task ID FAILED: line 3: ...}, with the task's first error. */
    public static String failure(String id, JsonNode task) {
        String status = Json.text(task, "status", "?");
        JsonNode errors = task.path("errors");
        if (errors.isArray() && errors.size() > 0) {
            return "task " + id + " " + status + ": " + Json.text(errors.get(0), "message", "");
        }
        return "task " + id + " " + status;
    }

    /** The status block {@code status ID} prints. */
    public static String status(JsonNode task) {
        StringBuilder b = new StringBuilder();
        row(b, "task", Json.text(task, "id", "?"));
        row(b, "status", Json.text(task, "status", "?"));
        JsonNode input = task.path("input");
        if (!input.isMissingNode() && !input.isNull()) {
            row(
                    b,
                    "input",
                    Json.text(input, "name", "?")
                            + ", "
                            + String.format(Locale.ROOT, "%,d", input.path("bytes").asLong())
                            + " bytes, invalid rows: "
                            + Json.text(task, "invalidRowPolicy", "fail"));
        }
        row(b, "progress", progress(task));
        if (task.hasNonNull("rowsRead")) {
            row(
                    b,
                    "rows",
                    String.format(
                            Locale.ROOT,
                            "%,d read, %,d written, %,d invalid",
                            task.path("rowsRead").asLong(),
                            task.path("rowsWritten").asLong(),
                            task.path("invalidRows").asLong()));
        }
        JsonNode receipt = task.path("receipt");
        if (receipt.isObject()) {
            row(
                    b,
                    "plays",
                    Json.text(receipt, "playsIn", "?")
                            + " in = "
                            + Json.text(receipt, "playsOut", "?")
                            + " out");
            row(b, "input sha256", Json.text(receipt, "inputSha256", "?"));
            row(b, "result sha256", Json.text(receipt, "resultSha256", "?"));
        }
        row(b, "created", Json.text(task, "createdAt", "-"));
        if (task.hasNonNull("finishedAt")) {
            row(b, "finished", Json.text(task, "finishedAt", "-"));
        }
        if (task.hasNonNull("dashboardUrl")) {
            row(b, "dashboard", Json.text(task, "dashboardUrl", ""));
        }
        for (JsonNode e : task.path("errors")) {
            row(b, "error", Json.text(e, "message", ""));
        }
        return b.toString();
    }

    /** {@code 34% reading 80%}: the whole task's percent, then the phase and its own percent. */
    public static String progress(JsonNode task) {
        JsonNode p = task.path("progress");
        double percent = p.path("percent").asDouble();
        String phase = Json.text(p, "phase", "");
        String s = String.format(Locale.ROOT, "%.0f%%", Math.floor(percent));
        if (!phase.isEmpty()) {
            s +=
                    String.format(
                            Locale.ROOT,
                            " %s %.0f%%",
                            phase,
                            Math.floor(p.path("phasePercent").asDouble()));
        }
        return s;
    }

    /** The header of {@link #listRow}. */
    public static String listHeader() {
        return String.format(
                Locale.ROOT,
                "%-36s  %-11s  %5s  %14s  %s",
                "ID",
                "STATUS",
                "DONE",
                "BYTES",
                "FILE");
    }

    /** One task of {@code list}: id, status, percent, size, file name. */
    public static String listRow(JsonNode task) {
        return String.format(
                Locale.ROOT,
                "%-36s  %-11s  %4.0f%%  %,14d  %s",
                Json.text(task, "id", "?"),
                Json.text(task, "status", "?"),
                Math.floor(task.path("progress").path("percent").asDouble()),
                task.path("input").path("bytes").asLong(),
                Json.text(task.path("input"), "name", ""));
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "%-14s %s%n", name, value));
    }
}
