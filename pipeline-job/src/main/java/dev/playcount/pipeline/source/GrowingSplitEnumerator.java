package dev.playcount.pipeline.source;

import dev.playcount.core.error.PipelineException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * Hands out record-aligned splits of an input that is still being uploaded, as its bytes land, and
 * tells the readers there are no more once the upload is complete.
 *
 * <p>A {@link GrowingInput} looks at the file on the coordinator's worker thread every poll
 * interval (no busy waiting); what it found is handled here, on the coordinator thread, which alone
 * touches the queue of splits and the readers waiting for one. A failure it reports (a broken,
 * stalled or changed upload) is thrown from the handler, which fails the job.
 */
final class GrowingSplitEnumerator implements SplitEnumerator<FileSourceSplit, Long> {

    private final SplitEnumeratorContext<FileSourceSplit> context;
    private final GrowingInput input;
    private final long pollMillis;
    private final Deque<FileSourceSplit> pending = new ArrayDeque<>();
    private final Set<Integer> waiting = new LinkedHashSet<>();
    private boolean complete;

    GrowingSplitEnumerator(
            SplitEnumeratorContext<FileSourceSplit> context, GrowingInput input, long pollMillis) {
        this.context = context;
        this.input = input;
        this.pollMillis = pollMillis;
    }

    @Override
    public void start() {
        context.callAsync(input::poll, this::landed, 0, pollMillis);
    }

    private void landed(GrowingInput.Found found, Throwable failure) {
        if (failure != null) {
            if (failure instanceof PipelineException e) {
                // a broken upload stays broken: restarting the job would only repeat the failure
                throw new SuppressRestartsException(e);
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException(
                    "could not follow the growing input: " + failure, failure);
        }
        if (complete) {
            return;
        }
        pending.addAll(found.splits());
        complete = found.complete();
        assign();
    }

    private void assign() {
        while (!waiting.isEmpty() && !pending.isEmpty()) {
            int reader = waiting.iterator().next();
            waiting.remove(reader);
            if (context.registeredReaders().containsKey(reader)) {
                context.assignSplit(pending.poll(), reader);
            }
        }
        if (complete && pending.isEmpty()) {
            for (int reader : waiting) {
                context.signalNoMoreSplits(reader);
            }
            waiting.clear();
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        waiting.add(subtaskId);
        assign();
    }

    @Override
    public void addSplitsBack(List<FileSourceSplit> splits, int subtaskId) {
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        // a reader asks for its first split itself
    }

    @Override
    public Long snapshotState(long checkpointId) {
        // BATCH mode never checkpoints; a restarted job follows the file again from its start
        return 0L;
    }

    @Override
    public void close() {
        // the input is opened per poll: nothing to close
    }
}
