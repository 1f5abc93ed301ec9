package dev.playcount.core.publish;

import dev.playcount.core.csv.OutputHeaders;
import dev.playcount.core.error.ErrorCode;
import dev.playcount.core.error.PipelineException;
import dev.playcount.core.error.StorageFull;
import dev.playcount.core.receipt.Receipt;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The end-of-run rule that the CLI and the launcher share: a finished job's result (and rejects) is
 * published only when its counts balance and the staged file holds the rows written, and the
 * completed receipt carries both files' hashes. A failure before the move leaves nothing of the run
 * behind; nothing after the move deletes the published result, and publishing the same run again
 * finds it and keeps it (see {@link SingleFilePublisher}).
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
     *     the result does not hold the rows written, {@link ErrorCode#STORAGE_FULL} when the disk
     *     filled up, {@link ErrorCode#PUBLISH_FAILED} when the files cannot be moved or read; a
     *     {@link PublishUnverifiedException} when the result was moved but not checked
     */
    public Receipt publish(
            Receipt counts, Supplier<String> inputSha256, Supplier<Duration> elapsed) {
        if (!counts.balances()) {
            discard();
            throw mismatch(
                    "the run's counts do not balance, so its result was not published", counts);
        }
        try {
            // rejects first: once the result is in place, no step that could fail is left but its
            // check, so a failure never leaves a result behind that a task then deletes
            if (rejects != null) {
                publishOne(rejects, OutputHeaders.REJECTS, -1, counts);
            }
            PublishedFile published =
                    publishOne(result, OutputHeaders.RESULT, counts.rowsWritten(), counts);
            return counts.completed(inputSha256.get(), published.sha256(), elapsed.get());
        } catch (PublishUnverifiedException e) {
            throw e; // the staged manifest stays: the next publish checks the result with it
        } catch (InterruptedIOException e) {
            // stopping, not failing: what is staged (or published) stays for the next publish
            throw new PublishUnverifiedException("the publish was interrupted: " + e, e);
        } catch (IOException | UncheckedIOException e) {
            discard();
            throw StorageFull.in(e)
                    .orElseGet(
                            () ->
                                    new PipelineException(
                                            ErrorCode.PUBLISH_FAILED,
                                            "the result could not be published: " + e,
                                            null,
                                            e));
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /**
     * Publishes one file once: a run whose file is already in place (its manifest staged) only
     * checks it; otherwise the staged file is hashed and its rows checked, then moved. The move is
     * a rename on one filesystem, which carries those bytes unchanged, so the file is read once.
     *
     * @param rows the data rows the file must hold, or -1 for any
     */
    private static PublishedFile publishOne(
            SingleFilePublisher file, String header, long rows, Receipt counts) throws IOException {
        Optional<PublishedFile> published = file.published();
        if (published.isPresent() && Files.isRegularFile(file.target())) {
            return verified(file, published.get(), counts);
        }
        Path staged = file.stage(header);
        PublishedFile holds = PublishedFile.read(staged);
        if (rows >= 0 && holds.records() != rows + 1) {
            throw mismatch(
                    "the result holds "
                            + (holds.records() - 1)
                            + " rows, not the "
                            + rows
                            + " written, so it was not published",
                    counts);
        }
        file.move(staged, holds);
        return holds;
    }

    /** A file an earlier publish moved, read back under the final name and compared with it. */
    private static PublishedFile verified(
            SingleFilePublisher file, PublishedFile expected, Receipt counts) {
        PublishedFile now;
        try {
            now = PublishedFile.read(file.target());
        } catch (IOException | UncheckedIOException e) {
            throw new PublishUnverifiedException(
                    "the result is published but could not be checked (it is kept): " + e, e);
        }
        if (!now.equals(expected)) {
            throw mismatch(
                    "the published result "
                            + file.target().getFileName()
                            + " is not the one this run staged",
                    counts);
        }
        return now;
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
}
