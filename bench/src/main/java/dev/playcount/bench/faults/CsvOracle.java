package dev.playcount.bench.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The expected result of an input, computed without the product's code: Commons CSV parses,
 * java.time checks dates, BigInteger sums. The data contract's rules, written out plainly.
 */
final class CsvOracle {

    /** What a task of this input must report: the totals and the count of invalid rows. */
    record Expected(Map<String, BigInteger> totals, long invalidRows) {}

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final List<String> RESULT_HEADER =
            List.of("Song", "Date", "Total Number of Plays for Date");

    private CsvOracle() {}

    static String key(String song, String date) {
        return song + '\0' + date;
    }

    static Expected aggregate(Path file) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        Map<String, BigInteger> totals = new HashMap<>();
        long invalid = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = null;
            int song = -1;
            int date = -1;
            int plays = -1;
            for (CSVRecord record : parser) {
                List<String> values = record.toList();
                if (header == null) {
                    header = values;
                    List<String> names =
                            values.stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
                    song = names.indexOf("song");
                    date = names.indexOf("date");
                    plays = names.indexOf("number of plays");
                    continue;
                }
                if (values.equals(header)) {
                    continue; // files joined with cat: skipped, not rejected
                }
                BigInteger n = values.size() == header.size() ? number(values.get(plays)) : null;
                if (n == null || values.get(song).isEmpty() || !isDate(values.get(date))) {
                    invalid++;
                    continue;
                }
                totals.merge(key(values.get(song), values.get(date)), n, BigInteger::add);
            }
        }
        return new Expected(totals, invalid);
    }

    /**
     * Reads a result file into its totals.
     *
     * @throws IOException when its header is wrong or it names a (song, date) twice
     */
    static Map<String, BigInteger> readResult(Path file) throws IOException {
        Map<String, BigInteger> totals = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(in, CSVFormat.RFC4180)) {
            boolean first = true;
            for (CSVRecord r : parser) {
                if (first) {
                    if (!RESULT_HEADER.equals(r.toList())) {
                        throw new IOException("bad result header: " + r.toList());
                    }
                    first = false;
                } else if (totals.put(key(r.get(0), r.get(1)), new BigInteger(r.get(2))) != null) {
                    throw new IOException("a key written twice: " + r.toList());
                }
            }
            if (first) {
                throw new IOException("an empty result file, not even a header");
            }
        }
        return totals;
    }

    private static BigInteger number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        BigInteger n = new BigInteger(text);
        return n.compareTo(LONG_MAX) > 0 ? null : n;
    }

    private static boolean isDate(String text) {
        if (text.length() != 10) {
            return false;
        }
        try {
            LocalDate.parse(text, ISO);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
