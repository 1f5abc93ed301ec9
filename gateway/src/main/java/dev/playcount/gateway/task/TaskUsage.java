package dev.playcount.gateway.task;

/**
 * What an owner's tasks (or every task) hold now, for quotas and the disk reservation.
 *
 * @param running tasks QUEUED or IN_PROGRESS
 * @param runningBytes input bytes of those: an upper estimate of what their jobs will still write
 *     (a result has at most one row per input row, each about as long as the row it sums)
 * @param storedBytes input bytes of the running tasks and of those with a result kept (COMPLETED,
 *     DOWNLOADED): an estimate of what the owner keeps on disk
 */
public record TaskUsage(long running, long runningBytes, long storedBytes) {}
