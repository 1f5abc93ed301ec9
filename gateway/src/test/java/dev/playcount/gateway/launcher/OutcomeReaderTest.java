package dev.playcount.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.core.csv.InvalidHeaderException;
import dev.playcount.core.error.PipelineException;
import dev.playcount.gateway.task.TaskError;
import java.util.Optional;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

/** The job's error reaches the task as data: code, message and line, never parsed from text. */
class OutcomeReaderTest {

    private final OutcomeReader reader = new OutcomeReader(null);

    /** A job result's failure as the cluster sends it: serialized, wrapped by the scheduler. */
    private static Optional<SerializedThrowable> failure(Throwable taskFailure) {
        return Optional.of(
                new SerializedThrowable(
                        new JobException(
                                "Recovery is suppressed by NoRestartBackoffTimeStrategy",
                                new SuppressRestartsException(taskFailure))));
    }

    @Test
    void anInvalidRowKeepsItsLine() {
        TaskError error =
                reader.error(
                        failure(PipelineException.invalidRow(12, "line 12: no date: Umbrella,,1")));
        assertThat(error)
                .isEqualTo(new TaskError("invalid_row", "line 12: no date: Umbrella,,1", 12L));
    }

    @Test
    void anInvalidHeaderIsOnLineOne() {
        TaskError error =
                reader.error(failure(new InvalidHeaderException("misses the column Date")));
        assertThat(error)
                .isEqualTo(
                        new TaskError(
                                "invalid_header", "invalid header: misses the column Date", 1L));
    }

    @Test
    void aMessageThatLooksLikeALineIsNotTakenForOne() {
        TaskError error = reader.error(failure(new PipelineException("line 3: of a song title")));
        assertThat(error).isEqualTo(new TaskError("job_failed", "line 3: of a song title", null));
    }

    @Test
    void anyOtherFailureIsAJobFailureWithItsRootCause() {
        assertThat(reader.error(failure(new IllegalStateException("disk gone"))))
                .isEqualTo(new TaskError("job_failed", "IllegalStateException: disk gone", null));
        assertThat(reader.error(Optional.empty()))
                .isEqualTo(new TaskError("job_failed", "the job failed", null));
    }

    @Test
    void aFullDiskDuringTheJobIsStorageFull() {
        TaskError error =
                reader.error(
                        failure(
                                new java.io.UncheckedIOException(
                                        new java.io.IOException("No space left on device"))));
        assertThat(error.code()).isEqualTo("storage_full");
        assertThat(error.message()).startsWith("the result did not fit");
    }
}
