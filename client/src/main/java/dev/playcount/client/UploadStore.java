package dev.playcount.client;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an unfinished upload can be found again after the client restarts: one small file per
 * upload, named by a hash of what makes the upload the same (service, file path, size and
 * modification time, compression, policy), holding its tus URL and idempotency key.
 */
public final class UploadStore {

    private final Path dir;

    public UploadStore(Path dir) {
        this.dir = dir;
    }

    /**
     * {@code PLAYCOUNT_STATE_DIR}, else {@code $XDG_STATE_HOME/playcount/uploads}, else {@code
     * ~/.local/state/playcount/uploads}.
     */
    public static UploadStore fromEnv(Map<String, String> env) {
        String explicit = env.getOrDefault("PLAYCOUNT_STATE_DIR", "");
        if (!explicit.isBlank()) {
            return new UploadStore(Path.of(explicit).resolve("uploads"));
        }
        String xdg = env.getOrDefault("XDG_STATE_HOME", "");
        Path base =
                xdg.isBlank()
                        ? Path.of(System.getProperty("user.home"), ".local", "state")
                        : Path.of(xdg);
        return new UploadStore(base.resolve("playcount").resolve("uploads"));
    }

    /** An upload under way: where it is and the key its task is made with. */
    public record Entry(URI url, String idempotencyKey) {}

    /** What identifies one upload of one file; any change (the file edited) makes another. */
    public static String key(
            URI service, Path file, Compression compression, int level, String policy)
            throws IOException {
        Path real = file.toRealPath();
        String id =
                String.join(
                        "\n",
                        service.toString(),
                        real.toString(),
                        Long.toString(Files.size(real)),
                        Long.toString(Files.getLastModifiedTime(real).toMillis()),
                        compression.name(),
                        Integer.toString(level),
                        policy,
                        // another JDK may deflate differently: its bytes would not continue ours
                        compression == Compression.NONE ? "" : System.getProperty("java.version"));
        return HexFormat.of()
                .formatHex(UploadSource.sha256().digest(id.getBytes(StandardCharsets.UTF_8)));
    }

    public Optional<Entry> find(String key) {
        Path f = dir.resolve(key + ".properties");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
            String url = p.getProperty("url");
            String idem = p.getProperty("idempotencyKey");
            if (url == null || idem == null) {
                return Optional.empty();
            }
            return Optional.of(new Entry(URI.create(url), idem));
        } catch (IOException | IllegalArgumentException e) {
            // a damaged entry only means the upload starts over
            return Optional.empty();
        }
    }

    /** Remembers an upload; failing to (a read-only home) only loses resuming after a restart. */
    public void save(String key, Entry entry) {
        try {
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("url", entry.url().toString());
            p.setProperty("idempotencyKey", entry.idempotencyKey());
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "playcount upload under way");
            }
            try {
                Files.move(
                        tmp,
                        dir.resolve(key + ".properties"),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(
                        tmp, dir.resolve(key + ".properties"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // best effort, see above
        }
    }

    public void remove(String key) {
        try {
            Files.deleteIfExists(dir.resolve(key + ".properties"));
        } catch (IOException e) {
            // a stale entry is found gone (404) next time and replaced
        }
    }
}
