package dev.playcount.gateway.embedded;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;
import org.apache.flink.runtime.rest.FileUploadHandler;
import org.apache.flink.runtime.rest.handler.util.HandlerUtils;
import org.apache.flink.runtime.rest.messages.ErrorResponseBody;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelDuplexHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPipeline;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPromise;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpMethod;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.LastHttpContent;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

/**
 * Guards the embedded cluster's REST port (loaded by Flink's REST server through {@link
 * java.util.ServiceLoader}): {@code web.submit.enable: false} only hides the jar endpoints, while
 * {@code POST /jobs} still takes a job graph with jars and runs it in this JVM. So every call but a
 * read needs {@code Authorization: Bearer <secret>}, a secret only this process knows; a Host
 * header that is not a name of this host is refused (DNS rebinding); and no {@code
 * Access-Control-Allow-Origin} leaves, so other web pages cannot read the dashboard's JSON.
 *
 * <p>Without {@link #SECRET} in the cluster's configuration it adds nothing: other clusters in this
 * JVM (tests, the command line) are not touched.
 */
public final class RestGuard implements InboundChannelHandlerFactory {

    /** The secret a caller that changes anything must send; masked in Flink's logs ("secret"). */
    public static final ConfigOption<String> SECRET =
            ConfigOptions.key("playcount.rest.guard.secret").stringType().noDefaultValue();

    /** Host names besides loopback ones that may address the port (a dashboard URL's host). */
    public static final ConfigOption<List<String>> ALLOWED_HOSTS =
            ConfigOptions.key("playcount.rest.guard.allowed-hosts")
                    .stringType()
                    .asList()
                    .defaultValues();

    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[::1]");

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<ChannelHandler> createHandler(
            Configuration configuration, Map<String, String> responseHeaders) {
        Optional<String> secret = configuration.getOptional(SECRET);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        List<String> hosts = new ArrayList<>(LOOPBACK);
        configuration.get(ALLOWED_HOSTS).forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        return Optional.of(
                new Placer(
                        new Handler(
                                ("Bearer " + secret.get()).getBytes(StandardCharsets.UTF_8),
                                hosts,
                                responseHeaders)));
    }

    /**
     * Flink adds a factory's handler after its upload handler, which writes a multipart body (a
     * job's jars) to disk before any handler after it sees the request. The guard goes before it,
     * so that a refused request's body is never stored.
     */
    private static final class Placer extends ChannelHandlerAdapter {

        private final Handler guard;

        Placer(Handler guard) {
            this.guard = guard;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ChannelPipeline pipeline = ctx.pipeline();
            ChannelHandlerContext upload = pipeline.context(FileUploadHandler.class);
            if (upload == null) {
                pipeline.replace(this, "playcount-rest-guard", guard);
            } else {
                pipeline.remove(this);
                pipeline.addBefore(upload.name(), "playcount-rest-guard", guard);
            }
        }
    }

    /**
     * One per connection: Flink's pipeline asks the factory for each channel. It sees a request's
     * head before its body, which it drops when it refused the request.
     */
    private static final class Handler extends ChannelDuplexHandler {

        private final byte[] authorization;
        private final List<String> hosts;
        private final Map<String, String> responseHeaders;
        private boolean dropping;

        Handler(byte[] authorization, List<String> hosts, Map<String, String> responseHeaders) {
            this.authorization = authorization;
            this.hosts = hosts;
            this.responseHeaders = responseHeaders;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                String refusal = refusal(request);
                dropping = refusal != null;
                if (dropping) {
                    HandlerUtils.sendErrorResponse(
                            ctx,
                            request,
                            new ErrorResponseBody(refusal),
                            HttpResponseStatus.FORBIDDEN,
                            responseHeaders);
                }
            }
            if (dropping) {
                if (msg instanceof LastHttpContent) {
                    dropping = false;
                }
                ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                response.headers().remove(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN);
            }
            ctx.write(msg, promise);
        }

        private String refusal(HttpRequest request) {
            String host = request.headers().get(HttpHeaderNames.HOST);
            if (host == null || !hosts.contains(hostName(host))) {
                return "this port answers only requests addressed to this host";
            }
            HttpMethod method = request.method();
            if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                return null;
            }
            String given = request.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (given == null
                    || !MessageDigest.isEqual(
                            authorization, given.getBytes(StandardCharsets.UTF_8))) {
                return "this cluster takes jobs and changes only from the playcount launcher";
            }
            return null;
        }

        /** The host part of a Host header, lower case, without its port. */
        private static String hostName(String header) {
            String h = header.strip().toLowerCase(Locale.ROOT);
            int colon = h.lastIndexOf(':');
            if (colon > h.lastIndexOf(']')) {
                h = h.substring(0, colon);
            }
            return h;
        }
    }
}
