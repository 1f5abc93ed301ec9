package dev.playcount.gateway.storage;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The indexes of the {@code tasks} collection, one per query shape of {@link MongoTaskRepository}
 * (docs/reliability.md lists them). They keep MongoDB's default names (the keys joined, such as
 * {@code status_1_finishedAt_1}), so a database made by an earlier version, which has some of them,
 * takes this list unchanged. The embedded server records compound indexes but does not use them; a
 * real MongoDB does.
 */
final class TaskIndexes {

    private static final List<IndexModel> INDEXES =
            List.of(
                    // GET /tasks with a key, newest first (the sort's _id breaks ties)
                    index(Indexes.descending("owner", "createdAt", "_id"), new IndexOptions()),
                    // GET /tasks?status= with a key
                    index(
                            Indexes.compoundIndex(
                                    Indexes.ascending("owner", "status"),
                                    Indexes.descending("createdAt", "_id")),
                            new IndexOptions()),
                    // GET /tasks without keys (an open API), with and without a status
                    index(Indexes.descending("createdAt", "_id"), new IndexOptions()),
                    index(
                            Indexes.compoundIndex(
                                    Indexes.ascending("status"),
                                    Indexes.descending("createdAt", "_id")),
                            new IndexOptions()),
                    // the relay's unconfirmed requests, oldest first
                    index(Indexes.ascending("status", "queued", "createdAt"), new IndexOptions()),
                    // expiry, and the removal of failed and cancelled tasks' records
                    index(Indexes.ascending("status", "finishedAt"), new IndexOptions()),
                    // the removal of expired tasks' records
                    index(Indexes.ascending("status", "expiredAt"), new IndexOptions()),
                    // finished tasks whose input is still stored
                    index(Indexes.ascending("status", "inputDeleted"), new IndexOptions()),
                    // Sparse: only keyed uploads are in it, so tasks without a key never collide.
                    index(
                            Indexes.ascending("idempotencyScope"),
                            new IndexOptions().unique(true).sparse(true)));

    private static IndexModel index(Bson keys, IndexOptions options) {
        return new IndexModel(keys, options);
    }

    private TaskIndexes() {}

    /** Creates every index; creating an existing one is a no-op. */
    static void create(MongoCollection<Document> tasks) {
        for (IndexModel index : INDEXES) {
            tasks.createIndex(index.getKeys(), index.getOptions());
        }
    }

    static List<String> names(MongoCollection<Document> tasks) {
        List<String> names = new ArrayList<>();
        tasks.listIndexes().forEach(d -> names.add(d.getString("name")));
        return names;
    }
}
