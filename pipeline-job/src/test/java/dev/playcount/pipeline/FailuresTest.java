package dev.playcount.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class FailuresTest {

    /** What a job's client holds: the task's failure serialized inside the job's exception. */
    private static Throwable asAJobResult(Throwable taskFailure) {
        return new JobExecutionException(
                new JobID(), "Job execution failed.", new SerializedThrowable(taskFailure));
    }

    @Test
    void restoresTheTypedErrorFromASerializedFailure() {
        Throwable failure =
                asAJobResult(
                        new SuppressRestartsException(
                                PipelineException.invalidRow(4, "line 4: bad plays: a,b,c")));

        PipelineException found = Failures.find(failure).orElseThrow();

        assertThat(found.code()).isEqualTo(ErrorCode.INVALID_ROW);
        assertThat(found.line()).contains(4L);
        assertThat(Failures.userMessage(failure)).isEqualTo("line 4: bad plays: a,b,c");
    }

    @Test
    void anyOtherFailureIsItsRootCauseInOneLine() {
        Throwable failure = asAJobResult(new RuntimeException(new IllegalStateException("boom")));

        assertThat(Failures.find(failure)).isEmpty();
        assertThat(Failures.userMessage(failure)).isEqualTo("IllegalStateException: boom");
    }
}
