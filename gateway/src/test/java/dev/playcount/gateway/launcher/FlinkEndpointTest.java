package dev.playcount.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.junit.jupiter.api.Test;

/** What Flink's REST client is told for an endpoint: address, prefix, TLS and the credential. */
class FlinkEndpointTest {

    @Test
    void aProxyUrlKeepsItsPrefixAndDefaultPortAndCarriesTheCredential() {
        FlinkEndpoint endpoint =
                new FlinkEndpoint(
                        URI.create("https://proxy.example/flink/"),
                        "Bearer s3cret",
                        Path.of("/etc/trust.p12"),
                        "pw");

        Configuration conf = endpoint.clientConfiguration();

        assertThat(conf.get(RestOptions.ADDRESS)).isEqualTo("proxy.example");
        assertThat(conf.get(RestOptions.PORT)).isEqualTo(443);
        assertThat(conf.get(RestOptions.PATH)).isEqualTo("/flink");
        assertThat(conf.get(SecurityOptions.SSL_REST_ENABLED)).isTrue();
        assertThat(conf.get(SecurityOptions.SSL_REST_VERIFY_HOSTNAME)).isTrue();
        assertThat(conf.get(SecurityOptions.SSL_REST_TRUSTSTORE)).isEqualTo("/etc/trust.p12");
        assertThat(conf.get(RestTlsHostname.HOST)).isEqualTo("proxy.example");
        assertThat(conf.get(RestAuthorization.VALUE)).isEqualTo("Bearer s3cret");
        assertThat(endpoint.base()).isEqualTo(URI.create("https://proxy.example/flink/"));
        assertThat(endpoint.toString()).doesNotContain("s3cret").doesNotContain("pw");
    }

    @Test
    void aPlainClusterGetsNoTlsNoPrefixNoCredential() {
        FlinkEndpoint endpoint = FlinkEndpoint.plain(URI.create("http://jobmanager:8081"));

        Configuration conf = endpoint.clientConfiguration();

        assertThat(conf.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(conf.getOptional(RestOptions.PATH)).isEmpty();
        assertThat(conf.get(SecurityOptions.SSL_REST_ENABLED)).isFalse();
        assertThat(conf.getOptional(RestAuthorization.VALUE)).isEmpty();
        assertThat(conf.getOptional(RestTlsHostname.HOST)).isEmpty();
        assertThat(endpoint.base()).isEqualTo(URI.create("http://jobmanager:8081/"));
    }
}
