package dev.playcount.core.publish;

import dev.playcount.core.io.Folders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>A result is moved once: a manifest of it is written into the staging folder before the move
 * and kept after it, so a publish of the same run repeated later (a launcher restarted before it
 * recorded the outcome) finds the result published instead of publishing an empty one over it.
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
     * rows writes no file), writes {@code header} alone. Then deletes the staging folder.
     */
    public void publish(String header) throws IOException {
        Path file = stage(header);
        move(file, PublishedFile.read(file));
        discard();
    }

    /**
     * The manifest of a result this run already moved to the target, if it did: the staging folder
     * then holds only the manifest (see {@link PublishManifest}).
     */
    public Optional<PublishedFile> published() throws IOException {
        return PublishManifest.read(staging);
    }

    /**
     * The one file to move: the single committed part, the parts joined, or {@code header} alone
     * when the sink committed none.
     *
     * @throws NoSuchFileException when this run's result was moved already but is no longer there
     */
    public Path stage(String header) throws IOException {
        List<Path> files = committedFiles();
        if (files.isEmpty()) {
            if (published().isPresent()) {
                // never replace a published result by an empty one: it was moved, then lost
                throw new NoSuchFileException(
                        target.toString(), null, "this run's published result is gone");
            }
            Files.createDirectories(staging);
            Path file = staging.resolve(".empty.csv");
            Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
            return file;
        }
        if (files.size() == 1) {
            return files.get(0);
        }
        Path file = staging.resolve(".joined.csv");
        join(files, (header + "\n").getBytes(StandardCharsets.UTF_8).length, file);
        return file;
    }

    /**
     * Records what {@code file} holds in the manifest, then moves it to the target atomically and
     * deletes the rest of the staging folder but the manifest, which a repeated publish reads.
     */
    public void move(Path file, PublishedFile holds) throws IOException {
        PublishManifest.write(staging, holds);
        Files.move(
                file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> left = Files.list(staging)) {
            for (Path path : left.collect(Collectors.toList())) {
                if (!path.getFileName().toString().equals(PublishManifest.NAME)) {
                    Folders.deleteRecursively(path);
                }
            }
        }
    }

    private static void join(List<Path> parts, long headerBytes, Path joined) throws IOException {
        // a publish cut short may have left a joined file: start it again
        try (FileChannel out =
                FileChannel.open(
                        joined,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
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
