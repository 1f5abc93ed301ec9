package dev.playcount.gateway;

import static dev.playcount.gateway.testing.TestGateway.API;
import static dev.playcount.gateway.testing.TestGateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.testing.TestGateway;
import dev.playcount.gateway.testing.TmpfsGateway;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The disk floor counts what queued and running jobs will still write: on an 8 MiB tmpfs with a 1
 * MiB floor, a queued 3 MiB input reserves 3 MiB more, so a 2 MiB upload that the free space alone
 * would take is refused (507) until that task is cancelled. No launcher runs: the task stays
 * QUEUED.
 */
class DiskReservationITCase {

    private static final int MIB = 1 << 20;

    static TmpfsGateway fixture;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        fixture =
                TmpfsGateway.start(
                        "DiskReservationITCase",
                        8,
                        "the disk floor needs a small tmpfs",
                        Map.of("MIN_FREE_DISK", "1MB"));
        gateway = fixture.gateway();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aQueuedTasksInputSizeIsKeptFreeForItsResult() throws Exception {
        String queued = id(gateway.uploadRaw("", csv(3 * MIB)));
        long free = gateway.files().usableSpace();
        byte[] twoMib = csv(2 * MIB);
        assertThat(free - twoMib.length)
                .as("without the reservation the upload would fit above the floor")
                .isGreaterThan(MIB);

        HttpResponse<String> refused = gateway.uploadRaw("", twoMib);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(json(refused).get("code").asText()).isEqualTo("insufficient_storage");
        assertThat(json(refused).get("message").asText())
                .contains("MiB of it kept for the results of queued and running tasks");
        assertThat(gateway.uploadRaw("", csv(MIB / 2)).statusCode()).isEqualTo(202);

        assertThat(gateway.delete(API + "/tasks/" + queued).statusCode()).isEqualTo(200);
        assertThat(gateway.uploadRaw("", twoMib).statusCode()).isEqualTo(202);
    }

    private static byte[] csv(int bytes) {
        StringBuilder s = new StringBuilder("Song,Date,Number of Plays\n");
        while (s.length() + 24 <= bytes) {
            s.append("Umbrella,2020-01-02,200\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String id(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json(r).get("task").get("id").asText();
    }
}
