package dev.playcount.pipeline.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.core.plays.PlaysOverflowException;
import dev.playcount.pipeline.model.KeyHash;
import dev.playcount.pipeline.model.PartialSum;
import dev.playcount.pipeline.model.SongDayPlays;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SumByFingerprintTest {

    /** Every record gets the same key: the worst possible fingerprint collision. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, PartialSum, SongDayPlays> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SumByFingerprint(), value -> 42L, Types.LONG);
    }

    @Test
    void sumsCollidingKeysApartAndClearsState() throws Exception {
        try (var h = harness()) {
            h.processElement(partial("Umbrella", 20200101, 5), 0);
            h.processElement(partial("In The End", 20200101, 1), 0);
            h.processElement(partial("Umbrella", 20200102, 7), 0);
            h.processElement(partial("Umbrella", 20200101, 10), 0);
            h.processElement(partial("In The End", 20200101, 2), 0);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues())
                    .containsExactlyInAnyOrder(
                            new SongDayPlays("Umbrella", 20200101, 15),
                            new SongDayPlays("In The End", 20200101, 3),
                            new SongDayPlays("Umbrella", 20200102, 7));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void failsOnOverflowInsteadOfWrapping() throws Exception {
        try (var h = harness()) {
            h.processElement(partial("Umbrella", 20200101, Long.MAX_VALUE), 0);
            assertThatThrownBy(() -> h.processElement(partial("Umbrella", 20200101, 1), 0))
                    .isInstanceOf(PlaysOverflowException.class)
                    .hasMessage(
                            "the total plays of 'Umbrella' on 2020-01-01 exceed 9223372036854775807"
                                    + " (64-bit overflow)");
        }
    }

    private static PartialSum partial(String song, int day, long plays) {
        return PartialSum.of(song, day, plays);
    }

    @Test
    void hashesDependOnSongAndDay() {
        byte[] umbrella = "Umbrella".getBytes(StandardCharsets.UTF_8);
        assertThat(KeyHash.of(umbrella, 20200101))
                .isEqualTo(KeyHash.of(umbrella.clone(), 20200101));
        assertThat(KeyHash.of(umbrella, 20200101)).isNotEqualTo(KeyHash.of(umbrella, 20200102));
        assertThat(KeyHash.of(umbrella, 20200101))
                .isNotEqualTo(KeyHash.of("Umbrellb".getBytes(StandardCharsets.UTF_8), 20200101));
    }
}
