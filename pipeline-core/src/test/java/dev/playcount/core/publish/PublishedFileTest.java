package dev.playcount.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.core.io.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedFileTest {

    @TempDir Path dir;

    @Test
    void countsRecordsNotLinesAndHashesTheBytes() throws Exception {
        Path file = dir.resolve("out.csv");
        Files.writeString(
                file,
                "Song,Date,Total Number of Plays for Date\n"
                        + "\"two\nlines\",2020-01-01,1\n"
                        + "\"say \"\"hi\"\"\n\",2020-01-02,2\n"
                        + "plain,2020-01-03,3\n");

        PublishedFile read = PublishedFile.read(file);

        assertThat(read.records()).isEqualTo(4);
        assertThat(read.sha256()).isEqualTo(Sha256.of(file));
    }
}
