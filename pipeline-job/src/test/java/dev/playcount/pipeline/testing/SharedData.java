package dev.playcount.pipeline.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the original project's sample data in ../shared/data beside the repository. */
public final class SharedData {

    private SharedData() {}

    public static Path seedSample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/seed-100k-sample.csv");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "shared/data/seed-100k-sample.csv not found above " + Path.of("").toAbsolutePath());
    }
}
