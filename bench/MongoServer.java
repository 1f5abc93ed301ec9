// The gateway's embedded MongoDB-compatible server as a process of its own, for bench/faults.

import dev.playcount.gateway.embedded.EmbeddedMongo;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Usage: {@code java -cp gateway.jar bench/MongoServer.java DATA_DIR PORT}. Serves the MongoDB
 * wire protocol on 127.0.0.1:PORT from an H2 file in DATA_DIR, prints {@code listening on URI}
 * and runs until SIGTERM or SIGINT, which flush the store before the process exits.
 */
public class MongoServer {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: MongoServer DATA_DIR PORT");
            System.exit(2);
        }
        EmbeddedMongo mongo = EmbeddedMongo.start(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close, "mongo-stop"));
        System.out.println("listening on " + mongo.connectionString());
        new CountDownLatch(1).await(); // the shutdown hook ends the process
    }
}
