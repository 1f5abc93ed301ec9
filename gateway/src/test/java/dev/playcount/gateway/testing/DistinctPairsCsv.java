package dev.playcount.gateway.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A large plays CSV written as it is generated (nothing held in memory): {@code rows} rows over
 * {@code pairs} distinct (song, date) pairs, a quoted song with a comma now and then. Many distinct
 * pairs make a job long and its result large, which fault tests need to hit a job mid-run or a
 * result mid-publish; {@code TestCsv} covers the quoting edge cases.
 */
public final class DistinctPairsCsv {

    private DistinctPairsCsv() {}

    public static Path write(Path file, int rows, int pairs) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("Song,Date,Number of Plays\r\n");
            for (int i = 0; i < rows; i++) {
                int pair = i % pairs;
                int song = pair / 28;
                int day = 1 + pair % 28;
                out.write(song % 10 == 0 ? "\"Song " + song + ", live\"" : "Song " + song);
                out.write(day < 10 ? ",2021-02-0" : ",2021-02-");
                out.write(day + "," + i % 1000 + "\n");
            }
        }
        return file;
    }
}
