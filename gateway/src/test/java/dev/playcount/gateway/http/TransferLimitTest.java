package dev.playcount.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransferLimitTest {

    private final TransferLimit limit =
            new TransferLimit("uploads", "MAX_UPLOADS", 3, "MAX_UPLOADS_PER_KEY", 2);

    @Test
    void aKeyPastItsBoundGets429AndOthersGoOn() {
        TransferLimit.Slot a1 = limit.acquire("key-a");
        limit.acquire("key-a");

        assertThatThrownBy(() -> limit.acquire("key-a"))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(429);
                            assertThat(e.retryAfter()).isEqualTo("5");
                            assertThat(e.body().code()).isEqualTo("too_many_uploads");
                            assertThat(e.getMessage()).contains("MAX_UPLOADS_PER_KEY");
                        });
        limit.acquire("key-b");
        a1.close();
        limit.acquire("key-a");
    }

    @Test
    void theProcessPastItsBoundGets503() {
        limit.acquire("");
        limit.acquire("");
        TransferLimit.Slot third = limit.acquire("");

        assertThatThrownBy(() -> limit.acquire("key-c"))
                .isInstanceOfSatisfying(
                        LimitException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(503);
                            assertThat(e.getMessage()).contains("MAX_UPLOADS ");
                        });
        third.close();
        third.close(); // twice frees one slot only
        assertThat(limit.inUse()).isEqualTo(2);
        limit.acquire("key-c");
        assertThatThrownBy(() -> limit.acquire("key-d")).isInstanceOf(LimitException.class);
    }

    @Test
    void withoutKeysOnlyTheProcessBoundApplies() {
        limit.acquire("");
        limit.acquire("");
        limit.acquire("");
        assertThat(limit.inUse()).isEqualTo(3);
    }
}
