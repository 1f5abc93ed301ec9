package dev.playcount.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvOracleTest {

    @TempDir Path dir;

    @Test
    void sumsValidRowsAndCountsInvalidOnesAsTheDataContractSays() throws IOException {
        Path in =
                write(
                        "Song,Date,Number of Plays\n"
                                + "\"A, live\",2020-01-01,5\r\n"
                                + "\"A, live\",2020-01-01,7\n"
                                + "\"B \"\"x\"\"\nside\",2020-02-29,9223372036854775807\n"
                                + "Song,Date,Number of Plays\n" // repeated header: skipped
                                + "\n" // blank: skipped
                                + "C,2021-02-29,1\n" // no such day
                                + "C,2020-1-01,1\n"
                                + "C,2020-01-01,-1\n"
                                + "C,2020-01-01,99999999999999999999\n"
                                + ",2020-01-01,1\n"
                                + "C,2020-01-01\n"
                                + "C,2020-01-01,3");

        CsvOracle.Expected expected = CsvOracle.aggregate(in);

        assertThat(expected.invalidRows()).isEqualTo(6);
        assertThat(expected.totals())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                CsvOracle.key("A, live", "2020-01-01"), BigInteger.valueOf(12),
                                CsvOracle.key("B \"x\"\nside", "2020-02-29"),
                                        BigInteger.valueOf(Long.MAX_VALUE),
                                CsvOracle.key("C", "2020-01-01"), BigInteger.valueOf(3)));
    }

    @Test
    void readsAResultAndRefusesAKeyWrittenTwice() throws IOException {
        String header = "Song,Date,Total Number of Plays for Date\n";
        Path good = write(header + "\"A, live\",2020-01-01,12\nC,2020-01-01,3\n");
        assertThat(CsvOracle.readResult(good))
                .containsEntry(CsvOracle.key("A, live", "2020-01-01"), BigInteger.valueOf(12))
                .hasSize(2);

        Path twice = write(header + "C,2020-01-01,3\nC,2020-01-01,3\n");
        assertThatThrownBy(() -> CsvOracle.readResult(twice)).hasMessageContaining("twice");
        Path empty = write("");
        assertThatThrownBy(() -> CsvOracle.readResult(empty)).hasMessageContaining("empty");
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "in", ".csv");
        return Files.writeString(f, text);
    }
}
