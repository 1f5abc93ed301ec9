package dev.playcount.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the service is and which key to send: {@code --url} over {@code PLAYCOUNT_URL} over
 * http://localhost:5002, the key from {@code PLAYCOUNT_API_KEY}. Checked before any call.
 */
public record ServiceConfig(URI base, Optional<String> apiKey) {

    public static final String DEFAULT_URL = "http://localhost:5002";
    public static final String API = "/api/v1/file-processing";

    public static ServiceConfig from(String urlOption, Map<String, String> env) {
        String source = urlOption != null ? "--url" : "PLAYCOUNT_URL";
        String url = urlOption != null ? urlOption : env.getOrDefault("PLAYCOUNT_URL", "");
        if (url.isBlank()) {
            url = DEFAULT_URL;
        }
        return new ServiceConfig(parseUrl(source, url.strip()), apiKey(env));
    }

    private static URI parseUrl(String source, String url) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw usage(source, url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw usage(source, url);
        }
        return uri;
    }

    private static ClientException usage(String source, String url) {
        return new ClientException(
                ExitCode.USAGE,
                source
                        + "="
                        + url
                        + " is not valid: expected an http or https URL such as "
                        + DEFAULT_URL);
    }

    private static Optional<String> apiKey(Map<String, String> env) {
        String key = env.getOrDefault("PLAYCOUNT_API_KEY", "").strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ClientException(
                    ExitCode.USAGE,
                    "PLAYCOUNT_API_KEY is not valid: a key is printable ASCII without spaces");
        }
        return Optional.of(key);
    }

    /** The address of an API path ({@code /tasks/ID/status}) or of a link the service gave. */
    public URI resolve(String pathOrLink) {
        if (pathOrLink.startsWith("http://") || pathOrLink.startsWith("https://")) {
            return URI.create(pathOrLink);
        }
        String path = pathOrLink.startsWith(API) ? pathOrLink : API + pathOrLink;
        return URI.create(base + path);
    }
}
