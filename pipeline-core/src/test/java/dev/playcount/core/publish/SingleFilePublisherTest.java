package dev.playcount.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleFilePublisherTest {

    private static final String HEADER = "Song,Date,Total Number of Plays for Date";

    @TempDir Path dir;

    @Test
    void joinsPartFilesUnderOneHeader() throws Exception {
        SingleFilePublisher publisher = SingleFilePublisher.forTarget(dir.resolve("out.csv"));
        Path parts = Files.createDirectories(publisher.staging().resolve("bucket"));
        Files.writeString(parts.resolve("result-x-1-0.csv"), HEADER + "\nb,2020-01-02,2\n");
        Files.writeString(parts.resolve("result-x-0-0.csv"), HEADER + "\na,2020-01-01,1\n");
        Files.writeString(parts.resolve(".result-x-2-0.csv.inprogress"), "not committed\n");
        Files.writeString(
                parts.resolve("result-x-2-0.csv"), HEADER + "\n\"c, live\",2020-01-03,3\n");

        publisher.publish(HEADER);

        assertThat(Files.readString(dir.resolve("out.csv"), StandardCharsets.UTF_8))
                .isEqualTo(HEADER + "\na,2020-01-01,1\nb,2020-01-02,2\n\"c, live\",2020-01-03,3\n");
        assertThat(publisher.staging()).doesNotExist();
    }

    @Test
    void writesTheHeaderAloneWhenNoPartWasCommitted() throws Exception {
        SingleFilePublisher publisher = SingleFilePublisher.forTarget(dir.resolve("out.csv"));
        publisher.publish(HEADER);
        assertThat(dir.resolve("out.csv")).hasContent(HEADER);
        assertThat(publisher.staging()).doesNotExist();
    }
}
