package dev.playcount.gateway.launcher;

import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.OutboundChannelHandlerFactory;
import org.apache.flink.runtime.io.network.netty.SSLHandlerFactory;
import org.apache.flink.runtime.net.SSLUtils;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.util.ConfigurationException;

/**
 * Makes a Flink REST client's TLS check the server's name. Flink 2.3's {@code RestClient}, as
 * {@code RestClusterClient} builds it, creates its TLS engine without the server's host, so with
 * {@code security.ssl.rest.verify-hostname} every handshake fails ("Hostname or IP address is
 * undefined"), and without it any certificate the truststore accepts would do for any host (with
 * the JDK's CAs: any public certificate). This replaces the pipeline's {@code ssl} handler with one
 * made by Flink's own factory for {@link #HOST} and the REST port.
 */
public final class RestTlsHostname implements OutboundChannelHandlerFactory {

    /** The name the server's certificate must hold. */
    public static final ConfigOption<String> HOST =
            ConfigOptions.key("playcount.rest.client.tls-host").stringType().noDefaultValue();

    private static final String SSL_HANDLER = "ssl"; // the name RestClient gives its handler

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(Configuration configuration)
            throws ConfigurationException {
        Optional<String> host = configuration.getOptional(HOST);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        try {
            SSLHandlerFactory tls = SSLUtils.createRestClientSSLEngineFactory(configuration);
            int port = configuration.get(org.apache.flink.configuration.RestOptions.PORT);
            return Optional.of(new Replacer(tls, host.get(), port));
        } catch (Exception e) {
            throw new ConfigurationException("the REST client's TLS cannot be set up", e);
        }
    }

    private static final class Replacer extends ChannelHandlerAdapter {

        private final SSLHandlerFactory tls;
        private final String host;
        private final int port;

        Replacer(SSLHandlerFactory tls, String host, int port) {
            this.tls = tls;
            this.host = host;
            this.port = port;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.pipeline().get(SSL_HANDLER) != null) {
                ctx.pipeline()
                        .replace(
                                SSL_HANDLER,
                                SSL_HANDLER,
                                tls.createNettySSLHandler(ctx.alloc(), host, port));
            }
            ctx.pipeline().remove(this);
        }
    }
}
