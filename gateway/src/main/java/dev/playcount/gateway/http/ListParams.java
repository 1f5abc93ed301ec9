package dev.playcount.gateway.http;

import dev.playcount.gateway.task.BadRequestException;
import dev.playcount.gateway.task.TaskStatus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;

/** The query parameters of {@code GET /tasks}, parsed or refused with a 400 naming them. */
final class ListParams {

    private ListParams() {}

    static TaskStatus status(String value) {
        try {
            return TaskStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "invalid_parameter",
                    "status must be one of "
                            + List.of(TaskStatus.values())
                            + ", not '"
                            + value
                            + "'",
                    List.of());
        }
    }

    static int intParam(Context ctx, String name, int fallback, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestException(
                "invalid_parameter",
                name + " must be a whole number from 1 to " + max + ", not '" + value + "'",
                List.of());
    }
}
