package dev.playcount.pipeline.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The original project's sample data, kept byte for byte in the repository's {@code samples/}
 * folder. Tests run from a module's folder (Maven) or from the repository root (an IDE), so both
 * are looked in, and nothing outside the repository.
 */
public final class SharedData {

    private SharedData() {}

    /** 100,000 rows, CRLF line endings except the last line's LF, quoted names with commas. */
    public static Path seedSample() {
        return sample("seed-100k-sample.csv");
    }

    /** 91 rows with LF line endings: two songs on two days, four totals. */
    public static Path tinySample() {
        return sample("seed-tiny-sample.csv");
    }

    private static Path sample(String name) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir : List.of(here, here.getParent())) {
            Path candidate = dir.resolve("samples").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("samples/" + name + " not found in or above " + here);
    }
}
