package dev.playcount.core.publish;

import dev.playcount.core.io.Folders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Publishes a sink's output as one file under its final name with an atomic move, so no partial
 * result is ever visible there; discards the staging folder when the run fails.
 *
 * <p>A sink of parallelism N commits up to N part files, each starting with the header: they are
 * joined in the staging folder first (the first part whole, the others without their header line),
 * by channel-to-channel copies that stay in the kernel.
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
     * Moves the committed part files, joined into one, to the target; with none (a sink that saw no
     * rows writes no file), writes {@code header} alone.
     */
    public void publish(String header) throws IOException {
        List<Path> files = committedFiles();
        Path file;
        if (files.isEmpty()) {
            Files.createDirectories(staging);
            file = staging.resolve("empty.csv");
            Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
        } else if (files.size() == 1) {
            file = files.get(0);
        } else {
            file = staging.resolve(".joined.csv");
            join(files, (header + "\n").getBytes(StandardCharsets.UTF_8).length, file);
        }
        Files.move(
                file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        discard();
    }

    private static void join(List<Path> parts, long headerBytes, Path joined) throws IOException {
        try (FileChannel out =
                FileChannel.open(joined, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < parts.size(); i++) {
                try (FileChannel in = FileChannel.open(parts.get(i), StandardOpenOption.READ)) {
                    long from = i == 0 ? 0 : headerBytes;
                    long size = in.size();
                    while (from < size) {
                        from += in.transferTo(from, size - from, out);
                    }
                }
            }
        }
    }

    private List<Path> committedFiles() throws IOException {
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Deletes the staging folder and anything in it. */
    public void discard() {
        Folders.deleteRecursively(staging);
    }
}
