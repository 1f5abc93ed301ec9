package dev.playcount.bench;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether two result CSVs hold the same rows in any order: compares an order-independent
 * fingerprint (row count and two sums of 64-bit row hashes), so memory stays small at any size.
 */
public final class CompareResults {

    /** Files at most this big get an exact diff when they differ, to show the differing rows. */
    private static final long EXACT_DIFF_MAX_BYTES = 200L << 20;

    private static final int SHOWN = 10;

    private CompareResults() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: CompareResults A.csv B.csv");
            System.exit(2);
        }
        Path a = Path.of(args[0]);
        Path b = Path.of(args[1]);
        Fingerprint fa = Fingerprint.of(a);
        Fingerprint fb = Fingerprint.of(b);
        System.out.printf("A %s: %,d rows, total plays %,d%n", a, fa.rows, fa.plays);
        System.out.printf("B %s: %,d rows, total plays %,d%n", b, fb.rows, fb.plays);
        if (!java.util.Objects.equals(fa.header, fb.header)) {
            System.out.println("DIFFERENT headers: A " + fa.header + " vs B " + fb.header);
            System.exit(1);
        }
        if (fa.sameRows(fb)) {
            System.out.println("same rows: yes");
            return;
        }
        System.out.println("same rows: NO (row count or row hashes differ)");
        if (Files.size(a) <= EXACT_DIFF_MAX_BYTES && Files.size(b) <= EXACT_DIFF_MAX_BYTES) {
            showDifferences(a, b);
        }
        System.exit(1);
    }

    /** Multiset difference of the normalized rows, first few each way. */
    private static void showDifferences(Path a, Path b) throws IOException {
        Map<String, Integer> balance = new HashMap<>();
        forEachRow(a, row -> balance.merge(row, 1, Integer::sum));
        forEachRow(b, row -> balance.merge(row, -1, Integer::sum));
        int onlyA = 0;
        int onlyB = 0;
        for (Map.Entry<String, Integer> e : balance.entrySet()) {
            int n = e.getValue();
            if (n > 0 && onlyA++ < SHOWN) {
                System.out.println("  only in A (x" + n + "): " + e.getKey());
            } else if (n < 0 && onlyB++ < SHOWN) {
                System.out.println("  only in B (x" + -n + "): " + e.getKey());
            }
        }
        System.out.printf("  %,d distinct rows only in A, %,d only in B%n", onlyA, onlyB);
    }

    private interface RowConsumer {
        void accept(String normalizedRow);
    }

    private static List<String> forEachRow(Path file, RowConsumer consumer) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                CsvScanner csv = new CsvScanner(in)) {
            List<String> header = csv.next();
            List<String> fields;
            while ((fields = csv.next()) != null) {
                consumer.accept(normalize(fields));
            }
            return header;
        }
    }

    /**
     * Song as written, date and total re-rendered from their values, so formatting cannot differ.
     */
    static String normalize(List<String> f) {
        if (f.size() != 3) {
            return "<" + f.size() + " fields> " + String.join("|", f);
        }
        return f.get(0) + " | " + date(f.get(1).strip()) + " | " + number(f.get(2).strip());
    }

    private static String date(String s) {
        try {
            return LocalDate.parse(s).toString();
        } catch (DateTimeParseException e) {
            return s;
        }
    }

    private static String number(String s) {
        try {
            return new BigInteger(s).toString();
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** Row count, total plays and two sums of independent 64-bit row hashes. */
    private static final class Fingerprint {
        List<String> header;
        long rows;
        BigInteger plays = BigInteger.ZERO;
        long hashSum1;
        long hashSum2;

        static Fingerprint of(Path file) throws IOException {
            Fingerprint f = new Fingerprint();
            f.header =
                    forEachRow(
                            file,
                            row -> {
                                f.rows++;
                                f.hashSum1 += hash(row, 0x9E3779B97F4A7C15L, 0x100000001B3L);
                                f.hashSum2 += hash(row, 0xC2B2AE3D27D4EB4FL, 0x5851F42D4C957F2DL);
                                int cut = row.lastIndexOf(" | ");
                                try {
                                    f.plays = f.plays.add(new BigInteger(row.substring(cut + 3)));
                                } catch (NumberFormatException
                                        | StringIndexOutOfBoundsException e) {
                                    // not a number: the row hash already records it
                                }
                            });
            return f;
        }

        boolean sameRows(Fingerprint o) {
            return rows == o.rows && hashSum1 == o.hashSum1 && hashSum2 == o.hashSum2;
        }

        private static long hash(String s, long seed, long prime) {
            long h = seed;
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * prime;
            }
            // murmur3's finalizer, so the sums of nearby inputs do not cancel out
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            h *= 0xC4CEB9FE1A85EC53L;
            return h ^ (h >>> 33);
        }
    }
}
