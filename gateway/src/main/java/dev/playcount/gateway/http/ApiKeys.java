package dev.playcount.gateway.http;

import dev.playcount.core.io.Sha256;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bearer API keys. Each key is its own owner: tasks record a digest of the key (never the key), and
 * a key sees only its own tasks. With no keys configured the API is open and every task is visible
 * to every caller.
 */
final class ApiKeys {

    static final String OWNER = "owner";
    private static final String OPEN = "";

    private final Map<String, String> ownerByKey;

    ApiKeys(List<String> keys) {
        this.ownerByKey =
                keys.stream().distinct().collect(Collectors.toMap(k -> k, ApiKeys::ownerOf));
    }

    boolean open() {
        return ownerByKey.isEmpty();
    }

    /** Sets the caller's owner id on the context, or refuses with 401. */
    void authenticate(Context ctx) {
        if (open()) {
            ctx.attribute(OWNER, OPEN);
            return;
        }
        String header = ctx.header("Authorization");
        String key =
                header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).strip()
                        : null;
        String owner = key == null ? null : ownerByKey.get(key);
        if (owner == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED.getCode(),
                    "unauthorized",
                    key == null
                            ? "this API needs an API key: send Authorization: Bearer <key>"
                            : "the API key is not valid");
        }
        ctx.attribute(OWNER, owner);
    }

    static String owner(Context ctx) {
        String owner = ctx.attribute(OWNER);
        return owner == null ? OPEN : owner;
    }

    private static String ownerOf(String key) {
        // the first 8 bytes of the digest: enough to tell keys apart, and no key is recoverable
        return "key-" + Sha256.of(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }
}
