package dev.playcount.gateway;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

/**
 * The settings by which the launcher proves itself to a remote Flink REST API behind an
 * authenticating proxy ({@code FLINK_REST_TOKEN} or {@code FLINK_REST_BASIC_AUTH}) and checks its
 * certificate ({@code FLINK_TRUSTSTORE}), each checked at start. Messages name the variable, never
 * the value of a secret.
 */
final class FlinkAccess {

    private FlinkAccess() {}

    /** The Authorization header's value, or null when no credential is set. */
    static String authorization(Settings s, String restUrl) {
        String token = s.string("FLINK_REST_TOKEN", "");
        String basic = s.string("FLINK_REST_BASIC_AUTH", "");
        if (token.isEmpty() && basic.isEmpty()) {
            return null;
        }
        String name = token.isEmpty() ? "FLINK_REST_BASIC_AUTH" : "FLINK_REST_TOKEN";
        if (!token.isEmpty() && !basic.isEmpty()) {
            throw secret(name, "either FLINK_REST_TOKEN or FLINK_REST_BASIC_AUTH, not both");
        }
        if (!https(restUrl)) {
            throw secret(name, "set only with an https:// FLINK_REST_URL (never sent in clear)");
        }
        if (!token.isEmpty()) {
            if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw secret(name, "a token of printable ASCII characters without spaces");
            }
            return "Bearer " + token;
        }
        int colon = basic.indexOf(':');
        if (colon <= 0 || basic.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw secret(name, "user:password, the user non-empty and without ':'");
        }
        return "Basic "
                + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
    }

    /** The truststore's path, or null for the JDK's certificates; it must open at start. */
    static Path truststore(Settings s, String restUrl) {
        String value = s.string("FLINK_TRUSTSTORE", "");
        if (value.isEmpty()) {
            return null;
        }
        if (!https(restUrl)) {
            throw Settings.invalid(
                    "FLINK_TRUSTSTORE", value, "set only with an https:// FLINK_REST_URL");
        }
        Path path = Path.of(value);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, s.string("FLINK_TRUSTSTORE_PASSWORD", "").toCharArray());
            return path;
        } catch (Exception e) {
            throw Settings.invalid(
                    "FLINK_TRUSTSTORE",
                    value,
                    "a readable PKCS12 or JKS truststore that FLINK_TRUSTSTORE_PASSWORD opens");
        }
    }

    private static boolean https(String restUrl) {
        return !restUrl.isEmpty() && "https".equalsIgnoreCase(URI.create(restUrl).getScheme());
    }

    /** Like {@link Settings#invalid} without repeating the secret's value. */
    private static IllegalArgumentException secret(String name, String expected) {
        return new IllegalArgumentException(
                name + " is not valid (value hidden): expected " + expected);
    }
}
