package dev.playcount.gateway;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP API's settings: where it listens and who may call it.
 *
 * @param apiKeys empty for an open API
 * @param allowedHosts the names a request's Host header may give; empty for the default (only
 *     loopback names when the API listens on loopback, any name otherwise); {@code *} for any
 * @param allowedOrigins web origins besides the API's own whose pages may POST and DELETE
 */
public record HttpConfig(
        String host,
        int port,
        List<String> apiKeys,
        List<String> allowedHosts,
        List<String> allowedOrigins,
        List<String> dashboardKeys) {

    static HttpConfig fromEnv(Settings s) {
        List<String> apiKeys = list(s.string("API_KEYS", ""));
        // an open API stays on this machine unless HOST says otherwise
        String host = s.string("HOST", apiKeys.isEmpty() ? "127.0.0.1" : "0.0.0.0");
        return new HttpConfig(
                host,
                s.port("PORT", 5002),
                apiKeys,
                hosts(s),
                origins(s),
                dashboardKeys(s, apiKeys));
    }

    /** The API keys that may open the embedded Flink dashboard through the gateway. */
    private static List<String> dashboardKeys(Settings s, List<String> apiKeys) {
        String value = s.string("FLINK_DASHBOARD_KEYS", "");
        List<String> keys = list(value);
        if (!keys.isEmpty() && !apiKeys.containsAll(keys)) {
            // never echo the value: it holds keys
            throw Settings.invalid(
                    "FLINK_DASHBOARD_KEYS",
                    "(not shown)",
                    "a comma-separated subset of API_KEYS (the dashboard shows every key's jobs)");
        }
        return keys;
    }

    private static List<String> hosts(Settings s) {
        String value = s.string("ALLOWED_HOSTS", "");
        List<String> hosts = list(value.toLowerCase(Locale.ROOT));
        for (String h : hosts) {
            if (!h.equals("*") && !h.matches("[a-z0-9.\\-]+|\\[[0-9a-f:.]+\\]")) {
                throw Settings.invalid(
                        "ALLOWED_HOSTS",
                        value,
                        "comma-separated host names without port, such as"
                                + " playcount.example.com,localhost, or *");
            }
        }
        return hosts;
    }

    private static List<String> origins(Settings s) {
        String value = s.string("ALLOWED_ORIGINS", "");
        List<String> origins = list(value.toLowerCase(Locale.ROOT));
        for (String o : origins) {
            if (!o.matches(
                    "https?://[a-z0-9.\\-]+(:\\d{1,5})?|https?://\\[[0-9a-f:.]+\\](:\\d{1,5})?")) {
                throw Settings.invalid(
                        "ALLOWED_ORIGINS",
                        value,
                        "comma-separated origins such as https://app.example.com:8443 (scheme,"
                                + " host, optional port; no path)");
            }
        }
        return origins;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
    }
}
