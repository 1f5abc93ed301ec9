package dev.playcount.client;

import java.time.Duration;
import java.util.Locale;

/**
 * The text of a transfer's progress: percent, MB done of the total, MB/s and the time left. MB are
 * 10^6 bytes, as network speeds are counted.
 */
public final class ProgressFormat {

    private static final int BAR = 24;

    private ProgressFormat() {}

    /**
     * One line: {@code label 45.2% 1,234.5 of 2,730.0 MB 98.3 MB/s ETA 0:15}; {@code sent} is shown
     * when it differs from {@code done} (a compressed upload: CSV read, compressed bytes sent).
     *
     * @param rate bytes of {@code done} a second, for the speed and the time left
     */
    public static String line(String label, long done, long total, long sent, double rate) {
        StringBuilder b = new StringBuilder(label);
        b.append(' ').append(percent(done, total));
        b.append("  ").append(mb(done));
        if (total > 0) {
            b.append(" of ").append(mb(total));
        }
        b.append(" MB");
        if (sent != done) {
            b.append(" read, ").append(mb(sent)).append(" MB sent");
        }
        b.append("  ").append(String.format(Locale.ROOT, "%.1f", rate / 1e6)).append(" MB/s");
        b.append("  ETA ").append(eta(done, total, rate));
        return b.toString();
    }

    /** The same with a bar in front, for a terminal: {@code [#########.............] ...}. */
    public static String bar(String label, long done, long total, long sent, double rate) {
        int filled = total <= 0 ? 0 : (int) Math.min(BAR, (double) done / total * BAR);
        return "["
                + "#".repeat(filled)
                + ".".repeat(BAR - filled)
                + "] "
                + line(label, done, total, sent, rate);
    }

    /** {@code 45.2%}, right-aligned to 6 characters; {@code ?%} without a total. */
    public static String percent(long done, long total) {
        if (total <= 0) {
            return "    ?%";
        }
        double p = Math.min(100.0, 100.0 * done / total);
        // never shows 100.0% before the last byte
        if (done < total && p > 99.9) {
            p = 99.9;
        }
        return String.format(Locale.ROOT, "%5.1f%%", p);
    }

    /** Bytes as MB with one decimal and thousands separators: {@code 1,234.5}. */
    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.1f", bytes / 1e6);
    }

    /** The time left at {@code rate}: {@code 0:15}, {@code 1:02:03}, {@code --:--} unknown. */
    public static String eta(long done, long total, double rate) {
        if (total <= 0 || rate <= 0) {
            return "--:--";
        }
        long seconds = (long) Math.ceil(Math.max(0, total - done) / rate);
        return clock(Duration.ofSeconds(seconds));
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    public static String clock(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
