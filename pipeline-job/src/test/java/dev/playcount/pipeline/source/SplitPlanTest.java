package dev.playcount.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.pipeline.testing.TestCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitPlanTest {

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(longs = {0, 7, 64, 1000, 1 << 20})
    void cutsFallOnRecordBoundariesWithTheRightLineNumbers(long splitBytes) throws Exception {
        Path input =
                new TestCsv(17)
                        .withBom()
                        .withBlankLines(0.1)
                        .write(dir.resolve("in.csv"), 300, 30, 5);
        byte[] bytes = Files.readAllBytes(input);

        SplitPlan direct =
                RecordAlignedSplitter.plan(
                        org.apache.flink.core.fs.Path.fromLocalFile(input.toFile()), splitBytes, 3);
        if (splitBytes > 0 && splitBytes < 1000) {
            assertThat(direct.offsets().length).as("many splits").isGreaterThan(10);
        }
        long[] offsets = direct.offsets();
        assertThat(offsets[0]).isZero();
        assertThat(offsets[offsets.length - 1]).isEqualTo(bytes.length);
        for (int i = 1; i < offsets.length - 1; i++) {
            int cut = (int) offsets[i];
            long quotes = 0;
            long lineFeeds = 0;
            for (int j = 0; j < cut; j++) {
                quotes += bytes[j] == '"' ? 1 : 0;
                lineFeeds += bytes[j] == '\n' ? 1 : 0;
            }
            if (cut > 0 && cut < bytes.length) {
                assertThat(bytes[cut - 1])
                        .as("cut %d follows a line feed", cut)
                        .isEqualTo((byte) '\n');
                assertThat(quotes % 2).as("cut %d is outside quotes", cut).isZero();
            }
            assertThat(direct.firstLines()[i]).isEqualTo(lineFeeds + 1);
        }
    }
}
