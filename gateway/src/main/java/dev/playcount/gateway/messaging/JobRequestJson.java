package dev.playcount.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.playcount.gateway.task.JobRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The queue's wire format of a job request: {@code {"taskId":"<uuid>"}} in UTF-8. */
final class JobRequestJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f-]{36}");

    private JobRequestJson() {}

    static byte[] encode(JobRequest request) {
        ObjectNode node = JSON.createObjectNode().put("taskId", request.taskId());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a job request", e);
        }
    }

    /** The request in the body, or empty when the body is not a job request. */
    static Optional<JobRequest> decode(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            String id = node == null ? null : node.path("taskId").asText(null);
            return id != null && TASK_ID.matcher(id).matches()
                    ? Optional.of(new JobRequest(id))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
