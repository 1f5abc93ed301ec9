package dev.playcount.bench.faults;

import dev.playcount.bench.SynthWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The inputs the tasks upload: {@code bench/generate synth} files of varied sizes and key counts,
 * each followed by a tail of invalid rows (uploaded with {@code invalidRows=skip}), a repeated
 * header, a blank line, CRLF endings and a last line without one. Each file's expected result is
 * computed once, by {@link CsvOracle}.
 */
final class InputPool {

    /** One input file and what its task must end with. */
    record Input(Path file, long rows, long bytes, CsvOracle.Expected expected) {
        String describe() {
            return String.format(
                    "%s: %,d rows, %,d bytes, %,d keys, %,d invalid",
                    file.getFileName(),
                    rows,
                    bytes,
                    expected.totals().size(),
                    expected.invalidRows());
        }
    }

    /** Rows of a file: small ones end within the fixed cost of a job, large ones run a while. */
    private static final long[] ROWS = {20_000, 100_000, 400_000, 1_000_000, 2_000_000};

    /** Rows the data contract rejects, one reason each; %d makes the song unique. */
    private static final String[] INVALID = {
        "Song %d,2020-02-30,5", // no such day
        "Song %d,2021-13-01,5",
        "Song %d,2020-1-01,5", // not yyyy-MM-dd
        "Song %d,2020-01-01,-4",
        "Song %d,2020-01-01,12x",
        "Song %d,2020-01-01,99999999999999999999", // beyond 64 bits
        "Song %d,2020-01-01,", // no number
        "Song %d,2020-01-01", // a field missing
        ",2020-01-01,7", // no song
    };

    private InputPool() {}

    static List<Input> generate(Path dir, int count, SplittableRandom random) throws IOException {
        Files.createDirectories(dir);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // the sizes cycle, so even a short pool has small and large files
            long rows = ROWS[i % ROWS.length];
            int days = 1 + random.nextInt(30);
            // from 2 to 9 rows a key: many distinct keys, and sums of several rows each
            int songs = (int) Math.max(1, rows / days / (2 + random.nextInt(8)));
            Path file = dir.resolve("input-" + i + ".csv");
            new SynthWriter(rows, songs, days, random.nextLong()).write(file);
            long tailRows = appendTail(file, random);
            inputs.add(
                    new Input(file, rows + tailRows, Files.size(file), CsvOracle.aggregate(file)));
        }
        return inputs;
    }

    private static long appendTail(Path file, SplittableRandom random) throws IOException {
        long rows = 0;
        try (Writer out =
                Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write("Song,Date,Number of Plays\r\n"); // as files joined with cat carry it
            rows++;
            int invalid = 1 + random.nextInt(40);
            for (int i = 0; i < invalid; i++) {
                String row = String.format(INVALID[random.nextInt(INVALID.length)], i);
                out.write(row + (random.nextBoolean() ? "\r\n" : "\n"));
                rows++;
            }
            out.write("\n"); // a blank line is skipped
            out.write("\"Tail, \"\"quoted\"\"\",2020-01-01,10\r\n");
            out.write("Song 1,2020-01-01," + random.nextInt(10_000)); // no line end
            rows += 2;
        }
        return rows;
    }
}
