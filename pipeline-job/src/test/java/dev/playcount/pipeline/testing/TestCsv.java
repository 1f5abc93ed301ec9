package dev.playcount.pipeline.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes random play-count CSVs full of the cases that break naive readers: quoted commas, doubled
 * quotes, newlines inside quotes, CRLF mixed with LF, unicode, blank lines, a BOM.
 */
public final class TestCsv {

    public static final String HEADER = "Song,Date,Number of Plays";

    private static final List<String> TRICKY_SONGS =
            List.of(
                    "Umbrella",
                    "Take Me Home, Country Roads",
                    "Say \"Hi\"",
                    "\"Quoted\"",
                    "Line\nBreak",
                    "Carriage\r\nReturn",
                    "Trailing\n",
                    "\n",
                    ",",
                    "\"",
                    " padded ",
                    "Café Ñ 東京 😀",
                    "Ünïcödé, \"both\"\r\n",
                    "a,b,c,\"d\"\n\ne");

    private final Random random;
    private boolean bom;
    private boolean finalLineEnding = true;
    private double blankLines;
    private double repeatedHeaders;

    public TestCsv(long seed) {
        this.random = new Random(seed);
    }

    public TestCsv withBom() {
        bom = true;
        return this;
    }

    public TestCsv withoutFinalLineEnding() {
        finalLineEnding = false;
        return this;
    }

    public TestCsv withBlankLines(double share) {
        blankLines = share;
        return this;
    }

    public TestCsv withRepeatedHeaders(double share) {
        repeatedHeaders = share;
        return this;
    }

    /** {@code rows} rows over about {@code songs} songs and {@code days} days. */
    public Path write(Path file, int rows, int songs, int days) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (bom) {
            sb.append('\uFEFF');
        }
        sb.append(HEADER).append(lineEnding());
        for (int i = 0; i < rows; i++) {
            if (random.nextDouble() < blankLines) {
                sb.append(lineEnding());
            }
            if (random.nextDouble() < repeatedHeaders) {
                sb.append(HEADER).append(lineEnding());
            }
            sb.append(field(song(songs))).append(',');
            sb.append(
                    field(
                            String.format(
                                    "2021-%02d-%02d",
                                    1 + random.nextInt(12),
                                    1 + random.nextInt(Math.min(days, 28)))));
            sb.append(',').append(field(Long.toString(random.nextInt(1_000_000))));
            if (i < rows - 1 || finalLineEnding) {
                sb.append(lineEnding());
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private String song(int songs) {
        int n = random.nextInt(songs);
        if (n < TRICKY_SONGS.size()) {
            return TRICKY_SONGS.get(n);
        }
        return "Song " + n;
    }

    private String lineEnding() {
        return random.nextBoolean() ? "\r\n" : "\n";
    }

    /** Quotes when needed, and now and then when not. */
    private String field(String value) {
        boolean needs =
                value.contains(",")
                        || value.contains("\"")
                        || value.contains("\n")
                        || value.contains("\r");
        if (needs || random.nextInt(10) == 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** Writes the given lines, each ending in LF, after the standard header. */
    public static Path lines(Path file, String... rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String row : rows) {
            sb.append(row).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
