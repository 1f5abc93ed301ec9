package dev.playcount.pipeline.sum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.playcount.pipeline.model.SongDayPlays;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SumByFingerprintTest {

    /** Every record gets the same key: the worst possible fingerprint collision. */
    private static KeyedOneInputStreamOperatorTestHarness<Long, SongDayPlays, SongDayPlays>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SumByFingerprint(), value -> 42L, Types.LONG);
    }

    @Test
    void sumsCollidingKeysApartAndClearsState() throws Exception {
        try (var h = harness()) {
            h.processElement(new SongDayPlays("Umbrella", 20200101, 5), 0);
            h.processElement(new SongDayPlays("In The End", 20200101, 1), 0);
            h.processElement(new SongDayPlays("Umbrella", 20200102, 7), 0);
            h.processElement(new SongDayPlays("Umbrella", 20200101, 10), 0);
            h.processElement(new SongDayPlays("In The End", 20200101, 2), 0);
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
            h.processElement(new SongDayPlays("Umbrella", 20200101, Long.MAX_VALUE), 0);
            assertThatThrownBy(() -> h.processElement(new SongDayPlays("Umbrella", 20200101, 1), 0))
                    .isInstanceOf(PlaysOverflowException.class)
                    .hasMessage(
                            "the total plays of 'Umbrella' on 2020-01-01 exceed 9223372036854775807"
                                    + " (64-bit overflow)");
        }
    }

    @Test
    void fingerprintsDependOnSongAndDay() {
        assertThat(SongDayFingerprint.of("Umbrella", 20200101))
                .isEqualTo(SongDayFingerprint.of("Umbrella", 20200101));
        assertThat(SongDayFingerprint.of("Umbrella", 20200101))
                .isNotEqualTo(SongDayFingerprint.of("Umbrella", 20200102));
        assertThat(SongDayFingerprint.of("Umbrella", 20200101))
                .isNotEqualTo(SongDayFingerprint.of("Umbrellb", 20200101));
    }
}
