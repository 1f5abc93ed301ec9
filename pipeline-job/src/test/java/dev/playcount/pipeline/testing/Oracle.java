package dev.playcount.pipeline.testing;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An independent in-memory aggregation: Commons CSV for parsing, java.time and BigInteger for the
 * rules. Shares no code with the job, so the two cannot be wrong the same way.
 */
public final class Oracle {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** What the job should produce for a file. */
    public record Expected(
            Map<String, Long> totals,
            List<Long> invalidLines,
            long rowsRead,
            long repeatedHeaders,
            BigInteger plays) {

        public Long firstInvalidLine() {
            return invalidLines.isEmpty() ? null : invalidLines.get(0);
        }
    }

    private Oracle() {}

    /** Key of a total in {@link Expected#totals()}: song and date joined by a NUL. */
    public static String key(String song, String date) {
        return song + '\0' + date;
    }

    public static Expected aggregate(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int[] lineFeeds = text.chars().map(c -> c == '\n' ? 1 : 0).toArray();
        int[] lineAt = new int[text.length() + 1];
        for (int i = 0, line = 1; i <= text.length(); i++) {
            lineAt[i] = line;
            if (i < text.length()) {
                line += lineFeeds[i];
            }
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        Map<String, Long> totals = new HashMap<>();
        List<Long> invalid = new ArrayList<>();
        long rows = 0;
        long headers = 0;
        BigInteger plays = BigInteger.ZERO;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            List<String> header = null;
            int song = -1;
            int date = -1;
            int count = -1;
            for (CSVRecord record : parser) {
                List<String> values = record.toList();
                if (header == null) {
                    header = values;
                    List<String> names =
                            values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
                    song = names.indexOf("song");
                    date = names.indexOf("date");
                    count = names.indexOf("number of plays");
                    continue;
                }
                rows++;
                if (values.equals(header)) {
                    headers++;
                    continue;
                }
                long line = lineAt[(int) record.getCharacterPosition()];
                BigInteger n = values.size() == header.size() ? number(values.get(count)) : null;
                if (n == null || values.get(song).isEmpty() || !isDate(values.get(date))) {
                    invalid.add(line);
                    continue;
                }
                plays = plays.add(n);
                totals.merge(
                        key(values.get(song), values.get(date)),
                        n.longValueExact(),
                        Math::addExact);
            }
        }
        return new Expected(totals, invalid, rows, headers, plays);
    }

    private static BigInteger number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        BigInteger n = new BigInteger(text);
        return n.compareTo(LONG_MAX) > 0 ? null : n;
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text, ISO);
            return text.length() == 10;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Reads a result CSV (header checked) into song-and-date totals. */
    public static Map<String, Long> readResult(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Long> totals = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), CSVFormat.RFC4180)) {
            boolean first = true;
            for (CSVRecord r : parser) {
                if (first) {
                    if (!Arrays.asList("Song", "Date", "Total Number of Plays for Date")
                            .equals(r.toList())) {
                        throw new AssertionError("bad result header: " + r.toList());
                    }
                    first = false;
                    continue;
                }
                Long previous = totals.put(key(r.get(0), r.get(1)), Long.parseLong(r.get(2)));
                if (previous != null) {
                    throw new AssertionError("key written twice: " + r.toList());
                }
            }
        }
        return totals;
    }
}
