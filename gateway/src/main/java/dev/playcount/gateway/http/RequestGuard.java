package dev.playcount.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what a web page the user visits could make the browser send: a request under a host name
 * this API does not answer to (DNS rebinding: a name the attacker controls, pointed at this
 * machine, makes the page same-origin with the API), and a POST or DELETE from another site's page
 * (CSRF: a form or a simple fetch needs no permission to send).
 */
public final class RequestGuard {

    private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");
    private static final Set<HandlerType> SAFE =
            Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final List<String> hosts;
    private final List<String> origins;

    /**
     * @param bindHost the address the API listens on
     * @param allowedHosts ALLOWED_HOSTS: empty for the default, {@code *} for any name
     * @param allowedOrigins ALLOWED_ORIGINS: origins besides the API's own that may change tasks
     */
    public RequestGuard(String bindHost, List<String> allowedHosts, List<String> allowedOrigins) {
        if (!allowedHosts.isEmpty()) {
            this.hosts = allowedHosts.contains("*") ? List.of() : allowedHosts;
        } else {
            // on loopback only loopback names can be meant; on a network address the names users
            // type are unknown here (ALLOWED_HOSTS names them), and API keys hold off rebinding
            this.hosts = loopback(bindHost) ? LOOPBACK_NAMES : List.of();
        }
        this.origins = allowedOrigins;
    }

    /** Whether every Host name passes: the gateway then warns when the API is also open. */
    public boolean anyHost() {
        return hosts.isEmpty();
    }

    void check(Context ctx) {
        String host = ctx.header("Host");
        if (!hosts.isEmpty() && (host == null || !hosts.contains(name(host)))) {
            throw new ApiException(
                    421,
                    "host_not_allowed",
                    "this API does not answer to the host name "
                            + printable(host == null ? "(none)" : name(host))
                            + "; it answers to "
                            + String.join(", ", hosts)
                            + " (ALLOWED_HOSTS)");
        }
        if (SAFE.contains(ctx.method())) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            if (!sameOrigin(origin, host) && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
                throw crossSite(ctx, "the web page at " + printable(origin));
            }
            return;
        }
        // a browser that sends no Origin still tells where the request comes from
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw crossSite(ctx, "a " + printable(site) + " web page");
        }
    }

    /** Whether ALLOWED_ORIGINS names {@code origin}: its pages may read the tus answers. */
    boolean allowedOrigin(String origin) {
        return origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    private static ApiException crossSite(Context ctx, String from) {
        return new ApiException(
                403,
                "cross_site_request",
                "refused a "
                        + ctx.method().name()
                        + " from "
                        + from
                        + ": only this API's own page, a client that is not a browser, or an"
                        + " origin in ALLOWED_ORIGINS may change tasks");
    }

    /** An Origin is this API's own when its host and port are those the request was sent to. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return false; // "null": a sandboxed frame or a file
            }
            int port = uri.getPort();
            String authority =
                    uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port);
            return withoutDefaultPort(authority)
                    .equals(withoutDefaultPort(host.toLowerCase(Locale.ROOT)));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String authority) {
        return authority.replaceFirst(":(80|443)$", "");
    }

    /** The name of a Host header, lower case, without its port. */
    private static String name(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
    }

    static boolean loopback(String bindHost) {
        String h = bindHost.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.startsWith("127.")
                || h.equals("::1")
                || h.equals("[::1]");
    }

    /** What a client sent, fit to quote in a message: no control characters, bounded. */
    private static String printable(String value) {
        String s = value.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
