package dev.playcount.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from environment variables, naming the variable and the allowed range when one
 * is malformed or out of range, so a bad value stops the start instead of a later call.
 */
final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([kmgt]i?b?|b)?");
    // user:password@ in a URI: never echoed back, whatever else is wrong with the value
    private static final Pattern CREDENTIALS = Pattern.compile("(//[^/?#@]*?):[^/?#@]*@");

    /**
     * The longest duration any setting takes: far past any sensible retention, and short enough
     * that {@code now - duration} and nanosecond schedules never overflow.
     */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private final Map<String, String> env;

    Settings(Map<String, String> env) {
        this.env = env;
    }

    String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    int port(String name, int fallback) {
        return intIn(name, fallback, 0, 65535, "a port number from 0 to 65535");
    }

    int positiveInt(String name, int fallback) {
        return intIn(name, fallback, 1, Integer.MAX_VALUE, "a whole number above 0");
    }

    /** A whole number from {@code min} to {@code max}. */
    int intIn(String name, int fallback, int min, int max) {
        return intIn(name, fallback, min, max, "a whole number from " + min + " to " + max);
    }

    private int intIn(String name, int fallback, int min, int max, String expected) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, value, expected);
    }

    /**
     * A duration such as {@code 24h}, {@code 10m}, {@code 30s}, {@code 7d} or ISO-8601 {@code
     * PT1H}, from 0 to {@link #MAX_DURATION}: a negative one is never meant.
     */
    Duration duration(String name, Duration fallback) {
        return durationIn(name, fallback, Duration.ZERO, MAX_DURATION);
    }

    /** A duration above 0: an interval, a timeout or a time to live. */
    Duration positiveDuration(String name, Duration fallback) {
        return durationIn(name, fallback, Duration.ofMillis(1), MAX_DURATION);
    }

    /** A duration from {@code min} to {@code max}, both included. */
    Duration durationIn(String name, Duration fallback, Duration min, Duration max) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        String expected = "a duration from " + human(min) + " to " + human(max) + ", such as 30s";
        Duration d = parseDuration(value);
        if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(name, value, expected);
        }
        return d;
    }

    private static Duration parseDuration(String value) {
        try {
            Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            // malformed, or too large for a Duration: both are reported by the caller
            return null;
        }
    }

    private static String human(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toSeconds() < 60 || d.toSeconds() % 60 != 0) {
            return d.toSeconds() + "s";
        }
        if (d.toMinutes() < 60 || d.toMinutes() % 60 != 0) {
            return d.toMinutes() + "m";
        }
        return d.toHours() % 24 == 0 ? d.toDays() + "d" : d.toHours() + "h";
    }

    /**
     * A byte size such as {@code 512MB}, {@code 1GiB} or a plain number of bytes, from 0 to {@link
     * Long#MAX_VALUE} (a size whose unit would carry it past that is refused, not wrapped).
     */
    long bytes(String name, long fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        String expected = "a size from 0 to 8EiB such as 1073741824, 512MB or 1GiB";
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(name, value, expected);
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift =
                switch (unit.charAt(0)) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    case 't' -> 40;
                    default -> 0;
                };
        try {
            long n = Long.parseLong(m.group(1));
            if (n <= Long.MAX_VALUE >> shift) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // more than Long.MAX_VALUE: reported below
        }
        throw invalid(name, value, expected);
    }

    static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(
                "setting "
                        + name
                        + "="
                        + withoutCredentials(value)
                        + " is not valid: expected "
                        + expected);
    }

    /** The value with any URI's password masked, for messages and logs. */
    static String withoutCredentials(String value) {
        return CREDENTIALS.matcher(value).replaceAll("$1:***@");
    }
}
