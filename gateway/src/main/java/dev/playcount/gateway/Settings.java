package dev.playcount.gateway;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed values from environment variables, naming the variable when one is malformed. */
final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?");

    private final Map<String, String> env;

    Settings(Map<String, String> env) {
        this.env = env;
    }

    String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    int port(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, value, "a port number from 0 to 65535");
    }

    int positiveInt(String name, int fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, value, "a whole number above 0");
    }

    /**
     * A duration such as {@code 24h}, {@code 10m}, {@code 30s}, {@code 7d} or ISO-8601 {@code
     * PT1H}.
     */
    Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
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
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw invalid(name, value, "a duration such as 30s, 10m, 24h or 7d");
        }
    }

    /** A byte size such as {@code 512MB}, {@code 1GiB} or a plain number of bytes. */
    long bytes(String name, long fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(name, value, "a size such as 1073741824, 512MB or 1GiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift =
                switch (unit.charAt(0)) {
                    case 'k' -> 10;
                    case 'm' -> 20;
                    case 'g' -> 30;
                    case 't' -> 40;
                    default -> 0;
                };
        return n << shift;
    }

    static IllegalArgumentException invalid(String name, String value, String expected) {
        return new IllegalArgumentException(
                "setting " + name + "=" + value + " is not valid: expected " + expected);
    }
}
