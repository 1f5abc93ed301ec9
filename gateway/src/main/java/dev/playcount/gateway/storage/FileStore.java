package dev.playcount.gateway.storage;

import dev.playcount.core.io.Folders;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.gateway.task.StoredFile;
import dev.playcount.gateway.task.TaskFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The storage root's layout. Every path is built from a task id (a UUID) only, never from a name a
 * user sent: {@code uploads/ID.part} while an upload arrives, {@code inputs/ID.csv} once it is
 * complete, {@code results/ID.csv} and {@code rejects/ID.csv} written by the job. An upload whose
 * job starts before its last byte is written to {@code inputs/ID.csv} directly, and {@code
 * inputs/ID.csv.upload} says when it is complete.
 */
public final class FileStore implements TaskFiles {

    private final Path root;
    private final Path uploads;
    private final Path inputs;
    private final Path results;
    private final Path rejects;

    public FileStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.uploads = this.root.resolve("uploads");
        this.inputs = this.root.resolve("inputs");
        this.results = this.root.resolve("results");
        this.rejects = this.root.resolve("rejects");
        try {
            for (Path dir : List.of(uploads, inputs, results, rejects)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the storage folders under " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path partialUpload(String id) {
        return uploads.resolve(checked(id) + ".part");
    }

    public Path input(String id) {
        return inputs.resolve(checked(id) + ".csv");
    }

    /** How the upload of the input ended ({@code UploadMarker}), written after its last byte. */
    public Path inputMarker(String id) {
        return inputs.resolve(checked(id) + ".csv" + UploadMarker.SUFFIX);
    }

    @Override
    public long inputSize(String id) {
        try {
            return Files.size(input(id));
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public Path result(String id) {
        return results.resolve(checked(id) + ".csv");
    }

    @Override
    public Path rejects(String id) {
        return rejects.resolve(checked(id) + ".csv");
    }

    /** The hidden folder the job writes the result into before it is published. */
    public Path resultStaging(String id) {
        return results.resolve("." + checked(id) + ".staging");
    }

    /** The hidden folder the job writes the rejects into before they are published. */
    public Path rejectsStaging(String id) {
        return rejects.resolve("." + checked(id) + ".staging");
    }

    /** Deletes every file of the task; missing files are fine (another gateway was first). */
    @Override
    public void deleteAll(String id) {
        deleteInput(id);
        deleteQuietly(partialUpload(id));
        deleteOutputs(id);
    }

    @Override
    public void deleteInput(String id) {
        deleteQuietly(input(id));
        deleteQuietly(inputMarker(id));
    }

    @Override
    public void deleteOutputs(String id) {
        deleteQuietly(result(id));
        deleteQuietly(rejects(id));
        deleteStaging(id);
    }

    @Override
    public void deleteStaging(String id) {
        deleteTree(resultStaging(id));
        deleteTree(rejectsStaging(id));
    }

    /** Deletes a file or a folder and everything in it; a missing one is fine. */
    public static void deleteTree(Path path) {
        Folders.deleteRecursively(path);
    }

    @Override
    public void delete(StoredFile file) {
        deleteTree(file.path());
    }

    public long usableSpace() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /**
     * Task-id files in every folder, with the time each was last written (for a staging folder, the
     * newest write in it).
     */
    @Override
    public List<StoredFile> list() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        for (Path dir : List.of(uploads, inputs, results, rejects)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path file : stream) {
                    String fileName = file.getFileName().toString();
                    // staging folders are named .ID.staging
                    boolean staging = fileName.startsWith(".") && fileName.endsWith(".staging");
                    String name = fileName.replaceFirst("^\\.", "");
                    int dot = name.indexOf('.');
                    String id = dot < 0 ? name : name.substring(0, dot);
                    try {
                        files.add(
                                new StoredFile(
                                        file, id, dir == uploads, staging, lastWritten(file)));
                    } catch (IOException | UncheckedIOException e) {
                        // deleted meanwhile: nothing to clean
                    }
                }
            }
        }
        return files;
    }

    /**
     * When anything in the file or folder was last written. A job appends to a file inside its
     * staging folder, which changes that file's time but not the folder's.
     */
    private static Instant lastWritten(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return Files.getLastModifiedTime(path).toInstant();
        }
        try (Stream<Path> tree = Files.walk(path)) {
            FileTime newest = FileTime.fromMillis(0);
            for (Path p : (Iterable<Path>) tree::iterator) {
                try {
                    FileTime t = Files.getLastModifiedTime(p);
                    newest = t.compareTo(newest) > 0 ? t : newest;
                } catch (NoSuchFileException e) {
                    // moved away meanwhile (a published result): the rest still counts
                }
            }
            return newest.toInstant();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static String checked(String id) {
        // Paths are built from ids only; a UUID round trip refuses anything else (../, slashes).
        return UUID.fromString(id).toString();
    }
}
