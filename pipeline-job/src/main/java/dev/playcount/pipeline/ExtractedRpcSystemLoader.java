package dev.playcount.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.classloading.SubmoduleClassLoader;
import org.apache.flink.runtime.rpc.AddressResolution;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.runtime.rpc.RpcSystemLoader;
import org.apache.flink.runtime.rpc.exceptions.RpcLoaderException;

/**
 * Loads Flink's RPC system (Pekko) from the jar the build extracted next to the CLI's jar. Flink's
 * own loader copies that 24 MB jar out of the CLI's jar into a new temporary file at every start
 * (0.2 s of a 2 s run), and classes from a file with a new name every time cannot come from the
 * class-data-sharing archive. Only the CLI's relaunched JVM names the file ({@link CliLauncher});
 * everywhere else this loader declines and Flink's loads as usual.
 */
public final class ExtractedRpcSystemLoader implements RpcSystemLoader {

    /** The extracted jar's path; unset means "use Flink's loader". */
    static final String PROPERTY = "playcount.rpc-jar";

    /** Flink's own loader has priority 0; the lowest goes first. */
    private static final int BEFORE_FLINKS = -1;

    @Override
    public int getLoadPriority() {
        return BEFORE_FLINKS;
    }

    @Override
    public RpcSystem loadRpcSystem(Configuration config) {
        return load(System.getProperty(PROPERTY));
    }

    /**
     * @param jar the extracted jar's path, or null
     */
    RpcSystem load(String jar) {
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new RpcLoaderException("no extracted RPC jar (" + PROPERTY + "=" + jar + ")");
        }
        URL url;
        try {
            url = Path.of(jar).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new RpcLoaderException("cannot load the RPC system from " + jar, e);
        }
        SubmoduleClassLoader loader =
                new SubmoduleClassLoader(new URL[] {url}, RpcSystem.class.getClassLoader());
        return new Closing(ServiceLoader.load(RpcSystem.class, loader).iterator().next(), loader);
    }

    /** The loaded system, which closes its class loader on close but leaves the jar in place. */
    private static final class Closing implements RpcSystem {
        private final RpcSystem rpc;
        private final SubmoduleClassLoader loader;

        Closing(RpcSystem rpc, SubmoduleClassLoader loader) {
            this.rpc = rpc;
            this.loader = loader;
        }

        @Override
        public RpcServiceBuilder localServiceBuilder(Configuration configuration) {
            return rpc.localServiceBuilder(configuration);
        }

        @Override
        public RpcServiceBuilder remoteServiceBuilder(
                Configuration configuration, String externalAddress, String externalPortRange) {
            return rpc.remoteServiceBuilder(configuration, externalAddress, externalPortRange);
        }

        @Override
        public String getRpcUrl(
                String hostname,
                int port,
                String endpointName,
                AddressResolution addressResolution,
                Configuration config)
                throws UnknownHostException {
            return rpc.getRpcUrl(hostname, port, endpointName, addressResolution, config);
        }

        @Override
        public InetSocketAddress getInetSocketAddressFromRpcUrl(String url) throws Exception {
            return rpc.getInetSocketAddressFromRpcUrl(url);
        }

        @Override
        public long getMaximumMessageSizeInBytes(Configuration config) {
            return rpc.getMaximumMessageSizeInBytes(config);
        }

        @Override
        public void close() {
            try {
                rpc.close();
            } finally {
                try {
                    loader.close();
                } catch (IOException e) {
                    // only the jar's file handle stays open, until the JVM exits
                }
            }
        }
    }
}
