package dev.playcount.gateway.task;

import java.util.Locale;

/** What the job does with an invalid row: the {@code invalidRows} query parameter. */
public enum InvalidRows {
    FAIL,
    SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code fail} or {@code skip}; null or blank means {@code fail}. */
    public static InvalidRows parse(String value) {
        if (value == null || value.isBlank()) {
            return FAIL;
        }
        for (InvalidRows policy : values()) {
            if (policy.wireName().equalsIgnoreCase(value.strip())) {
                return policy;
            }
        }
        throw new BadRequestException(
                "invalid_parameter",
                "invalidRows must be fail or skip, not '" + value + "'",
                java.util.List.of());
    }
}
