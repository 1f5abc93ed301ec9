package dev.playcount.gateway.embedded;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMongoITCase {

    @Test
    void servesTheDriverAndKeepsTasksAcrossARestart(@TempDir Path dataDir) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(mongo.connectionString()).startsWith("mongodb://127.0.0.1:");
            MongoCollection<Document> tasks = tasks(client);
            tasks.insertOne(new Document("_id", "task-1").append("status", "QUEUED"));
            tasks.createIndex(Indexes.ascending("status"));

            Document claimed =
                    tasks.findOneAndUpdate(
                            eq("status", "QUEUED"),
                            Updates.set("status", "RUNNING"),
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));

            assertThat(claimed).isNotNull();
            assertThat(claimed.getString("_id")).isEqualTo("task-1");
            assertThat(claimed.getString("status")).isEqualTo("RUNNING");
            // the claim is exclusive: nothing is left to claim
            assertThat(tasks.findOneAndUpdate(eq("status", "QUEUED"), Updates.set("x", 1)))
                    .isNull();
            assertThat(tasks.countDocuments()).isEqualTo(1);
            assertThat(tasks.countDocuments(eq("status", "RUNNING"))).isEqualTo(1);
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> tasks = tasks(client);
            assertThat(tasks.countDocuments()).isEqualTo(1);
            assertThat(tasks.find(eq("_id", "task-1")).first()).containsEntry("status", "RUNNING");
            List<String> indexes = new ArrayList<>();
            tasks.listIndexes().forEach(index -> indexes.add(index.getString("name")));
            assertThat(indexes).contains("status_1");
        }
    }

    @Test
    void closeIsIdempotent(@TempDir Path dataDir) {
        EmbeddedMongo mongo = EmbeddedMongo.start(dataDir);
        String uri = mongo.connectionString();
        int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));

        mongo.close();
        mongo.close();

        // the port is released and so is the data folder: a new server opens it at once
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .isInstanceOf(ConnectException.class);
        try (EmbeddedMongo again = EmbeddedMongo.start(dataDir, port);
                MongoClient client = MongoClients.create(again.connectionString())) {
            assertThat(tasks(client).countDocuments()).isZero();
        }
    }

    private static MongoCollection<Document> tasks(MongoClient client) {
        return client.getDatabase("playcount").getCollection("tasks");
    }
}
