package dev.playcount.gateway.task;

/**
 * How much one upload and one API key may take; 0 means no limit. The per-key quotas apply to keyed
 * callers only: without API keys every caller is one owner, and the process-wide limits hold.
 *
 * @param maxUploadBytes the most bytes one upload may store (after decoding)
 * @param maxRunningPerKey the most QUEUED or IN_PROGRESS tasks of one key
 * @param maxStoredBytesPerKey the most bytes of inputs and results one key may keep (estimated as
 *     {@link TaskUsage#storedBytes()})
 */
public record Quotas(long maxUploadBytes, int maxRunningPerKey, long maxStoredBytesPerKey) {

    public static final Quotas NONE = new Quotas(0, 0, 0);
}
