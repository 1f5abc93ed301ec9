package dev.playcount.gateway.launcher;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.publish.PublishUnverifiedException;
import dev.playcount.core.publish.RunPublisher;
import dev.playcount.core.publish.SingleFilePublisher;
import dev.playcount.core.receipt.Receipt;
import dev.playcount.core.upload.UploadMarker;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.JobOutcome;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskError;
import dev.playcount.gateway.task.TaskReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a finished task's files with the core's {@link RunPublisher}, the rule the CLI follows
 * too, from the staging folders the job wrote in the task's storage.
 */
final class ResultPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

    private final FileStore files;
    private final Clock clock;

    ResultPublisher(FileStore files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /**
     * FINISHED with the completed receipt, or FAILED with nothing of the run left behind.
     *
     * @throws IllegalStateException when the result was published but not checked (the launcher
     *     stopping, a read that failed): it is kept and the task gets no outcome yet
     */
    /**
     * The input's SHA-256: the task's, or, for a task whose job read its file while it arrived and
     * whose record is not updated yet, its upload marker's (the job checked the file against it).
     */
    private String inputSha256(Task task) {
        if (task.input().sha256() != null) {
            return task.input().sha256();
        }
        try {
            byte[] data = Files.readAllBytes(files.inputMarker(task.id()));
            UploadMarker marker = UploadMarker.parse(data, data.length);
            if (marker.complete()) {
                return marker.sha256();
            }
            throw new IllegalStateException("the upload of task " + task.id() + " broke");
        } catch (IOException e) {
            throw new UncheckedIOException("no upload marker for task " + task.id(), e);
        }
    }

    JobOutcome publish(Task task, Receipt counts) {
        String id = task.id();
        SingleFilePublisher rejects =
                task.invalidRowPolicy() == InvalidRowPolicy.SKIP
                        ? SingleFilePublisher.withStaging(
                                files.rejects(id), files.rejectsStaging(id))
                        : null;
        RunPublisher publisher =
                new RunPublisher(
                        SingleFilePublisher.withStaging(files.result(id), files.resultStaging(id)),
                        rejects);
        Instant started = task.startedAt() == null ? clock.instant() : task.startedAt();
        try {
            Receipt done =
                    publisher.publish(
                            counts,
                            () -> inputSha256(task),
                            () -> Duration.between(started, clock.instant()));
            LOG.info("task {} receipt:{}{}", id, System.lineSeparator(), done.render());
            return JobOutcome.finished(TaskReceipt.of(done));
        } catch (PublishUnverifiedException e) {
            // the result may be in place: no outcome, so the request comes again and checks it
            throw new IllegalStateException("task " + id + ": " + e.getMessage(), e);
        } catch (PipelineException e) {
            // the launcher deletes the outputs once it recorded FAILED under its lease: a result
            // another launcher published meanwhile must stay
            return JobOutcome.failed(OutcomeReader.taskError(e));
        } catch (RuntimeException e) {
            return JobOutcome.failed(
                    new TaskError(
                            "publish_failed", "the result could not be published: " + e, null));
        }
    }
}
