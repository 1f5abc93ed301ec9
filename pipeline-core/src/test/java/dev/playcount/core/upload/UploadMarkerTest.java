package dev.playcount.core.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadMarkerTest {

    private static final String SHA = "ab".repeat(32);

    @TempDir Path dir;

    @Test
    void aCompleteMarkerRoundTripsThroughItsFile() throws Exception {
        Path input = dir.resolve("id.csv");
        UploadMarker.complete(1234, SHA).writeFor(input);

        byte[] data = Files.readAllBytes(dir.resolve("id.csv.upload"));
        assertThat(UploadMarker.parse(data, data.length))
                .isEqualTo(UploadMarker.complete(1234, SHA));
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file stays").hasSize(1);
        }
    }

    @Test
    void aBrokenMarkerKeepsItsReasonOnOneLineAndReplacesAnEarlierOne() throws Exception {
        Path input = dir.resolve("id.csv");
        UploadMarker.complete(1, SHA).writeFor(input);
        UploadMarker.broken("client gone\r\nat byte 5").writeFor(input);

        byte[] data = Files.readAllBytes(dir.resolve("id.csv.upload"));
        UploadMarker marker = UploadMarker.parse(data, data.length);
        assertThat(marker.complete()).isFalse();
        assertThat(marker.reason()).isEqualTo("client gone at byte 5");
    }

    @Test
    void somethingElseIsRefusedWithWhatIsWrong() {
        byte[] junk = "hello\nstatus=complete\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UploadMarker.parse(junk, junk.length))
                .hasMessageContaining("not an upload marker");
        byte[] noBytes =
                ("playcount-upload 1\nstatus=complete\nsha256=" + SHA + "\n")
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UploadMarker.parse(noBytes, noBytes.length))
                .hasMessageContaining("byte count");
        assertThatThrownBy(() -> UploadMarker.complete(1, "XYZ")).hasMessageContaining("SHA-256");
    }
}
