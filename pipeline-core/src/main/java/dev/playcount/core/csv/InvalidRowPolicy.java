package dev.playcount.core.csv;

import java.util.Locale;

/**
 * What to do with a row that breaks the data contract: the CLI's {@code --invalid-rows} and the
 * API's {@code invalidRows}.
 */
public enum InvalidRowPolicy {
    /** Fail the run with the first invalid row's line number, reason and content. */
    FAIL,
    /** Leave invalid rows out, count them and write them to the rejects CSV. */
    SKIP;

    /** Parses {@code fail} or {@code skip}, naming the valid values otherwise. */
    public static InvalidRowPolicy parse(String value) {
        for (InvalidRowPolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(value.strip())) {
                return policy;
            }
        }
        throw new IllegalArgumentException(
                "invalid rows policy '" + value + "': expected fail or skip");
    }

    /** The policy as users write it: {@code fail} or {@code skip}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
