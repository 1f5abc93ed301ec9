package dev.playcount.gateway;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.storage.MongoTaskRepository;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the task store {@code MONGO_URI} names, or, when it is not set, starts the embedded
 * MongoDB-compatible server under the storage folder (so tasks survive a restart) and uses that.
 */
final class TaskStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(TaskStoreFactory.class);

    private TaskStoreFactory() {}

    static MongoTaskRepository open(MongoConfig config, Path storageRoot, Resources resources) {
        String uri = config.uri();
        if (config.embedded()) {
            EmbeddedMongo mongo =
                    resources.add(
                            EmbeddedMongo.start(
                                    storageRoot.resolve("mongo"), config.embeddedPort()));
            uri = mongo.connectionString();
            LOG.info("MONGO_URI is not set: embedded MongoDB-compatible server at {}", uri);
        }
        MongoClient client = resources.add(MongoClients.create(settings(uri, config)));
        MongoTaskRepository tasks = new MongoTaskRepository(client.getDatabase(config.database()));
        tasks.createIndexes();
        return tasks;
    }

    /** Every call bounded: a store that is away is a quick 503, not a hung request. */
    private static MongoClientSettings settings(String uri, MongoConfig config) {
        int timeoutMs = (int) config.timeout().toMillis();
        return MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(
                        b -> b.serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(
                        b ->
                                b.connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                                        .readTimeout(timeoutMs * 4, TimeUnit.MILLISECONDS))
                .build();
    }
}
