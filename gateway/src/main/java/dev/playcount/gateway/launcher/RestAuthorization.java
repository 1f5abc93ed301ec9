package dev.playcount.gateway.launcher;

import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.OutboundChannelHandlerFactory;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelOutboundHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPromise;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;

/**
 * Sends an {@code Authorization} header with every request of a Flink REST client whose
 * configuration has {@link #VALUE} (loaded by Flink's {@code RestClient} through {@link
 * java.util.ServiceLoader}): Flink's client has no setting for a credential of its own, only an
 * environment variable a running process cannot set for one client.
 */
public final class RestAuthorization implements OutboundChannelHandlerFactory {

    /** The header's whole value, e.g. {@code Bearer abc}; masked in Flink's logs ("secret"). */
    public static final ConfigOption<String> VALUE =
            ConfigOptions.key("playcount.rest.client.authorization.secret")
                    .stringType()
                    .noDefaultValue();

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(Configuration configuration) {
        return configuration.getOptional(VALUE).map(Handler::new);
    }

    private static final class Handler extends ChannelOutboundHandlerAdapter {

        private final String value;

        Handler(String value) {
            this.value = value;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
                throws Exception {
            if (msg instanceof HttpRequest request) {
                request.headers().set(HttpHeaderNames.AUTHORIZATION, value);
            }
            super.write(ctx, msg, promise);
        }
    }
}
