package dev.playcount.gateway.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.task.TaskRepository;
import dev.playcount.gateway.testing.TaskRepositoryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The MongoDB adapter keeps the task store's contract, on the embedded MongoDB-wire server. */
class MongoTaskRepositoryITCase extends TaskRepositoryContract {

    @TempDir Path dir;
    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoTaskRepository repository;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dir.resolve("mongo"));
        client = MongoClients.create(mongo.connectionString());
        repository = new MongoTaskRepository(client.getDatabase("playcount"));
        repository.createIndexes();
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Override
    protected TaskRepository repository() {
        return repository;
    }
}
