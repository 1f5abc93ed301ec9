package dev.playcount.gateway.tus;

import dev.playcount.core.concurrent.NamedThreads;
import dev.playcount.gateway.storage.FileStore;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.TaskService;
import dev.playcount.gateway.task.Upload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores each resumable upload through {@link TaskService#accept}, as a POST's body is stored, on a
 * thread of its own from a bounded pool (MAX_OPEN_UPLOADS): the thread waits in {@link TusTail} for
 * the upload's next bytes for as long as the upload lives.
 */
final class UploadStoring implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadStoring.class);

    private final TaskService service;
    private final FileStore files;
    private final LongConsumer bytesStored;
    private final ThreadPoolExecutor threads;

    UploadStoring(TaskService service, FileStore files, LongConsumer bytesStored, int maxOpen) {
        this.service = service;
        this.files = files;
        this.bytesStored = bytesStored;
        this.threads =
                new ThreadPoolExecutor(
                        maxOpen,
                        maxOpen,
                        60,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        NamedThreads.daemon("tus-upload"));
        threads.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts storing the upload from its first received byte; {@code ended} is told once the
     * session knows how it ended.
     */
    void start(TusSession session, TusTail tail, Consumer<TusSession> ended) {
        threads.execute(() -> store(session, tail, ended));
    }

    private void store(TusSession session, TusTail tail, Consumer<TusSession> ended) {
        try (tail) {
            Task task =
                    service.accept(
                            session.owner,
                            new Upload(
                                    session.fileName,
                                    tail,
                                    session.length(),
                                    session.policy,
                                    session.idempotencyKey,
                                    session.id),
                            bytesStored);
            session.accepted(task);
            LOG.info("upload {} complete: task {}", session.id, task.id());
        } catch (RuntimeException e) {
            session.failed(e);
            LOG.info("upload {} ended without a task: {}", session.id, e.getMessage());
        } catch (IOException e) {
            LOG.debug("upload {}: closing its data file failed: {}", session.id, e.toString());
        } finally {
            ended.accept(session);
        }
    }

    /**
     * What the tail runs while it waits: the cleanup deletes a partial upload nobody writes, and a
     * paused client's must look alive.
     */
    Runnable keepAlive(String id) {
        return () -> {
            try {
                Files.setLastModifiedTime(files.partialUpload(id), FileTime.from(Instant.now()));
            } catch (IOException e) {
                // not there yet or gone already
            }
        };
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
