package dev.playcount.client;

import java.util.regex.Pattern;

/** Task ids are UUIDs: anything else is refused before a call (it could only be a 404). */
final class TaskId {

    private static final Pattern UUID =
            Pattern.compile(
                    "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TaskId() {}

    static String check(String id) {
        if (!UUID.matcher(id).matches()) {
            throw new ClientException(
                    ExitCode.USAGE, "'" + id + "' is not a task id: expected a UUID");
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
