package dev.playcount.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.playcount.core.io.Sha256;
import dev.playcount.pipeline.testing.Oracle;
import java.nio.file.Path;

/**
 * What a fault test asserts of a task that ended COMPLETED: the downloaded result equals the
 * oracle's totals, and the task's receipt balances and describes exactly that file.
 */
public final class ExactResult {

    private ExactResult() {}

    /**
     * @param task the task as the API shows it
     * @param downloaded its result, as downloaded
     * @param expected the oracle's aggregation of the input
     */
    public static void assertExact(JsonNode task, Path downloaded, Oracle.Expected expected)
            throws Exception {
        assertThat(task.get("status").asText()).as(task.toString()).isIn("COMPLETED", "DOWNLOADED");
        JsonNode receipt = task.get("receipt");
        assertThat(receipt.get("rowsRead").asLong())
                .as("rows read = aggregated + invalid + repeated headers: %s", receipt)
                .isEqualTo(
                        receipt.get("rowsAggregated").asLong()
                                + receipt.get("invalidRows").asLong()
                                + receipt.get("repeatedHeaders").asLong());
        assertThat(receipt.get("playsIn").asText()).isEqualTo(receipt.get("playsOut").asText());
        assertThat(receipt.get("inputSha256").asText())
                .isEqualTo(task.get("input").get("sha256").asText());
        assertThat(receipt.get("rowsWritten").asLong()).isEqualTo(expected.totals().size());
        assertThat(task.get("rowsWritten").asLong()).isEqualTo(expected.totals().size());
        assertThat(receipt.get("resultSha256").asText())
                .as("the receipt names the file served")
                .isEqualTo(Sha256.of(downloaded));
        assertThat(Oracle.readResult(downloaded)).isEqualTo(expected.totals());
    }
}
