// Marks a task COMPLETED in MongoDB so bench/gateway-io can time its download (no job runner yet).

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import java.util.Date;

/**
 * Usage: {@code java -cp gateway.jar bench/MarkCompleted.java MONGO_URI TASK_ID}. Sets the task
 * document's status to COMPLETED and finishedAt to now in {@code playcount.tasks}; exits 1 when
 * no document has that id.
 */
public class MarkCompleted {

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: MarkCompleted MONGO_URI TASK_ID");
            System.exit(2);
        }
        try (MongoClient client = MongoClients.create(args[0])) {
            UpdateResult result =
                    client.getDatabase("playcount")
                            .getCollection("tasks")
                            .updateOne(
                                    Filters.eq("_id", args[1]),
                                    Updates.combine(
                                            Updates.set("status", "COMPLETED"),
                                            Updates.set("finishedAt", new Date())));
            if (result.getMatchedCount() != 1) {
                System.err.println("no task " + args[1]);
                System.exit(1);
            }
        }
    }
}
