package dev.playcount.core.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a staged result held (its SHA-256 and records), written into the staging folder just before
 * the result is moved to its final name. A later publish of the same run reads it to tell "this
 * run's result is already published" (the file at the final name has this hash) from "nothing was
 * ever produced" (no manifest), so it keeps the result instead of replacing it.
 */
final class PublishManifest {

    /** Dot-named, so neither the sink's committed files nor the join ever pick it up. */
    static final String NAME = ".published";

    private PublishManifest() {}

    /** Writes the manifest atomically: a reader sees the whole of it or none. */
    static void write(Path staging, PublishedFile staged) throws IOException {
        Path tmp = staging.resolve(NAME + ".tmp");
        Files.writeString(tmp, staged.sha256() + " " + staged.records() + "\n");
        Files.move(
                tmp,
                staging.resolve(NAME),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The manifest in {@code staging}, if the run's result was (about to be) moved. */
    static Optional<PublishedFile> read(Path staging) throws IOException {
        Path file = staging.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String[] fields = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
        if (fields.length != 2) {
            throw new IOException("unreadable publish manifest " + file);
        }
        return Optional.of(new PublishedFile(fields[0], Long.parseLong(fields[1])));
    }
}
