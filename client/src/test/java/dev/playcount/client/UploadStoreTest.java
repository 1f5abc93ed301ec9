package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadStoreTest {

    @TempDir Path dir;

    private static final URI SERVICE = URI.create("http://localhost:5002");

    @Test
    void anUploadIsFoundAgainUntilRemoved() throws Exception {
        Path f = Files.writeString(dir.resolve("a.csv"), "Song,Date,Number of Plays\n");
        UploadStore store =
                UploadStore.fromEnv(Map.of("PLAYCOUNT_STATE_DIR", dir.resolve("state").toString()));
        String key = UploadStore.key(SERVICE, f, Compression.NONE, 0, "fail");
        assertThat(store.find(key)).isEmpty();

        UploadStore.Entry e =
                new UploadStore.Entry(
                        URI.create("http://localhost:5002/api/v1/file-processing/uploads/abc"),
                        "k-1");
        store.save(key, e);
        assertThat(store.find(key)).contains(e);
        assertThat(dir.resolve("state/uploads").toFile().list()).hasSize(1);

        store.remove(key);
        assertThat(store.find(key)).isEmpty();
    }

    @Test
    void anEditedFileOrOtherSettingsAreAnotherUpload() throws Exception {
        Path f = Files.writeString(dir.resolve("a.csv"), "Song,Date,Number of Plays\n");
        String key = UploadStore.key(SERVICE, f, Compression.NONE, 0, "fail");
        assertThat(UploadStore.key(SERVICE, f, Compression.GZIP, 1, "fail")).isNotEqualTo(key);
        assertThat(UploadStore.key(SERVICE, f, Compression.NONE, 0, "skip")).isNotEqualTo(key);
        assertThat(UploadStore.key(URI.create("http://other:5002"), f, Compression.NONE, 0, "fail"))
                .isNotEqualTo(key);

        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(UploadStore.key(SERVICE, f, Compression.NONE, 0, "fail")).isNotEqualTo(key);
    }

    @Test
    void aDamagedEntryIsNoEntry() throws Exception {
        Path state = dir.resolve("state");
        UploadStore store = UploadStore.fromEnv(Map.of("PLAYCOUNT_STATE_DIR", state.toString()));
        Files.createDirectories(state.resolve("uploads"));
        Files.writeString(
                state.resolve("uploads/k.properties"), "url=::not a uri\nidempotencyKey=x\n");
        assertThat(store.find("k")).isEmpty();
        Files.writeString(state.resolve("uploads/k.properties"), "nothing=here\n");
        assertThat(store.find("k")).isEmpty();
    }
}
