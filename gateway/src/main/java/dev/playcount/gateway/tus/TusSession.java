package dev.playcount.gateway.tus;

import dev.playcount.core.csv.InvalidRowPolicy;
import dev.playcount.gateway.task.Task;
import dev.playcount.gateway.task.UploadInterruptedException;
import java.time.Instant;

/**
 * One resumable upload as this process follows it: how far its received bytes may be read, and how
 * it ended. The PATCH handlers move it on; the thread that stores the upload waits on it.
 *
 * <p>Bytes of a PATCH without {@code Upload-Checksum} stay once written (the library keeps what it
 * wrote when the connection breaks), so they may be read while the PATCH still runs; those of a
 * checksummed PATCH are removed again on a mismatch, so they wait for its end.
 */
public final class TusSession {

    /** What the upload became. */
    public enum End {
        /** still receiving */
        NONE,
        /** its task exists */
        ACCEPTED,
        /** refused (bad header, size, quota...): the next request answers why */
        REFUSED,
        /** terminated or expired before it was complete */
        INTERRUPTED
    }

    final String id;
    final String owner;
    final String fileName;
    final InvalidRowPolicy policy;
    final String idempotencyKey;
    final Instant createdAt;

    private long length;
    private long committed;
    private long consumed;
    private int streaming;
    private int checksummed;
    private long expiresAtMillis;
    private End end = End.NONE;
    private Task task;
    private RuntimeException failure;
    private String interruption;
    private volatile boolean stopped;

    TusSession(
            String id,
            String owner,
            String fileName,
            InvalidRowPolicy policy,
            String idempotencyKey,
            Instant createdAt,
            long length,
            long offset,
            long expiresAtMillis) {
        this.id = id;
        this.owner = owner;
        this.fileName = fileName;
        this.policy = policy;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
        this.length = length;
        this.committed = offset;
        this.expiresAtMillis = expiresAtMillis;
    }

    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    /** A PATCH starts writing: with a checksum its bytes may still be taken back. */
    synchronized void patchStarted(boolean withChecksum) {
        if (withChecksum) {
            checksummed++;
        } else {
            streaming++;
        }
        notifyAll();
    }

    /**
     * A PATCH ended: what the library recorded ({@code offset} -1 when its record is gone). An
     * offset below what was already read means bytes were taken back after they were stored: the
     * stored copy no longer matches, so the upload ends (it never happens without a checksum, which
     * holds reads back).
     */
    synchronized void patchEnded(boolean withChecksum, long offset, long newLength, long expires) {
        if (withChecksum) {
            checksummed--;
        } else {
            streaming--;
        }
        if (streaming + checksummed > 0) {
            // another PATCH still writes (this one found the upload locked): the last one reports
            notifyAll();
            return;
        }
        if (offset >= 0 && offset < consumed && end == End.NONE) {
            interruption =
                    "bytes of upload "
                            + id
                            + " were taken back after they were stored; upload the file again";
            stopped = true;
        }
        if (offset >= 0) {
            committed = offset;
        }
        if (newLength >= 0) {
            length = newLength;
        }
        if (expires > 0) {
            expiresAtMillis = expires;
        }
        notifyAll();
    }

    /**
     * How far the data file may be read now.
     *
     * @param fileSize the data file's size at this moment
     */
    synchronized long readableUpTo(long fileSize) {
        long limit = streaming > 0 && checksummed == 0 ? Math.max(committed, fileSize) : committed;
        return length >= 0 ? Math.min(limit, length) : limit;
    }

    synchronized void consumed(long position) {
        consumed = position;
    }

    /** Whether every byte is in and confirmed once {@code position} bytes were read. */
    synchronized boolean complete(long position) {
        return length >= 0 && position >= length && committed >= length;
    }

    /**
     * Waits for more bytes (or the confirmation of those written), at most {@code millis}.
     *
     * @throws UploadInterruptedException once the upload was terminated or expired
     */
    synchronized void awaitMore(long position, long millis) {
        if (interruption == null
                && streaming == 0
                && checksummed == 0
                && System.currentTimeMillis() > expiresAtMillis) {
            interruption =
                    "upload "
                            + id
                            + " expired: no bytes arrived within UPLOAD_TTL; nothing was kept";
        }
        if (interruption != null) {
            throw new UploadInterruptedException(interruption, null);
        }
        if (committed > position) {
            return;
        }
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadInterruptedException("the gateway is stopping", e);
        }
    }

    /** Ends the upload before it is complete: the thread storing it stops and keeps nothing. */
    synchronized void interrupt(String why) {
        if (interruption == null) {
            interruption = why;
        }
        stopped = true;
        notifyAll();
    }

    synchronized void accepted(Task t) {
        end = End.ACCEPTED;
        task = t;
        notifyAll();
    }

    synchronized void failed(RuntimeException e) {
        end = e instanceof UploadInterruptedException ? End.INTERRUPTED : End.REFUSED;
        failure = e;
        stopped = true;
        notifyAll();
    }

    /** Whether the upload ended before its last byte: a PATCH still sending is cut short. */
    boolean stopped() {
        return stopped;
    }

    public synchronized End end() {
        return end;
    }

    public synchronized Task task() {
        return task;
    }

    public synchronized RuntimeException failure() {
        return failure;
    }

    /** Waits up to {@code millis} for the upload to end; returns how it ended. */
    synchronized End awaitEnd(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (end == End.NONE) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return end;
    }

    synchronized long committed() {
        return committed;
    }

    public synchronized long length() {
        return length;
    }

    synchronized boolean expired(long nowMillis) {
        return streaming == 0 && checksummed == 0 && nowMillis > expiresAtMillis;
    }
}
