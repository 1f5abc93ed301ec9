package dev.playcount.gateway;

import java.util.Arrays;
import java.util.List;

/**
 * The HTTP API's settings: where it listens and who may call it.
 *
 * @param apiKeys empty for an open API
 */
public record HttpConfig(String host, int port, List<String> apiKeys) {

    static HttpConfig fromEnv(Settings s) {
        return new HttpConfig(
                s.string("HOST", "0.0.0.0"),
                s.port("PORT", 5002),
                Arrays.stream(s.string("API_KEYS", "").split(","))
                        .map(String::strip)
                        .filter(k -> !k.isEmpty())
                        .toList());
    }
}
