package dev.playcount.client;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Option values with units: sizes ({@code 8MiB}, {@code 512KB}) and durations ({@code 30s}). */
final class Units {

    private static final Pattern SIZE =
            Pattern.compile(
                    "(\\d{1,12})\\s*(|b|kb|kib|k|mb|mib|m|gb|gib|g)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION =
            Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    private Units() {}

    static long size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'"
                            + text
                            + "' is not a size: expected bytes or a number with KB, KiB, MB, MiB,"
                            + " GB or GiB");
        }
        long n = Long.parseLong(m.group(1));
        long unit =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "kb" -> 1000L;
                    case "kib", "k" -> 1024L;
                    case "mb" -> 1000L * 1000;
                    case "mib", "m" -> 1024L * 1024;
                    case "gb" -> 1000L * 1000 * 1000;
                    case "gib", "g" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
        return n * unit;
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'"
                            + text
                            + "' is not a duration: expected a number with ms, s, m or h, such as"
                            + " 30s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** picocli converter for sizes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return size(value);
        }
    }

    /** picocli converter for durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }
}
