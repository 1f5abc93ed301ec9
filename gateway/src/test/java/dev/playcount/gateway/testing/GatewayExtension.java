package dev.playcount.gateway.testing;

import dev.playcount.gateway.storage.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test broker and one {@link TestGateway} for a whole test class, in a folder of their own:
 * started before the class's first test, and after its last the gateway's queue deleted and both
 * stopped. Register it in a static field with {@code @RegisterExtension}.
 */
public final class GatewayExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> env;
    private Path dir;
    private TestBroker broker;
    private TestGateway gateway;

    private GatewayExtension(Map<String, String> env) {
        this.env = env;
    }

    /** A gateway with the test defaults, {@code env} overriding any of them. */
    public static GatewayExtension withEnv(Map<String, String> env) {
        return new GatewayExtension(env);
    }

    /** A gateway that runs the launcher too, on an embedded Flink cluster. */
    public static GatewayExtension withLauncher() {
        return new GatewayExtension(TestGateway.withLauncher());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir =
                Files.createTempDirectory(
                        "playcount-" + context.getRequiredTestClass().getSimpleName() + "-");
        broker = TestBroker.start(dir.resolve("broker"));
        gateway = TestGateway.start(dir, broker, env);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (gateway != null) {
                broker.deleteQueue(gateway.queue());
                gateway.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            if (dir != null) {
                FileStore.deleteTree(dir);
            }
        }
    }

    public TestGateway gateway() {
        return gateway;
    }

    public TestBroker broker() {
        return broker;
    }
}
