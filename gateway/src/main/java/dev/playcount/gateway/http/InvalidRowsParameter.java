package dev.playcount.gateway.http;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.BadRequestException;
import java.util.List;

/** Reads the {@code invalidRows} query parameter (or upload metadata) into the core's policy. */
final class InvalidRowsParameter {

    private InvalidRowsParameter() {}

    /** Parses {@code fail} or {@code skip}; null or blank means {@code fail}. */
    static InvalidRowPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return InvalidRowPolicy.FAIL;
        }
        try {
            return InvalidRowPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "invalid_parameter",
                    "invalidRows must be fail or skip, not '" + value + "'",
                    List.of());
        }
    }
}
