package dev.playcount.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void secondsAreTakenAsTheyAre() {
        assertThat(RetryAfter.parse("5", NOW)).contains(Duration.ofSeconds(5));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void anHttpDateIsTheWaitUntilThen() {
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 12:00:30 GMT", NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 01 Dec 2026 11:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void aLongWaitIsCutToTheBound() {
        assertThat(RetryAfter.parse("86400", NOW)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 12:00:00 GMT", NOW)).contains(RetryAfter.MAX);
    }

    @Test
    void aMalformedHeaderIsIgnored() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
    }
}
