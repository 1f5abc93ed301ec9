package dev.playcount.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;

/**
 * How the launcher reaches a Flink REST API: its URL (http or https, with a path prefix kept, such
 * as an authenticating proxy's {@code https://proxy.example/flink/}), the {@code Authorization}
 * header sent with every call (or null), and for https the truststore that holds the server's
 * certificate (null: the JDK's own).
 */
public record FlinkEndpoint(
        URI restUrl, String authorization, Path truststore, String truststorePassword) {

    public FlinkEndpoint {
        // an empty setting is no password: one value for it, so equal endpoints are equal
        truststorePassword =
                truststorePassword == null || truststorePassword.isEmpty()
                        ? null
                        : truststorePassword;
    }

    /** A cluster that needs no credential, over plain http or the JDK's trusted certificates. */
    public static FlinkEndpoint plain(URI restUrl) {
        return new FlinkEndpoint(restUrl, null, null, null);
    }

    public boolean https() {
        return "https".equalsIgnoreCase(restUrl.getScheme());
    }

    /** The URL with a trailing slash: relative REST paths resolve below its prefix. */
    public URI base() {
        String s = restUrl.toString();
        return URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** The settings of Flink's REST client for this endpoint. */
    public Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, restUrl.getHost());
        conf.set(RestOptions.PORT, port());
        String path = restUrl.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            conf.set(RestOptions.PATH, path.replaceAll("/+$", ""));
        }
        if (authorization != null) {
            conf.set(RestAuthorization.VALUE, authorization);
        }
        if (https()) {
            conf.set(SecurityOptions.SSL_REST_ENABLED, true);
            conf.set(SecurityOptions.SSL_REST_VERIFY_HOSTNAME, true);
            conf.set(RestTlsHostname.HOST, restUrl.getHost());
            Path store = truststore == null ? jdkTruststore() : truststore;
            conf.set(SecurityOptions.SSL_REST_TRUSTSTORE, store.toString());
            conf.set(
                    SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD,
                    truststore == null ? "changeit" : nullToEmpty(truststorePassword));
            if (truststore == null) {
                conf.set(SecurityOptions.SSL_REST_TRUSTSTORE_TYPE, KeyStore.getDefaultType());
            }
        }
        return conf;
    }

    /** Prepares a plain JDK connection (the progress reads) as Flink's client is prepared. */
    void prepare(HttpURLConnection http) throws IOException {
        if (authorization != null) {
            http.setRequestProperty("Authorization", authorization);
        }
        if (http instanceof HttpsURLConnection https && truststore != null) {
            https.setSSLSocketFactory(socketFactory());
        }
    }

    private int port() {
        if (restUrl.getPort() != -1) {
            return restUrl.getPort();
        }
        return https() ? 443 : 80;
    }

    private SSLSocketFactory socketFactory() throws IOException {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, nullToEmpty(truststorePassword).toCharArray());
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("the truststore " + truststore + " cannot be used", e);
        }
    }

    private static Path jdkTruststore() {
        return Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Never the credential or the truststore's password: this record reaches logs. */
    @Override
    public String toString() {
        return "FlinkEndpoint["
                + restUrl
                + (authorization == null ? "" : ", with a credential")
                + "]";
    }
}
