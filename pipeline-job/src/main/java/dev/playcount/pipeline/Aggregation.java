package dev.playcount.pipeline;

import java.util.Locale;

/** Where the keyed sums live during a run. */
public enum Aggregation {
    /** Keyed state in RocksDB with managed memory, spilling to local disk. */
    ROCKSDB,
    /** Flink's batch runtime: records sorted by key (spilling to disk), one key's sum at a time. */
    SORT;

    public static Aggregation parse(String value) {
        for (Aggregation a : values()) {
            if (a.name().equalsIgnoreCase(value.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("aggregation '" + value + "': expected rocksdb or sort");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
