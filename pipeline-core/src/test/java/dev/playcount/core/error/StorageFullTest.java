package dev.playcount.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class StorageFullTest {

    @Test
    void aFullDiskAnywhereInTheChainIsStorageFull() {
        Exception failure =
                new RuntimeException(
                        "job failed",
                        new UncheckedIOException(new IOException("No space left on device")));

        assertThat(StorageFull.in(failure))
                .hasValueSatisfying(
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
                            assertThat(e.getMessage()).startsWith("the result did not fit");
                        });
    }

    @Test
    void anotherFailureIsNot() {
        assertThat(StorageFull.in(new IOException("Permission denied"))).isEmpty();
        assertThat(StorageFull.in(null)).isEmpty();
    }
}
