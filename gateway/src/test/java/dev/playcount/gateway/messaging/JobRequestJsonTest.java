package dev.playcount.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.gateway.task.JobRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobRequestJsonTest {

    private static final String TASK = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void theWireFormatIsASmallJsonObject() {
        assertThat(new String(JobRequestJson.encode(new JobRequest(TASK)), StandardCharsets.UTF_8))
                .isEqualTo("{\"taskId\":\"" + TASK + "\"}");
    }

    @Test
    void decodesWhatItEncodesAndIgnoresOtherFields() {
        assertThat(JobRequestJson.decode(JobRequestJson.encode(new JobRequest(TASK))))
                .contains(new JobRequest(TASK));
        assertThat(
                        JobRequestJson.decode(
                                ("{\"v\":2,\"taskId\":\"" + TASK + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)))
                .contains(new JobRequest(TASK));
    }

    @Test
    void refusesWhatIsNotAJobRequest() {
        assertThat(JobRequestJson.decode("null".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(JobRequestJson.decode(new byte[] {(byte) 0xff, 0})).isEmpty();
        assertThat(JobRequestJson.decode("{\"taskId\":\"ABC\"}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }
}
