package dev.playcount.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads one file as a careful client does: a cut or refused upload is tried again, with the same
 * {@code Idempotency-Key}, once the gateway answers again, so an upload the gateway accepted just
 * before it died is not made twice.
 */
final class Uploader {

    private static final int ATTEMPTS = 5;
    private static final Duration GATEWAY_BACK = Duration.ofSeconds(120);

    private final ApiClient api;
    private final AtomicInteger cuts = new AtomicInteger();

    Uploader(ApiClient api) {
        this.api = api;
    }

    /** Upload attempts that failed (cut mid-way or refused) and were tried again. */
    int cuts() {
        return cuts.get();
    }

    /**
     * @return the accepted task's id, or null when every attempt failed
     */
    String upload(Path file) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return api.upload(file, key);
            } catch (IOException e) {
                cuts.incrementAndGet();
                try {
                    Wait.until("the gateway answers again", GATEWAY_BACK, api::healthy);
                } catch (TimeoutException gone) {
                    return null;
                }
            }
        }
        return null;
    }
}
