package dev.playcount.core.publish;

import dev.playcount.core.csv.OutputHeaders;
import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.receipt.Receipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The end-of-run rule that the CLI and the launcher share: a finished job's result (and rejects) is
 * published only when its counts balance, then read back and checked against them, and the
 * completed receipt carries both files' hashes. On any failure nothing of the run stays behind.
 */
public final class RunPublisher {

    private final SingleFilePublisher result;
    private final SingleFilePublisher rejects;

    /**
     * @param rejects the rejects' publisher under the {@code skip} policy with a rejects file, else
     *     null
     */
    public RunPublisher(SingleFilePublisher result, SingleFilePublisher rejects) {
        this.result = result;
        this.rejects = rejects;
    }

    /**
     * Publishes the run whose job reported {@code counts}.
     *
     * @param inputSha256 the input's hash, asked for once the result is published (the CLI computes
     *     it while the job runs)
     * @param elapsed the run's duration, asked for last
     * @return the receipt completed with the hashes and the duration
     * @throws PipelineException {@link ErrorCode#RECEIPT_MISMATCH} when the counts do not add up or
     *     the published result does not hold the rows written, {@link ErrorCode#PUBLISH_FAILED}
     *     when the files cannot be moved or read
     */
    public Receipt publish(
            Receipt counts, Supplier<String> inputSha256, Supplier<Duration> elapsed) {
        if (!counts.balances()) {
            discard();
            throw mismatch(
                    "the run's counts do not balance, so its result was not published", counts);
        }
        boolean moved = false;
        try {
            result.publish(OutputHeaders.RESULT);
            moved = true;
            if (rejects != null) {
                rejects.publish(OutputHeaders.REJECTS);
            }
            PublishedFile published = PublishedFile.read(result.target());
            if (published.records() != counts.rowsWritten() + 1) {
                throw mismatch(
                        "the published result holds "
                                + (published.records() - 1)
                                + " rows, not the "
                                + counts.rowsWritten()
                                + " written, so it was withdrawn",
                        counts);
            }
            return counts.completed(inputSha256.get(), published.sha256(), elapsed.get());
        } catch (IOException | UncheckedIOException e) {
            withdraw(moved);
            throw new PipelineException(
                    ErrorCode.PUBLISH_FAILED, "the result could not be published: " + e, null, e);
        } catch (RuntimeException e) {
            withdraw(moved);
            throw e;
        }
    }

    private static PipelineException mismatch(String what, Receipt counts) {
        return new PipelineException(
                ErrorCode.RECEIPT_MISMATCH,
                what + ": " + counts.render().replace(System.lineSeparator(), "; "),
                null,
                null);
    }

    /** Deletes the staging folders; for a run that failed before it could be published. */
    public void discard() {
        result.discard();
        if (rejects != null) {
            rejects.discard();
        }
    }

    /**
     * Leaves no file of this run: nothing staged and, once this run moved its result, nothing under
     * the final names either (before that, they may hold a file the user had there).
     */
    private void withdraw(boolean moved) {
        try {
            discard();
            if (moved) {
                Files.deleteIfExists(result.target());
                if (rejects != null) {
                    Files.deleteIfExists(rejects.target());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the failure being reported matters more; the launcher deletes a task's files again
        }
    }
}
