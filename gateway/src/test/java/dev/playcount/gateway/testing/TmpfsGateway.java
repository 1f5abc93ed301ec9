package dev.playcount.gateway.testing;

import dev.playcount.gateway.storage.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A gateway whose {@code STORAGE_DIR} is a small tmpfs of its own, with its broker: a disk that
 * really fills. A test that cannot mount one is aborted, not failed. Closing stops both, unmounts
 * the tmpfs and deletes the folder.
 */
public final class TmpfsGateway implements AutoCloseable {

    private final Path dir;
    private TmpfsMount disk;
    private TestBroker broker;
    private TestGateway gateway;

    private TmpfsGateway(Path dir) {
        this.dir = dir;
    }

    /**
     * @param why what the test needs the small disk for, said when it cannot be mounted
     */
    public static TmpfsGateway start(
            String name, int megabytes, String why, Map<String, String> env) throws Exception {
        TmpfsGateway started =
                new TmpfsGateway(Files.createTempDirectory("playcount-" + name + "-"));
        try {
            try {
                // TestGateway's storage folder
                started.disk = TmpfsMount.mount(started.dir.resolve("storage"), megabytes);
            } catch (TmpfsMount.NotMountable e) {
                Assumptions.abort(why + ", which cannot be mounted here: " + e);
            }
            started.broker = TestBroker.start(started.dir.resolve("broker"));
            started.gateway = TestGateway.start(started.dir, started.broker, env);
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /** The test's folder: the tmpfs is its {@code storage}, the rest is on the ordinary disk. */
    public Path dir() {
        return dir;
    }

    public TestGateway gateway() {
        return gateway;
    }

    public TmpfsMount disk() {
        return disk;
    }

    @Override
    public void close() {
        try {
            if (gateway != null) {
                broker.deleteQueue(gateway.queue());
                gateway.close();
            }
            if (broker != null) {
                broker.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
            FileStore.deleteTree(dir);
        }
    }
}
