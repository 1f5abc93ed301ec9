package dev.playcount.pipeline.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Publishes a sink's single file under its final name with an atomic move, so no partial result is
 * ever visible there; discards the staging folder when the run fails.
 */
public final class SingleFilePublisher {

    private final Path target;
    private final Path staging;

    private SingleFilePublisher(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** A hidden staging folder beside the target, so the final move stays on one filesystem. */
    public static SingleFilePublisher forTarget(Path target) {
        Path absolute = target.toAbsolutePath();
        Path staging =
                absolute.resolveSibling(
                        "." + absolute.getFileName() + ".staging-" + UUID.randomUUID());
        return new SingleFilePublisher(absolute, staging);
    }

    /**
     * A publisher whose staging folder is chosen by the caller, so another process (a restarted
     * launcher) can publish what a job wrote there.
     */
    public static SingleFilePublisher withStaging(Path target, Path staging) {
        return new SingleFilePublisher(target.toAbsolutePath(), staging.toAbsolutePath());
    }

    public Path staging() {
        return staging;
    }

    public Path target() {
        return target;
    }

    /**
     * Moves the one committed file to the target; with none (a sink that saw no rows writes no
     * file), writes {@code headerIfEmpty} alone.
     */
    public void publish(String headerIfEmpty) throws IOException {
        List<Path> files = committedFiles();
        if (files.size() > 1) {
            throw new IOException("expected one file in " + staging + ", found " + files);
        }
        Path file;
        if (files.isEmpty()) {
            Files.createDirectories(staging);
            file = staging.resolve("empty.csv");
            Files.writeString(file, headerIfEmpty + "\n", StandardCharsets.UTF_8);
        } else {
            file = files.get(0);
        }
        Files.move(
                file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        discard();
    }

    private List<Path> committedFiles() throws IOException {
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .collect(Collectors.toList());
        }
    }

    /** Deletes the staging folder and anything in it. */
    public void discard() {
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + staging, e);
        }
    }
}
