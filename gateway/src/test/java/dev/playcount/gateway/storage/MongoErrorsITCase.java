package dev.playcount.gateway.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.playcount.gateway.embedded.EmbeddedMongo;
import dev.playcount.gateway.task.UnavailableException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MongoDB that answers with an error, not only one that does not answer, is the domain's
 * "unavailable" (the API's 503 with Retry-After), and the driver's text (hosts, credentials,
 * commands) stays out of its message.
 */
class MongoErrorsITCase {

    @TempDir Path dir;
    private EmbeddedMongo mongo;
    private MongoClient client;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dir.resolve("mongo"));
        // the embedded server knows no users: every authenticated call is refused at once
        String refused =
                mongo.connectionString()
                        .replace("mongodb://", "mongodb://someone:s3cret@")
                        .concat("/?serverSelectionTimeoutMS=5000");
        client = MongoClients.create(refused);
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void anErrorAnswerIsUnavailableWithoutTheDriversText() {
        MongoTaskRepository repository = new MongoTaskRepository(client.getDatabase("playcount"));

        assertThatThrownBy(() -> repository.find("8a2f4c1e-0000-4000-8000-000000000000"))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("the task store (MongoDB) failed to answer")
                .hasCauseInstanceOf(MongoException.class);
    }
}
