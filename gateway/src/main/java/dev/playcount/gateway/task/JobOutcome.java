package dev.playcount.gateway.task;

import java.util.List;

/**
 * How a job ended: FINISHED with its receipt, FAILED with the job's own errors, or CANCELED.
 *
 * @param receipt set when FINISHED
 */
public record JobOutcome(JobState state, TaskReceipt receipt, List<TaskError> errors) {

    public static JobOutcome finished(TaskReceipt receipt) {
        return new JobOutcome(JobState.FINISHED, receipt, List.of());
    }

    public static JobOutcome failed(TaskError error) {
        return new JobOutcome(JobState.FAILED, null, List.of(error));
    }

    public static JobOutcome canceled() {
        return new JobOutcome(JobState.CANCELED, null, List.of());
    }
}
