package dev.playcount.gateway.http;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the transfers of one kind (uploads or downloads) running at once, in the whole process and
 * per API key, and refuses at once past either bound: a held slot is a request thread and its
 * buffers, so waiting in line would pin them too.
 */
final class TransferLimit {

    /** A slot held while one transfer runs; closing it frees the slot. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final long RETRY_AFTER_SECONDS = 5;

    private final String what;
    private final String processSetting;
    private final String keySetting;
    private final int maxInProcess;
    private final int maxPerKey;
    private final Map<String, Integer> byOwner = new HashMap<>();
    private int inProcess;

    /**
     * @param what "uploads" or "downloads", for the messages
     */
    TransferLimit(
            String what,
            String processSetting,
            int maxInProcess,
            String keySetting,
            int maxPerKey) {
        this.what = what;
        this.processSetting = processSetting;
        this.maxInProcess = maxInProcess;
        this.keySetting = keySetting;
        this.maxPerKey = maxPerKey;
    }

    /**
     * Takes a slot for {@code owner} (empty without API keys: only the process bound applies).
     *
     * @throws LimitException 503 when the process is at its bound, 429 when the key is
     */
    synchronized Slot acquire(String owner) {
        if (inProcess >= maxInProcess) {
            throw new LimitException(
                    503,
                    "too_many_" + what,
                    "the gateway is serving "
                            + inProcess
                            + " "
                            + what
                            + ", the most "
                            + processSetting
                            + " allows; try again shortly",
                    RETRY_AFTER_SECONDS);
        }
        int mine = byOwner.getOrDefault(owner, 0);
        if (!owner.isEmpty() && mine >= maxPerKey) {
            throw new LimitException(
                    429,
                    "too_many_" + what,
                    "this API key has "
                            + mine
                            + " "
                            + what
                            + " running, the most "
                            + keySetting
                            + " allows; try again when one has ended",
                    RETRY_AFTER_SECONDS);
        }
        inProcess++;
        byOwner.put(owner, mine + 1);
        return new Slot() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (TransferLimit.this) {
                    if (!closed) {
                        closed = true;
                        inProcess--;
                        byOwner.computeIfPresent(owner, (o, n) -> n > 1 ? n - 1 : null);
                    }
                }
            }
        };
    }

    synchronized int inUse() {
        return inProcess;
    }
}
